// Twelve clearly different colours, one per region: a chart never repeats a colour. From Paul
// Tol's colour-blind-safe qualitative schemes ("muted", plus blue, orange and grey).
export const PALETTE = [
  "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77",
  "#CC6677", "#882255", "#AA4499", "#4477AA", "#EE7733", "#777777",
];
// The national reference is always black, never one of the palette's colours.
export const NATIONAL = "#000000";
export const HIGHLIGHT = "#b8000f";

// A colour per series name; more series than colours is a page error (split the chart).
export function colourScale(names) {
  const domain = [...new Set(names)];
  if (domain.length > PALETTE.length) {
    console.warn(`chart has ${domain.length} series for ${PALETTE.length} colours`);
  }
  return { domain, range: PALETTE.slice(0, domain.length) };
}
