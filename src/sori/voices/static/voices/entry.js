/* Fast entry of a meeting's proposals: live count and preview, a draft that survives a reload,
   Ctrl+Enter to save. The preview is the server's own reading of the lines (entry-preview.json, the code
   that saves them), so the attribution shown is the one recorded; nothing of the grammar lives here. */
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  if (!form) { return; }
  var area = form.querySelector("textarea[name=raw]");
  var keyInput = form.querySelector("input[name=submission_key]");
  var count = document.getElementById("entry-count");
  var unattributed = document.getElementById("entry-unattributed");
  var preview = document.getElementById("entry-preview");
  var restored = document.getElementById("entry-restored");
  var storeKey = "sori:entry:" + form.getAttribute("data-meeting");
  var savedKey = form.getAttribute("data-saved") || "";
  // Words come from the page (data-t-*), translated by Django; the Korean stays as the fallback.
  function say(name, fallback, n) {
    return (form.getAttribute("data-t-" + name) || fallback).replace("{n}", n);
  }
  var previewUrl = form.getAttribute("data-preview-url");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
  var sequence = 0;
  var timer = null;

  // Lines as typed, only to count them while the server's reading is on its way or unreachable.
  function typedLines(raw) {
    var out = [];
    raw.split(/\r\n|\r|\n/).forEach(function (line, i) {
      if (line.trim()) { out.push({ number: i + 1, text: line.trim() }); }
    });
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

  function span(className, text) {
    var el = document.createElement("span");
    el.className = className;
    el.textContent = text;
    return el;
  }

  function clear() {
    while (preview.firstChild) { preview.removeChild(preview.firstChild); }
  }

  // What the server will record for each line: who said it, the organisation and how it links.
  function show(answer) {
    count.textContent = answer.count ? say("count", "{n}건", answer.count) : "";
    if (unattributed) {
      unattributed.textContent = answer.unattributed ? say("unattributed", "발언자 모름 {n}줄", answer.unattributed) : "";
    }
    clear();
    answer.lines.forEach(function (line) {
      var li = document.createElement("li");
      li.appendChild(span("ln", say("line", "{n}행", line.number)));
      if (line.person) { li.appendChild(span("who", line.person)); }
      if (line.organisation) { li.appendChild(span("org", line.organisation.written)); }
      if (line.link_label) { li.appendChild(span("link link-" + (line.own_name ? "own" : (line.organisation ? line.organisation.how : "none")), line.link_label)); }
      if (line.header) {
        li.className = "header";
      } else {
        li.appendChild(span("text", line.text));
      }
      if (line.error) {
        li.className = "bad";
        li.appendChild(span("problem", line.error));
      } else if (line.warning) {
        if (!line.attributed) { li.className = "unattributed"; }
        li.appendChild(span("note", line.warning));
      }
      preview.appendChild(li);
    });
    if (answer.more) {
      var more = document.createElement("li");
      more.className = "ln";
      more.textContent = "… " + say("more", "{n}건 더", answer.more);
      preview.appendChild(more);
    }
  }

  // Until the server answers, the count is of the lines typed (a line naming only a speaker counts too).
  function countTyped() {
    var lines = typedLines(area.value);
    count.textContent = lines.length ? say("count", "{n}건", lines.length) : "";
    return lines;
  }

  function showTyped(note) {
    var lines = countTyped();
    if (unattributed) { unattributed.textContent = ""; }
    clear();
    if (note && lines.length) {
      var li = document.createElement("li");
      li.className = "unattributed";
      li.textContent = note;
      preview.appendChild(li);
    }
  }

  function render() {
    var mine = ++sequence;
    if (!area.value.trim() || !previewUrl || typeof window.fetch !== "function") {
      showTyped(area.value.trim() ? say("offline", "미리보기를 불러오지 못했습니다. 저장할 때 다시 확인합니다.") : "");
      return;
    }
    var body = new FormData();
    body.append("raw", area.value);
    if (csrf) { body.append("csrfmiddlewaretoken", csrf.value); }
    window.fetch(previewUrl, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (answer) { if (mine === sequence) { show(answer); } })
      .catch(function () {
        if (mine === sequence) { showTyped(say("offline", "미리보기를 불러오지 못했습니다. 저장할 때 다시 확인합니다.")); }
      });
  }

  function renderSoon() {
    if (timer) { window.clearTimeout(timer); }
    timer = window.setTimeout(render, 250);
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
    countTyped();
    renderSoon();
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
