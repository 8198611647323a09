// Forms marked data-confirm, or the button that submits them, ask before they do something that cannot be
// taken back.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var button = event.submitter;
  var question =
    (button && button.getAttribute && button.getAttribute("data-confirm")) ||
    (form.getAttribute && form.getAttribute("data-confirm"));
  if (question && !window.confirm(question)) event.preventDefault();
});
