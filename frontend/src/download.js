// Download buttons of a chart: the drawn SVG, a PNG made from it through a canvas, and the
// chart's own data as CSV. The buttons are rendered by the server (portal/includes/
// chart_downloads.html, labels in the page's language) and shown once the chart is drawn.
//   <div data-chart-downloads hidden><button data-download="svg|png|csv">…</button></div>

function save(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// The chart's main SVG (a legend may be a smaller SVG of its own).
function mainSvg(figure) {
  const svgs = [...figure.querySelectorAll("[data-chart-canvas] svg, [data-map-canvas] svg")];
  const area = (svg) => (svg.width.baseVal.value || 0) * (svg.height.baseVal.value || 0);
  return svgs.sort((a, b) => area(b) - area(a))[0] || null;
}

function svgText(svg) {
  const copy = svg.cloneNode(true);
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  copy.setAttribute("width", String(svg.width.baseVal.value));
  copy.setAttribute("height", String(svg.height.baseVal.value));
  copy.style.background = "white";
  return new XMLSerializer().serializeToString(copy);
}

function csvCell(value) {
  if (value === null || value === undefined) return "";
  let text = String(value);
  // A spreadsheet must not read a name as a formula.
  if (typeof value === "string" && /^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\n\r;]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(rows) {
  const columns = [];
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (key !== "url" && !columns.includes(key) && typeof row[key] !== "object") columns.push(key);
    }
  }
  const lines = [columns.join(",")];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

function toPng(svg, filename) {
  const width = svg.width.baseVal.value;
  const height = svg.height.baseVal.value;
  const image = new Image();
  image.onload = () => {
    const canvas = document.createElement("canvas");
    canvas.width = width * 2;
    canvas.height = height * 2;
    const context = canvas.getContext("2d");
    context.fillStyle = "white";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.scale(2, 2);
    context.drawImage(image, 0, 0, width, height);
    canvas.toBlob((blob) => blob && save(blob, filename), "image/png");
  };
  // A data: URL, which the Content Security Policy allows for images.
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText(svg))}`;
}

// Shows and wires the figure's download buttons; `rows` is the data the chart drew.
export function enableDownloads(figure, rows) {
  const tools = figure.querySelector("[data-chart-downloads]");
  if (!tools) return;
  const name = figure.dataset.filename || "jiha-chart";
  figure.jihaRows = rows;
  if (tools.dataset.wired !== "true") {
    tools.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-download]");
      if (!button) return;
      const svg = mainSvg(figure);
      const kind = button.dataset.download;
      if (kind === "csv") {
        save(new Blob(["\ufeff", toCsv(figure.jihaRows || [])], { type: "text/csv" }), `${name}.csv`);
      } else if (kind === "svg" && svg) {
        save(new Blob([svgText(svg)], { type: "image/svg+xml" }), `${name}.svg`);
      } else if (kind === "png" && svg) {
        toPng(svg, `${name}.png`);
      }
    });
    tools.dataset.wired = "true";
  }
  tools.hidden = false;
}
