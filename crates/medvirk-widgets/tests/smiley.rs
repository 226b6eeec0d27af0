//! Browser tests of the smiley widget in headless Chromium (wasm-bindgen-test).
//!
//! Each test mounts `Smiley` into a div inside an open shadow root, as the element layer does,
//! and drives it through the DOM: clicks, key presses and input events, then asserts roles, ARIA
//! state, focus and what went over the network. A small spy around `window.fetch` records every
//! request (and can fail the next ones) while passing them on to the real server.
//!
//! Success paths need a running medvirk-server: its feedback URL is read at compile time from
//! `MEDVIRK_TEST_ENDPOINT` (`cargo xtask test` starts the server and sets it). Without it those
//! tests fail with a message saying so; they never pass silently.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use medvirk_widgets::smiley::{STYLE, Smiley, SmileyProps};
use medvirk_widgets::storage;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::{
    Element, Event, EventInit, HtmlElement, HtmlTextAreaElement, KeyboardEvent, KeyboardEventInit,
    ShadowRoot, ShadowRootInit, ShadowRootMode,
};
use yew::AttrValue;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
export function spy_reset() {
  if (!window.__medvirkSpy) {
    const real = window.fetch;
    const spy = { calls: [], fail: 0 };
    window.__medvirkSpy = spy;
    window.fetch = async function (input, init) {
      const request = input instanceof Request ? input : new Request(input, init);
      const body = await request.clone().text();
      spy.calls.push({ method: request.method, url: request.url, body });
      if (spy.fail > 0) {
        spy.fail -= 1;
        throw new TypeError("simulated network failure");
      }
      return real.call(window, request);
    };
  }
  window.__medvirkSpy.calls = [];
  window.__medvirkSpy.fail = 0;
}
export function spy_fail_next(n) { window.__medvirkSpy.fail = n; }
export function spy_count() { return window.__medvirkSpy.calls.length; }
export function spy_method(i) { return window.__medvirkSpy.calls[i].method; }
export function spy_url(i) { return window.__medvirkSpy.calls[i].url; }
export function spy_body(i) { return window.__medvirkSpy.calls[i].body; }
"#)]
extern "C" {
    fn spy_reset();
    fn spy_fail_next(n: u32);
    fn spy_count() -> u32;
    fn spy_method(i: u32) -> String;
    fn spy_url(i: u32) -> String;
    fn spy_body(i: u32) -> String;
}

/// The real server's feedback URL; failing loudly when the test run did not start one.
fn server_endpoint() -> &'static str {
    // A run-time failure on purpose (not `env!`): the rendering and error tests must still
    // build and run when no server was started.
    match option_env!("MEDVIRK_TEST_ENDPOINT") {
        Some(url) => url,
        None => panic!(
            "MEDVIRK_TEST_ENDPOINT is not set. This success-path test needs a running \
             medvirk-server: run `cargo xtask test`, or start the server and build the tests \
             with MEDVIRK_TEST_ENDPOINT=http://127.0.0.1:PORT/api/v1/feedback"
        ),
    }
}

/// Nothing listens on the discard port, so connections are refused at once.
const REFUSING_ENDPOINT: &str = "http://127.0.0.1:9/api/v1/feedback";

fn props(endpoint: Option<&str>, lang: Option<&str>, scale: Option<&str>) -> SmileyProps {
    SmileyProps {
        endpoint: endpoint.map(|e| AttrValue::from(e.to_string())),
        widget_id: Some("browser-test".into()),
        lang: lang.map(|l| AttrValue::from(l.to_string())),
        scale: scale.map(|s| AttrValue::from(s.to_string())),
        question: None,
        inherited_lang: None,
        browser_langs: vec!["en-US".into()],
        #[cfg(feature = "mapping")]
        mapping: None,
        mapping_error: None,
        on_event: None,
    }
}

/// Mounts the widget the way the element layer does and returns its shadow root.
fn mount(props: SmileyProps) -> ShadowRoot {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let root = host
        .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
        .unwrap();
    let inner = document.create_element("div").unwrap();
    root.append_child(&inner).unwrap();
    // The handle is leaked on purpose: the page is thrown away after the run.
    let app = yew::Renderer::<Smiley>::with_root_and_props(inner, props).render();
    std::mem::forget(app);
    root
}

async fn sleep(ms: u64) {
    yew::platform::time::sleep(Duration::from_millis(ms)).await;
}

/// Waits (up to 5 s) until `selector` matches inside `root`.
async fn find(root: &ShadowRoot, selector: &str) -> Element {
    for _ in 0..250 {
        if let Ok(Some(el)) = root.query_selector(selector) {
            return el;
        }
        sleep(20).await;
    }
    panic!("`{selector}` did not appear; markup: {}", root.inner_html());
}

/// Waits (up to 5 s) until `selector`'s text contains `text`.
async fn find_text(root: &ShadowRoot, selector: &str, text: &str) -> Element {
    for _ in 0..250 {
        if let Ok(Some(el)) = root.query_selector(selector)
            && el.text_content().unwrap_or_default().contains(text)
        {
            return el;
        }
        sleep(20).await;
    }
    panic!(
        "`{selector}` never contained {text:?}; markup: {}",
        root.inner_html()
    );
}

/// Waits (up to 5 s) until the fetch spy has seen `n` requests.
async fn requests(n: u32) {
    for _ in 0..250 {
        if spy_count() >= n {
            return;
        }
        sleep(20).await;
    }
    panic!("expected {n} requests, saw {}", spy_count());
}

fn all(root: &ShadowRoot, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| list.get(i).unwrap().dyn_into().unwrap())
        .collect()
}

fn texts(elements: &[Element]) -> Vec<String> {
    elements
        .iter()
        .map(|e| e.text_content().unwrap_or_default().trim().to_string())
        .collect()
}

fn attr(el: &Element, name: &str) -> String {
    el.get_attribute(name).unwrap_or_default()
}

fn click(el: &Element) {
    el.dyn_ref::<HtmlElement>().unwrap().click();
}

fn press(el: &Element, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_composed(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    el.dispatch_event(&event).unwrap();
}

fn type_into(area: &Element, text: &str) {
    area.dyn_ref::<HtmlTextAreaElement>()
        .unwrap()
        .set_value(text);
    let init = EventInit::new();
    init.set_bubbles(true);
    area.dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
}

fn focused(root: &ShadowRoot) -> Option<Element> {
    root.active_element()
}

/// The value of a JSON string member in a body written by our own serializer.
fn json_str<'a>(body: &'a str, key: &str) -> &'a str {
    let start = body.find(&format!("\"{key}\":\"")).expect(key) + key.len() + 4;
    &body[start..start + body[start..].find('"').unwrap()]
}

#[wasm_bindgen_test]
async fn renders_five_labelled_smileys_in_bokmal_as_one_radio_group() {
    storage::forget_smiley_dismissed();
    let root = mount(props(Some("/api/v1/feedback"), Some("nb"), None));
    let group = find(&root, "[role=radiogroup]").await;
    let question = root
        .get_element_by_id(&attr(&group, "aria-labelledby"))
        .expect("labelled by the question");
    assert_eq!(
        question.text_content().unwrap(),
        "Hva synes du om denne siden?"
    );
    assert_eq!(attr(&question, "part"), "question");
    let radios = all(&root, "[role=radio]");
    assert_eq!(
        texts(&radios),
        ["Veldig dårlig", "Dårlig", "Middels", "Bra", "Veldig bra"]
    );
    for (i, r) in radios.iter().enumerate() {
        assert_eq!(r.tag_name(), "BUTTON");
        assert_eq!(attr(r, "aria-checked"), "false");
        // One Tab stop: the first smiley while nothing is checked.
        assert_eq!(attr(r, "tabindex"), if i == 0 { "0" } else { "-1" });
        assert_eq!(attr(r, "part"), "option");
        // The face is decoration; the visible label is the whole accessible name.
        let svg = r.query_selector("svg").unwrap().expect("a face");
        assert_eq!(attr(&svg, "aria-hidden"), "true");
    }
    assert!(
        root.query_selector("[style], style").unwrap().is_none(),
        "strict CSP: no inline styles"
    );
    assert_eq!(
        attr(&root.query_selector("[lang]").unwrap().unwrap(), "lang"),
        "nb"
    );
    assert!(
        root.query_selector("textarea").unwrap().is_none(),
        "comment field only after a choice"
    );
    assert!(STYLE.contains("--medvirk-accent") && STYLE.contains("prefers-reduced-motion"));
}

#[wasm_bindgen_test]
async fn renders_three_smileys_in_swedish_from_the_inherited_lang() {
    storage::forget_smiley_dismissed();
    let mut p = props(
        Some("https://kommun.example/api/v1/feedback"),
        None,
        Some("3"),
    );
    p.inherited_lang = Some("sv-FI".into());
    let root = mount(p);
    find(&root, "[role=radio]").await;
    assert_eq!(
        texts(&all(&root, "[role=radio]")),
        ["Dålig", "Varken bra eller dålig", "Bra"]
    );
    assert_eq!(
        texts(&all(&root, "[part=question]")),
        ["Vad tycker du om den här sidan?"]
    );
    assert_eq!(
        texts(&all(&root, "[part=dont-ask]")),
        ["Fråga mig inte igen"]
    );

    let mut p = props(Some("/f"), Some("nn"), Some("3"));
    p.question = Some("Fann du det du leita etter?".into());
    let root = mount(p);
    let question = find(&root, "[part=question]").await;
    assert_eq!(
        question.text_content().unwrap(),
        "Fann du det du leita etter?"
    );
    assert_eq!(
        texts(&all(&root, "[role=radio]")),
        ["Dårleg", "Middels", "Bra"]
    );
}

#[wasm_bindgen_test]
async fn a_missing_endpoint_or_bad_scale_shows_the_webmaster_what_to_fix() {
    let root = mount(props(None, Some("nn"), None));
    let error = find(&root, "[part=config-error]").await;
    let text = error.text_content().unwrap();
    assert!(text.contains("Feil i oppsettet"), "{text}");
    assert!(text.contains("Attributtet endpoint manglar"), "{text}");
    assert!(root.query_selector("[role=radio]").unwrap().is_none());

    let root = mount(props(Some("/f"), Some("en"), Some("4")));
    let error = find(&root, "[part=config-error]").await;
    let text = error.text_content().unwrap();
    assert!(text.contains("The scale attribute is \"4\""), "{text}");
}

#[wasm_bindgen_test]
async fn arrow_keys_move_the_selection_and_only_the_final_choice_is_sent() {
    storage::forget_smiley_dismissed();
    spy_reset();
    let root = mount(props(Some(server_endpoint()), Some("nb"), None));
    let first = find(&root, "[role=radio]").await;
    first.dyn_ref::<HtmlElement>().unwrap().focus().unwrap();
    let expect_checked = |label: &str| {
        let radios = all(&root, "[role=radio]");
        let checked: Vec<_> = radios
            .iter()
            .filter(|r| attr(r, "aria-checked") == "true")
            .collect();
        assert_eq!(
            texts(&checked.iter().map(|e| (*e).clone()).collect::<Vec<_>>()),
            [label]
        );
        // Roving tabindex and focus follow the selection.
        assert_eq!(attr(checked[0], "tabindex"), "0");
        assert_eq!(
            radios.iter().filter(|r| attr(r, "tabindex") == "0").count(),
            1
        );
        assert_eq!(
            focused(&root).as_ref(),
            Some(checked[0]),
            "focus follows the checked smiley"
        );
    };
    for (key, label) in [
        ("ArrowRight", "Dårlig"),
        ("ArrowRight", "Middels"),
        ("ArrowDown", "Bra"),
        ("ArrowLeft", "Middels"),
        ("Home", "Veldig dårlig"),
        ("ArrowUp", "Veldig bra"),
        ("ArrowRight", "Veldig dårlig"),
        ("End", "Veldig bra"),
        ("ArrowLeft", "Bra"),
    ] {
        press(&focused(&root).expect("a focused smiley"), key);
        sleep(30).await;
        expect_checked(label);
    }
    assert_eq!(
        spy_count(),
        0,
        "nothing is sent while the person is still moving"
    );
    sleep(1_200).await;
    assert_eq!(spy_count(), 1, "exactly one request after the quiet period");
    assert_eq!(spy_method(0), "POST");
    assert!(
        spy_body(0).contains(r#""rating":{"value":4,"scale":5}"#),
        "{}",
        spy_body(0)
    );
    assert!(
        spy_body(0).contains(r#""language":"nb""#),
        "{}",
        spy_body(0)
    );
    find_text(&root, "[role=status]", "Svaret ditt er lagret").await;
    // Space on the checked smiley commits the same value again: nothing new to send.
    press(&focused(&root).unwrap(), " ");
    sleep(200).await;
    assert_eq!(spy_count(), 1);
}

#[wasm_bindgen_test]
async fn comment_with_personal_data_warns_then_edit_send_and_thanks() {
    storage::forget_smiley_dismissed();
    spy_reset();
    let root = mount(props(Some(server_endpoint()), Some("nb"), None));
    click(&find(&root, "[role=radio]:nth-child(4)").await);
    requests(1).await;
    assert_eq!(spy_method(0), "POST");
    let id = json_str(&spy_body(0), "responseId").to_string();
    find_text(&root, "[role=status]", "Svaret ditt er lagret").await;

    let area = find(&root, "textarea").await;
    let label = root
        .query_selector("label[for=medvirk-comment]")
        .unwrap()
        .expect("a label");
    assert_eq!(
        label.text_content().unwrap(),
        "Vil du fortelle oss mer? (valgfritt)"
    );
    let described = attr(&area, "aria-describedby");
    for id in described.split(' ') {
        assert!(
            root.get_element_by_id(id).is_some(),
            "aria-describedby names a missing {id}"
        );
    }
    let privacy = root
        .get_element_by_id("medvirk-privacy")
        .unwrap()
        .text_content()
        .unwrap();
    assert!(
        privacy.contains("Ikke skriv personopplysninger"),
        "{privacy}"
    );

    type_into(&area, "Ring meg på 912 34 567");
    find_text(&root, "[part=counter]", "22 av 1\u{a0}000 tegn").await;
    click(&root.query_selector("[part=submit]").unwrap().unwrap());
    let warning = find(&root, "[part=warning]").await;
    assert_eq!(attr(&warning, "role"), "alert");
    assert!(warning.text_content().unwrap().contains("et telefonnummer"));
    let edit = find(&root, "[part=edit]").await;
    sleep(50).await;
    assert_eq!(
        focused(&root).as_ref(),
        Some(&edit),
        "focus moves to \"Rediger kommentaren\""
    );
    assert_eq!(spy_count(), 1, "nothing sent while the warning is open");

    click(&edit);
    sleep(50).await;
    assert_eq!(
        focused(&root).as_ref(),
        Some(&area),
        "edit puts focus back in the comment"
    );
    type_into(&area, "Fin side, men vanskelig å finne skjemaet.");
    click(&root.query_selector("[part=submit]").unwrap().unwrap());
    requests(2).await;
    assert_eq!(spy_method(1), "PATCH");
    assert!(spy_url(1).ends_with(&format!("/{id}")), "{}", spy_url(1));
    assert!(
        spy_body(1).contains("Fin side, men vanskelig"),
        "{}",
        spy_body(1)
    );

    let thanks = find_text(
        &root,
        "[role=status] [part=thanks]",
        "Takk for tilbakemeldingen!",
    )
    .await;
    sleep(50).await;
    assert_eq!(
        focused(&root).as_ref(),
        Some(&thanks),
        "focus is not dropped when the form goes"
    );
    assert!(
        root.query_selector("[role=radio], textarea")
            .unwrap()
            .is_none()
    );
    assert_eq!(spy_count(), 2);
}

/// Empties the feedback outbox, so entries a test left behind (for a refusing endpoint) are not
/// retried into the next test's request count.
fn clear_outbox() {
    assert!(storage::save_outbox("feedback", None));
}

#[wasm_bindgen_test]
async fn a_refused_connection_queues_the_answer_and_try_now_resends_the_same_payload() {
    storage::forget_smiley_dismissed();
    clear_outbox();
    spy_reset();
    let root = mount(props(Some(REFUSING_ENDPOINT), Some("en"), None));
    click(&find(&root, "[role=radio]:nth-child(2)").await);
    find_text(&root, "[role=status]", "saved on this device").await;
    let try_now = find(&root, "[part=try-now]").await;
    assert_eq!(try_now.text_content().unwrap(), "Try sending now");
    assert_eq!(spy_count(), 1);
    let stored = storage::outbox("feedback")
        .flatten()
        .expect("written ahead");
    assert!(stored.contains("feedback-post"), "{stored}");

    // A change while the rating waits queues behind it; nothing is sent out of order.
    click(
        &root
            .query_selector("[role=radio]:nth-child(3)")
            .unwrap()
            .unwrap(),
    );
    sleep(100).await;
    assert_eq!(spy_count(), 1, "the PATCH waits for its POST");

    // "Try now", pressed twice at once, sends the waiting POST once, byte for byte.
    click(&try_now);
    click(&try_now);
    requests(2).await;
    sleep(100).await;
    assert_eq!(spy_count(), 2, "at most one request per entry in flight");
    assert_eq!(spy_method(1), "POST");
    assert_eq!(spy_body(1), spy_body(0), "the same responseId and payload");
    clear_outbox();
}

#[wasm_bindgen_test]
async fn a_queued_answer_is_stored_and_then_the_later_change() {
    storage::forget_smiley_dismissed();
    clear_outbox();
    spy_reset();
    spy_fail_next(1);
    let root = mount(props(Some(server_endpoint()), Some("sv"), None));
    click(&find(&root, "[role=radio]:nth-child(5)").await);
    let try_now = find(&root, "[part=try-now]").await;
    assert_eq!(try_now.text_content().unwrap(), "Försök skicka nu");
    // A change made while the first request waits is kept and sent after it.
    click(
        &root
            .query_selector("[role=radio]:nth-child(4)")
            .unwrap()
            .unwrap(),
    );
    click(&try_now);
    requests(3).await;
    assert_eq!(
        spy_body(1),
        spy_body(0),
        "same responseId and payload: the server deduplicates"
    );
    assert_eq!(spy_method(2), "PATCH");
    assert!(
        spy_body(2).contains(r#""rating":{"value":4,"scale":5}"#),
        "{}",
        spy_body(2)
    );
    // The saved status, not the saved-on-this-device notice (which begins the same way).
    find_text(&root, "[role=status]", "Ditt svar är sparat. Du kan").await;
    for _ in 0..100 {
        if root.query_selector("[part=try-now]").unwrap().is_none() {
            break;
        }
        sleep(20).await;
    }
    assert!(
        root.query_selector("[part=try-now]").unwrap().is_none(),
        "the notice and its button go once everything is stored"
    );
    assert_eq!(
        storage::outbox("feedback").flatten(),
        None,
        "the outbox is empty"
    );
    assert_eq!(spy_count(), 3);
}

#[wasm_bindgen_test]
async fn dont_ask_again_lasts_for_the_session() {
    storage::forget_smiley_dismissed();
    let root = mount(props(Some("/f"), Some("nb"), None));
    click(&find(&root, "[part=dont-ask]").await);
    let note = find_text(&root, "[role=status]", "vi spør deg ikke igjen").await;
    sleep(50).await;
    assert!(
        focused(&root).is_some_and(|f| note.contains(Some(&f))),
        "focus moves to the note"
    );
    assert!(root.query_selector("[role=radio]").unwrap().is_none());
    assert!(storage::smiley_dismissed());

    // The next page (a new mount) shows nothing at all.
    let again = mount(props(Some("/f"), Some("nb"), None));
    sleep(200).await;
    assert_eq!(again.text_content().unwrap_or_default().trim(), "");
    storage::forget_smiley_dismissed();
}

#[wasm_bindgen_test]
async fn a_new_endpoint_id_or_scale_starts_a_new_survey_and_a_new_question_does_not() {
    storage::forget_smiley_dismissed();
    spy_reset();
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let root = host
        .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
        .unwrap();
    let inner = document.create_element("div").unwrap();
    root.append_child(&inner).unwrap();
    let first = props(Some(server_endpoint()), Some("nb"), None);
    let mut app = yew::Renderer::<Smiley>::with_root_and_props(inner, first.clone()).render();
    let checked = |root: &ShadowRoot| {
        let radios = all(root, "[role=radio]");
        texts(
            &radios
                .into_iter()
                .filter(|r| attr(r, "aria-checked") == "true")
                .collect::<Vec<_>>(),
        )
    };

    click(&find(&root, "[role=radio]").await);
    requests(1).await;
    find_text(&root, "[role=status]", "Svaret ditt er lagret").await;
    let first_id = json_str(&spy_body(0), "responseId").to_string();

    // Only the question changes: the same survey, the choice stays.
    app.update(SmileyProps {
        question: Some("Fann du det du leita etter?".into()),
        ..first.clone()
    });
    find_text(&root, ".question", "Fann du det du leita etter?").await;
    assert_eq!(checked(&root), ["Veldig dårlig"]);

    // Another widget id is another survey: nothing chosen, and a new response id.
    app.update(SmileyProps {
        widget_id: Some("browser-test-2".into()),
        ..first
    });
    for _ in 0..250 {
        if checked(&root).is_empty() {
            break;
        }
        sleep(20).await;
    }
    assert!(checked(&root).is_empty(), "{}", root.inner_html());
    let radios = all(&root, "[role=radio]");
    click(&radios[4]);
    requests(2).await;
    let body = spy_body(1);
    assert_eq!(spy_method(1), "POST", "{body}");
    assert_ne!(json_str(&body, "responseId"), first_id);
    assert_eq!(json_str(&body, "widgetId"), "browser-test-2");
    assert!(body.contains(r#""rating":{"value":5,"scale":5}"#), "{body}");
    std::mem::forget(app);
}
