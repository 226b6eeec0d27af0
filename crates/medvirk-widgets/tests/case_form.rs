//! Browser tests of the case form (wasm-bindgen-test in headless Chromium): rendering in two
//! languages, the error summary and its links, the review step, draft restore and clearing.
//!
//! Each test mounts `CaseForm` into a div inside an open shadow root, as the element layer does,
//! with its own council id so drafts in localStorage never leak between tests. No request is
//! made: sending is covered end to end in tests/e2e against the real server.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use medvirk_core::case_form::{Draft, Role, texts};
use medvirk_core::lang::Lang;
use medvirk_widgets::case_form::{CaseForm, CaseFormProps};
use medvirk_widgets::storage;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{
    Element, Event, EventInit, HtmlElement, HtmlInputElement, ShadowRoot, ShadowRootInit,
    ShadowRootMode,
};
use yew::AttrValue;

wasm_bindgen_test_configure!(run_in_browser);

fn props(council: &str, lang: &str) -> CaseFormProps {
    CaseFormProps {
        endpoint: Some("/api/v1/cases".into()),
        council: Some(AttrValue::from(council.to_string())),
        lang: Some(AttrValue::from(lang.to_string())),
        browser_langs: vec!["en-US".into()],
        ..CaseFormProps::default()
    }
}

/// Mounts the form the way the element layer does and returns its shadow root.
fn mount(props: CaseFormProps) -> ShadowRoot {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let root = host
        .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
        .unwrap();
    let inner = document.create_element("div").unwrap();
    root.append_child(&inner).unwrap();
    // Leaked on purpose: the page is thrown away after the run.
    std::mem::forget(yew::Renderer::<CaseForm>::with_root_and_props(inner, props).render());
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

/// Waits (up to 5 s) until the focused element in `root` has `id`.
async fn focused(root: &ShadowRoot, id: &str) {
    for _ in 0..250 {
        if root.active_element().is_some_and(|e| e.id() == id) {
            return;
        }
        sleep(20).await;
    }
    panic!(
        "focus never reached #{id}; it is on {:?}",
        root.active_element().map(|e| e.outer_html())
    );
}

fn text(el: &Element) -> String {
    el.text_content().unwrap_or_default().trim().to_string()
}

fn all_texts(root: &ShadowRoot, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| {
            list.get(i)
                .unwrap()
                .text_content()
                .unwrap_or_default()
                .trim()
                .to_string()
        })
        .collect()
}

fn click(el: &Element) {
    el.dyn_ref::<HtmlElement>().unwrap().click();
}

fn type_into(el: &Element, value: &str) {
    el.dyn_ref::<HtmlInputElement>()
        .map(|i| i.set_value(value))
        .or_else(|| {
            el.dyn_ref::<web_sys::HtmlTextAreaElement>()
                .map(|a| a.set_value(value))
        })
        .expect("an input or textarea");
    let init = EventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn renders_labels_guidance_and_markers_in_the_chosen_language() {
    for (tag, lang) in [("nn", Lang::Nn), ("sv", Lang::Sv)] {
        let t = texts(lang);
        let root = mount(props(&format!("render-{tag}"), tag));
        let heading = find(&root, "h2").await;
        assert_eq!(text(&heading), t.heading);
        let title = text(&find(&root, "label[for=mvc-title]").await);
        assert_eq!(title, format!("{} {}", t.title.label, t.required_marker));
        let where_ = text(&find(&root, "label[for=mvc-where]").await);
        assert_eq!(where_, format!("{} {}", t.where_.label, t.optional_marker));
        let input = find(&root, "#mvc-title").await;
        assert_eq!(
            input.get_attribute("aria-describedby").as_deref(),
            Some("mvc-title-hint mvc-title-counter")
        );
        assert_eq!(
            text(&find(&root, "#mvc-title-counter").await),
            t.counter(medvirk_core::case_form::CharCount { used: 0, max: 120 })
        );
        assert_eq!(
            root.first_element_child()
                .and_then(|d| d.first_element_child())
                .and_then(|d| d.get_attribute("lang"))
                .as_deref(),
            Some(tag)
        );
        // Anonymous is the default: no contact fields until the person asks for them.
        assert!(root.query_selector("#mvc-contact-email").unwrap().is_none());
        assert!(
            root.query_selector("#mvc-contact")
                .unwrap()
                .unwrap()
                .dyn_into::<HtmlInputElement>()
                .unwrap()
                .checked()
        );
    }
}

#[wasm_bindgen_test]
async fn the_counter_and_personal_data_hint_follow_typing() {
    let t = texts(Lang::Nb);
    let root = mount(props("counter", "nb"));
    let why = find(&root, "#mvc-why").await;
    type_into(&why, "Ring 912 34 567");
    let hint = find(&root, "#mvc-why-pii").await;
    assert_eq!(text(&hint), t.pii_phone);
    assert!(
        why.get_attribute("aria-describedby")
            .unwrap()
            .contains("mvc-why-pii")
    );
    assert_eq!(
        text(&find(&root, "#mvc-why-counter").await),
        t.counter(medvirk_core::case_form::CharCount {
            used: 15,
            max: 2000
        })
    );
    storage::delete_case_draft("counter");
}

#[wasm_bindgen_test]
async fn an_empty_submit_shows_a_focused_summary_whose_links_focus_the_fields() {
    let t = texts(Lang::En);
    let root = mount(props("summary", "en"));
    click(&find(&root, "[part=review]").await);
    focused(&root, "mvc-error-summary").await;
    assert_eq!(
        all_texts(&root, ".error-summary a"),
        [
            t.err_title_required,
            t.err_why_required,
            t.err_role_required
        ]
    );
    let title = find(&root, "#mvc-title").await;
    assert_eq!(title.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(
        title
            .get_attribute("aria-describedby")
            .unwrap()
            .contains("mvc-title-error")
    );
    assert_eq!(
        text(&find(&root, "#mvc-title-error").await),
        t.err_title_required
    );
    let links = root.query_selector_all(".error-summary a").unwrap();
    click(&links.get(2).unwrap().dyn_into().unwrap());
    focused(&root, "mvc-proposer-role").await;
    click(&links.get(1).unwrap().dyn_into().unwrap());
    focused(&root, "mvc-why").await;
}

#[wasm_bindgen_test]
async fn the_review_lists_what_will_be_sent_and_change_returns_to_the_field() {
    let t = texts(Lang::Nb);
    let root = mount(props("review", "nb"));
    type_into(&find(&root, "#mvc-title").await, "Ventetid");
    type_into(&find(&root, "#mvc-why").await, "Lang kø");
    click(&find(&root, "#mvc-proposer-role-relative").await);
    click(&find(&root, "[part=review]").await);
    focused(&root, "mvc-review").await;
    let values = all_texts(&root, ".review .value");
    assert_eq!(values[0], "Ventetid");
    assert_eq!(values[1], "Lang kø");
    assert_eq!(values[2], t.review_empty);
    assert_eq!(values[5], t.role_relative);
    assert_eq!(values.last().unwrap(), t.review_anonymous);
    assert!(root.query_selector("[part=send]").unwrap().is_some());
    click(&find(&root, "[part=change][data-field=why]").await);
    focused(&root, "mvc-why").await;
    storage::delete_case_draft("review");
}

#[wasm_bindgen_test]
async fn a_stored_draft_is_restored_with_a_notice_and_can_be_cleared() {
    let t = texts(Lang::Nb);
    let council = "draft-restore";
    let draft = Draft {
        council: council.into(),
        title: "Fra utkastet".into(),
        role: Some(Role::Employee),
        ..Draft::default()
    };
    storage::save_case_draft(council, &draft.to_json(js_sys::Date::now() as u64));
    let root = mount(props(council, "nb"));
    let notice = find(&root, "#mvc-notice").await;
    assert_eq!(text(&notice), t.draft_restored);
    assert_eq!(notice.get_attribute("role").as_deref(), Some("status"));
    let title: HtmlInputElement = find(&root, "#mvc-title").await.dyn_into().unwrap();
    assert_eq!(title.value(), "Fra utkastet");
    let employee: HtmlInputElement = find(&root, "#mvc-proposer-role-employee")
        .await
        .dyn_into()
        .unwrap();
    assert!(employee.checked());

    click(&find(&root, "[part=clear-draft]").await);
    focused(&root, "mvc-notice").await;
    assert_eq!(text(&find(&root, "#mvc-notice").await), t.draft_cleared);
    assert_eq!(storage::case_draft(council), None);
    let title: HtmlInputElement = find(&root, "#mvc-title").await.dyn_into().unwrap();
    assert_eq!(title.value(), "");
    assert!(root.query_selector("[part=clear-draft]").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn an_expired_draft_is_deleted_not_restored() {
    let council = "draft-expired";
    let draft = Draft {
        council: council.into(),
        title: "Gammelt".into(),
        ..Draft::default()
    };
    let old = js_sys::Date::now() as u64 - 31 * 24 * 60 * 60 * 1000;
    storage::save_case_draft(council, &draft.to_json(old));
    let root = mount(props(council, "nb"));
    let title: HtmlInputElement = find(&root, "#mvc-title").await.dyn_into().unwrap();
    assert_eq!(title.value(), "");
    assert_eq!(text(&find(&root, "#mvc-notice").await), "");
    assert_eq!(storage::case_draft(council), None);
}

#[wasm_bindgen_test]
async fn a_wrong_configuration_is_shown_and_names_the_attribute() {
    let mut p = props("config", "nb");
    p.format = Some("open-311".into());
    let root = mount(p);
    let error = find(&root, "[part=config-error]").await;
    assert!(text(&error).contains("format"));
}
