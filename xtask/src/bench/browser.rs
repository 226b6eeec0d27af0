//! Sections 2 and 3: time to interactive of the smiley next to the plain-JavaScript reference, and
//! the directory's initial render and time per keystroke, in headless Chromium driven through
//! chromedriver (the e2e crate's WebDriver client) with network and CPU emulation over CDP.
//!
//! Every time is taken in the page with `performance.now()` (milliseconds since navigation start)
//! by bench/pages/probe.js, so WebDriver's own round trips never count.

use anyhow::{Context, Result, bail};
use medvirk_e2e::Browser;
use serde::Serialize;
use serde_json::{Value, json};

/// A network and CPU setting of the browser.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Conditions {
    pub name: &'static str,
    /// Added round-trip time in ms (0: none).
    pub latency_ms: f64,
    /// Bits per second down and up (None: unlimited).
    pub down_bps: Option<f64>,
    pub up_bps: Option<f64>,
    /// CPU slowdown factor (1: none).
    pub cpu: f64,
}

pub const LOOPBACK: Conditions = Conditions {
    name: "loopback",
    latency_ms: 0.0,
    down_bps: None,
    up_bps: None,
    cpu: 1.0,
};

/// Issue 7's slow network: about 560 ms RTT, 1.4 Mbit/s down, 0.7 up, 4x CPU throttling (a
/// mid-range phone on a poor mobile connection).
pub const SLOW: Conditions = Conditions {
    name: "slow 3G + 4x CPU",
    latency_ms: 560.0,
    down_bps: Some(1_400_000.0),
    up_bps: Some(700_000.0),
    cpu: 4.0,
};

/// Applies `c` and disables the HTTP cache, for this tab and every later navigation in it.
pub fn apply(b: &Browser, c: &Conditions) {
    b.cdp("Network.enable", json!({}));
    b.cdp("Network.setCacheDisabled", json!({"cacheDisabled": true}));
    let bytes = |bps: Option<f64>| bps.map_or(-1.0, |b| b / 8.0);
    b.cdp(
        "Network.emulateNetworkConditions",
        json!({
            "offline": false,
            "latency": c.latency_ms,
            "downloadThroughput": bytes(c.down_bps),
            "uploadThroughput": bytes(c.up_bps),
        }),
    );
    b.cdp("Emulation.setCPUThrottlingRate", json!({"rate": c.cpu}));
}

/// Opens `url` in a fresh document (via about:blank, so nothing of the previous page survives)
/// and waits for the probe promise `promise` (`__benchReady` or `__benchRendered`).
fn load_and_wait(b: &Browser, url: &str, promise: &str) -> Result<Value> {
    b.goto("about:blank");
    b.goto(url);
    let v = b.js_async(
        &format!(
            "const done = arguments[arguments.length - 1];
             window.{promise}.then((r) => done(JSON.parse(JSON.stringify(r))), (e) => done({{error: String(e)}}));"
        ),
        vec![],
    );
    if v.get("error").is_some() {
        bail!("{url}: {v}; console: {:?}", b.console());
    }
    Ok(v)
}

/// One load of a smiley page: ms from navigation start.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct TtiSample {
    /// The first radio button exists in the shadow root.
    pub exist: f64,
    /// A click on it has set aria-checked="true": interactive.
    pub respond: f64,
}

/// Loads of ours and the reference under one condition.
#[derive(Clone, Debug, Serialize)]
pub struct TtiRun {
    pub conditions: Conditions,
    pub ours: Vec<TtiSample>,
    pub reference: Vec<TtiSample>,
}

/// Loads the two smiley pages alternately (1 warm-up pair, then `loads` pairs, the order flipped
/// each round so neither always goes first) and records when each became interactive.
pub fn time_to_interactive(
    b: &Browser,
    base: &str,
    c: &Conditions,
    loads: usize,
) -> Result<TtiRun> {
    apply(b, c);
    let mut run = TtiRun {
        conditions: *c,
        ours: Vec::new(),
        reference: Vec::new(),
    };
    for round in 0..=loads {
        let mut pages = [("smiley.html", true), ("reference.html", false)];
        if round % 2 == 1 {
            pages.reverse();
        }
        for (page, ours) in pages {
            let v = load_and_wait(b, &format!("{base}/{page}"), "__benchReady")?;
            let num = |k: &str| {
                v[k].as_f64()
                    .with_context(|| format!("{page}: no {k} in {v}"))
            };
            // Both stylesheets give the options min-height 44px: a bare button is not "ready".
            if v["minHeight"] != "44px" {
                bail!("{page}: the smiley was unstyled when it became interactive ({v})");
            }
            let sample = TtiSample {
                exist: num("exist")?,
                respond: num("respond")?,
            };
            if round > 0 {
                if ours {
                    &mut run.ours
                } else {
                    &mut run.reference
                }
                .push(sample);
            }
        }
    }
    Ok(run)
}

/// The directory page under one CPU setting.
#[derive(Clone, Debug, Serialize)]
pub struct DirectoryRun {
    pub cpu: f64,
    /// Navigation start to the first card in the shadow root, ms, per load.
    pub initial_render: Vec<f64>,
    /// Input event to DOM updated and layout done, ms, per keystroke.
    pub keystrokes: Vec<f64>,
}

/// What is typed (and then erased, one character at a time): names and places from the fixture's
/// spelling mix, a folding case (aa/å) and a query with no hits.
pub const QUERIES: &[&str] = &["hansen", "åsa", "aasen", "ødegård", "kari nordmann", "zqx"];

/// Types in the directory page: for each keystroke, sets the field's value, dispatches `input`,
/// waits one task (Yew renders in microtasks, so the DOM is updated by then), forces layout, and
/// takes the time; then waits a frame and a task so each keystroke starts from a painted page.
const TYPE_SCRIPT: &str = r#"
const [queries, done] = [arguments[0], arguments[arguments.length - 1]];
const root = document.getElementById("d").shadowRoot;
const input = root.querySelector("input[type=search]");
const task = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = r; c.port2.postMessage(0); });
const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
const times = [];
const key = async (value) => {
  const t0 = performance.now();
  input.value = value;
  input.dispatchEvent(new InputEvent("input", { bubbles: true, composed: true, inputType: "insertText" }));
  await task();
  root.querySelector("[part~=count]").getBoundingClientRect();
  times.push(performance.now() - t0);
  await frame();
};
(async () => {
  for (const q of queries) {
    const chars = [...q];
    for (let i = 1; i <= chars.length; i++) await key(chars.slice(0, i).join(""));
    for (let i = chars.length - 1; i >= 0; i--) await key(chars.slice(0, i).join(""));
  }
  done(times);
})().catch((e) => done({ error: String(e) }));
"#;

/// Loads the directory page (1 warm-up, then `loads` loads) at CPU slowdown `cpu`, then types
/// [`QUERIES`] in the last one.
pub fn directory(b: &Browser, base: &str, cpu: f64, loads: usize) -> Result<DirectoryRun> {
    apply(b, &Conditions { cpu, ..LOOPBACK });
    let mut run = DirectoryRun {
        cpu,
        initial_render: Vec::new(),
        keystrokes: Vec::new(),
    };
    for i in 0..=loads {
        let v = load_and_wait(b, &format!("{base}/directory.html"), "__benchRendered")?;
        if i > 0 {
            run.initial_render.push(
                v["render"]
                    .as_f64()
                    .with_context(|| format!("no render time in {v}"))?,
            );
        }
    }
    let v = b.js_async(TYPE_SCRIPT, vec![json!(QUERIES)]);
    let times = v
        .as_array()
        .with_context(|| format!("typing failed: {v}; console: {:?}", b.console()))?;
    run.keystrokes = times.iter().filter_map(Value::as_f64).collect();
    Ok(run)
}
