// Behaviour that must not live in inline attributes, because the
// Content-Security-Policy allows scripts from this site's own files only.
document.addEventListener("change", function (event) {
  if (event.target.matches("select[data-submit-on-change]")) {
    event.target.form.submit();
  }
});

// A checkbox with data-select-all="name" ticks or clears every checkbox of
// that name in its form, e.g. all SoA entries on the page.
document.addEventListener("change", function (event) {
  var name = event.target.getAttribute && event.target.getAttribute("data-select-all");
  if (!name || !event.target.form) {
    return;
  }
  event.target.form.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(function (box) {
    box.checked = event.target.checked;
  });
});

// A form with data-confirm="question" is sent only after the user confirms the question.
document.addEventListener("submit", function (event) {
  var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
