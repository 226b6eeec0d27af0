//! End-to-end tests of `<medvirk-case-form>`'s DOM events: `medvirk-submit` with the case before it
//! is sent, `medvirk-submitted` with the receipt the server gave, and a host page that cancels
//! `medvirk-submit` and so takes the send over (nothing reaches our server, the form says so).

use std::time::Duration;

use medvirk_core::case_form::texts;
use medvirk_core::lang::Lang;
use medvirk_e2e::{Browser, Server};
use serde_json::{Value, json};

/// Two forms for different councils (so their drafts do not meet) on the demo page; a document
/// listener records every medvirk event, and `#b`'s own listener cancels its `medvirk-submit`.
fn open_two_forms(b: &Browser, server: &Server) {
    b.goto(&format!("{}/case-form.html", server.url));
    b.js(
        "window.__events = [];
         for (const name of ['medvirk-submit', 'medvirk-submitted', 'medvirk-error']) {
           document.addEventListener(name, (e) => {
             window.__events.push({ name, detail: e.detail, cancelable: e.cancelable,
                                    bubbles: e.bubbles, composed: e.composed, target: e.target.id });
           });
         }
         document.querySelector('main').innerHTML = '<h1>medvirk-case-form</h1>' +
           '<medvirk-case-form id=\"a\" endpoint=\"/api/v1/cases\" council=\"brukerradet-helse-x\" lang=\"nb\"></medvirk-case-form>' +
           '<medvirk-case-form id=\"b\" endpoint=\"/api/v1/cases\" council=\"eldreradet-vestby\" lang=\"nb\"></medvirk-case-form>';
         document.querySelector('#b').addEventListener('medvirk-submit', (e) => e.preventDefault());",
        vec![],
    );
}

fn q(form: &str, selector: &str) -> String {
    format!("document.querySelector('#{form}').shadowRoot.querySelector({selector:?})")
}

fn click(b: &Browser, form: &str, selector: &str) {
    b.click(&b.find(&q(form, selector)));
}

fn text(b: &Browser, form: &str, selector: &str) -> String {
    b.js(
        &format!(
            "const e = {}; return e ? e.textContent.trim() : null;",
            q(form, selector)
        ),
        vec![],
    )
    .as_str()
    .unwrap_or("")
    .to_string()
}

/// Fills the required fields, reviews and presses send.
fn send_case(b: &Browser, form: &str, title: &str) {
    b.find(&format!(
        "document.querySelector('#{form}').shadowRoot && {}",
        q(form, "#mvc-title")
    ));
    b.type_text(&b.find(&q(form, "#mvc-title")), title);
    b.type_text(&b.find(&q(form, "#mvc-why")), "Det er lang kø om kvelden.");
    click(b, form, "#mvc-proposer-role");
    click(b, form, "[part=review]");
    click(b, form, "[part=send]");
}

fn events(b: &Browser, form: &str) -> Vec<Value> {
    b.js("return window.__events;", vec![])
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|e| e["target"] == form)
        .collect()
}

fn admin_titles(server: &Server) -> Vec<String> {
    let (status, body) = server.admin_get("/api/v1/admin/cases");
    assert_eq!(status, 200, "admin case list failed: {body}");
    body["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|c| c["title"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn submit_then_submitted_with_the_receipt_and_a_cancelled_submit_stores_nothing() {
    let t = texts(Lang::Nb);
    let server = Server::start();
    let b = Browser::start();
    open_two_forms(&b, &server);

    // A: our server stores it; the page hears the case first, then the receipt.
    send_case(&b, "a", "Ventetid hos legevakten");
    b.wait_until(
        "the receipt code",
        &format!(
            "{0} && {0}.textContent.trim().length > 0",
            q("a", "[part=receipt-code]")
        ),
    );
    let receipt = text(&b, "a", "[part=receipt-code]");
    b.wait_until(
        "medvirk-submitted from #a",
        "window.__events.some(e => e.name === 'medvirk-submitted' && e.target === 'a')",
    );
    let ev = events(&b, "a");
    let names: Vec<&str> = ev.iter().filter_map(|e| e["name"].as_str()).collect();
    assert_eq!(names, ["medvirk-submit", "medvirk-submitted"], "{ev:?}");
    let submit = &ev[0];
    assert_eq!(
        (
            &submit["cancelable"],
            &submit["bubbles"],
            &submit["composed"]
        ),
        (&json!(true), &json!(true), &json!(true))
    );
    assert_eq!(submit["detail"]["title"], "Ventetid hos legevakten");
    assert_eq!(submit["detail"]["council"], "brukerradet-helse-x");
    assert_eq!(submit["detail"]["schemaVersion"], 1);
    assert!(
        submit["detail"]["caseId"]
            .as_str()
            .is_some_and(|s| s.len() == 36)
    );
    assert_eq!(ev[1]["cancelable"], json!(false));
    assert_eq!(ev[1]["detail"]["receipt"], json!(receipt));
    assert_eq!(ev[1]["detail"]["id"], json!(receipt));
    assert_eq!(admin_titles(&server), ["Ventetid hos legevakten"]);

    // B: the page cancels `medvirk-submit` and sends it itself; nothing reaches our server.
    send_case(&b, "b", "Saken siden sender selv");
    b.wait_until(
        "the taken-over text",
        &format!("{} !== null", q("b", "[part=taken-over]")),
    );
    assert_eq!(text(&b, "b", "[part=taken-over]"), t.taken_over);
    assert_eq!(text(&b, "b", "#mvc-receipt"), t.receipt_heading);
    assert_eq!(
        b.js(
            "const r = document.querySelector('#b').shadowRoot; return r.activeElement && r.activeElement.id;",
            vec![]
        ),
        json!("mvc-receipt")
    );
    assert_eq!(
        b.js(
            &format!("return {} === null", q("b", "[part=receipt-code]")),
            vec![]
        ),
        json!(true)
    );
    b.assert_accessible("case form taken over by the host page");
    // Long enough for a request that should not exist to arrive; nothing waits in the outbox.
    std::thread::sleep(Duration::from_millis(1500));
    let ev = events(&b, "b");
    let names: Vec<&str> = ev.iter().filter_map(|e| e["name"].as_str()).collect();
    assert_eq!(names, ["medvirk-submit"], "{ev:?}");
    assert_eq!(ev[0]["detail"]["title"], "Saken siden sender selv");
    assert_eq!(admin_titles(&server), ["Ventetid hos legevakten"]);
    assert_eq!(
        b.js(
            "return localStorage.getItem('medvirk-outbox-case');",
            vec![]
        ),
        Value::Null,
        "the taken-over case must not wait in the outbox"
    );
}
