//! End-to-end tests of embedding: the strict-CSP page with every widget, languages and instances side by
//! side, lazy loading, no wasm without a widget, the `integrity` value the docs show, and axe on the docs.
//!
//! Each test starts its own server (own SQLite file) and browser.

use medvirk_core::case_form::texts;
use medvirk_core::lang::Lang;
use medvirk_e2e::{Browser, Server};
use serde_json::{Value, json};
use std::time::Duration;

/// The policy the server must send for the strict-CSP page; the test fails if the page is served
/// without it (a page without a policy has no violations to report and would pass for nothing).
const POLICY_PARTS: [&str; 3] = [
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "connect-src 'self'",
];

/// Collects `securitypolicyviolation` events from the first moment of every document: injected through
/// DevTools before any page script runs (and not itself subject to the page's CSP), so violations
/// during parsing and widget start-up are caught, not only those after the test attaches.
const COLLECT_VIOLATIONS: &str = "window.__medvirkCsp = [];
  addEventListener('securitypolicyviolation', (e) =>
    window.__medvirkCsp.push(e.effectiveDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber),
    true);";

fn shadow(id: &str) -> String {
    format!("document.getElementById({id:?}).shadowRoot")
}

fn text(b: &Browser, id: &str, inner: &str) -> String {
    b.js(
        &format!(
            "const r = {}; const e = r && r.querySelector({inner:?}); return e ? e.textContent.trim() : null;",
            shadow(id)
        ),
        vec![],
    )
    .as_str()
    .unwrap_or("")
    .to_string()
}

/// Waits until the smiley `id` shows its radios; returns how many.
fn smileys(b: &Browser, id: &str) -> u64 {
    let r = shadow(id);
    b.wait_until(
        &format!("smileys in #{id}"),
        &format!("{r} && {r}.querySelectorAll('[role=radio]').length"),
    )
    .as_u64()
    .unwrap_or(0)
}

fn rate(b: &Browser, id: &str, index: usize) {
    b.click(&b.find(&format!(
        "{}.querySelectorAll('[role=radio]')[{index}]",
        shadow(id)
    )));
}

fn checked(b: &Browser, id: &str) -> Value {
    b.js(
        &format!(
            "return {}.querySelectorAll('[aria-checked=true]').length",
            shadow(id)
        ),
        vec![],
    )
}

/// URLs of the resources the page fetched whose name contains `needle`.
fn fetched(b: &Browser, needle: &str) -> Vec<String> {
    let v = b.js(
        "return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes(arguments[0]));",
        vec![json!(needle)],
    );
    serde_json::from_value(v).expect("resource names are strings")
}

fn row<'a>(rows: &'a [Value], widget_id: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["widgetId"] == widget_id)
        .unwrap_or_else(|| panic!("no row for {widget_id}: {rows:#?}"))
}

fn csp_console_lines(b: &Browser) -> Vec<String> {
    b.console()
        .into_iter()
        .filter(|l| l.contains("Content Security Policy") || l.contains("Refused to"))
        .collect()
}

fn get(url: &str) -> (u16, Option<String>, String) {
    let mut resp = ureq::get(url)
        .config()
        .http_status_as_error(false)
        .build()
        .call()
        .expect("GET");
    let csp = resp
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = resp.body_mut().read_to_string().unwrap_or_default();
    (resp.status().as_u16(), csp, body)
}

/// Waits until the loader has run on the page (it defines the elements synchronously when it starts).
fn wait_loader(b: &Browser) {
    b.wait_until(
        "medvirk.js to define the elements",
        "!!customElements.get('medvirk-smiley')",
    );
}

#[test]
fn strict_csp_page_runs_every_widget_with_no_violations() {
    let server = Server::start();
    let (status, csp, _) = get(&format!("{}/strict-csp.html", server.url));
    assert_eq!(status, 200);
    let csp = csp.expect("the strict-CSP page must be served with a Content-Security-Policy");
    for part in POLICY_PARTS {
        assert!(csp.contains(part), "policy lacks `{part}`: {csp}");
    }
    assert!(!csp.contains("unsafe-inline"), "{csp}");

    let b = Browser::start();
    b.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": COLLECT_VIOLATIONS }),
    );
    b.goto(&format!("{}/strict-csp.html", server.url));
    assert_eq!(
        b.js("return Array.isArray(window.__medvirkCsp)", vec![]),
        json!(true),
        "the violation collector must be in the page from the start"
    );

    // Every widget renders: two smileys (bokmål; Swedish from the section's lang), the case form in
    // nynorsk from its own lang, and the directory.
    assert_eq!(smileys(&b, "csp-smiley-nb"), 5);
    assert_eq!(smileys(&b, "csp-smiley-sv"), 3);
    assert_eq!(
        text(&b, "csp-smiley-nb", "[part=question]"),
        "Hva synes du om denne siden?"
    );
    assert_eq!(
        text(&b, "csp-smiley-sv", "[part=question]"),
        "Vad tycker du om den här sidan?"
    );
    let nn = texts(Lang::Nn);
    b.wait_until(
        "the nynorsk case form",
        &format!(
            "{0} && {0}.querySelector('[part=heading]')",
            shadow("csp-case-form")
        ),
    );
    assert_eq!(text(&b, "csp-case-form", "[part=heading]"), nn.heading);
    b.wait_until(
        "directory cards",
        &format!(
            "{0} && {0}.querySelector('[part~=card]')",
            shadow("csp-directory")
        ),
    );

    // Styles are in force although no <style> element or style attribute is allowed: the widgets'
    // constructable stylesheets apply (a focusable radio gets at least the 44 px target size).
    let height = b.js(
        &format!(
            "return {}.querySelector('[role=radio]').getBoundingClientRect().height",
            shadow("csp-smiley-nb")
        ),
        vec![],
    );
    assert!(
        height.as_f64().unwrap_or(0.0) >= 44.0,
        "radio height {height}"
    );

    // Interact: rate both smileys, open the case form's error summary, search the directory.
    rate(&b, "csp-smiley-nb", 3);
    rate(&b, "csp-smiley-sv", 0);
    let rows = server.wait_for_feedback("both ratings", |r| r.len() == 2);
    let (nb, sv) = (row(&rows, "csp-bokmal"), row(&rows, "csp-svenska"));
    assert_eq!(
        (&nb["language"], &nb["ratingValue"], &nb["ratingScale"]),
        (&json!("nb"), &json!(4), &json!(5))
    );
    assert_eq!(
        (&sv["language"], &sv["ratingValue"], &sv["ratingScale"]),
        (&json!("sv"), &json!(1), &json!(3))
    );
    assert_eq!(nb["pagePath"], "/strict-csp.html");
    b.click(&b.find(&format!(
        "{}.querySelector('[part=review]')",
        shadow("csp-case-form")
    )));
    b.wait_until(
        "the case form's error summary",
        &format!(
            "{}.querySelector('[part=error-summary]')",
            shadow("csp-case-form")
        ),
    );
    let search = b.find(&format!(
        "{}.getElementById('md-search')",
        shadow("csp-directory")
    ));
    b.type_text(&search, "zzzz-ingen");
    b.wait_until(
        "the directory's empty result",
        &format!("{}.querySelector('[part~=empty]')", shadow("csp-directory")),
    );

    let violations = b.js("return window.__medvirkCsp", vec![]);
    assert_eq!(violations, json!([]), "CSP violations on the strict page");
    let lines = csp_console_lines(&b);
    assert!(lines.is_empty(), "CSP errors in the console: {lines:?}");

    // axe-core is test tooling, not part of the page: checked after the violations, loaded past the CSP.
    b.load_axe_bypassing_csp();
    b.assert_accessible("strict-CSP page after interaction");

    // The collector works: an inline style attribute, which the policy forbids, is reported.
    b.js(
        "document.querySelector('footer').insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>');",
        vec![],
    );
    b.wait_until(
        "the reported inline-style violation",
        "window.__medvirkCsp.some(v => v.startsWith('style-src'))",
    );
}

#[test]
fn two_languages_and_several_instances_work_independently() {
    let server = Server::start();
    let b = Browser::start();
    b.goto(&format!("{}/strict-csp.html", server.url));
    smileys(&b, "csp-smiley-nb");
    smileys(&b, "csp-smiley-sv");

    // A third instance of the same widget, added later and in English, starts on its own.
    b.js(
        "const s = document.createElement('medvirk-smiley');
         s.id = 'csp-smiley-en'; s.lang = 'en';
         s.setAttribute('endpoint', '/api/v1/feedback'); s.setAttribute('widget-id', 'csp-english');
         document.getElementById('smiley-nb').append(s);",
        vec![],
    );
    assert_eq!(smileys(&b, "csp-smiley-en"), 5);
    assert_eq!(
        text(&b, "csp-smiley-en", "[part=question]"),
        "What do you think of this page?"
    );

    // Rating the Swedish one touches nothing else.
    rate(&b, "csp-smiley-sv", 2);
    let rows = server.wait_for_feedback("the Swedish rating", |r| r.len() == 1);
    assert_eq!(row(&rows, "csp-svenska")["language"], "sv");
    assert_eq!(checked(&b, "csp-smiley-nb"), json!(0));
    assert_eq!(checked(&b, "csp-smiley-en"), json!(0));
    assert_eq!(checked(&b, "csp-smiley-sv"), json!(1));
    // Each has its own comment box state: only the rated one offers a comment.
    assert_eq!(
        b.js(
            &format!(
                "return [{}, {}, {}].map(r => !!r.querySelector('textarea'))",
                shadow("csp-smiley-nb"),
                shadow("csp-smiley-sv"),
                shadow("csp-smiley-en")
            ),
            vec![]
        ),
        json!([false, true, false])
    );

    rate(&b, "csp-smiley-nb", 0);
    rate(&b, "csp-smiley-en", 4);
    let rows = server.wait_for_feedback("three ratings", |r| r.len() == 3);
    let got: Vec<(String, String, i64)> = ["csp-bokmal", "csp-svenska", "csp-english"]
        .iter()
        .map(|id| {
            let r = row(&rows, id);
            (
                id.to_string(),
                r["language"].as_str().unwrap_or("").to_string(),
                r["ratingValue"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("csp-bokmal".into(), "nb".into(), 1),
            ("csp-svenska".into(), "sv".into(), 3),
            ("csp-english".into(), "en".into(), 5),
        ]
    );

    // The nynorsk case form on the same page stays in nynorsk after all that.
    b.wait_until(
        "the nynorsk case form",
        &format!(
            "{0} && {0}.querySelector('[part=heading]')",
            shadow("csp-case-form")
        ),
    );
    assert_eq!(
        text(&b, "csp-case-form", "[part=heading]"),
        texts(Lang::Nn).heading
    );
    // One runtime for the page: exactly one wasm was fetched for three widget kinds.
    assert_eq!(fetched(&b, ".wasm").len(), 1, "{:?}", fetched(&b, ".wasm"));
}

#[test]
fn lazy_widgets_load_only_when_near_the_viewport() {
    let server = Server::start();
    let b = Browser::start();
    b.goto(&format!("{}/docs/lazy.html", server.url));
    wait_loader(&b);
    // Give an eager loader every chance to fetch: nothing may come.
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(fetched(&b, ".wasm"), Vec::<String>::new());
    assert_eq!(fetched(&b, "/widgets/medvirk-"), Vec::<String>::new());
    assert_eq!(
        b.js(
            "return document.getElementById('lazy-smiley').shadowRoot",
            vec![]
        ),
        Value::Null
    );
    b.assert_accessible("lazy page before scrolling");

    // Scrolling the first widget into view loads the wasm and mounts it, and only it.
    b.js(
        "document.getElementById('lazy-smiley').scrollIntoView()",
        vec![],
    );
    assert_eq!(smileys(&b, "lazy-smiley"), 5);
    assert_eq!(fetched(&b, ".wasm").len(), 1);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        b.js(
            "return document.getElementById('lazy-div').shadowRoot",
            vec![]
        ),
        Value::Null,
        "the second lazy widget, far below, must wait"
    );

    // The div form with data-loading="lazy" follows when it comes near, and works.
    b.js(
        "document.getElementById('lazy-div').scrollIntoView()",
        vec![],
    );
    assert_eq!(smileys(&b, "lazy-div"), 5);
    rate(&b, "lazy-div", 1);
    let rows = server.wait_for_feedback("the lazy div's rating", |r| r.len() == 1);
    assert_eq!(row(&rows, "docs-lazy-div")["ratingValue"], 2);
    assert_eq!(fetched(&b, ".wasm").len(), 1, "the wasm is fetched once");
    b.assert_accessible("lazy page, both widgets mounted");
}

#[test]
fn no_wasm_without_a_widget_and_the_docs_integrity_is_the_served_script() {
    let server = Server::start();
    let b = Browser::start();
    b.goto(&format!("{}/docs/", server.url));
    wait_loader(&b);
    // docs.js fills in the integrity from the manifest the build wrote.
    let shown = b.wait_until(
        "the integrity value",
        "(document.querySelector('[data-integrity]').textContent.match(/^sha384-[A-Za-z0-9+\\/]{64}$/) || [])[0]",
    );
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        fetched(&b, ".wasm"),
        Vec::<String>::new(),
        "a page with the script but no widget must not fetch wasm"
    );
    assert_eq!(fetched(&b, "/widgets/medvirk-"), Vec::<String>::new());

    // The value shown is the sha384 of the bytes the server sends for medvirk.js...
    let computed = b.js_async(
        "const done = arguments[arguments.length - 1];
         fetch('/widgets/medvirk.js', {cache: 'no-store'}).then(r => r.arrayBuffer())
           .then(buf => crypto.subtle.digest('SHA-384', buf))
           .then(h => done('sha384-' + btoa(String.fromCharCode(...new Uint8Array(h)))))
           .catch(e => done('error: ' + e));",
        vec![],
    );
    assert_eq!(computed, shown);
    // ...so the snippet works, and the browser refuses the script under any other hash.
    let load = |integrity: &str| {
        b.js_async(
            "const done = arguments[arguments.length - 1];
             const s = document.createElement('script');
             s.type = 'module'; s.src = '/widgets/medvirk.js?sri=' + Math.random(); s.integrity = arguments[0];
             s.onload = () => done('load'); s.onerror = () => done('error');
             document.head.append(s);",
            vec![json!(integrity)],
        )
    };
    assert_eq!(load(shown.as_str().unwrap_or("")), json!("load"));
    let wrong = format!("sha384-{}", "A".repeat(64));
    assert_eq!(load(&wrong), json!("error"));

    b.assert_accessible("docs index");
}

#[test]
fn docs_pages_show_live_widgets_pass_axe_and_link_nowhere_broken() {
    let server = Server::start();
    let b = Browser::start();
    for (page, widget, ready) in [
        ("/docs/smiley.html", "docs-smiley", "[role=radio]"),
        ("/docs/case-form.html", "docs-case-form", "[part=heading]"),
        ("/docs/directory.html", "docs-directory", "[part~=card]"),
    ] {
        b.goto(&format!("{}{page}", server.url));
        b.wait_until(
            &format!("the live example on {page}"),
            &format!("{0} && {0}.querySelector({ready:?})", shadow(widget)),
        );
        b.wait_until(
            &format!("the integrity value on {page}"),
            "document.querySelector('[data-integrity]').textContent.startsWith('sha384-') && document.querySelector('[data-integrity]').textContent.length > 70",
        );
        b.assert_accessible(page);
        let errors: Vec<String> = b
            .console()
            .into_iter()
            .filter(|l| l.starts_with("SEVERE"))
            .collect();
        assert!(errors.is_empty(), "console errors on {page}: {errors:?}");

        // Every same-site link on the page answers 200 (fragments aside).
        let links = b.js(
            "return [...document.querySelectorAll('a[href^=\"/\"]')].map(a => a.getAttribute('href').split('#')[0]);",
            vec![],
        );
        for href in links.as_array().into_iter().flatten() {
            let href = href.as_str().unwrap_or("/");
            let (status, _, _) = get(&format!("{}{href}", server.url));
            assert_eq!(status, 200, "{page} links to {href}");
        }
    }
}
