// Grouping is selecting: count ticked rows, prefill the new demand's title, search demands for the picker.
(function () {
  "use strict";

  function trimTitle(text) {
    var flat = (text || "").replace(/\s+/g, " ").trim();
    if (flat.length <= 150) return flat;
    var cut = flat.slice(0, 150);
    var space = cut.lastIndexOf(" ");
    return (space > 80 ? cut.slice(0, space) : cut).replace(/[,.·\s]+$/, "");
  }

  document.querySelectorAll("form[data-group-form]").forEach(function (form) {
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=ids]"));
    var counter = form.querySelector("[data-selected-count]");
    var bar = form.querySelector("[data-selection-bar]");
    var title = form.querySelector("[data-title]");
    var order = boxes.filter(function (b) { return b.checked; });
    var prefilled = title ? title.value : "";

    function refresh() {
      order = order.filter(function (b) { return b.checked; });
      if (counter) counter.textContent = String(order.length);
      if (bar) {
        // Nothing ticked: the actions are truly disabled, so they are skipped by Tab and read as unavailable.
        bar.classList.toggle("empty", order.length === 0);
        bar.querySelectorAll("button").forEach(function (button) { button.disabled = order.length === 0; });
      }
      // Prefill only while the user has not written their own sentence.
      if (title && (title.value === "" || title.value === prefilled)) {
        prefilled = order.length ? trimTitle(order[0].getAttribute("data-text")) : "";
        title.value = prefilled;
      }
    }

    boxes.forEach(function (box) {
      box.addEventListener("change", function () {
        if (box.checked && order.indexOf(box) < 0) order.push(box);
        refresh();
      });
    });
    var all = form.querySelector("[data-check-all]");
    if (all) {
      all.addEventListener("change", function () {
        boxes.forEach(function (b) {
          b.checked = all.checked;
          if (all.checked && order.indexOf(b) < 0) order.push(b);
        });
        refresh();
      });
    }
    refresh();
  });

  // A select-all box outside a grouping form (moderation).
  document.querySelectorAll("form:not([data-group-form]) [data-check-all]").forEach(function (all) {
    all.addEventListener("change", function () {
      all.form.querySelectorAll("input[name=ids]").forEach(function (b) { b.checked = all.checked; });
    });
  });

  // The demand picker: typing searches titles on the server and refills the select, keeping chosen options.
  document.querySelectorAll("input[data-demand-search]").forEach(function (input) {
    var scope = input.closest("fieldset, form");
    var select = input.getAttribute("data-target")
      ? document.querySelector(input.getAttribute("data-target"))
      : scope.querySelector("select[data-demand-select]");
    var timer = null;
    input.addEventListener("keydown", function (e) { if (e.key === "Enter") e.preventDefault(); });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var url = input.getAttribute("data-url");
        url += (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(input.value.trim());
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) {
            var kept = Array.prototype.filter.call(select.options, function (o) { return o.selected && o.value; });
            var placeholder = select.multiple ? null : select.options[0];
            select.innerHTML = "";
            if (placeholder) select.appendChild(placeholder);
            var seen = {};
            kept.forEach(function (o) { seen[o.value] = true; select.appendChild(o); });
            data.results.forEach(function (d) {
              if (seen[String(d.id)]) return;
              var o = document.createElement("option");
              o.value = d.id;
              o.textContent = "#" + d.id + " " + d.title + " · " + d.stage_label;
              select.appendChild(o);
            });
            if (!select.multiple && data.results.length === 1 && !kept.length) select.value = String(data.results[0].id);
          });
      }, 200);
    });
  });

  // One click is enough: a second submit of the same form while the first is on its way is ignored.
  document.querySelectorAll("form[method=post]").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      if (form.dataset.sending) { e.preventDefault(); return; }
      form.dataset.sending = "1";
    });
  });
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-sending]").forEach(function (f) { delete f.dataset.sending; });
  });
})();
