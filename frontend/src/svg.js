// Small SVG helpers for our charts (no chart library: Observable Plot weighed 260 KB, see
// docs/decisions/0027). Axes use d3-array's tick algorithm.
import { nice, ticks } from "d3-array";
import { formatNumber } from "./format.js";

const NS = "http://www.w3.org/2000/svg";

export function el(name, attributes = {}, children = []) {
  const node = document.createElementNS(NS, name);
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined) node.setAttribute(key, String(value));
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

export function title(text) {
  const node = el("title");
  node.textContent = text;
  return node;
}

export function text(content, attributes) {
  const node = el("text", { "font-size": 11, fill: "currentColor", ...attributes });
  node.textContent = content;
  return node;
}

// A linear scale [d0, d1] → [r0, r1] with its nice ticks.
export function linear(values, [r0, r1], { zero = false, count = 5 } = {}) {
  let low = Math.min(...values, ...(zero ? [0] : []));
  let high = Math.max(...values, ...(zero ? [0] : []));
  if (low === high) {
    low -= Math.abs(low) * 0.1 || 1;
    high += Math.abs(high) * 0.1 || 1;
  }
  [low, high] = nice(low, high, count);
  const scale = (v) => r0 + ((v - low) / (high - low)) * (r1 - r0);
  scale.ticks = () => ticks(low, high, count);
  return scale;
}

// The chart's root <svg>, standalone (exported as a file as is).
export function svgRoot(width, height, label) {
  return el("svg", {
    xmlns: NS,
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: "img",
    "aria-label": label || null,
    "font-family": "system-ui, sans-serif",
    style: "max-width: 100%; height: auto; color: #212529; background: white",
  });
}

// A horizontal value axis (ticks and grid) at `y`, grid lines up to `top`.
export function xAxis(scale, y, top, unit, format = formatNumber) {
  const group = el("g", { "aria-hidden": "true" });
  for (const tick of scale.ticks()) {
    const x = scale(tick);
    group.append(
      el("line", { x1: x, x2: x, y1: top, y2: y, stroke: "#dee2e6" }),
      text(format(tick), { x, y: y + 14, "text-anchor": "middle" }),
    );
  }
  if (unit) group.append(text(unit, { x: scale(scale.ticks().at(-1) ?? 0), y: y + 28, "text-anchor": "end" }));
  return group;
}

// A vertical value axis (ticks and grid) at `x`, grid lines up to `right`.
export function yAxis(scale, x, right) {
  const group = el("g", { "aria-hidden": "true" });
  for (const tick of scale.ticks()) {
    const y = scale(tick);
    group.append(
      el("line", { x1: x, x2: right, y1: y, y2: y, stroke: tick === 0 ? "#6c757d" : "#dee2e6" }),
      text(formatNumber(tick), { x: x - 6, y: y + 4, "text-anchor": "end" }),
    );
  }
  return group;
}
