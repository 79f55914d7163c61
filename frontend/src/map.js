// Choropleth of the 12 regions, drawn as SVG from the GeoJSON Jiha ships (d3-geo projects it).
//
// Markup contract (see jiha/portal/templates/portal/includes/region_map.html):
//   <figure data-region-map data-geojson="URL" data-values="ID_OF_JSON_SCRIPT"
//           data-highlight="MA-03" data-label="Population 2024" data-unit="persons">
// The JSON script holds [{code, name, value, display, url}, …] for the regions to colour; every
// region of the file is drawn (the whole country), those without a value in grey. A map may
// offer several measures (index and pillars): rows then carry `values: {measure: number}` and
// `data-measure-select` names the <select> that picks one (its options' values are measures).
import { geoMercator, geoPath } from "d3-geo";
import { enableDownloads } from "./download.js";
import { formatNumber, formatValue } from "./format.js";
import { HIGHLIGHT } from "./palette.js";
import { el, svgRoot, text, title } from "./svg.js";

const NO_DATA = "#e9ecef";
// Five classes of equal width, light to dark (ColorBrewer "Blues").
const BLUES = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"];

async function loadGeojson(url) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`GeoJSON ${url}: HTTP ${response.status}`);
  return rewindForD3(await response.json());
}

// Our file follows RFC 7946 (exterior rings counter-clockwise); d3-geo reads rings on the
// sphere and wants them clockwise, else it fills the whole globe but the region.
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

function legend(low, high, label, width) {
  const step = (high - low) / BLUES.length;
  const box = Math.min(48, (width - 20) / BLUES.length);
  const group = el("g", { transform: "translate(10, 6)" });
  group.append(text(label, { x: 0, y: 10, "font-weight": "bold" }));
  BLUES.forEach((colour, index) => {
    group.append(el("rect", { x: index * box, y: 16, width: box, height: 10, fill: colour, stroke: "#adb5bd" }));
    if (index > 0) group.append(text(formatNumber(low + step * index), { x: index * box, y: 38, "text-anchor": "middle", "font-size": 10 }));
  });
  return group;
}

function renderMap(figure, geojson, allRows) {
  const { rows, label } = measured(figure, allRows);
  const unit = figure.dataset.unit || "";
  const byCode = new Map(rows.filter((row) => row.value !== null && row.value !== undefined).map((row) => [row.code, row]));
  const highlight = figure.dataset.highlight || null;
  const width = Math.max(280, Math.min(figure.clientWidth || 600, 720));
  const top = 48;
  const height = Math.round(width * 1.05);
  // The whole country, always: a region without a figure is drawn in grey.
  const projection = geoMercator().fitExtent([[4, top], [width - 4, height - 4]], geojson);
  const path = geoPath(projection);
  const values = [...byCode.values()].map((row) => row.value);
  const low = values.length ? Math.min(...values) : 0;
  const high = values.length ? Math.max(...values) : 1;
  const colour = (value) => {
    if (value === null || value === undefined) return NO_DATA;
    if (high === low) return BLUES[BLUES.length - 1];
    const index = Math.floor(((value - low) / (high - low)) * BLUES.length);
    return BLUES[Math.min(BLUES.length - 1, Math.max(0, index))];
  };
  const legendLabel = unit ? `${label} (${unit})` : label;
  const description = figure.dataset.measureSelect ? label : figure.dataset.description || label;
  const svg = svgRoot(width, height, null);
  // A group of links, not an image: each region is a link with its own name and figure.
  svg.setAttribute("role", "group");
  svg.setAttribute("aria-label", description);
  if (values.length) svg.append(legend(low, high, legendLabel, width));
  const regions = el("g", { class: "jiha-map-regions" });
  for (const feature of geojson.features) {
    const code = feature.properties.code;
    const row = byCode.get(code);
    const name = row?.name ?? feature.properties.name ?? code;
    const shown = row ? (row.display ?? formatValue(row.value, unit)) : figure.dataset.noData || "—";
    const caption = `${name} — ${label}: ${shown}`;
    const shape = el("path", {
      d: path(feature),
      fill: colour(row?.value),
      stroke: code === highlight ? HIGHLIGHT : "white",
      "stroke-width": code === highlight ? 2.5 : 0.8,
      "data-region": code,
    }, [title(caption)]);
    const url = row?.url ?? allRows.find((r) => r.code === code)?.url;
    regions.append(url ? el("a", { href: url, "aria-label": caption }, [shape]) : shape);
  }
  // The highlighted region on top, so its outline is not hidden by its neighbours'.
  const marked = regions.querySelector(`[data-region="${highlight}"]`);
  if (marked) regions.append(marked.parentNode.tagName === "a" ? marked.parentNode : marked);
  svg.append(regions);
  figure.querySelector("[data-map-canvas]").replaceChildren(svg);
  figure.dataset.rendered = String(regions.querySelectorAll("path").length);
  enableDownloads(figure, rows.map(({ code, name, value }) => ({ code, name, value })));
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
