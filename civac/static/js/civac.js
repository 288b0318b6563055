// Behaviour that must not live in inline attributes, because the
// Content-Security-Policy allows scripts from this site's own files only.
document.addEventListener("change", function (event) {
  if (event.target.matches("select[data-submit-on-change]")) {
    event.target.form.submit();
  }
});
