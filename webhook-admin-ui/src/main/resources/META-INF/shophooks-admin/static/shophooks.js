// The admin's only script, served as a file: the Content-Security-Policy allows no inline script.
document.addEventListener('DOMContentLoaded', function () {
  // "Copy" buttons copy the text of the element named in data-copy
  document.querySelectorAll('[data-copy]').forEach(function (button) {
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(document.getElementById(button.dataset.copy).textContent);
    });
  });
  // forms with data-confirm ask before they are sent
  document.querySelectorAll('form[data-confirm]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      if (!window.confirm(form.dataset.confirm)) {
        event.preventDefault();
      }
    });
  });
});
