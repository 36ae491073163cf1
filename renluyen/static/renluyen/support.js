// "Select all" for a list of check boxes: a box with data-select-all ticks or clears
// every other box of its fieldset. Shown only when this script runs.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-select-all]").forEach(function (all) {
    var fieldset = all.closest("fieldset");
    var label = all.closest("label");
    if (label) label.hidden = false;
    all.addEventListener("change", function () {
      fieldset.querySelectorAll("input[type=checkbox]").forEach(function (box) {
        if (box !== all) box.checked = all.checked;
      });
    });
  });
});
