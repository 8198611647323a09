// Mark the reason fields as required or optional as the outcome changes. The server decides; this only helps.
(function () {
  "use strict";
  var form = document.querySelector("[data-decision-form]");
  if (!form) return;
  var adopted = form.getAttribute("data-adopted");
  var reasonFields = form.querySelectorAll("[data-reason-field]");
  var referral = form.querySelector("[data-referral-field]");
  var reasonCode = form.querySelector("[name=reason_code]");

  function outcome() {
    var checked = form.querySelector("[name=outcome]:checked");
    return checked ? checked.value : "";
  }

  function update() {
    var value = outcome();
    var needsReason = value !== "" && value !== adopted;
    reasonFields.forEach(function (field) {
      field.classList.toggle("required", needsReason);
      field.classList.toggle("optional", value === adopted);
      var input = field.querySelector("select, textarea, input");
      if (input) input.setAttribute("aria-required", needsReason ? "true" : "false");
    });
    if (referral) {
      var needsBody = value === "referred" || (reasonCode && reasonCode.value === "other_body");
      referral.classList.toggle("required", needsBody);
      referral.classList.toggle("optional", !needsBody);
    }
  }

  form.addEventListener("change", update);
  update();
})();
