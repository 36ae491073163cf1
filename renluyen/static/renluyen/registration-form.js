// The member's training form, phone first: each criterion by its short title with the
// full text one tap away (ⓘ), a solution box only under a ticked criterion, a sticky
// counter with a jump to each area, own-criterion slots that open when asked for, and
// the committee's suggestions, without a round trip. Without JavaScript every text and
// box stays visible and the server does the same work.
(function () {
  "use strict";
  var form = document.getElementById("registration-form");
  if (!form) return;

  function pick(row) {
    return row.querySelector('input[name="pick"]');
  }

  // A row counts when it is confirmed, ticked, or (own criterion) has any text.
  function counts(row) {
    if (row.hasAttribute("data-locked")) return true;
    var box = pick(row);
    if (box) return box.checked;
    return Array.prototype.some.call(row.querySelectorAll("textarea"), function (field) {
      return field.value.trim() !== "";
    });
  }

  function refresh() {
    var items = 0;
    var areas = {};
    form.querySelectorAll("[data-area-block]").forEach(function (block) {
      var inArea = 0;
      block.querySelectorAll("[data-row]").forEach(function (row) {
        var on = counts(row);
        row.classList.toggle("chosen", on);
        var box = pick(row);
        var solution = row.querySelector(".rf-solution");
        if (box && solution) solution.hidden = !box.checked;
        if (on) inArea += 1;
      });
      var badge = block.querySelector("[data-area-count]");
      if (badge) badge.textContent = inArea;
      var jump = document.querySelector('[data-jump-count="' + block.getAttribute("data-area-block") + '"]');
      if (jump) jump.textContent = inArea;
      items += inArea;
      if (inArea) areas[block.getAttribute("data-area-block")] = true;
    });
    document.querySelectorAll("[data-count-items]").forEach(function (el) {
      el.textContent = items;
    });
    document.querySelectorAll("[data-count-areas]").forEach(function (el) {
      el.textContent = Object.keys(areas).length;
    });
  }

  // A new blank own-criterion slot: the area's <template>, numbered after the last one.
  function addSlot(block) {
    var button = block.querySelector(".rf-add");
    var n = parseInt(button.getAttribute("data-next"), 10) || 0;
    button.setAttribute("data-next", n + 1);
    var html = block.querySelector("template.rf-open-template").innerHTML.split("__N__").join(n);
    var list = block.querySelector(".rf-open-list");
    list.insertAdjacentHTML("beforeend", html);
    return list.lastElementChild;
  }

  function blankSlot(block) {
    var rows = block.querySelectorAll(".rf-open-list [data-row]:not([data-locked])");
    for (var i = 0; i < rows.length; i += 1) {
      var text = rows[i].querySelector(".rf-open-text");
      if (text && text.value.trim() === "") {
        rows[i].hidden = false;
        return rows[i];
      }
    }
    return addSlot(block);
  }

  // An own criterion nobody has started waits behind its "add" button (a phone's screen
  // is short); the server still sends one blank slot per area for pages without script.
  function isBlank(row) {
    return Array.prototype.every.call(row.querySelectorAll("textarea"), function (field) {
      return field.value.trim() === "";
    }) && !row.querySelector(".rf-problems");
  }

  form.addEventListener("change", refresh);
  form.addEventListener("input", function (event) {
    if (event.target.closest(".rf-open")) refresh();
  });
  form.addEventListener("click", function (event) {
    var more = event.target.closest(".rf-more");
    if (more) {
      var open = more.getAttribute("aria-expanded") !== "true";
      more.setAttribute("aria-expanded", open ? "true" : "false");
      more.closest("[data-row]").classList.toggle("rf-expanded", open);
      return;
    }
    var block = event.target.closest("[data-area-block]");
    if (!block) return;
    if (event.target.closest(".rf-add")) {
      blankSlot(block).querySelector(".rf-open-text").focus();
    } else if (event.target.closest(".rf-use")) {
      var row = blankSlot(block);
      row.querySelector(".rf-open-text").value = event.target.closest(".rf-use").getAttribute("data-text");
      row.querySelector('textarea[name$="-solution"]').focus();
      refresh();
    }
  });

  form.classList.add("rf-js");
  form.querySelectorAll(".rf-add, .rf-use, .rf-more").forEach(function (button) {
    button.hidden = false;
  });
  form.querySelectorAll(".rf-open-list [data-row]:not([data-locked])").forEach(function (row) {
    if (isBlank(row)) row.hidden = true;
  });
  form.querySelectorAll(".rf-nojs").forEach(function (note) {
    note.hidden = true;
  });
  refresh();
})();
