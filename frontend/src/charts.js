// The chart and map code (SVG of our own and d3-geo): a bundle of its own, imported by main.js
// only on pages that have a chart or a map.
import { drawDots } from "./dots.js";
import { drawRegionMaps } from "./map.js";
import { drawSeries } from "./series.js";

export function drawCharts(root) {
  drawRegionMaps(root);
  drawSeries(root);
  drawDots(root);
}
