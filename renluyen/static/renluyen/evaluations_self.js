// The live counter of the self-evaluation: "Tự chấm: 85/100 · Dự kiến: Hoàn thành tốt".
// The thresholds and level names come from the page (data attributes); the server's
// scoring.classify stays the rule, this only previews it while the member types. A
// value the server would refuse (7,3; above the maximum) never counts: the criterion's
// stored score does, as after a reload.
(function () {
  "use strict";

  function parse(text) {
    var value = Number(String(text || "").trim().replace(",", "."));
    return String(text || "").trim() === "" || !isFinite(value) ? null : value;
  }

  function format(value, separator) {
    var rounded = Math.round(value * 100) / 100;
    return String(rounded).replace(".", separator);
  }

  function level(total, data) {
    if (total >= Number(data.excellent)) return data.levelExcellent;
    if (total >= Number(data.good)) return data.levelGood;
    if (total >= Number(data.pass)) return data.levelCompleted;
    return data.levelNot_completed;
  }

  // The same rule as scoring.score_allowed: 0 to the maximum in steps of 0,5, or the
  // maximum itself when it is a fraction.
  function allowed(value, max) {
    return value !== null && value >= 0 && value <= max &&
      (Math.abs(value * 2 - Math.round(value * 2)) < 1e-9 || Math.abs(value - max) < 1e-9);
  }

  function update(form, counter) {
    var total = 0;
    form.querySelectorAll("[data-score]").forEach(function (input) {
      var value = parse(input.value);
      if (!allowed(value, Number(input.dataset.max))) value = parse(input.dataset.stored);
      if (value !== null) total += value;
    });
    counter.querySelector("[data-self-total]").textContent = format(total, counter.dataset.decimal);
    counter.querySelector("[data-self-level]").textContent = level(total, counter.dataset);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("self-form");
    var counter = document.getElementById("counter");
    if (!form || !counter) return;
    form.addEventListener("input", function (event) {
      if (event.target.matches("[data-score]")) update(form, counter);
    });
    update(form, counter);
  });
})();
