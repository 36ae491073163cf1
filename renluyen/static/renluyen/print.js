// The printed forms' "Print" button (no inline script: the pages' Content-Security-Policy
// allows scripts from static files only). Without JavaScript the button stays hidden and
// the browser's own menu prints.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
