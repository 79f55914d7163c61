// One number formatter for every chart, legend, tooltip and download: the page's language
// (<html lang>), always with the unit. Arabic pages use Moroccan Arabic (Latin digits, as in
// the tables rendered by the server).
const formatters = new Map();

export function pageLocale() {
  const lang = document.documentElement.lang || "fr";
  return lang === "ar" ? "ar-MA" : lang;
}

function formatter(options) {
  const key = JSON.stringify(options);
  if (!formatters.has(key)) formatters.set(key, new Intl.NumberFormat(pageLocale(), options));
  return formatters.get(key);
}

// A number for an axis or a legend: grouped digits, at most two decimals.
export function formatNumber(value) {
  if (value === null || value === undefined || Number.isNaN(Number(value))) return "—";
  return formatter({ maximumFractionDigits: 2 }).format(Number(value));
}

// A number with its unit ("4 467 911 persons", "12,5 %"); the unit comes from the server,
// already in the page's language.
export function formatValue(value, unit) {
  const number = formatNumber(value);
  if (!unit || number === "—") return number;
  return unit === "%" ? `${number} %` : `${number} ${unit}`;
}
