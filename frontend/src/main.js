// Jiha's front-end entry point, loaded on every page: progressive enhancement only. Every page
// works without it (charts and maps come with a table of the same figures).
//
// It stays small: tables become sortable here, and the chart bundle (SVG charts and d3-geo) is
// imported only when the page has a chart or a map. Its address comes from the page
// (`data-chart-module="{% static 'dist/charts.js' %}"`), so production's hashed file name is
// used, never a name guessed from this file's.
import { keyboardScrollableTables } from "./a11y.js";
import { enhanceAnswers } from "./simulator.js";
import { makeTablesSortable } from "./sortable.js";

function loadCharts(root) {
  const holder = root.querySelector("[data-chart-module]");
  if (!holder) return;
  import(holder.dataset.chartModule)
    .then((charts) => charts.drawCharts(root))
    .catch((error) => {
      for (const figure of root.querySelectorAll("[data-region-map], [data-series], [data-dots]")) {
        figure.dataset.rendered = "error";
      }
      console.error(error);
    });
}

document.addEventListener("DOMContentLoaded", () => {
  makeTablesSortable(document);
  enhanceAnswers(document);
  keyboardScrollableTables(document);
  loadCharts(document);
});
