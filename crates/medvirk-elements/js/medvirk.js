// medvirk.js: the one entry script a host page includes. It defines the <medvirk-*> custom elements,
// upgrades <div data-medvirk="..."> for CMSs that strip unknown tags, and fetches the wasm a page needs
// only once such an element is present (with loading="lazy", once it comes near the viewport).
// `cargo xtask build` injects the bundle list and minifies it.
//
// wasm-bindgen cannot subclass HTMLElement, so the element classes live here and forward their
// lifecycle to the Rust exports `mount(kind, host)` → handle, `handle.update()`, `handle.destroy()`.

// Widget kind (tag without "medvirk-", value of data-medvirk) → the attributes it reads.
// A new widget adds one line here and one Cargo feature in crates/medvirk-elements.
// `mapping` (every widget) is the URL of a mapping document, read like a <script slot="mapping">.
const WIDGETS = {
  smiley: ["endpoint", "widget-id", "lang", "scale", "question", "mapping"],
  directory: ["src", "format", "council", "organisation", "level", "lang", "mapping"],
  "case-form": ["endpoint", "council", "council-name", "lang", "format", "service-code", "jurisdiction-id", "api-key", "mode", "mapping"],
};

// The built wasm bundles, smallest first: which widgets each holds, `mapping: true` when it reads
// <script slot="mapping"> (the per-widget bundles leave that out to stay small), and its glue and
// wasm files (content-hashed names, relative to this script). Replaced by `cargo xtask build`.
const BUNDLES = /*MEDVIRK_BUNDLES*/ [];

// A second copy of this script (another URL or version on the same page) must not mount every
// widget twice: the first copy to run owns the page.
const OWNER = Symbol.for("medvirk.loader");

if (!globalThis[OWNER] && globalThis.customElements) {
  globalThis[OWNER] = true;
  start();
}

function start() {
  const kinds = Object.keys(WIDGETS).filter((k) => BUNDLES.some((b) => b.widgets.includes(k)));
  const loads = new Map(); // bundle → Promise of its initialised glue module
  const state = new WeakMap(); // host → { h: Rust handle once mounted }
  // A widget element with a mapping: a direct child script (the only place the wasm reads one
  // from), or a mapping URL in its attribute.
  const MAPPED = kinds
    .flatMap((k) => [`medvirk-${k}>script[slot="mapping"]`, `medvirk-${k}[mapping]`, `[data-medvirk="${k}"]>script[slot="mapping"]`, `[data-medvirk="${k}"][data-mapping]`])
    .join();

  // Starts (once per bundle) the glue import and the wasm fetch side by side: the fetch promise goes
  // into the glue's init, so the wasm download does not wait for the glue to arrive.
  const load = (kind, host) => {
    // A host with a mapping needs a bundle that reads it; a started one without would refuse it.
    const own =
      !!host.querySelector(':scope>script[slot="mapping"]') ||
      host.hasAttribute(host.localName.startsWith("medvirk-") ? "mapping" : "data-mapping");
    const fits = (b) => b.widgets.includes(kind) && (b.mapping || !own);
    for (const [bundle, p] of loads) if (fits(bundle)) return p;
    // Pick the smallest bundle that covers every kind on the page now, so a page with several kinds
    // runs one Yew runtime, and reads mappings when any widget on the page has one; fall back to the
    // smallest that fits this host.
    const present = kinds.filter((k) => k === kind || document.querySelector(`medvirk-${k},[data-medvirk="${k}"]`));
    const mapped = own || !!document.querySelector(MAPPED);
    const bundle =
      BUNDLES.find((b) => present.every((k) => b.widgets.includes(k)) && (b.mapping || !mapped)) ||
      BUNDLES.find(fits) ||
      BUNDLES.find((b) => b.widgets.includes(kind));
    const url = (file) => new URL(file, import.meta.url).href;
    const wasm = fetch(url(bundle.wasm));
    const p = import(url(bundle.js)).then(async (glue) => {
      await glue.default({ module_or_path: wasm });
      return glue;
    });
    p.catch(() => loads.delete(bundle)); // let a later element try again
    loads.set(bundle, p);
    return p;
  };

  // loading="lazy" (data-loading="lazy" on the div form) waits until the element is within 200px of
  // the viewport, so a widget far down a long page costs nothing until the reader gets near it.
  // One observer serves every lazy widget; `near` maps a waiting host to its start function.
  const near = new WeakMap();
  let io;
  const whenNear = (host, go) => {
    io ||= new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          const f = e.isIntersecting && near.get(e.target);
          if (f) {
            near.delete(e.target);
            io.unobserve(e.target);
            f();
          }
        }
      },
      { rootMargin: "200px" },
    );
    near.set(host, go);
    io.observe(host);
  };

  const connect = (host, kind) => {
    if (state.has(host)) return; // moved within the page, or already loading: keep that
    const s = {};
    state.set(host, s);
    const go = () => mountWhenLoaded(host, kind, s);
    const lazy = (host.getAttribute("loading") || host.getAttribute("data-loading")) === "lazy";
    if (lazy && globalThis.IntersectionObserver) whenNear(host, go);
    else go();
  };

  const mountWhenLoaded = (host, kind, s) =>
    load(kind, host)
      .then((glue) => {
        if (state.get(host) === s && host.isConnected) s.h = glue.mount(kind, host);
      })
      .catch((err) => {
        // Loading or mounting failed: forget this attempt so a re-connect tries again.
        if (state.get(host) === s) state.delete(host);
        console.error("medvirk: could not start <" + host.localName + ">", err);
      });

  // A move fires disconnect then connect at once; waiting a microtask tells a move (keep the widget
  // and what the person typed) from a removal (destroy it).
  const disconnect = (host) =>
    queueMicrotask(() => {
      const s = state.get(host);
      if (!s || host.isConnected) return;
      state.delete(host);
      if (near.delete(host)) io.unobserve(host); // removed before it came near: never load for it
      if (s.h) s.h.destroy();
    });

  const update = (host) => {
    const s = state.get(host);
    if (s && s.h) s.h.update();
  };

  for (const kind of kinds) {
    const tag = `medvirk-${kind}`;
    if (customElements.get(tag)) continue;
    customElements.define(
      tag,
      class extends HTMLElement {
        static get observedAttributes() {
          return WIDGETS[kind];
        }
        connectedCallback() {
          connect(this, kind);
        }
        disconnectedCallback() {
          disconnect(this);
        }
        attributeChangedCallback() {
          update(this);
        }
      },
    );
  }

  // <div data-medvirk="smiley" data-endpoint="..."> for CMSs that strip unknown tags: upgraded now,
  // and later through a MutationObserver (added, removed and attribute changes).
  const divs = (node, f) => {
    if (node.nodeType !== 1) return;
    if (node.matches("[data-medvirk]")) f(node);
    for (const el of node.querySelectorAll("[data-medvirk]")) f(el);
  };
  const connectDiv = (el) => {
    const kind = el.getAttribute("data-medvirk");
    if (kinds.includes(kind) && !el.localName.startsWith("medvirk-")) connect(el, kind);
  };
  const root = document.documentElement;
  divs(root, connectDiv);
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === "attributes") update(r.target);
      else {
        r.removedNodes.forEach((n) => divs(n, disconnect));
        r.addedNodes.forEach((n) => divs(n, connectDiv));
      }
    }
  }).observe(root, {
    childList: true,
    subtree: true,
    attributes: true,
    // A div's own `lang` counts when it has no data-lang (see own_lang in src/host.rs).
    attributeFilter: ["lang", ...kinds.flatMap((k) => WIDGETS[k].map((a) => `data-${a}`))],
  });
}
