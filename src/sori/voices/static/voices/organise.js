// The organise screen's progress bar (polls a small JSON endpoint while a run is going) and the demand
// page's machine section (loaded after the page, so the analysis never delays it).
(function () {
  "use strict";

  var run = document.getElementById("run");
  if (run && run.getAttribute("data-running")) {
    var url = run.getAttribute("data-progress-url");
    var bar = run.querySelector("[data-progress-bar]");
    var label = run.querySelector("[data-progress-label]");
    var poll = function () {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data || !data.run) { return; }
          if (bar) { bar.value = data.percent; bar.textContent = data.percent + "%"; }
          if (label) { label.textContent = data.percent + "% · " + data.status_label; }
          if (data.finished) { window.location.reload(); } else { window.setTimeout(poll, 1000); }
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    };
    window.setTimeout(poll, 700);
  }

  document.querySelectorAll("[data-machine-url]").forEach(function (box) {
    fetch(box.getAttribute("data-machine-url"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) { if (html) { box.innerHTML = html; } })
      .catch(function () { /* the link to the full page stays */ });
  });
})();
