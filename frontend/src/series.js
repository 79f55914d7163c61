// Time series drawn with Observable Plot from a JSON script of rows [{period, value, name, …}];
// one line per `data-group` field (default: name), one unit per chart (`data-unit`).
//   <figure data-series="ID_OF_JSON_SCRIPT" data-group="name" data-unit="%"
//           data-reference="ID_OF_NATIONAL_JSON"><div data-chart-canvas></div></figure>
// The national figure is never one of the lines: the server sends it apart (data-reference).
// It is drawn as a black dashed reference line when it lies among the regions' values (a rate,
// an average) and only written under the chart when it is a total that would crush them.
import * as Plot from "@observablehq/plot";
import { enableDownloads } from "./download.js";
import { formatNumber, formatValue } from "./format.js";
import { colourScale, NATIONAL } from "./palette.js";

const toDate = (period) => {
  const [year, rest] = String(period).split("-");
  if (!rest) return new Date(Date.UTC(Number(year), 0, 1));
  const month = rest.startsWith("Q") ? (Number(rest[1]) - 1) * 3 : Number(rest) - 1;
  return new Date(Date.UTC(Number(year), month, 1));
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

export function drawSeries(root) {
  for (const figure of root.querySelectorAll("[data-series]")) {
    const rows = readJson(figure.dataset.series);
    const reference = readJson(figure.dataset.reference);
    const canvas = figure.querySelector("[data-chart-canvas]");
    if (!rows.length || !canvas) continue;
    const group = figure.dataset.group || "name";
    const unit = figure.dataset.unit || "";
    const data = rows.map((row) => ({ ...row, date: toDate(row.period) }));
    const national = reference.map((row) => ({ ...row, date: toDate(row.period) }));
    const asLine = referenceIsComparable(rows, reference);
    const marks = [
      Plot.ruleY([0]),
      Plot.lineY(data, {
        x: "date",
        y: "value",
        stroke: group,
        marker: "circle",
        tip: { format: { y: (d) => formatValue(d, unit), x: false } },
        channels: { period: "period" },
      }),
    ];
    if (asLine) {
      marks.push(
        Plot.lineY(national, { x: "date", y: "value", stroke: NATIONAL, strokeDasharray: "6 3" }),
        Plot.text(national.slice(-1), {
          x: "date",
          y: "value",
          text: (row) => row.name,
          dx: 6,
          textAnchor: "start",
          fill: NATIONAL,
        }),
      );
    }
    const label = [figure.dataset.label, unit && `(${unit})`].filter(Boolean).join(" ");
    const chart = Plot.plot({
      width: Math.max(280, Math.min(canvas.clientWidth || 560, 720)),
      height: 320,
      marginLeft: 70,
      marginRight: asLine ? 70 : 20,
      y: { grid: true, label: label || null, tickFormat: formatNumber },
      x: { type: "utc", label: null },
      color: { legend: true, ...colourScale(data.map((row) => row[group])) },
      marks,
    });
    canvas.replaceChildren(chart);
    const note = figure.querySelector("[data-reference-note]");
    if (note && reference.length && !asLine) {
      const last = reference[reference.length - 1];
      note.textContent = `${last.name} (${last.period}): ${formatValue(last.value, unit)}`;
      note.hidden = false;
    }
    enableDownloads(figure, [...rows, ...reference]);
    figure.dataset.rendered = "true";
  }
}
