// Choropleth of the 12 regions, drawn with Observable Plot from the GeoJSON Jiha ships.
//
// Markup contract (see jiha/portal/templates/portal/includes/region_map.html):
//   <figure data-region-map data-geojson="URL" data-values="ID_OF_JSON_SCRIPT"
//           data-highlight="MA-03" data-label="Population 2024" data-unit="persons">
// The JSON script holds [{code, name, value, display, url}, …] for the regions to colour; every
// region of the file is drawn (the whole country), those without a value in grey. A map may
// offer several measures (index and pillars): rows then carry `values: {measure: number}` and
// `data-measure-select` names the <select> that picks one (its options' values are measures).
import * as Plot from "@observablehq/plot";
import { enableDownloads } from "./download.js";
import { formatNumber, formatValue } from "./format.js";
import { HIGHLIGHT } from "./palette.js";

const NO_DATA = "#e9ecef";

async function loadGeojson(url) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`GeoJSON ${url}: HTTP ${response.status}`);
  return rewindForD3(await response.json());
}

// Our file follows RFC 7946 (exterior rings counter-clockwise); d3-geo, under Plot, reads
// rings on the sphere and wants them clockwise, else it fills the whole globe but the region.
function rewindForD3(collection) {
  const reverse = (rings) => rings.map((ring) => ring.slice().reverse());
  for (const feature of collection.features) {
    const geometry = feature.geometry;
    if (geometry.type === "Polygon") geometry.coordinates = reverse(geometry.coordinates);
    if (geometry.type === "MultiPolygon") geometry.coordinates = geometry.coordinates.map(reverse);
  }
  return collection;
}

function readValues(figure) {
  const script = document.getElementById(figure.dataset.values);
  return script ? JSON.parse(script.textContent) : [];
}

function measured(figure, rows) {
  const select = figure.dataset.measureSelect
    ? document.getElementById(figure.dataset.measureSelect)
    : null;
  if (!select) return { rows, label: figure.dataset.label };
  const measure = select.value;
  const label = select.selectedOptions[0]?.textContent.trim() || figure.dataset.label;
  return {
    rows: rows.map((row) => ({ ...row, value: row.values?.[measure] ?? null, display: null })),
    label,
  };
}

function renderMap(figure, geojson, allRows) {
  const { rows, label } = measured(figure, allRows);
  const unit = figure.dataset.unit || "";
  const byCode = new Map(rows.filter((row) => row.value !== null).map((row) => [row.code, row]));
  const highlight = figure.dataset.highlight || null;
  // The whole country, always: a region without a figure is drawn in grey.
  const features = geojson.features;
  const width = Math.max(280, Math.min(figure.clientWidth || 600, 720));
  const valueOf = (f) => byCode.get(f.properties.code)?.value ?? null;
  const titleOf = (f) => {
    const row = byCode.get(f.properties.code);
    const name = row?.name ?? f.properties.name ?? f.properties.code;
    const shown = row ? (row.display ?? formatValue(row.value, unit)) : figure.dataset.noData || "—";
    return `${name}\n${label}: ${shown}`;
  };
  const chart = Plot.plot({
    width,
    height: Math.round(width * 1.05),
    projection: { type: "mercator", domain: { type: "FeatureCollection", features } },
    color: {
      type: "quantize",
      n: 5,
      scheme: "blues",
      legend: true,
      label: unit ? `${label} (${unit})` : label,
      tickFormat: formatNumber,
      unknown: NO_DATA,
    },
    marks: [
      Plot.geo(features, {
        fill: valueOf,
        stroke: (f) => (f.properties.code === highlight ? HIGHLIGHT : "white"),
        strokeWidth: (f) => (f.properties.code === highlight ? 2.5 : 0.8),
        title: titleOf,
        href: (f) => byCode.get(f.properties.code)?.url,
        ariaLabel: "regions",
        className: "jiha-map-regions",
      }),
    ],
  });
  chart.setAttribute("role", "img");
  chart.setAttribute("aria-label", figure.dataset.measureSelect ? label : figure.dataset.description || label);
  // One path per region, tagged with its code so pages and tests can address it.
  const paths = chart.querySelectorAll(".jiha-map-regions path");
  features.forEach((feature, index) => {
    if (paths[index]) paths[index].dataset.region = feature.properties.code;
  });
  figure.querySelector("[data-map-canvas]").replaceChildren(chart);
  figure.dataset.rendered = String(paths.length);
  enableDownloads(
    figure,
    rows.map(({ code, name, value }) => ({ code, name, value })),
  );
}

export function drawRegionMaps(root) {
  for (const figure of root.querySelectorAll("[data-region-map]")) {
    const status = figure.querySelector("[data-map-canvas]");
    loadGeojson(figure.dataset.geojson)
      .then((geojson) => {
        const rows = readValues(figure);
        renderMap(figure, geojson, rows);
        const select = figure.dataset.measureSelect
          ? document.getElementById(figure.dataset.measureSelect)
          : null;
        select?.addEventListener("change", () => renderMap(figure, geojson, rows));
      })
      .catch((error) => {
        status.textContent = figure.dataset.error || "Map unavailable";
        figure.dataset.rendered = "error";
        console.error(error);
      });
  }
}
