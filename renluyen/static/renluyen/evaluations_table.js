// The branch's evaluation table, fast with the keyboard alone (issue 10).
//
// A member's block (section.em) takes the focus; the page opens on the first member the
// branch has not evaluated yet. On a member: A accepts their self-scores as they stand
// and moves to the next member; ↓ ↑ (J K) move between members; 1…9 and 0 open
// criterion 1…10, → or Enter the first; R the reason for changed scores, C the comment.
// In a cell: Enter saves and goes back to the member, Esc leaves it unchanged, ← → move
// between the member's cells, ↑ ↓ to the same cell of the member above or below, A saves
// and accepts the rest. Each cell saves itself (one request at a time, in order); totals,
// levels and states come from the server's answer, so only stored values count.
//
// The meeting's attendance: "All present", and a search that lists matching members,
// rather than one Tab stop per member.
(function () {
  "use strict";

  // ------------------------------------------------------------ attendance
  var meeting = document.getElementById("meeting");
  if (meeting) attendance(meeting);

  function attendance(root) {
    var all = root.querySelector("[data-all-present]");
    var boxes = Array.prototype.slice.call(root.querySelectorAll('input[name="present"]'));
    var count = root.querySelector("[data-present-count]");
    var searchLabel = root.querySelector(".present-search");
    var search = root.querySelector("[data-present-search]");
    if (!all) return;
    function refresh() {
      var present = boxes.filter(function (box) { return box.checked; }).length;
      if (count) count.textContent = present;
      all.checked = boxes.length > 0 && present === boxes.length;
      all.indeterminate = present > 0 && present < boxes.length;
    }
    // The list stays visible for a mouse or a finger; the keyboard reaches a member
    // through the search instead of 40 Tab stops.
    function tabStops(on) {
      boxes.forEach(function (box) {
        var shown = !box.closest("label").hidden;
        if (on && shown) box.removeAttribute("tabindex"); else box.setAttribute("tabindex", "-1");
      });
    }
    all.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = all.checked; });
      refresh();
    });
    root.addEventListener("change", function (event) {
      if (event.target.name === "present") refresh();
    });
    if (search) {
      searchLabel.hidden = false;
      search.addEventListener("input", function () {
        var words = fold(search.value).split(/\s+/).filter(Boolean);
        boxes.forEach(function (box) {
          var name = fold(box.closest("label").textContent);
          box.closest("label").hidden = words.some(function (w) { return name.indexOf(w) < 0; });
        });
        tabStops(words.length > 0);
      });
    }
    tabStops(false);
    refresh();
  }

  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }

  // ------------------------------------------------------------ the table
  var table = document.getElementById("etable");
  if (!table || !table.hasAttribute("data-editable")) return;
  var data = table.dataset;
  var live = document.getElementById("cell-live");
  var queue = Promise.resolve();
  var waiting = 0;

  function blocks() {
    return Array.prototype.slice.call(table.querySelectorAll("section.em"));
  }
  function cellsOf(block) {
    return Array.prototype.slice.call(block.querySelectorAll("input.cs:not([disabled])"));
  }
  function editable(block) {
    return cellsOf(block).length > 0;
  }
  function neighbour(block, step) {
    var list = blocks().filter(editable);
    var i = list.indexOf(block);
    return i < 0 ? null : list[i + step] || null;
  }
  function focusBlock(block) {
    if (!block) return;
    block.focus();
  }
  function focusInput(input) {
    if (!input) return;
    var wrap = input.closest("[data-when-changed]");
    if (wrap) wrap.hidden = false;
    input.focus();
    input.select();
  }
  // After the last member the next step of the work is the meeting record.
  function after(block) {
    var next = neighbour(block, 1);
    if (next) { focusBlock(next); return; }
    var date = document.getElementById("meeting-date");
    if (date && !date.disabled) { date.focus(); date.select(); } else { focusBlock(block); }
  }

  function show(block, target, ok, message) {
    var note = block.querySelector(".cell-msg");
    if (!note) {
      note = document.createElement("p");
      note.className = "cell-msg";
      block.appendChild(note);
    }
    note.className = "cell-msg " + (ok ? "ok" : "err");
    note.textContent = message;
    if (target) target.setAttribute("aria-invalid", ok ? "false" : "true");
    if (live) live.textContent = message;
  }

  function settle(block, answer) {
    block.querySelector("[data-total]").textContent = answer.total || "—";
    block.querySelector("[data-level]").textContent = answer.level_label;
    block.querySelector("[data-state]").textContent = answer.state_label;
    block.className = block.className.replace(/\bst-\S+/, "st-" + answer.state);
    block.classList.toggle("need-reason", answer.needs_reason);
    var reason = block.querySelector("[data-when-changed]");
    if (reason && answer.changed) reason.hidden = false;
    cellsOf(block).forEach(function (input) {
      var value = answer.values[input.dataset.i];
      if (value === undefined) return;
      // What is stored, unless the secretary is typing something else in it right now.
      var typing = input.dataset.pending !== undefined ||
        (input === document.activeElement && input.value !== input.dataset.saved);
      if (!typing) {
        input.value = value;
        input.dataset.saved = value;
      }
      var own = input.closest("label").querySelector(".ss").textContent.trim();
      input.closest("label").classList.toggle("d", value !== "" && own !== "—" && value !== own);
    });
  }

  function send(block, fields, target, done) {
    var body = new URLSearchParams();
    body.append("enrollment", block.dataset.e);
    Object.keys(fields).forEach(function (key) { body.append(key, fields[key]); });
    waiting += 1;
    show(block, null, true, data.saving);
    // One request at a time, in the order typed: the last answer is the stored state.
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
        show(block, target, answer.ok, answer.message);
        if (done) done(answer);
        if (answer.ok && answer.values) settle(block, answer);
        if (waiting === 0) table.removeAttribute("data-busy"); else table.setAttribute("data-busy", "");
      });
    });
    table.setAttribute("data-busy", "");
  }

  function save(input) {
    var block = input.closest("section.em");
    if (input.value === input.dataset.saved) {
      // Typed back to what is stored: nothing to send, and no refusal to show any more.
      if (input.getAttribute("aria-invalid") === "true") show(block, input, true, "");
      return;
    }
    if (input.value === input.dataset.pending) return;
    var sent = input.value;
    input.dataset.pending = sent;
    var fields;
    if (input.classList.contains("cs")) fields = { item: input.dataset.i, value: sent };
    else if (input.classList.contains("cr")) fields = { reason: sent };
    else fields = { comment: sent };
    send(block, fields, input, function (answer) {
      delete input.dataset.pending;
      if (answer.ok) {
        input.dataset.saved = sent;
      } else if (document.activeElement === document.body || document.activeElement === block) {
        // Nothing was saved: bring the secretary back to the refused cell.
        focusInput(input);
      }
    });
  }

  function accept(block) {
    if (!block.querySelector("[data-accept]")) {
      show(block, null, false, block.querySelector("[data-state]").textContent);
      return false;
    }
    var fields = { accept: "1" };
    if (block.dataset.v) fields.version = block.dataset.v;
    send(block, fields, null);
    return true;
  }

  function restore(input) {
    input.value = input.dataset.saved;
    input.setAttribute("aria-invalid", "false");
  }

  function onBlock(event, block) {
    var key = event.key;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var cells = cellsOf(block);
    if (key === "a" || key === "A") {
      if (accept(block)) after(block);
    } else if (key === "ArrowDown" || key === "j" || key === "J") {
      focusBlock(neighbour(block, 1));
    } else if (key === "ArrowUp" || key === "k" || key === "K") {
      focusBlock(neighbour(block, -1));
    } else if (/^[0-9]$/.test(key)) {
      focusInput(cells[key === "0" ? 9 : Number(key) - 1]);
    } else if (key === "ArrowRight" || key === "Enter") {
      focusInput(cells[0]);
    } else if (key === "r" || key === "R") {
      focusInput(block.querySelector("input.cr"));
    } else if (key === "c" || key === "C") {
      focusInput(block.querySelector("input.cc"));
    } else {
      return;
    }
    event.preventDefault();
  }

  function onCell(event, input) {
    var key = event.key;
    if (event.ctrlKey || event.metaKey || event.altKey) return; // Ctrl+A selects, as anywhere
    var block = input.closest("section.em");
    var cells = cellsOf(block);
    var i = cells.indexOf(input);
    if (key === "Enter") {
      save(input);
      focusBlock(block);
    } else if (key === "Escape") {
      restore(input);
      show(block, input, true, "");
      focusBlock(block);
    } else if (key === "ArrowRight" && i < cells.length - 1) {
      focusInput(cells[i + 1]);
    } else if (key === "ArrowLeft" && i > 0) {
      focusInput(cells[i - 1]);
    } else if (key === "ArrowDown" || key === "ArrowUp") {
      var other = neighbour(block, key === "ArrowDown" ? 1 : -1);
      if (other) focusInput(cellsOf(other)[Math.min(i, cellsOf(other).length - 1)]);
    } else if (key === "a" || key === "A") {
      save(input);
      if (accept(block)) after(block); else focusBlock(block);
    } else if (key === "r" || key === "R") {
      save(input);
      focusInput(block.querySelector("input.cr"));
    } else if (key.length === 1 && !/[0-9.,]/.test(key)) {
      // A score is digits and a comma: other letters would only be refused.
    } else {
      return;
    }
    event.preventDefault();
  }

  function onText(event, input) {
    var block = input.closest("section.em");
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Enter") {
      save(input);
      focusBlock(block);
    } else if (event.key === "Escape") {
      restore(input);
      focusBlock(block);
    } else {
      return;
    }
    event.preventDefault();
  }

  table.addEventListener("keydown", function (event) {
    var target = event.target;
    if (target.matches("section.em")) onBlock(event, target);
    else if (target.matches("input.cs")) onCell(event, target);
    else if (target.matches("input.cr, input.cc")) onText(event, target);
  });
  table.addEventListener("click", function (event) {
    var button = event.target.closest("[data-accept]");
    if (!button) return;
    var block = button.closest("section.em");
    if (accept(block)) after(block);
  });
  // Each field saves when it changes or is left ("on leaving": a value typed back to
  // what it was fires no change event).
  table.addEventListener("change", function (event) {
    if (event.target.matches("input.cs, input.cr, input.cc")) save(event.target);
  });
  table.addEventListener("focusout", function (event) {
    if (event.target.matches("input.cs, input.cr, input.cc")) save(event.target);
  });

  table.querySelectorAll("input.cs, input.cr, input.cc").forEach(function (input) {
    input.dataset.saved = input.value;
  });
  // Only the steps of the work take the Tab key: not the links to a member's page nor
  // the explanations' toggles (a click opens them; the keys above do the work).
  table.querySelectorAll("a.who, details.ed > summary").forEach(function (el) {
    el.setAttribute("tabindex", "-1");
  });
  table.querySelectorAll("[data-when-changed]").forEach(function (label) {
    if (!label.querySelector("input").value) label.hidden = true;
  });
  // Start where the work is: the first member the branch has not evaluated yet.
  if (!location.hash && (!document.activeElement || document.activeElement === document.body)) {
    var first = table.querySelector("section.em.st-waiting, section.em.st-no_self, section.em.st-partial");
    if (first && editable(first)) first.focus();
  }
})();
