// One region's figure against its peers and the nation, on one axis of its own unit: every
// region a grey dot, the region in red, Morocco's value a black rule.
//   <figure data-dots="ID_OF_JSON" data-highlight="MA-03" data-unit="%" data-label="…">
//     <div data-chart-canvas></div></figure>
// The JSON holds {"regions": [{code, name, value}], "national": {name, value} | null}.
import * as Plot from "@observablehq/plot";
import { enableDownloads } from "./download.js";
import { formatNumber, formatValue } from "./format.js";
import { HIGHLIGHT, NATIONAL } from "./palette.js";

export function drawDots(root) {
  for (const figure of root.querySelectorAll("[data-dots]")) {
    const script = document.getElementById(figure.dataset.dots);
    const canvas = figure.querySelector("[data-chart-canvas]");
    if (!script || !canvas) continue;
    const { regions = [], national = null } = JSON.parse(script.textContent);
    if (!regions.length) continue;
    const unit = figure.dataset.unit || "";
    const highlight = figure.dataset.highlight;
    const mine = regions.filter((row) => row.code === highlight);
    const others = regions.filter((row) => row.code !== highlight);
    const values = regions.map((row) => row.value);
    // A national total lies outside the regions' range: it is then written, not drawn.
    const comparable =
      national && national.value >= Math.min(...values) && national.value <= Math.max(...values);
    const tip = (row) => `${row.name}: ${formatValue(row.value, unit)}`;
    const marks = [
      Plot.dot(others, { x: "value", r: 4, fill: "#6c757d", title: tip }),
      Plot.dot(mine, { x: "value", r: 7, fill: HIGHLIGHT, stroke: "white", title: tip }),
    ];
    if (comparable) {
      marks.push(
        Plot.ruleX([national.value], { stroke: NATIONAL, strokeDasharray: "4 2" }),
        Plot.text([national], { x: "value", text: "name", dy: -18, fill: NATIONAL, frameAnchor: "top" }),
      );
    }
    const chart = Plot.plot({
      width: Math.max(260, Math.min(canvas.clientWidth || 420, 560)),
      height: 90,
      marginTop: 24,
      marginLeft: 20,
      marginRight: 20,
      x: { label: unit || null, tickFormat: formatNumber, grid: true, nice: true },
      marks,
    });
    chart.setAttribute("role", "img");
    chart.setAttribute("aria-label", figure.dataset.description || figure.dataset.label || "");
    canvas.replaceChildren(chart);
    const rows = regions.map(({ code, name, value }) => ({ code, name, value, unit }));
    if (national) rows.push({ code: "MA", name: national.name, value: national.value, unit });
    enableDownloads(figure, rows);
    figure.dataset.rendered = "true";
  }
}
