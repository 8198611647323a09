// A form marked data-autosave="URL" is posted there every 30 seconds while it changes, without leaving the
// page: a draft of an answer, a note to go with a reply. The answer says when it was saved, and may carry the
// message as it now reads ("preview"), shown in [data-autosave-preview].
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch) { return; }
  var status = form.querySelector("[data-autosave-status]");
  var preview = document.querySelector("[data-autosave-preview]");
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
      .then(function (body) {
        if (status) { status.textContent = body.message || ""; }
        if (preview && typeof body.preview === "string") { preview.textContent = body.preview; }
      })
      .catch(function () { dirty = true; });
  }
  window.setInterval(save, 30000);
})();
