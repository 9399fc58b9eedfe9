/* The annual report's tables in the page editor: totals computed as one types, arrow keys and Enter move
   between cells, and a block copied from Excel or WPS (tab-separated) is pasted from the focused cell.
   No build step; the server computes the totals again (fill_totals) and validates every cell. */
(function () {
    "use strict";

    function number(input) {
        var text = (input.value || "").replace(/[\uFF10-\uFF19]/g, function (c) {
            return String.fromCharCode(c.charCodeAt(0) - 0xFF10 + 48);
        }).replace(/,/g, "").trim();
        var value = Number(text);
        return text === "" || isNaN(value) ? 0 : value;
    }

    function recompute(root) {
        // In document order: 表三's （七）总计 row first sums the rows above, its 总计 column then sums those.
        root.querySelectorAll("input[data-sum]").forEach(function (total) {
            var sum = 0;
            total.getAttribute("data-sum").split(" ").forEach(function (name) {
                var part = root.querySelector('input[name="' + name + '"]');
                if (part) { sum += number(part); }
            });
            total.value = String(Math.round(sum * 10000) / 10000);
        });
    }

    function grid(table) {
        return Array.prototype.map.call(table.querySelectorAll("tr"), function (tr) {
            return Array.prototype.slice.call(tr.querySelectorAll("input"));
        }).filter(function (row) { return row.length; });
    }

    function position(rows, input) {
        for (var r = 0; r < rows.length; r++) {
            var c = rows[r].indexOf(input);
            if (c >= 0) { return [r, c]; }
        }
        return null;
    }

    function focusCell(rows, r, c) {
        if (r < 0 || r >= rows.length) { return; }
        var row = rows[r];
        var input = row[Math.min(c, row.length - 1)];
        input.focus();
        input.select();
    }

    function onKeyDown(event) {
        var input = event.target;
        if (input.tagName !== "INPUT") { return; }
        var rows = grid(input.closest("table"));
        var at = position(rows, input);
        if (!at) { return; }
        // Left/Right move the caret inside a cell, and leave it at the cell's edge or when all is selected
        // (as after moving into a cell).
        var all = input.selectionStart === 0 && input.selectionEnd === input.value.length;
        var atStart = all || input.selectionEnd === 0;
        var atEnd = all || input.selectionStart === input.value.length;
        switch (event.key) {
        case "ArrowUp": focusCell(rows, at[0] - 1, at[1]); break;
        case "ArrowDown": case "Enter": focusCell(rows, at[0] + 1, at[1]); break;
        case "ArrowLeft": if (!atStart && !input.readOnly) { return; } if (at[1] > 0) { focusCell(rows, at[0], at[1] - 1); } break;
        case "ArrowRight": if (!atEnd && !input.readOnly) { return; } focusCell(rows, at[0], at[1] + 1); break;
        default: return;
        }
        event.preventDefault();
    }

    function onPaste(event) {
        var input = event.target;
        var text = (event.clipboardData || window.clipboardData).getData("text");
        if (input.tagName !== "INPUT" || !/[\t\n]/.test(text)) { return; }
        event.preventDefault();
        var rows = grid(input.closest("table"));
        var at = position(rows, input);
        var lines = text.replace(/\r/g, "").replace(/\n$/, "").split("\n");
        lines.forEach(function (line, i) {
            var row = rows[at[0] + i];
            if (!row) { return; }
            line.split("\t").forEach(function (value, j) {
                var target = row[at[1] + j];
                if (target && !target.readOnly) { target.value = value.trim(); }
            });
        });
        recompute(input.closest("[data-report-tables]"));
    }

    function init(root) {
        if (root.dataset.reportTablesReady) { return; }
        root.dataset.reportTablesReady = "1";
        root.addEventListener("input", function () { recompute(root); });
        root.addEventListener("keydown", onKeyDown);
        root.addEventListener("paste", onPaste);
        recompute(root);
    }

    // Suggestions (from the catalogue, the request register): "Use these figures" fills the cells they name.
    function onAccept(event) {
        var button = event.target.closest("[data-report-suggestion-accept]");
        if (!button) { return; }
        event.preventDefault();
        var box = button.closest("[data-report-suggestion]");
        box.querySelectorAll("[data-cell]").forEach(function (item) {
            var input = document.querySelector('input[name="' + item.getAttribute("data-cell") + '"]');
            if (input && !input.readOnly) { input.value = item.getAttribute("data-value"); }
        });
        document.querySelectorAll("[data-report-tables]").forEach(recompute);
    }

    function initAll() {
        document.querySelectorAll("[data-report-tables]").forEach(init);
        if (!document.body.dataset.reportSuggestionsReady) {
            document.body.dataset.reportSuggestionsReady = "1";
            document.addEventListener("click", onAccept);
        }
    }
    if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", initAll); } else { initAll(); }
}());
