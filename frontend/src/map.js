// Choropleth of the 12 regions, drawn with Observable Plot from the GeoJSON Jiha ships.
//
// Markup contract (see jiha/portal/templates/portal/includes/region_map.html):
//   <figure data-region-map data-geojson="URL" data-values="ID_OF_JSON_SCRIPT"
//           data-highlight="MA-03" data-label="Population 2024">
// The JSON script holds [{code, name, value, display, url}, …] for the regions to colour.
import * as Plot from "@observablehq/plot";

const locale = () => document.documentElement.lang || "fr";

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

function renderMap(figure, geojson, rows) {
  const byCode = new Map(rows.map((row) => [row.code, row]));
  const highlight = figure.dataset.highlight || null;
  const features = geojson.features.filter((f) => byCode.has(f.properties.code));
  const width = Math.max(280, Math.min(figure.clientWidth || 600, 720));
  const number = new Intl.NumberFormat(locale() === "ar" ? "ar-MA" : locale());
  const valueOf = (f) => byCode.get(f.properties.code).value;
  const titleOf = (f) => {
    const row = byCode.get(f.properties.code);
    return `${row.name}\n${figure.dataset.label}: ${row.display ?? number.format(row.value)}`;
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
      label: figure.dataset.label,
      tickFormat: (d) => number.format(d),
    },
    marks: [
      Plot.geo(features, {
        fill: valueOf,
        stroke: (f) => (f.properties.code === highlight ? "#b8000f" : "white"),
        strokeWidth: (f) => (f.properties.code === highlight ? 2.5 : 0.8),
        title: titleOf,
        href: (f) => byCode.get(f.properties.code).url,
        ariaLabel: "regions",
        className: "jiha-map-regions",
      }),
    ],
  });
  // A group of links, not an image: an img role would hide the region links inside it (axe
  // nested-interactive). Each link is named by its region and value; Plot's mark labels go.
  chart.setAttribute("role", "group");
  chart.setAttribute("aria-label", figure.dataset.description || figure.dataset.label);
  for (const g of chart.querySelectorAll("g[aria-label]")) g.removeAttribute("aria-label");
  // One path per region, tagged with its code so pages and tests can address it.
  const paths = chart.querySelectorAll(".jiha-map-regions path");
  features.forEach((feature, index) => {
    if (!paths[index]) return;
    paths[index].dataset.region = feature.properties.code;
    paths[index].closest("a")?.setAttribute("aria-label", titleOf(feature).replace("\n", ", "));
  });
  figure.querySelector("[data-map-canvas]").replaceChildren(chart);
  figure.dataset.rendered = String(paths.length);
}

export function drawRegionMaps(root) {
  for (const figure of root.querySelectorAll("[data-region-map]")) {
    const status = figure.querySelector("[data-map-canvas]");
    loadGeojson(figure.dataset.geojson)
      .then((geojson) => renderMap(figure, geojson, readValues(figure)))
      .catch((error) => {
        status.textContent = figure.dataset.error || "Map unavailable";
        figure.dataset.rendered = "error";
        console.error(error);
      });
  }
}
