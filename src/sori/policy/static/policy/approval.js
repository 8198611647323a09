// Approval pages: print buttons, and the decision form saved as a draft every 30 seconds while it changes.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch) { return; }
  var status = form.querySelector("[data-autosave-status]");
  var dirty = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });

  function save() {
    if (!dirty) { return; }
    dirty = false;
    var data = new FormData(form);
    data.delete("intent");
    fetch(form.dataset.autosave, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (body) { if (status) { status.textContent = body.message || ""; } })
      .catch(function () { dirty = true; });
  }
  window.setInterval(save, 30000);
})();
