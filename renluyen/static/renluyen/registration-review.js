// The committee's pages: "select all valid forms" ticks every form awaiting review that
// passes the rules. Without JavaScript the box stays hidden and forms are ticked one by one.
(function () {
  "use strict";
  var all = document.querySelector("[data-select-valid]");
  if (!all) return;
  all.closest("label").hidden = false;
  all.addEventListener("change", function () {
    document.querySelectorAll('input[name="enrollment"][data-valid]').forEach(function (box) {
      box.checked = all.checked;
    });
  });
})();
