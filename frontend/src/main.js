// Jiha's front-end entry point: progressive enhancement only. Every page works without it
// (maps come with a table of the same figures); with it, maps are drawn from our own GeoJSON.
import { drawRegionMaps } from "./map.js";
import { drawSeries } from "./series.js";
import { keyboardScrollableTables } from "./a11y.js";

document.addEventListener("DOMContentLoaded", () => {
  drawRegionMaps(document);
  drawSeries(document);
  keyboardScrollableTables(document);
});
