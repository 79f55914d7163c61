// Builds the front-end into jiha/portal/static/dist: copies vendor files from node_modules and
// bundles our modules with esbuild. Nothing is fetched at run time (closed-network deployments).
import { build } from "esbuild";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "jiha", "portal", "static", "dist");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const vendor = {
  "bootstrap/dist/css/bootstrap.min.css": "bootstrap.min.css",
  "bootstrap/dist/css/bootstrap.rtl.min.css": "bootstrap.rtl.min.css",
  "bootstrap/dist/js/bootstrap.bundle.min.js": "bootstrap.bundle.min.js",
  "htmx.org/dist/htmx.min.js": "htmx.min.js",
};
for (const [from, to] of Object.entries(vendor)) {
  copyFileSync(join(root, "node_modules", from), join(out, to));
}

await build({
  entryPoints: [join(root, "frontend", "src", "main.js")],
  bundle: true,
  minify: true,
  format: "esm",
  target: ["es2020"],
  outfile: join(out, "jiha.js"),
  legalComments: "linked",
  logLevel: "warning",
});
console.log(`front-end built into ${out}`);
