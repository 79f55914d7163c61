// Lines over time, drawn as SVG from a JSON script of rows [{period, value, name, …}]; one line
// per `data-group` field (default: name), one unit per chart (`data-unit`).
//   <figure data-series="ID_OF_JSON_SCRIPT" data-group="name" data-unit="%"
//           data-reference="ID_OF_NATIONAL_JSON"><div data-chart-canvas></div></figure>
// The national figure is never one of the lines: the server sends it apart (data-reference).
// It is drawn as a black dashed reference line when it lies among the regions' values (a rate,
// an average) and only written under the chart when it is a total that would crush them.
import { enableDownloads } from "./download.js";
import { formatValue } from "./format.js";
import { colourScale, NATIONAL } from "./palette.js";
import { el, linear, svgRoot, text, title, yAxis } from "./svg.js";

// "2024" → 2024, "2024-Q2" → 2024.25, "2024-07" → 2024.5
const toYear = (period) => {
  const [year, rest] = String(period).split("-");
  if (!rest) return Number(year);
  const month = rest.startsWith("Q") ? (Number(rest[1]) - 1) * 3 : Number(rest) - 1;
  return Number(year) + month / 12;
};

const readJson = (id) => {
  const script = id ? document.getElementById(id) : null;
  return script ? JSON.parse(script.textContent) : [];
};

function referenceIsComparable(rows, reference) {
  if (!reference.length || !rows.length) return false;
  const values = rows.map((row) => row.value);
  const low = Math.min(...values);
  const high = Math.max(...values);
  return reference.every((row) => row.value >= low && row.value <= high);
}

// Swatches and names, wrapped over as many lines as needed; returns the legend and its height.
function legend(names, colours, width) {
  const group = el("g", { transform: "translate(0, 4)" });
  let x = 0;
  let y = 0;
  for (const name of names) {
    const size = 18 + name.length * 6.2;
    if (x > 0 && x + size > width) {
      x = 0;
      y += 16;
    }
    group.append(
      el("rect", { x, y, width: 10, height: 10, fill: colours.get(name) }),
      text(name, { x: x + 14, y: y + 9 }),
    );
    x += size + 10;
  }
  return { group, height: y + 22 };
}

function drawOne(figure) {
  const rows = readJson(figure.dataset.series);
  const reference = readJson(figure.dataset.reference);
  const canvas = figure.querySelector("[data-chart-canvas]");
  if (!rows.length || !canvas) return;
  const group = figure.dataset.group || "name";
  const unit = figure.dataset.unit || "";
  const asLine = referenceIsComparable(rows, reference);
  const names = [...new Set(rows.map((row) => row[group]))];
  const { domain, range } = colourScale(names);
  const colours = new Map(domain.map((name, index) => [name, range[index]]));
  const width = Math.max(280, Math.min(canvas.clientWidth || 560, 720));
  const left = 70;
  const right = asLine ? 80 : 20;
  const key = legend(names, colours, width - 10);
  const top = key.height + 22;
  const height = top + 260;
  const bottom = height - 24;
  const label = [figure.dataset.label, unit && `(${unit})`].filter(Boolean).join(" ");
  const svg = svgRoot(width, height, figure.getAttribute("aria-label") || label);
  const years = [...rows, ...(asLine ? reference : [])].map((row) => toYear(row.period));
  const yValues = [...rows, ...(asLine ? reference : [])].map((row) => row.value);
  const first = Math.min(...years);
  const last = Math.max(...years);
  const span = Math.max(last - first, 1);
  const plotWidth = width - left - right;
  // One period only: its points in the middle.
  const x = (year) => left + (last === first ? plotWidth / 2 : ((year - first) / span) * plotWidth);
  const y = linear(yValues, [bottom, top], { zero: true });
  svg.append(key.group, yAxis(y, left, width - right));
  if (label) svg.append(text(`↑ ${label}`, { x: 4, y: top - 8 }));
  const step = Math.max(1, Math.ceil(span / 8));
  for (let year = Math.ceil(first); year <= last; year += step) {
    svg.append(text(String(year), { x: x(year), y: bottom + 16, "text-anchor": "middle", "aria-hidden": "true" }));
  }
  const lines = el("g", { fill: "none", "stroke-width": 2 });
  const line = (points, attributes) =>
    el("path", { d: points.map((p, i) => `${i ? "L" : "M"}${x(toYear(p.period))},${y(p.value)}`).join(""), ...attributes });
  for (const name of names) {
    const points = rows.filter((row) => row[group] === name).sort((a, b) => toYear(a.period) - toYear(b.period));
    lines.append(line(points, { stroke: colours.get(name) }));
    for (const point of points) {
      lines.append(el("circle", { cx: x(toYear(point.period)), cy: y(point.value), r: 3.5, fill: colours.get(name) }, [
        title(`${name} (${point.period}): ${formatValue(point.value, unit)}`),
      ]));
    }
  }
  if (asLine) {
    const points = [...reference].sort((a, b) => toYear(a.period) - toYear(b.period));
    lines.append(line(points, { stroke: NATIONAL, "stroke-dasharray": "6 3" }));
    const end = points.at(-1);
    svg.append(text(end.name, { x: x(toYear(end.period)) + 6, y: y(end.value) + 4, fill: NATIONAL }));
  }
  svg.append(lines);
  canvas.replaceChildren(svg);
  const note = figure.querySelector("[data-reference-note]");
  if (note && reference.length && !asLine) {
    const latest = reference.at(-1);
    note.textContent = `${latest.name} (${latest.period}): ${formatValue(latest.value, unit)}`;
    note.hidden = false;
  }
  enableDownloads(figure, [...rows, ...reference]);
  figure.dataset.rendered = "true";
}

export function drawSeries(root) {
  for (const figure of root.querySelectorAll("[data-series]")) drawOne(figure);
}
