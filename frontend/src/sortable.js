// Sortable tables: every `table[data-sortable]` gets a button in each column header of its
// <thead> (keyboard and screen readers: a real <button>, the state in the header's
// `aria-sort`). Rows of the <tbody> are sorted; a <tfoot> (totals) stays where it is.
// A cell's `data-sort-value` is what it sorts by (numbers for figures, "" for none); without
// it, the cell's text, compared as numbers when both are numbers, else in the page's language.
// Header cells with `data-sort="none"` are left alone.
import { pageLocale } from "./format.js";

const NUMBER = /^[-−+]?\d+([.,]\d+)?$/;

function sortKey(cell) {
  if (!cell) return "";
  const raw = cell.dataset.sortValue ?? cell.textContent.replace(/[\s\u00a0\u202f]/g, " ").trim();
  const compact = raw.replace(/[\s\u00a0\u202f]/g, "").replace("−", "-");
  return NUMBER.test(compact) ? Number(compact.replace(",", ".")) : raw;
}

function compare(a, b, collator) {
  const emptyA = a === "";
  const emptyB = b === "";
  if (emptyA || emptyB) return emptyA === emptyB ? 0 : emptyA ? 1 : -1; // blanks last
  if (typeof a === "number" && typeof b === "number") return a - b;
  return collator.compare(String(a), String(b));
}

function sortBy(table, header, column) {
  const ascending = header.getAttribute("aria-sort") !== "ascending";
  const collator = new Intl.Collator(pageLocale(), { numeric: true, sensitivity: "base" });
  const headers = table.tHead.rows[table.tHead.rows.length - 1].cells;
  for (const th of headers) {
    if (th !== header && th.hasAttribute("aria-sort")) th.setAttribute("aria-sort", "none");
  }
  header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  for (const th of headers) {
    const arrow = th.querySelector("[data-sort-arrow]");
    if (arrow) arrow.textContent = th === header ? (ascending ? " ▲" : " ▼") : " ↕";
  }
  for (const body of table.tBodies) {
    const rows = [...body.rows].map((row, index) => ({ row, index, key: sortKey(row.cells[column]) }));
    rows.sort((x, y) => {
      const order = compare(x.key, y.key, collator);
      // Blanks stay last whichever the direction; equal keys keep their order.
      if (x.key === "" || y.key === "") return order || x.index - y.index;
      return (ascending ? order : -order) || x.index - y.index;
    });
    body.append(...rows.map((entry) => entry.row));
  }
}

export function makeTablesSortable(root) {
  for (const table of root.querySelectorAll("table[data-sortable]")) {
    if (!table.tHead || table.dataset.sortableReady === "true") continue;
    const headerRow = table.tHead.rows[table.tHead.rows.length - 1];
    [...headerRow.cells].forEach((th, column) => {
      if (th.dataset.sort === "none" || th.colSpan > 1) return;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-link p-0 text-reset fw-semibold text-decoration-none text-nowrap";
      button.append(...th.childNodes);
      const arrow = document.createElement("span");
      arrow.setAttribute("aria-hidden", "true");
      arrow.dataset.sortArrow = "";
      arrow.textContent = " ↕";
      button.append(arrow);
      const hint = table.dataset.sortHint;
      if (hint) button.title = hint;
      th.replaceChildren(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", () => sortBy(table, th, column));
    });
    table.dataset.sortableReady = "true";
  }
}
