// Builds the front-end into jiha/portal/static/dist: copies vendor files from node_modules and
// bundles our modules with esbuild. Nothing is fetched at run time (closed-network deployments).
import { build } from "esbuild";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "jiha", "portal", "static", "dist");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// Vendor files are copied byte for byte (they stay identical to the locked npm packages), with
// the source maps they name: Django's manifest storage (production) refuses a CSS or JS file
// that refers to a file it cannot find.
const vendor = {
  "bootstrap/dist/css/bootstrap.min.css": "bootstrap.min.css",
  "bootstrap/dist/css/bootstrap.min.css.map": "bootstrap.min.css.map",
  "bootstrap/dist/css/bootstrap.rtl.min.css": "bootstrap.rtl.min.css",
  "bootstrap/dist/css/bootstrap.rtl.min.css.map": "bootstrap.rtl.min.css.map",
  "bootstrap/dist/js/bootstrap.bundle.min.js": "bootstrap.bundle.min.js",
  "bootstrap/dist/js/bootstrap.bundle.min.js.map": "bootstrap.bundle.min.js.map",
  "htmx.org/dist/htmx.min.js": "htmx.min.js",
};
for (const [from, to] of Object.entries(vendor)) {
  copyFileSync(join(root, "node_modules", from), join(out, to));
}

// Two bundles, no shared chunks: jiha.js (every page: sortable tables, the chart loader) and
// charts.js (the maps and charts: our SVG and d3-geo), which jiha.js imports only on pages with a
// chart, by the address the page gives (`{% static 'dist/charts.js' %}`, hashed in production).
// Neither file imports another by a relative path, so Django's manifest storage has nothing
// to rewrite inside them.
await build({
  entryPoints: {
    jiha: join(root, "frontend", "src", "main.js"),
    charts: join(root, "frontend", "src", "charts.js"),
  },
  bundle: true,
  minify: true,
  format: "esm",
  target: ["es2020"],
  outdir: out,
  legalComments: "linked",
  logLevel: "warning",
});

// The core bundle must never pull the chart code in (it is the point of the split).
const core = readFileSync(join(out, "jiha.js"), "utf8");
if (core.length > 20_000 || /\bfrom\s*["']\.\.?\//.test(core)) {
  console.error(`jiha.js is ${core.length} bytes or imports a file: the chart code leaked into it`);
  process.exit(1);
}

// The references Django's manifest storage follows: source maps, CSS url() and @import.
const REFERENCE_PATTERNS = [
  /sourceMappingURL=([^\s*]+)/g,
  /url\(\s*["']?(?!data:|#)([^"')]+?)["']?\s*\)/g,
  /@import\s+["']([^"']+)["']/g,
];

function missingReferences(directory) {
  const missing = [];
  for (const name of readdirSync(directory).filter((n) => /\.(css|js)$/.test(n))) {
    const text = readFileSync(join(directory, name), "utf8");
    for (const pattern of REFERENCE_PATTERNS) {
      for (const [, target] of text.matchAll(pattern)) {
        const path = target.split(/[?#]/)[0];
        if (!/^[a-z]+:/i.test(path) && !existsSync(join(directory, path))) {
          missing.push(`${name} -> ${target}`);
        }
      }
    }
  }
  return missing;
}

const missing = missingReferences(out);
if (missing.length > 0) {
  console.error(`front-end build refers to files it did not copy:\n  ${missing.join("\n  ")}`);
  process.exit(1);
}
console.log(`front-end built into ${out}`);
