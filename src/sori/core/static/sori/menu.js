// The main menu's groups (<details>): one open at a time, closed by Escape or a click elsewhere.
(function () {
  var menus = Array.prototype.slice.call(document.querySelectorAll("details.menu"));
  menus.forEach(function (menu) {
    menu.addEventListener("toggle", function () {
      if (menu.open) menus.forEach(function (other) { if (other !== menu) other.open = false; });
    });
  });
  document.addEventListener("click", function (event) {
    menus.forEach(function (menu) { if (!menu.contains(event.target)) menu.open = false; });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") menus.forEach(function (menu) {
      if (menu.open) { menu.open = false; menu.querySelector("summary").focus(); event.preventDefault(); }
    });
  });
})();
// On a phone the header folds behind its 메뉴 button; the button is hidden on wider screens by sori.css.
(function () {
  var header = document.querySelector("header.top");
  var toggle = header && header.querySelector(".menu-toggle");
  if (!toggle) return;
  function fold(folded) {
    header.classList.toggle("folded", folded);
    toggle.setAttribute("aria-expanded", String(!folded));
  }
  toggle.hidden = false;
  fold(true);
  toggle.addEventListener("click", function () { fold(!header.classList.contains("folded")); });
  document.addEventListener("keydown", function (event) {
    // One Escape closes an open group (above, which marks the event handled); the next folds the header.
    if (event.key === "Escape" && !event.defaultPrevented && !header.classList.contains("folded") && toggle.offsetParent) {
      fold(true);
      toggle.focus();
    }
  });
})();
