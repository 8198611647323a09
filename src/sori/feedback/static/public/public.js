// Live character count for the proposal text; over the limit the count turns red and says what to do.
// The words come from the page (data-unit, data-over), so they follow the page's language.
(function () {
  document.querySelectorAll("textarea[data-limit]").forEach(function (area) {
    var limit = parseInt(area.getAttribute("data-limit"), 10);
    var out = document.getElementById(area.id + "-count");
    if (!out) return;
    var unit = out.getAttribute("data-unit") || "";
    var over = out.getAttribute("data-over") || "";
    var fmt = function (n) { return n.toLocaleString("ko-KR"); };
    var update = function () {
      var n = area.value.length;
      out.textContent = fmt(n) + " / " + fmt(limit) + unit + (n > limit ? " — " + over.replace("%s", fmt(n - limit)) : "");
      out.classList.toggle("over", n > limit);
    };
    area.addEventListener("input", update);
    update();
  });
})();
