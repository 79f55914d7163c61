// One region's figure against its peers and the nation, on one axis of its own unit: every
// region a grey dot, the region in red, Morocco's value a black dashed rule.
//   <figure data-dots="ID_OF_JSON" data-highlight="MA-03" data-unit="%" data-label="…">
//     <div data-chart-canvas></div></figure>
// The JSON holds {"regions": [{code, name, value}], "national": {name, value} | null}.
import { enableDownloads } from "./download.js";
import { formatValue } from "./format.js";
import { HIGHLIGHT, NATIONAL } from "./palette.js";
import { el, linear, svgRoot, text, title, xAxis } from "./svg.js";

export function drawDots(root) {
  for (const figure of root.querySelectorAll("[data-dots]")) {
    const script = document.getElementById(figure.dataset.dots);
    const canvas = figure.querySelector("[data-chart-canvas]");
    if (!script || !canvas) continue;
    const { regions = [], national = null } = JSON.parse(script.textContent);
    if (!regions.length) continue;
    const unit = figure.dataset.unit || "";
    const highlight = figure.dataset.highlight;
    const values = regions.map((row) => row.value);
    // A national total lies outside the regions' range: it is then left out, not drawn.
    const comparable =
      national && national.value >= Math.min(...values) && national.value <= Math.max(...values);
    const width = Math.max(260, Math.min(canvas.clientWidth || 420, 560));
    const height = 96;
    const x = linear(values, [20, width - 20]);
    const svg = svgRoot(width, height, figure.dataset.description || figure.dataset.label);
    svg.append(xAxis(x, 58, 20, unit));
    if (comparable) {
      svg.append(
        el("line", { x1: x(national.value), x2: x(national.value), y1: 14, y2: 58, stroke: NATIONAL, "stroke-dasharray": "4 2" }),
        text(national.name, { x: x(national.value), y: 11, "text-anchor": "middle", fill: NATIONAL }),
      );
    }
    const ordered = [...regions].sort((a, b) => (a.code === highlight) - (b.code === highlight));
    for (const row of ordered) {
      const mine = row.code === highlight;
      svg.append(el("circle", {
        cx: x(row.value), cy: 38, r: mine ? 7 : 4, fill: mine ? HIGHLIGHT : "#6c757d",
        stroke: "white", "fill-opacity": mine ? 1 : 0.8,
      }, [title(`${row.name}: ${formatValue(row.value, unit)}`)]));
    }
    canvas.replaceChildren(svg);
    const rows = regions.map(({ code, name, value }) => ({ code, name, value, unit }));
    if (national) rows.push({ code: "MA", name: national.name, value: national.value, unit });
    enableDownloads(figure, rows);
    figure.dataset.rendered = "true";
  }
}
