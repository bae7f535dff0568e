/* nhiemvu: filter-as-you-type and sortable columns for the task tables.
 * No library, no request. The filter ignores case and Vietnamese diacritics
 * ("quyet dinh" finds "Quyết định", "dak lak" finds "Đắk Lắk"), which Material's
 * built-in search does not do. Both announce what they did to screen readers
 * (Circular 32/2017/TT-BTTTT, Art. 18; WCAG 4.1.3). */
(function () {
  "use strict";

  function fold(text) {
    return text
      .toLowerCase()
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/\u0111/g, "d")
      .replace(/\s+/g, " ")
      .trim();
  }

  function rowsOf(table) {
    return Array.prototype.slice.call(table.tBodies[0] ? table.tBodies[0].rows : []);
  }

  function number(n) {
    return n.toLocaleString("vi-VN");
  }

  /* One polite live region for the page, visually hidden: what a sort did. */
  var announcer = null;
  function announce(text) {
    if (!announcer) {
      announcer = document.createElement("p");
      announcer.className = "nv-sr";
      announcer.setAttribute("role", "status");
      announcer.setAttribute("aria-live", "polite");
      document.body.appendChild(announcer);
    }
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function setupFilter(input) {
    var tables = Array.prototype.slice.call(document.querySelectorAll("table[data-nv-rows]"));
    if (!tables.length) { return; }
    var box = input.closest(".nv-filter");
    var count = box.querySelector(".nv-count");
    var noun = input.getAttribute("data-nv-noun") || "";
    var cache = new Map();
    var total = 0;
    tables.forEach(function (t) { total += rowsOf(t).length; });

    function folded(row) {
      var text = cache.get(row);
      if (text === undefined) { text = fold(row.textContent); cache.set(row, text); }
      return text;
    }

    function apply() {
      var words = fold(input.value).split(" ").filter(Boolean);
      var shown = 0;
      tables.forEach(function (t) {
        rowsOf(t).forEach(function (row) {
          var text = folded(row);
          var ok = words.every(function (w) { return text.indexOf(w) !== -1; });
          row.hidden = !ok;
          if (ok) { shown += 1; }
        });
      });
      count.textContent = words.length
        ? "Hiển thị " + number(shown) + "/" + number(total) + " " + noun
        : "Hiển thị tất cả " + number(total) + " " + noun;
    }

    input.addEventListener("input", apply);
    box.hidden = false;
    if (input.value) { apply(); }
  }

  function sortValue(cell, type) {
    var raw = cell.hasAttribute("data-v") ? cell.getAttribute("data-v") : cell.textContent;
    if (type === "num") {
      var n = parseFloat(raw);
      return isNaN(n) ? -Infinity : n;
    }
    return type === "date" ? raw : fold(raw);
  }

  function setupSort(table) {
    var heads = table.tHead ? Array.prototype.slice.call(table.tHead.rows[0].cells) : [];
    table.classList.add("nv-sortable");
    heads.forEach(function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "nv-sort";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      button.addEventListener("click", function () {
        var type = th.getAttribute("data-type") || "text";
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var keyed = rowsOf(table).map(function (row, i) {
          return { row: row, i: i, v: sortValue(row.cells[index], type) };
        });
        keyed.sort(function (a, b) {
          var c = a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
          return (ascending ? c : -c) || a.i - b.i;
        });
        var frag = document.createDocumentFragment();
        keyed.forEach(function (k) { frag.appendChild(k.row); });
        body.appendChild(frag);
        announce("Đã sắp xếp theo cột " + button.textContent.trim() + ", " +
                 (ascending ? "tăng dần" : "giảm dần") + ".");
      });
    });
  }

  /* Tables written in Markdown (the monthly compilation) scroll inside Material's wrapper:
   * make that wrapper reachable by keyboard and name it after the table's heading. */
  function headingBefore(el) {
    for (var node = el.previousElementSibling; node; node = node.previousElementSibling) {
      if (/^H[1-6]$/.test(node.tagName)) { return node.textContent.trim(); }
    }
    return "Bảng số liệu";
  }

  function labelMarkdownTables() {
    Array.prototype.forEach.call(
      document.querySelectorAll(".md-typeset table:not(.nv-table)"), function (table) {
        var region = table.closest(".md-typeset__scrollwrap, .nv-scroll");
        if (!region) {
          region = document.createElement("div");
          region.className = "nv-scroll";
          table.parentNode.insertBefore(region, table);
          region.appendChild(table);
          table.classList.add("nv-md-table");
        }
        if (region.hasAttribute("role")) { return; }
        region.setAttribute("role", "region");
        region.setAttribute("tabindex", "0");
        region.setAttribute("aria-label", table.caption ? table.caption.textContent.trim()
          : headingBefore(region));
      });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-nv-rows], table.nv-counts"), function (t) {
      if (t.tHead && t.tBodies.length && t.tBodies[0].rows.length > 1) { setupSort(t); }
    });
    Array.prototype.forEach.call(document.querySelectorAll("input[data-nv-filter]"), setupFilter);
    labelMarkdownTables();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
