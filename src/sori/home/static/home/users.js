// The account form: show the department field for an officer and the organisation field for a company user.
// Without this script both stay visible and the server reads only the one the role needs.
(function () {
  "use strict";
  document.querySelectorAll("form[data-user-form]").forEach(function (form) {
    var radios = form.querySelectorAll("input[name=role]");
    var parts = form.querySelectorAll("[data-for-role]");
    function refresh() {
      var checked = form.querySelector("input[name=role]:checked");
      var role = checked ? checked.value : "";
      parts.forEach(function (part) {
        var show = part.getAttribute("data-for-role") === role;
        part.hidden = !show;
        part.querySelectorAll("input").forEach(function (input) { input.disabled = !show; });
      });
    }
    radios.forEach(function (r) { r.addEventListener("change", refresh); });
    refresh();
  });
})();
