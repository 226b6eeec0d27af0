//! End-to-end tests of the smiley rating: the real server, the demo pages, headless Chromium and axe-core.
//!
//! Each test starts its own server (own SQLite file) and browser, so tests can run in parallel and
//! a stored row can only come from the flow under test.

use medvirk_e2e::{Browser, Server, keys};
use serde_json::{Value, json};
use std::time::Duration;

/// JS that returns the shadow root of the widget matched by a CSS selector.
fn root_of(selector: &str) -> String {
    format!("document.querySelector({selector:?}).shadowRoot")
}

/// The visible labels of a widget's smileys, in order.
fn labels(b: &Browser, selector: &str) -> Vec<String> {
    let r = root_of(selector);
    b.wait_until(
        &format!("smileys in {selector}"),
        &format!("{r} && {r}.querySelectorAll('[role=radio]').length > 0"),
    );
    let v = b.js(
        &format!(
            "return [...{r}.querySelectorAll('[role=radio]')].map(e => e.textContent.trim());"
        ),
        vec![],
    );
    serde_json::from_value(v).expect("labels are strings")
}

fn text_of(b: &Browser, selector: &str, inner: &str) -> String {
    let r = root_of(selector);
    b.js(
        &format!("const e = {r}.querySelector({inner:?}); return e ? e.textContent.trim() : null;"),
        vec![],
    )
    .as_str()
    .unwrap_or("")
    .to_string()
}

fn only_row(rows: &[Value]) -> &Value {
    assert_eq!(
        rows.len(),
        1,
        "expected exactly one stored response: {rows:#?}"
    );
    &rows[0]
}

fn severe_console(b: &Browser) -> Vec<String> {
    b.console()
        .into_iter()
        .filter(|l| l.starts_with("SEVERE"))
        .collect()
}

#[test]
fn rate_comment_and_thanks_on_the_demo_page() {
    let server = Server::start();
    let b = Browser::start();
    b.goto(&format!("{}/", server.url));
    let w = "medvirk-smiley";
    assert_eq!(
        labels(&b, w),
        ["Veldig dårlig", "Dårlig", "Middels", "Bra", "Veldig bra"]
    );
    assert_eq!(
        text_of(&b, w, "[part=question]"),
        "Hva synes du om denne siden?"
    );
    b.assert_accessible("smiley: question");

    // One tap stores the rating at once, before any comment.
    let bra = b.find(&format!(
        "{}.querySelectorAll('[role=radio]')[3]",
        root_of(w)
    ));
    b.click(&bra);
    let rows = server.wait_for_feedback("the rating", |r| r.len() == 1);
    let row = only_row(&rows);
    assert_eq!(
        (row["ratingValue"].clone(), row["ratingScale"].clone()),
        (json!(4), json!(5)),
        "{row}"
    );
    assert_eq!(row["widgetId"], "byggesak");
    assert_eq!(row["language"], "nb");
    assert_eq!(row["pagePath"], "/");
    assert!(row["comment"].is_null(), "{row}");
    assert_eq!(
        b.js(
            &format!(
                "return {}.querySelectorAll('[aria-checked=true]').length",
                root_of(w)
            ),
            vec![]
        ),
        json!(1)
    );

    // The comment box offers itself; a phone number in it is caught before sending.
    let comment = b.find(&format!("{}.querySelector('textarea')", root_of(w)));
    b.assert_accessible("smiley: comment open");
    b.type_text(&comment, "Ring meg på 912 34 567");
    b.click(&b.find(&format!("{}.querySelector('[part~=submit]')", root_of(w))));
    b.find(&format!("{}.querySelector('[part~=warning]')", root_of(w)));
    b.assert_accessible("smiley: personal-data warning");
    b.click(&b.find(&format!("{}.querySelector('[part~=edit]')", root_of(w))));
    b.wait_until(
        "focus back in the comment",
        &format!(
            "{}.activeElement && {}.activeElement.tagName === 'TEXTAREA'",
            root_of(w),
            root_of(w)
        ),
    );
    // Nothing was sent while the warning was up.
    assert!(only_row(&server.feedback())["comment"].is_null());

    // An address in another script is caught too: in the wasm the browser's Unicode tables
    // (installed by the elements layer) say which characters are letters, not only Latin ones.
    b.js(
        "arguments[0].value = 'Skriv til ольга@пример.рф'; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
        vec![Browser::arg(&comment)],
    );
    b.click(&b.find(&format!("{}.querySelector('[part~=submit]')", root_of(w))));
    b.find(&format!("{}.querySelector('[part~=warning]')", root_of(w)));
    b.click(&b.find(&format!("{}.querySelector('[part~=edit]')", root_of(w))));
    assert!(only_row(&server.feedback())["comment"].is_null());

    b.js(
        "arguments[0].value = ''; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
        vec![Browser::arg(&comment)],
    );
    b.type_text(&comment, "Skjemaet var lett å finne, takk.");
    b.wait_until(
        "the live counter",
        &format!(
            "{}.querySelector('[part~=counter]').textContent.includes('32')",
            root_of(w)
        ),
    );
    b.click(&b.find(&format!("{}.querySelector('[part~=submit]')", root_of(w))));
    b.wait_until(
        "the thank-you",
        &format!(
            "{}.querySelector('[role=status] [part~=thanks]')",
            root_of(w)
        ),
    );
    assert_eq!(
        text_of(&b, w, "[part~=thanks]"),
        "Takk for tilbakemeldingen!"
    );
    b.assert_accessible("smiley: thanks");

    let rows = server.wait_for_feedback("the comment", |r| {
        r.len() == 1 && r[0]["comment"] == "Skjemaet var lett å finne, takk."
    });
    assert_eq!(only_row(&rows)["ratingValue"], 4);
    let errors = severe_console(&b);
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

#[test]
fn keyboard_only_rating_sends_the_final_choice_once() {
    let server = Server::start();
    let b = Browser::start();
    b.goto(&format!("{}/", server.url));
    let w = "medvirk-smiley";
    labels(&b, w);
    let r = root_of(w);
    let focused_role = format!(
        "(document.activeElement === document.querySelector('{w}') && {r}.activeElement) ? {r}.activeElement.getAttribute('role') : ''"
    );

    // Tab from the top of the page into the radio group: one Tab stop for the whole group.
    let mut tabs = 0;
    while b.js(&format!("return {focused_role};"), vec![]) != json!("radio") {
        b.press(&[keys::TAB]);
        tabs += 1;
        assert!(tabs < 15, "Tab never reached the smileys");
    }
    b.press(&[keys::TAB]);
    assert_ne!(
        b.js(&format!("return {focused_role};"), vec![]),
        json!("radio"),
        "the radio group must be a single Tab stop"
    );
    b.chord(&[keys::SHIFT, keys::TAB]);

    // Arrows move the choice; only the final one is sent, once, after the person stops.
    b.press(&[keys::RIGHT, keys::RIGHT, keys::RIGHT]);
    assert_eq!(
        b.js(
            &format!("return {r}.activeElement.textContent.trim();"),
            vec![]
        ),
        json!("Bra")
    );
    let rows = server.wait_for_feedback("the debounced rating", |r| r.len() == 1);
    assert_eq!(only_row(&rows)["ratingValue"], 4);
    std::thread::sleep(Duration::from_millis(1500));
    let rows = server.feedback();
    assert_eq!(only_row(&rows)["ratingValue"], 4, "no extra rows");

    // Changing the mind with the keyboard updates the same response.
    b.press(&[keys::LEFT, keys::SPACE]);
    let rows = server.wait_for_feedback("the changed rating", |r| {
        r.len() == 1 && r[0]["ratingValue"] == 3
    });
    assert_eq!(only_row(&rows)["ratingValue"], 3);

    // Tab to the comment, write, Tab to "send", press Enter.
    b.press(&[keys::TAB]);
    b.wait_until(
        "focus in the comment",
        &format!("{r}.activeElement && {r}.activeElement.tagName === 'TEXTAREA'"),
    );
    let comment = b.find(&format!("{r}.activeElement"));
    b.type_text(&comment, "Greit nok.");
    b.press(&[keys::TAB]);
    b.wait_until(
        "focus on send",
        &format!("{r}.activeElement && {r}.activeElement.matches('[part~=submit]')"),
    );
    b.press(&[keys::ENTER]);
    b.wait_until(
        "the thank-you",
        &format!("{r}.querySelector('[part~=thanks]')"),
    );
    server.wait_for_feedback("the comment", |r| {
        r.len() == 1 && r[0]["comment"] == "Greit nok."
    });
}

#[test]
fn every_variant_of_the_examples_page_in_its_language() {
    let server = Server::start();
    let b = Browser::start();
    b.goto(&format!("{}/smiley.html", server.url));

    // Language from an ancestor's lang (nynorsk section), with the webmaster's own question and 3 smileys.
    let nn = "[widget-id=demo-nynorsk]";
    assert_eq!(labels(&b, nn).len(), 3);
    assert_eq!(
        text_of(&b, nn, "[part=question]"),
        "Fekk du svar på det du lurte på?"
    );
    assert!(
        labels(&b, nn).iter().any(|l| l.contains("Dårleg")),
        "{:?}",
        labels(&b, nn)
    );

    // Language from the element's own lang attribute.
    let sv = "[widget-id=demo-svenska]";
    assert_eq!(labels(&b, sv)[4], "Mycket bra");
    assert_eq!(
        text_of(&b, sv, "[part=question]"),
        "Vad tycker du om den här sidan?"
    );
    let en = "[widget-id=demo-english]";
    assert_eq!(labels(&b, en)[0], "Very bad");
    assert_eq!(
        text_of(&b, en, "[part=question]"),
        "What do you think of this page?"
    );

    // The div form for CMSs that strip unknown elements.
    let div = "[data-medvirk=smiley]";
    assert_eq!(labels(&b, div).len(), 5);

    // A missing endpoint is a visible, specific error for the webmaster.
    let bad = "[widget-id=demo-feil]";
    b.wait_until(
        "the configuration error",
        &format!("{}.querySelector('[part~=config-error]')", root_of(bad)),
    );
    assert!(text_of(&b, bad, "[part~=config-error]").contains("endpoint"));

    b.assert_accessible("examples page, every variant");

    // Widgets on one page are independent: rating the Swedish one stores one Swedish row only.
    b.click(&b.find(&format!(
        "{}.querySelectorAll('[role=radio]')[0]",
        root_of(sv)
    )));
    let rows = server.wait_for_feedback("the Swedish rating", |r| r.len() == 1);
    let row = only_row(&rows);
    assert_eq!(row["widgetId"], "demo-svenska");
    assert_eq!(row["language"], "sv");
    assert_eq!(
        (row["ratingValue"].clone(), row["ratingScale"].clone()),
        (json!(1), json!(5))
    );
    assert_eq!(row["pagePath"], "/smiley.html");
    assert_eq!(
        b.js(
            &format!(
                "return {}.querySelectorAll('[aria-checked=true]').length",
                root_of(en)
            ),
            vec![]
        ),
        json!(0)
    );

    // The div widget posts under its own id.
    b.click(&b.find(&format!(
        "{}.querySelectorAll('[role=radio]')[2]",
        root_of(div)
    )));
    server.wait_for_feedback("the div widget's rating", |r| {
        r.len() == 2
            && r.iter()
                .any(|x| x["widgetId"] == "demo-div" && x["ratingValue"] == 3)
    });
    b.click(&b.find(&format!(
        "{}.querySelectorAll('[role=radio]')[1]",
        root_of(nn)
    )));
    let rows = server.wait_for_feedback("the nynorsk rating", |r| r.len() == 3);
    let nn_row = rows
        .iter()
        .find(|x| x["widgetId"] == "demo-nynorsk")
        .expect("nynorsk row");
    assert_eq!(nn_row["language"], "nn");
    assert_eq!(
        (nn_row["ratingValue"].clone(), nn_row["ratingScale"].clone()),
        (json!(2), json!(3))
    );
}

#[test]
fn dont_ask_again_lasts_for_the_browser_session() {
    let server = Server::start();
    let b = Browser::start();
    b.goto(&format!("{}/", server.url));
    let w = "medvirk-smiley";
    labels(&b, w);
    b.click(&b.find(&format!("{}.querySelector('[part~=dont-ask]')", root_of(w))));
    b.wait_until(
        "the dismissed notice",
        &format!("!{}.querySelector('[role=radio]')", root_of(w)),
    );
    b.assert_accessible("smiley: dismissed");
    b.goto(&format!("{}/", server.url));
    // Give the widget time to mount, then check it stays out of the way.
    b.wait_until(
        "the widget to mount",
        &format!(
            "{} && {}.childElementCount > 0 || true",
            root_of(w),
            root_of(w)
        ),
    );
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(
        b.js(
            &format!(
                "return {}.querySelectorAll('[role=radio]').length",
                root_of(w)
            ),
            vec![]
        ),
        json!(0),
        "a dismissed widget must not ask again in the same session"
    );
    assert!(server.feedback().is_empty(), "dismissing stores nothing");
}

#[test]
fn the_server_serves_the_bundle_the_way_browsers_need_it() {
    let server = Server::start();
    let b = Browser::start();
    b.goto(&format!("{}/", server.url));
    labels(&b, "medvirk-smiley");
    // Every request the page made for widget files: wasm served as application/wasm and compressed.
    let entries = b.js(
        "return performance.getEntriesByType('resource').filter(e => e.name.includes('/widgets/'))
           .map(e => ({name: e.name, transfer: e.transferSize, body: e.decodedBodySize, encoded: e.encodedBodySize}));",
        vec![],
    );
    let entries = entries.as_array().expect("resource entries");
    assert!(
        entries
            .iter()
            .any(|e| e["name"].as_str().unwrap_or("").ends_with(".wasm")),
        "{entries:?}"
    );
    for e in entries {
        let (enc, dec) = (
            e["encoded"].as_u64().unwrap_or(0),
            e["body"].as_u64().unwrap_or(0),
        );
        assert!(
            enc > 0 && enc < dec,
            "{} should arrive compressed: {e}",
            e["name"]
        );
    }
}
