// The results page: "select all branches awaiting forwarding" (the federation) and
// "... awaiting recognition" (the base Union) tick every branch the user may forward or
// recognize now. Without JavaScript the boxes stay hidden and branches are ticked one
// by one.
(function () {
  "use strict";
  document.querySelectorAll("[data-select-awaiting]").forEach(function (all) {
    var step = all.getAttribute("data-select-awaiting");
    all.closest("label").hidden = false;
    all.addEventListener("change", function () {
      document.querySelectorAll('input[name="branch"][data-' + step + "]").forEach(function (box) {
        box.checked = all.checked;
      });
    });
  });
})();
