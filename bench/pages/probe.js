// Bench probe, inlined by `cargo xtask bench` at the top of each bench page so it runs before any
// widget code. It wraps attachShadow to watch every shadow root with a MutationObserver and records,
// in ms since navigation start (performance.now()), when the first role=radio button exists (then
// clicks it at once), when that click has taken effect (aria-checked="true"), and when a directory
// card first exists. window.__benchReady resolves with the record once the smiley responded;
// window.__benchRendered once a directory card exists. Not part of any shipped page.
(() => {
  const r = (window.__bench = { exist: null, respond: null, minHeight: null, render: null });
  let ready, rendered;
  window.__benchReady = new Promise((f) => (ready = f));
  window.__benchRendered = new Promise((f) => (rendered = f));
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, init);
    let button = null;
    const check = () => {
      if (!button) {
        button = root.querySelector("[role=radio]");
        if (button) {
          r.exist = performance.now();
          button.click();
        }
      }
      if (button && r.respond === null && button.getAttribute("aria-checked") === "true") {
        r.respond = performance.now();
        // Whether the widget's stylesheet applied by then (both set min-height: 44px).
        r.minHeight = getComputedStyle(button).minHeight;
        ready(r);
      }
      if (r.render === null && root.querySelector("[part~=card]")) {
        r.render = performance.now();
        rendered(r);
      }
    };
    new MutationObserver(check).observe(root, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["aria-checked"],
    });
    return root;
  };
})();
