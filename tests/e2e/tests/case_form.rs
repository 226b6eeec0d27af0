//! End-to-end tests of `<medvirk-case-form>`: the real server, the demo page, headless Chromium and
//! axe-core in every step, in all four languages, plus drafts, consent and the Open311 format.
//!
//! Each test starts its own server (own SQLite file) and browser. Expected texts come from core's
//! catalogue (`case_form::texts`), so a reworded text does not break the tests but a wrong
//! language does.

use medvirk_core::case_form::texts;
use medvirk_core::lang::Lang;
use medvirk_e2e::{Browser, Server};
use serde_json::{Value, json};

const COUNCIL: &str = "brukerradet-helse-x";
const DRAFT_KEY: &str = "medvirk-case-draft:brukerradet-helse-x";
const ROOT: &str = "document.querySelector('#cf').shadowRoot";

/// Opens the demo page and puts a fresh `<medvirk-case-form id="cf">` with `attrs` in its main.
fn open(b: &Browser, server: &Server, attrs: &str) {
    b.goto(&format!("{}/case-form.html", server.url));
    b.js(
        "document.querySelector('main').innerHTML = '<h1>medvirk-case-form</h1><medvirk-case-form id=\"cf\" ' + arguments[0] + '></medvirk-case-form>';",
        vec![json!(attrs)],
    );
    b.find(&format!("{ROOT} && {ROOT}.querySelector('button')"));
}

fn q(selector: &str) -> String {
    format!("{ROOT}.querySelector({selector:?})")
}

fn text(b: &Browser, selector: &str) -> String {
    b.js(
        &format!(
            "const e = {}; return e ? e.textContent.trim() : null;",
            q(selector)
        ),
        vec![],
    )
    .as_str()
    .unwrap_or("")
    .to_string()
}

fn wait_focus(b: &Browser, id: &str) {
    b.wait_until(
        &format!("focus on #{id}"),
        &format!("{ROOT}.activeElement && {ROOT}.activeElement.id === {id:?}"),
    );
}

fn click(b: &Browser, selector: &str) {
    b.click(&b.find(&q(selector)));
}

fn type_into(b: &Browser, selector: &str, text: &str) {
    b.type_text(&b.find(&q(selector)), text);
}

fn get_json(url: &str) -> (u16, Value) {
    let mut resp = ureq::get(url)
        .config()
        .http_status_as_error(false)
        .build()
        .call()
        .expect("GET");
    let status = resp.status().as_u16();
    (status, resp.body_mut().read_json().unwrap_or(Value::Null))
}

fn admin_cases(server: &Server) -> Vec<Value> {
    let (status, body) = server.admin_get("/api/v1/admin/cases");
    assert_eq!(status, 200, "admin case list failed: {body}");
    body["items"].as_array().cloned().unwrap_or_default()
}

fn is_receipt(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 12
        && s.starts_with("BR-")
        && b[7] == b'-'
        && b[3..7].iter().chain(&b[8..]).all(u8::is_ascii_digit)
}

/// Fills the required fields and a "where".
fn fill_required(b: &Browser, title: &str) {
    type_into(b, "#mvc-title", title);
    type_into(b, "#mvc-why", "Det er lang kø om kvelden.");
    type_into(b, "#mvc-where", "Legevakten");
    click(b, "#mvc-proposer-role");
}

fn whole_flow(lang: Lang) {
    let t = texts(lang);
    let tag = lang.tag();
    let server = Server::start();
    let b = Browser::start();
    open(
        &b,
        &server,
        &format!(
            "endpoint=\"/api/v1/cases\" council=\"{COUNCIL}\" council-name=\"Brukerrådet i Helse X\" lang=\"{tag}\""
        ),
    );
    assert_eq!(text(&b, "h2"), t.heading);
    assert!(text(&b, "label[for=mvc-title]").contains(t.required_marker));
    b.assert_accessible(&format!("{tag}: empty form"));

    // Empty submit: a summary with a link per error, focused, errors next to the fields.
    click(&b, "[part=review]");
    wait_focus(&b, "mvc-error-summary");
    let links = b.js(
        &format!("return [...{ROOT}.querySelectorAll('.error-summary a')].map(a => a.textContent)"),
        vec![],
    );
    assert_eq!(
        links,
        json!([
            t.err_title_required,
            t.err_why_required,
            t.err_role_required
        ])
    );
    assert_eq!(
        b.js(
            &format!("return {}.getAttribute('aria-invalid')", q("#mvc-title")),
            vec![]
        ),
        json!("true")
    );
    assert!(text(&b, "#mvc-title-error").contains(t.err_title_required));
    b.assert_accessible(&format!("{tag}: error summary"));
    click(&b, ".error-summary a");
    wait_focus(&b, "mvc-title");

    // Filled in: the review lists what will be sent.
    fill_required(&b, &format!("Ventetid ({tag})"));
    assert!(
        b.js(
            &format!("return {ROOT}.querySelectorAll('.error-summary').length"),
            vec![]
        ) == json!(0),
        "the summary goes once every error is fixed"
    );
    click(&b, "[part=review]");
    wait_focus(&b, "mvc-review");
    assert_eq!(text(&b, "#mvc-review"), t.review_heading);
    assert!(text(&b, "[part=review]").contains(&format!("Ventetid ({tag})")));
    assert!(text(&b, "[part=review]").contains(t.review_anonymous));
    b.assert_accessible(&format!("{tag}: review"));

    // "Change" goes back to the field, and on to the review again.
    click(&b, "[part=change][data-field=why]");
    wait_focus(&b, "mvc-why");
    click(&b, "[part=review]");
    wait_focus(&b, "mvc-review");

    // Send: the receipt, stored in the language of the form, the draft gone.
    click(&b, "[part=send]");
    b.find(&q("[part=receipt-code]"));
    wait_focus(&b, "mvc-receipt");
    let receipt = text(&b, "[part=receipt-code]");
    assert!(is_receipt(&receipt), "{receipt:?}");
    assert!(text(&b, ".receipt").contains(t.next_steps));
    b.assert_accessible(&format!("{tag}: receipt"));
    assert_eq!(
        b.js(
            &format!("return localStorage.getItem({DRAFT_KEY:?})"),
            vec![]
        ),
        Value::Null
    );
    let (status, view) = get_json(&format!("{}/api/v1/cases/{receipt}", server.url));
    assert_eq!(
        (status, view["status"].clone()),
        (200, json!("received")),
        "{view}"
    );
    let cases = admin_cases(&server);
    assert_eq!(cases.len(), 1, "{cases:#?}");
    let case = &cases[0];
    assert_eq!(case["receipt"], json!(receipt));
    assert_eq!(case["language"], json!(tag));
    assert_eq!(case["title"], json!(format!("Ventetid ({tag})")));
    assert_eq!(case["where"], json!("Legevakten"));
    assert_eq!(case["proposer"]["role"], json!("service_user"));
    assert!(case["contact"].is_null(), "{case}");

    // Status lookup in its own element, code typed in lower case.
    open(
        &b,
        &server,
        &format!("endpoint=\"/api/v1/cases\" mode=\"status\" lang=\"{tag}\""),
    );
    assert_eq!(text(&b, "h2"), t.status_heading);
    b.assert_accessible(&format!("{tag}: status lookup"));
    type_into(&b, "#mvc-status-code", &receipt.to_lowercase());
    click(&b, "[part=status-button]");
    b.find(&q("[part=status-label]"));
    assert_eq!(text(&b, "[part=status-label]"), t.status_received);
    assert!(text(&b, "[part=history]").contains(t.status_received));
    b.assert_accessible(&format!("{tag}: status shown"));
    // A code that cannot be one is refused next to the field, without a request.
    b.js(&format!("{}.value = ''", q("#mvc-status-code")), vec![]);
    type_into(&b, "#mvc-status-code", "BR-12");
    click(&b, "[part=status-button]");
    b.find(&q("#mvc-status-code-error"));
    wait_focus(&b, "mvc-status-code");
}

#[test]
fn whole_flow_nb() {
    whole_flow(Lang::Nb);
}

#[test]
fn whole_flow_nn() {
    whole_flow(Lang::Nn);
}

#[test]
fn whole_flow_sv() {
    whole_flow(Lang::Sv);
}

#[test]
fn whole_flow_en() {
    whole_flow(Lang::En);
}

#[test]
fn a_draft_survives_a_reload_without_contact_details_and_can_be_cleared() {
    let t = texts(Lang::Nb);
    let server = Server::start();
    let b = Browser::start();
    let attrs = format!("endpoint=\"/api/v1/cases\" council=\"{COUNCIL}\" lang=\"nb\"");
    open(&b, &server, &attrs);
    type_into(&b, "#mvc-title", "Utkast om ventetid");
    click(&b, "#mvc-contact-contact");
    type_into(&b, "#mvc-contact-email", "kari@example.no");
    let stored = b.js(
        &format!("return localStorage.getItem({DRAFT_KEY:?})"),
        vec![],
    );
    let stored = stored.as_str().expect("a draft is stored while typing");
    assert!(stored.contains("Utkast om ventetid"), "{stored}");
    assert!(
        !stored.contains("kari@"),
        "contact details never go into the draft: {stored}"
    );

    b.js("location.reload()", vec![]);
    open(&b, &server, &attrs);
    b.find(&q("[part=clear-draft]"));
    assert_eq!(text(&b, "#mvc-notice"), t.draft_restored);
    assert_eq!(
        b.js(&format!("return {}.value", q("#mvc-title")), vec![]),
        json!("Utkast om ventetid")
    );
    assert_eq!(
        b.js(&format!("return {}.value", q("#mvc-contact-email")), vec![]),
        json!(""),
        "the e-mail is typed again, never restored"
    );
    b.assert_accessible("draft restored");

    click(&b, "[part=clear-draft]");
    wait_focus(&b, "mvc-notice");
    assert_eq!(text(&b, "#mvc-notice"), t.draft_cleared);
    assert_eq!(
        b.js(
            &format!("return localStorage.getItem({DRAFT_KEY:?})"),
            vec![]
        ),
        Value::Null
    );
    assert_eq!(
        b.js(&format!("return {}.value", q("#mvc-title")), vec![]),
        json!("")
    );
    b.assert_accessible("draft cleared");
}

#[test]
fn contact_is_sent_only_with_consent() {
    let t = texts(Lang::En);
    let server = Server::start();
    let b = Browser::start();
    open(
        &b,
        &server,
        &format!("endpoint=\"/api/v1/cases\" council=\"{COUNCIL}\" lang=\"en\""),
    );
    fill_required(&b, "Contact case");
    click(&b, "#mvc-contact-contact");
    type_into(&b, "#mvc-contact-name", "Kari Nordmann");
    type_into(&b, "#mvc-contact-email", "kari@example.no");
    assert!(text(&b, "label[for=mvc-contact-consent]").contains(t.consent));
    b.assert_accessible("contact fields");

    // Without consent: stopped at the consent error, nothing sent.
    click(&b, "[part=review]");
    wait_focus(&b, "mvc-error-summary");
    assert_eq!(text(&b, ".error-summary li"), t.err_consent_required);
    b.assert_accessible("consent missing");
    click(&b, ".error-summary a");
    wait_focus(&b, "mvc-contact-consent");
    assert!(admin_cases(&server).is_empty());

    click(&b, "#mvc-contact-consent");
    click(&b, "[part=review]");
    wait_focus(&b, "mvc-review");
    assert!(text(&b, "[part=review]").contains("kari@example.no"));
    click(&b, "[part=send]");
    b.find(&q("[part=receipt-code]"));
    let cases = admin_cases(&server);
    assert_eq!(cases.len(), 1, "{cases:#?}");
    assert_eq!(
        cases[0]["contact"]["email"],
        json!("kari@example.no"),
        "{:#}",
        cases[0]
    );
    assert_eq!(cases[0]["contact"]["name"], json!("Kari Nordmann"));
}

#[test]
fn open311_format_posts_to_requests_json_and_shows_the_receipt() {
    let server = Server::start_with_args(&["--open311"], &[]);
    let b = Browser::start();
    open(
        &b,
        &server,
        &format!(
            "endpoint=\"{}/open311/v2\" format=\"open311\" service-code=\"brukerrad-sak\" council=\"{COUNCIL}\" council-name=\"Brukerrådet i Helse X\" lang=\"nn\"",
            server.url
        ),
    );
    fill_required(&b, "Open311-sak");
    click(&b, "[part=review]");
    wait_focus(&b, "mvc-review");
    click(&b, "[part=send]");
    b.find(&q("[part=receipt-code]"));
    let receipt = text(&b, "[part=receipt-code]");
    assert!(!receipt.is_empty());
    b.assert_accessible("open311 receipt");
    let cases = admin_cases(&server);
    assert_eq!(cases.len(), 1, "{cases:#?}");
    assert_eq!(cases[0]["title"], json!("Open311-sak"));
    assert_eq!(cases[0]["council"], json!(COUNCIL));

    // The status link under the receipt reads requests/{id}.json.
    click(&b, "[part=status-link]");
    b.find(&q("[part=status-label]"));
    assert_eq!(
        text(&b, "[part=status-label]"),
        texts(Lang::Nn).status_received
    );
}

/// Records `medvirk-submit` details in `window.__submits`, for what the form sent.
fn record_submits(b: &Browser) {
    b.js(
        "window.__submits = []; document.addEventListener('medvirk-submit', (e) => window.__submits.push(e.detail));",
        vec![],
    );
}

#[test]
fn the_honeypot_is_hidden_from_people_and_a_human_paced_case_is_not_suspicious() {
    let server = Server::start();
    let b = Browser::start();
    open(
        &b,
        &server,
        &format!("endpoint=\"/api/v1/cases\" council=\"{COUNCIL}\" lang=\"en\""),
    );
    let started = std::time::Instant::now();
    record_submits(&b);

    // The field is there for bots: a neutral name, no autofill, out of the tab order, clipped
    // (not display:none, which bots skip), and hidden from the accessibility tree.
    let hp = b.js(
        &format!(
            "const i = {}; const w = i.closest('[aria-hidden]'); const cs = getComputedStyle(w); \
             const r = w.getBoundingClientRect(); \
             return {{ name: i.name, type: i.type, tabIndex: i.tabIndex, autocomplete: i.getAttribute('autocomplete'), \
                      hidden: w.getAttribute('aria-hidden'), display: cs.display, visibility: cs.visibility, \
                      width: r.width, height: r.height, inForm: !!i.closest('form') }};",
            q("input[name=website]")
        ),
        vec![],
    );
    assert_eq!(
        hp,
        json!({ "name": "website", "type": "text", "tabIndex": -1, "autocomplete": "off",
                "hidden": "true", "display": "block", "visibility": "visible",
                "width": 1, "height": 1, "inForm": true }),
        "{hp}"
    );
    let object = b.cdp(
        "Runtime.evaluate",
        json!({ "expression": format!("{ROOT}.querySelector('input[name=website]')") }),
    );
    let object_id = object["result"]["objectId"].as_str().expect("the input");
    let ax = b.cdp(
        "Accessibility.getPartialAXTree",
        json!({ "objectId": object_id, "fetchRelatives": false }),
    );
    let node = &ax["nodes"][0];
    assert_eq!(node["ignored"], json!(true), "{ax}");

    // Keyboard users never land on it: Shift+Tab from the review button goes to the field
    // before it.
    fill_required(&b, "Human case");
    b.js(&format!("{}.focus()", q("[part=review]")), vec![]);
    b.chord(&["\u{E008}", "\u{E004}"]);
    let focused = b.js(
        &format!("const a = {ROOT}.activeElement; return a && (a.name || a.id);"),
        vec![],
    );
    assert_ne!(focused, json!("website"));
    assert_ne!(focused, json!(null));
    b.assert_accessible("form with honeypot");

    click(&b, "[part=review]");
    wait_focus(&b, "mvc-review");
    // A person takes a few seconds; make sure of it on a fast machine.
    let pace = std::time::Duration::from_millis(3_500);
    if let Some(rest) = pace.checked_sub(started.elapsed()) {
        std::thread::sleep(rest);
    }
    click(&b, "[part=send]");
    b.find(&q("[part=receipt-code]"));
    let sent = b.js("return window.__submits", vec![]);
    let detail = &sent[0];
    assert!(detail.get("honeypot").is_none(), "{detail}");
    let elapsed = detail["elapsedMs"].as_u64().expect("elapsedMs is sent");
    assert!(
        (3_000..600_000).contains(&elapsed),
        "elapsedMs {elapsed} is the time since the form was shown"
    );
    let cases = admin_cases(&server);
    assert_eq!(cases.len(), 1, "{cases:#?}");
    assert_eq!(cases[0]["title"], json!("Human case"));
    assert_eq!(cases[0]["suspicious"], Value::Null, "{:#}", cases[0]);
}

#[test]
fn a_form_filled_by_a_script_is_stored_flagged() {
    let server = Server::start();
    let b = Browser::start();
    open(
        &b,
        &server,
        &format!("endpoint=\"/api/v1/cases\" council=\"{COUNCIL}\" lang=\"en\""),
    );
    // What a form-filling script does: every text input gets a value, the hidden one too.
    fill_required(&b, "Bot case");
    b.js(
        &format!(
            "const i = {}; i.value = 'https://spam.example'; i.dispatchEvent(new InputEvent('input', {{ bubbles: true }}));",
            q("input[name=website]")
        ),
        vec![],
    );
    click(&b, "[part=review]");
    wait_focus(&b, "mvc-review");
    click(&b, "[part=send]");
    // Answered like any case: the bot learns nothing.
    b.find(&q("[part=receipt-code]"));
    let cases = admin_cases(&server);
    assert_eq!(cases.len(), 1, "{cases:#?}");
    assert_eq!(cases[0]["suspicious"], json!("honeypot_filled"));
}
