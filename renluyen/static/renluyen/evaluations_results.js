// The base Union's results page: "select all branches awaiting recognition" ticks every
// branch it may recognize now. Without JavaScript the box stays hidden and branches are
// ticked one by one.
(function () {
  "use strict";
  var all = document.querySelector("[data-select-awaiting]");
  if (!all) return;
  all.closest("label").hidden = false;
  all.addEventListener("change", function () {
    document.querySelectorAll('input[name="branch"][data-recognize]').forEach(function (box) {
      box.checked = all.checked;
    });
  });
})();
