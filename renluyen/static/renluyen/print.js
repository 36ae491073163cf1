// The print pages' "Print" button (no inline onclick: the CSP forbids inline script).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
