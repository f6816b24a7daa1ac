// "Print" on the recovery-codes page: a static file, so no inline script is needed.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
