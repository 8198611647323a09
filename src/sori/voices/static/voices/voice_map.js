// The map of the voices: hovering or focusing a point shows what it says; clicking it (or Enter/Space)
// ticks the proposal in the grouping form of the page, when the page lists it.
(function () {
  "use strict";

  function checkbox(id) {
    return document.querySelector("form[data-group-form] input[name=ids][value='" + id + "']");
  }

  document.querySelectorAll("[data-voice-map]").forEach(function (box) {
    var tip = box.querySelector("[data-vm-tip]");
    var scroll = box.querySelector(".vm-scroll");
    var points = box.querySelectorAll(".vm-point");

    function show(point) {
      if (!tip) { return; }
      tip.textContent = point.getAttribute("data-label");
      tip.hidden = false;
      var r = point.getBoundingClientRect();
      var s = scroll.getBoundingClientRect();
      var left = r.left - s.left + scroll.scrollLeft + 12;
      var top = r.top - s.top + scroll.scrollTop + 12;
      tip.style.left = Math.max(0, Math.min(left, scroll.scrollWidth - 260)) + "px";
      tip.style.top = top + "px";
    }
    function hide() { if (tip) { tip.hidden = true; } }

    function sync(point) {
      var box = checkbox(point.getAttribute("data-id"));
      var on = !!(box && box.checked);
      point.classList.toggle("vm-ticked", on);
      if (point.hasAttribute("aria-pressed")) { point.setAttribute("aria-pressed", on ? "true" : "false"); }
    }

    function tick(point) {
      var box = checkbox(point.getAttribute("data-id"));
      if (!box) { return; }
      box.checked = !box.checked;
      box.dispatchEvent(new Event("change", { bubbles: true }));
      sync(point);
    }

    points.forEach(function (point) {
      sync(point);
      point.addEventListener("mouseenter", function () { show(point); });
      point.addEventListener("focus", function () { show(point); });
      point.addEventListener("mouseleave", hide);
      point.addEventListener("blur", hide);
      point.addEventListener("click", function () { tick(point); });
      point.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); tick(point); }
      });
      var box = checkbox(point.getAttribute("data-id"));
      if (box) { box.addEventListener("change", function () { sync(point); }); }
    });
  });
})();
