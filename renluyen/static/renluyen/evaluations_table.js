// The branch's evaluation table, usable with the keyboard alone: ArrowUp/ArrowDown (and
// Enter) move between the score and comment cells, Tab works as usual, and each cell
// saves itself when it changes (or is left), showing "Đã lưu" or the refusal beside it.
// The member's total and level follow as the secretary types, with the program's
// thresholds; the server's answer then confirms them.
(function () {
  "use strict";
  var table = document.getElementById("etable");
  var all = document.querySelector("[data-all-present]");
  if (all) {
    all.closest("label").hidden = false;
    all.addEventListener("change", function () {
      document.querySelectorAll('input[name="present"]').forEach(function (box) {
        box.checked = all.checked;
      });
    });
  }
  if (!table) return;
  var data = table.dataset;
  var live = document.getElementById("cell-live");
  var queue = Promise.resolve();
  var waiting = 0;

  function cells() {
    return Array.prototype.slice.call(table.querySelectorAll("input.cs:not([disabled]), input.cc:not([disabled])"));
  }

  function move(input, step) {
    var list = cells();
    var next = list[list.indexOf(input) + step];
    if (next) { next.focus(); next.select(); }
  }

  function number(text) {
    text = (text || "").trim().replace(",", ".");
    if (!text || !/^\d+(\.\d+)?$/.test(text)) return null;
    return parseFloat(text);
  }

  function format(value) {
    var rounded = Math.round(value * 100) / 100;
    return String(rounded).replace(".", ",");
  }

  function levelOf(total, complete) {
    if (!complete) return data.lIncomplete;
    if (total >= parseFloat(data.excellent)) return data.lExcellent;
    if (total >= parseFloat(data.good)) return data.lGood;
    if (total >= parseFloat(data.completed)) return data.lCompleted;
    return data.lNot_completed;
  }

  // The live total while typing: the same rule as scoring.classify on the server.
  function recount(block) {
    var total = 0, complete = true;
    block.querySelectorAll("input.cs").forEach(function (input) {
      var value = number(input.value);
      if (value === null) complete = false; else total += value;
    });
    var sum = block.querySelector("[data-total]");
    if (sum) sum.textContent = format(total);
    block.querySelector("[data-level]").textContent = levelOf(total, complete);
  }

  function show(input, ok, message) {
    var note = input.parentNode.querySelector(".cell-msg");
    if (!note) {
      note = document.createElement("span");
      input.parentNode.appendChild(note);
    }
    note.className = "cell-msg " + (ok ? "ok" : "err");
    note.textContent = message;
    input.setAttribute("aria-invalid", ok ? "false" : "true");
    if (live) live.textContent = message;
  }

  function save(input) {
    // The change and the leaving of a field both call this: send each value once.
    if (input.value === input.dataset.saved || input.value === input.dataset.pending) return;
    var block = input.closest("tbody");
    var body = new URLSearchParams();
    body.append("enrollment", block.dataset.e);
    if (input.classList.contains("cs")) {
      body.append("item", input.dataset.i);
      body.append("value", input.value);
    } else {
      body.append("comment", input.value);
    }
    var sent = input.value;
    input.dataset.pending = sent;
    show(input, true, data.saving);
    waiting += 1;
    // One request at a time, in the order typed: the last answer is the current total.
    queue = queue.then(function () {
      return fetch(data.url, {
        method: "POST",
        headers: { "X-CSRFToken": data.csrf, "Content-Type": "application/x-www-form-urlencoded" },
        body: body,
        credentials: "same-origin"
      }).then(function (response) {
        return response.json().catch(function () { return { ok: false, message: data.failed }; });
      }, function () {
        return { ok: false, message: data.failed };
      }).then(function (answer) {
        waiting -= 1;
        delete input.dataset.pending;
        show(input, answer.ok, answer.message);
        if (!answer.ok) {
          // Nothing was saved: keep the secretary on the refused cell.
          input.focus();
          input.select();
          return;
        }
        input.dataset.saved = sent;
        if (answer.total !== undefined && waiting === 0) {
          block.querySelector("[data-total]").textContent = answer.total;
          block.querySelector("[data-level]").textContent = answer.level_label;
        }
      });
    });
  }

  table.querySelectorAll("input.cs, input.cc").forEach(function (input) {
    input.dataset.saved = input.value;
  });
  table.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input.cs, input.cc")) return;
    if (event.key === "ArrowDown" || (event.key === "Enter" && !event.shiftKey)) {
      event.preventDefault();
      move(input, 1);
    } else if (event.key === "ArrowUp" || (event.key === "Enter" && event.shiftKey)) {
      event.preventDefault();
      move(input, -1);
    }
  });
  table.addEventListener("input", function (event) {
    if (event.target.matches("input.cs")) recount(event.target.closest("tbody"));
  });
  table.addEventListener("change", function (event) {
    if (event.target.matches("input.cs, input.cc")) save(event.target);
  });
  // "On leaving the field": a value typed back to what it was fires no change event.
  table.addEventListener("focusout", function (event) {
    if (event.target.matches("input.cs, input.cc")) save(event.target);
  });
})();
