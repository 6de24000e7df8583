// Sortable tables for the report pages: click a header to sort by that column.
// Cells sort by their data-sort attribute, else their text; numbers numerically.
"use strict";

(function () {
  function key(cell) {
    const raw = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
    const number = parseFloat(raw.replace(/[^0-9.+-]/g, ""));
    return raw === "–" || raw === "" ? -Infinity : (isNaN(number) ? raw.toLowerCase() : number);
  }

  function compare(a, b) {
    if (typeof a === typeof b) return a < b ? -1 : a > b ? 1 : 0;
    return typeof a === "number" ? -1 : 1;
  }

  function sortBy(table, header, index) {
    const ascending = header.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th").forEach((th) => th.removeAttribute("aria-sort"));
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    const body = table.tBodies[0];
    // Summary rows (team median, team total) stay at the bottom.
    const rows = Array.from(body.rows).filter((row) => !row.classList.contains("median"));
    const pinned = Array.from(body.rows).filter((row) => row.classList.contains("median"));
    rows.sort((r1, r2) => {
      const order = compare(key(r1.cells[index]), key(r2.cells[index]));
      return ascending ? order : -order;
    });
    rows.concat(pinned).forEach((row) => body.appendChild(row));
  }

  function init() {
    document.querySelectorAll("table.sortable").forEach((table) => {
      const headers = table.tHead ? table.tHead.rows[0].cells : [];
      Array.from(headers).forEach((header, index) => {
        header.addEventListener("click", () => sortBy(table, header, index));
      });
    });
  }

  document.addEventListener("DOMContentLoaded", init);
})();
