// Approval pages: print buttons (the decision form's autosave is sori/autosave.js).
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
