// Time series drawn with Observable Plot from a JSON script of rows
// [{period, value, name, …}]; one line per `data-group` field (default: name).
//   <figure data-series="ID_OF_JSON_SCRIPT" data-group="name"><div data-chart-canvas></div></figure>
import * as Plot from "@observablehq/plot";

const toDate = (period) => {
  const [year, rest] = String(period).split("-");
  if (!rest) return new Date(Date.UTC(Number(year), 0, 1));
  const month = rest.startsWith("Q") ? (Number(rest[1]) - 1) * 3 : Number(rest) - 1;
  return new Date(Date.UTC(Number(year), month, 1));
};

export function drawSeries(root) {
  for (const figure of root.querySelectorAll("[data-series]")) {
    const script = document.getElementById(figure.dataset.series);
    const rows = script ? JSON.parse(script.textContent) : [];
    const canvas = figure.querySelector("[data-chart-canvas]");
    if (!rows.length || !canvas) continue;
    const group = figure.dataset.group || "name";
    const data = rows.map((row) => ({ ...row, date: toDate(row.period) }));
    const lang = document.documentElement.lang || "fr";
    const chart = Plot.plot({
      width: Math.max(280, Math.min(canvas.clientWidth || 560, 720)),
      height: 320,
      marginLeft: 70,
      y: { grid: true, label: figure.dataset.label || null, tickFormat: (d) => new Intl.NumberFormat(lang === "ar" ? "ar-MA" : lang).format(d) },
      x: { type: "utc", label: null },
      color: { legend: true },
      marks: [
        Plot.lineY(data, { x: "date", y: "value", stroke: group, marker: "circle", tip: true }),
        Plot.ruleY([0]),
      ],
    });
    // The figure's own label names the chart; Plot's labels of its marks ("line", "tip") on
    // plain <g> elements are ARIA a screen reader may not be given (axe aria-prohibited-attr).
    for (const g of chart.querySelectorAll("g[aria-label]")) g.removeAttribute("aria-label");
    canvas.replaceChildren(chart);
    figure.dataset.rendered = "true";
  }
}
