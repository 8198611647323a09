/* Fast entry of a meeting's proposals: live count and preview, a draft that survives a reload,
   Ctrl+Enter to save. Mirrors sori.voices.services.proposals.parse_lines; the server has the last word. */
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  if (!form) { return; }
  var area = form.querySelector("textarea[name=raw]");
  var keyInput = form.querySelector("input[name=submission_key]");
  var count = document.getElementById("entry-count");
  var preview = document.getElementById("entry-preview");
  var restored = document.getElementById("entry-restored");
  var storeKey = "sori:entry:" + form.getAttribute("data-meeting");
  var savedKey = form.getAttribute("data-saved") || "";
  var MAX_LENGTH = 20000;
  var MAX_PREVIEW = 300;
  // Words come from the page (data-t-*), translated by Django; the Korean stays as the fallback.
  function say(name, fallback, n) {
    return (form.getAttribute("data-t-" + name) || fallback).replace("{n}", n);
  }
  var BULLET = /^\s*(?:[-*•▲△○●▶·]|\d{1,3}[.)])\s*/;
  var PREFIX = /^\s*([^:：\n]{1,60}?)\s*[:：]\s*(\S.*)$/;

  function parse(raw) {
    var lines = raw.split(/\r\n|\r|\n/);
    var out = [];
    for (var i = 0; i < lines.length; i++) {
      var line = lines[i].replace(BULLET, "").trim();
      if (!line) { continue; }
      var m = PREFIX.exec(line);
      if (m && !/^\d+$/.test(m[1].trim())) {
        out.push({ number: i + 1, org: m[1].trim(), text: m[2].trim() });
      } else {
        out.push({ number: i + 1, org: "", text: line });
      }
    }
    return out;
  }

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }
  function readDraft() {
    var s = storage();
    if (!s) { return null; }
    try { return JSON.parse(s.getItem(storeKey) || "null"); } catch (e) { return null; }
  }
  function writeDraft(draft) {
    var s = storage();
    if (!s) { return; }
    try {
      if (draft && draft.text) { s.setItem(storeKey, JSON.stringify(draft)); } else { s.removeItem(storeKey); }
    } catch (e) { /* storage full or disabled: typing still works */ }
  }

  function render() {
    var lines = parse(area.value);
    count.textContent = lines.length ? say("count", "{n}건", lines.length) : "";
    while (preview.firstChild) { preview.removeChild(preview.firstChild); }
    lines.slice(0, MAX_PREVIEW).forEach(function (line) {
      var li = document.createElement("li");
      var ln = document.createElement("span");
      ln.className = "ln";
      ln.textContent = say("line", "{n}행", line.number);
      li.appendChild(ln);
      if (line.org) {
        var org = document.createElement("span");
        org.className = "org";
        org.textContent = line.org;
        li.appendChild(org);
      }
      var text = document.createElement("span");
      text.textContent = line.text.length > 200 ? line.text.slice(0, 200) + "…" : line.text;
      li.appendChild(text);
      if (line.text.length > MAX_LENGTH) {
        li.className = "bad";
        li.appendChild(document.createTextNode(" — " + say("too-long", "{n}자: 너무 깁니다", line.text.length.toLocaleString())));
      }
      preview.appendChild(li);
    });
    if (lines.length > MAX_PREVIEW) {
      var more = document.createElement("li");
      more.className = "ln";
      more.textContent = "… " + say("more", "{n}건 더", lines.length - MAX_PREVIEW);
      preview.appendChild(more);
    }
  }

  var draft = readDraft();
  if (draft && savedKey && draft.pending === savedKey) {
    writeDraft(null); // the server recorded exactly what this draft submitted
  } else if (draft && draft.text && !area.value.trim()) {
    area.value = draft.text;
    // Retrying a submission whose answer never arrived must not record it twice: reuse its key.
    if (draft.pending && keyInput) { keyInput.value = draft.pending; }
    if (restored) { restored.hidden = false; }
  }

  area.addEventListener("input", function () {
    writeDraft({ text: area.value, pending: null });
    render();
  });
  area.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (typeof form.requestSubmit === "function") { form.requestSubmit(); } else { form.submit(); }
    }
  });
  form.addEventListener("submit", function () {
    writeDraft({ text: area.value, pending: keyInput ? keyInput.value : null });
  });
  render();
  if (!document.getElementById("entry-errors") && !window.location.hash.replace("#entry", "")) { area.focus(); }
})();
