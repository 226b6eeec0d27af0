// REFERENCE ONLY, NOT SHIPPED: the smiley written in plain JavaScript (no framework, no build step),
// for `cargo xtask bench`, which loads it side by side with the Yew/wasm <medvirk-smiley> so the
// time-to-interactive figure is a ratio to what a careful hand-written widget achieves.
// Same features as ours: five labelled smileys as an ARIA radio group with roving tabindex and arrow
// keys, POST on choice, an optional comment sent with PATCH, a thank-you that takes focus, a status
// region and an error message. Bokmål texts only. The CSS comes in as a CSS module script (Chromium
// 123+): the stylesheet is part of the module graph, so the widget is styled when it first renders,
// as ours is with its adopted stylesheet.
import sheet from "./reference-smiley.css" with { type: "css" };

const LABELS = ["Veldig dårlig", "Dårlig", "Middels", "Bra", "Veldig bra"];
const MOUTHS = [
  "M7.5 17.2Q12 12.4 16.5 17.2",
  "M8 16.6Q12 14.2 16 16.6",
  "M8 15.6H16",
  "M8 14.6Q12 17.2 16 14.6",
  "M7.5 14Q12 19.2 16.5 14",
];
const MAX = 1000;
const SVG = "http://www.w3.org/2000/svg";

// Tiny element builder: h("p", {class: "x"}, "text", child).
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v);
  }
  el.append(...children);
  return el;
}

function face(mood) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("class", "face");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const add = (tag, attrs) => {
    const el = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    svg.append(el);
  };
  add("circle", { cx: 12, cy: 12, r: 10, fill: "none", stroke: "currentColor", "stroke-width": 1.6 });
  add("circle", { cx: 8.6, cy: 9.6, r: 1.3, fill: "currentColor" });
  add("circle", { cx: 15.4, cy: 9.6, r: 1.3, fill: "currentColor" });
  add("path", { d: MOUTHS[mood], fill: "none", stroke: "currentColor", "stroke-width": 1.6, "stroke-linecap": "round" });
  return svg;
}

class RefSmiley extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: "open" });
    root.adoptedStyleSheets = [sheet];
    this.endpoint = this.getAttribute("endpoint");
    this.widgetId = this.getAttribute("widget-id");
    this.id_ = crypto.randomUUID();
    this.shownAt = performance.now();
    this.sent = false;
    this.selected = 0;

    this.status = h("div", { class: "status", role: "status" });
    this.alert = h("div", { class: "alert", role: "alert" });
    this.buttons = LABELS.map((label, i) =>
      h(
        "button",
        {
          type: "button",
          role: "radio",
          class: "option",
          "aria-checked": "false",
          tabindex: i === 0 ? "0" : "-1",
          onclick: () => this.choose(i + 1),
          onkeydown: (e) => this.key(e, i + 1),
        },
        face(i),
        h("span", { class: "label" }, label),
      ),
    );
    this.group = h("div", { role: "radiogroup", "aria-labelledby": "q", class: "options" }, ...this.buttons);
    this.form = h(
      "div",
      {},
      h("p", { id: "q", class: "question" }, this.getAttribute("question") || "Hva synes du om denne siden?"),
      this.group,
    );
    root.append(h("div", { class: "smiley", lang: "nb" }, this.form, this.status, this.alert));
  }

  key(e, v) {
    const moves = { ArrowRight: v + 1, ArrowDown: v + 1, ArrowLeft: v - 1, ArrowUp: v - 1, Home: 1, End: 5 };
    if (e.key in moves) {
      e.preventDefault();
      const to = ((moves[e.key] + 4) % 5) + 1; // wraps, like a native radio group
      this.choose(to);
      this.buttons[to - 1].focus();
    } else if (e.key === " " || e.key === "Enter") {
      e.preventDefault();
      this.choose(v);
    }
  }

  choose(v) {
    if (this.selected === v) return;
    this.selected = v;
    this.buttons.forEach((b, i) => {
      b.setAttribute("aria-checked", String(i + 1 === v));
      b.tabIndex = i + 1 === v ? 0 : -1;
    });
    this.showComment();
    // The first choice creates the response; later ones change its rating.
    if (!this.sent) {
      this.sent = true;
      this.send("POST", this.endpoint, {
        schemaVersion: 1,
        responseId: this.id_,
        widgetId: this.widgetId,
        rating: { value: v, scale: 5 },
        language: "nb",
        page: { path: location.pathname },
        clientTimestamp: new Date().toISOString(),
        timeToAnswerMs: Math.round(performance.now() - this.shownAt),
      });
    } else {
      this.send("PATCH", `${this.endpoint}/${this.id_}`, { schemaVersion: 1, rating: { value: v, scale: 5 } });
    }
  }

  showComment() {
    if (this.comment) return;
    const counter = h("p", { id: "n", class: "counter" }, `0 av ${MAX} tegn`);
    this.comment = h("textarea", {
      id: "c",
      rows: "4",
      "aria-describedby": "p n",
      oninput: () => {
        const n = [...this.comment.value].length;
        counter.textContent = `${n} av ${MAX} tegn`;
        counter.toggleAttribute("data-over", n > MAX);
      },
    });
    this.form.append(
      h(
        "div",
        { class: "comment" },
        h("label", { for: "c" }, "Vil du fortelle oss mer? (valgfritt)"),
        h("p", { id: "p", class: "hint" }, "Ikke skriv personopplysninger som navn, fødselsnummer eller helseopplysninger."),
        this.comment,
        counter,
        h(
          "div",
          { class: "actions" },
          h("button", { type: "button", onclick: () => this.submitComment() }, "Send kommentar"),
          h("button", { type: "button", class: "secondary", onclick: () => this.thank() }, "Ferdig uten kommentar"),
        ),
      ),
    );
  }

  async submitComment() {
    const text = this.comment.value.trim();
    if ([...text].length > MAX) return;
    if (text && (await this.send("PATCH", `${this.endpoint}/${this.id_}`, { schemaVersion: 1, comment: text }))) {
      this.thank();
    } else if (!text) this.thank();
  }

  thank() {
    this.form.remove();
    const p = h("p", { class: "thanks", tabindex: "-1" }, "Takk for tilbakemeldingen!");
    this.status.replaceChildren(p);
    p.focus();
  }

  async send(method, url, body) {
    this.status.textContent = "Sender …";
    try {
      const r = await fetch(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      if (!r.ok) throw new Error(String(r.status));
      this.status.textContent = "Lagret.";
      this.alert.textContent = "";
      return true;
    } catch {
      this.status.textContent = "";
      this.alert.textContent = "Vi fikk ikke sendt svaret ditt. Sjekk internettforbindelsen og prøv igjen.";
      return false;
    }
  }
}

customElements.define("ref-smiley", RefSmiley);
