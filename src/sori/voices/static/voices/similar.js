// Similar while typing: for the line under the caret, show similar earlier proposals and the demand it most
// likely belongs to, each with its score and shared keywords. Any textarea or input with
// data-similar-target="#panel" works; the meeting page's fast entry uses #similar[data-similar-url].
(function () {
  "use strict";
  var BULLET = /^\s*(?:[-*•▲△○●▶·]|\d{1,3}[.)])\s*/;
  var PREFIX = /^\s*([^:：\n]{1,60}?)\s*[:：]\s*(\S.*)$/;
  var DELAY = 300;

  function currentLine(field) {
    var value = field.value || "";
    var at = typeof field.selectionStart === "number" ? field.selectionStart : value.length;
    var start = value.lastIndexOf("\n", at - 1) + 1;
    var end = value.indexOf("\n", at);
    var line = value.slice(start, end === -1 ? value.length : end).replace(BULLET, "").trim();
    var m = PREFIX.exec(line);
    return m && !/^\d+$/.test(m[1].trim()) ? m[2].trim() : line;
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function item(entry, text, panel) {
    var li = el("li");
    var a = el("a", "", text);
    a.href = entry.url;
    a.target = "_blank";
    a.rel = "noopener";
    li.appendChild(a);
    var meta = el("div", "score", (panel.getAttribute("data-t-score") || "점수") + " " + entry.score.toFixed(2));
    if (entry.who) { meta.textContent += " · " + entry.who; }
    li.appendChild(meta);
    if (entry.keywords && entry.keywords.length) {
      var kws = el("div");
      entry.keywords.forEach(function (k) { kws.appendChild(el("span", "kw", k)); });
      li.appendChild(kws);
    }
    if (entry.demand) { li.appendChild(el("div", "score", "→ " + entry.demand.title)); }
    return li;
  }

  function render(panel, data) {
    while (panel.firstChild) { panel.removeChild(panel.firstChild); }
    if (!data.demands.length && !data.proposals.length) { return; }
    panel.appendChild(el("h2", "", panel.getAttribute("data-t-title") || "비슷한 제안·수요"));
    if (data.demands.length) {
      panel.appendChild(el("h3", "", panel.getAttribute("data-t-demands") || "들어갈 만한 수요"));
      var ul = el("ul");
      data.demands.forEach(function (d) { ul.appendChild(item(d, d.title, panel)); });
      panel.appendChild(ul);
    }
    if (data.proposals.length) {
      panel.appendChild(el("h3", "", panel.getAttribute("data-t-proposals") || "비슷한 이전 제안"));
      var list = el("ul");
      data.proposals.forEach(function (p) { list.appendChild(item(p, p.text, panel)); });
      panel.appendChild(list);
    }
  }

  function wire(field, panel, url) {
    var timer = null;
    var last = "";
    var seq = 0;
    function update() {
      var text = currentLine(field);
      if (text === last) { return; }
      last = text;
      if (text.replace(/\s/g, "").length < 4) { render(panel, { demands: [], proposals: [] }); return; }
      var mine = ++seq;
      fetch(url + (url.indexOf("?") === -1 ? "?" : "&") + "text=" + encodeURIComponent(text), {
        credentials: "same-origin", headers: { Accept: "application/json" }
      })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { if (data && mine === seq) { render(panel, data); } })
        .catch(function () { /* typing goes on without suggestions */ });
    }
    function later() {
      if (timer) { window.clearTimeout(timer); }
      timer = window.setTimeout(update, DELAY);
    }
    ["input", "keyup", "click", "focus"].forEach(function (ev) { field.addEventListener(ev, later); });
  }

  var panel = document.getElementById("similar");
  if (panel && panel.getAttribute("data-similar-url")) {
    var area = document.querySelector("#entry-form textarea[name=raw]");
    panel.classList.add("similar-panel");
    if (area) { wire(area, panel, panel.getAttribute("data-similar-url")); }
  }
  document.querySelectorAll("[data-similar-target]").forEach(function (field) {
    var target = document.querySelector(field.getAttribute("data-similar-target"));
    if (target && target.getAttribute("data-similar-url")) {
      target.classList.add("similar-panel");
      wire(field, target, target.getAttribute("data-similar-url"));
    }
  });
})();
