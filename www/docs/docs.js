// docs.js: fills in the current build's values on the documentation pages (CSP-safe: an external
// script, no inline code). Reads /widgets/manifest.json, which `cargo xtask build` writes, and puts the
// sha384 of medvirk.js into every element marked data-integrity, so the snippet a webmaster copies
// always matches the script this server serves.
const manifest = await fetch(new URL("/widgets/manifest.json", import.meta.url)).then((r) => r.json());
const entry = manifest.files.find((f) => f.name === "medvirk.js");
for (const el of document.querySelectorAll("[data-integrity]")) el.textContent = entry.integrity;
for (const el of document.querySelectorAll("[data-bundles]")) {
  el.textContent = manifest.bundles.map((b) => `${b.name}: ${b.js}, ${b.wasm}`).join("\n");
}
