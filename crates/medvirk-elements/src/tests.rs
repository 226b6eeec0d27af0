//! Browser tests of the element layer (wasm-bindgen-test in headless Chromium): attribute
//! mapping, language inheritance, shadow roots and stylesheets. The JS loader's lifecycle is
//! covered end to end by the tests that drive the demo pages.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, ShadowRootInit, ShadowRootMode};
use yew::AttrValue;

use crate::{host, mount, smiley};

wasm_bindgen_test_configure!(run_in_browser);

/// Parses `html` into a fresh `<div>` appended to the body and returns that container.
fn fixture(html: &str) -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let container = document.create_element("div").unwrap();
    container.set_inner_html(html);
    document.body().unwrap().append_child(&container).unwrap();
    container
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector).unwrap().unwrap()
}

fn some(s: &str) -> Option<AttrValue> {
    Some(AttrValue::from(s.to_string()))
}

#[wasm_bindgen_test]
fn tag_attributes_and_data_attributes_give_the_same_props() {
    let page = fixture(
        r#"<section lang="sv">
             <medvirk-smiley endpoint="/api/v1/feedback" widget-id="byggesak" lang="nn" scale="3" question="Q?"></medvirk-smiley>
             <div data-medvirk="smiley" data-endpoint="/api/v1/feedback" data-widget-id="byggesak" data-lang="nn" data-scale="3" data-question="Q?"></div>
           </section>"#,
    );
    // Each host gets its own event listener (it dispatches on that host); the rest must match.
    let tag = smiley::props(&find(&page, "medvirk-smiley"));
    let div = smiley::props(&find(&page, "div"));
    assert!(tag.on_event.is_some() && div.on_event.is_some());
    let (tag, div) = (
        medvirk_widgets::smiley::SmileyProps {
            on_event: None,
            ..tag
        },
        medvirk_widgets::smiley::SmileyProps {
            on_event: None,
            ..div
        },
    );
    assert!(
        tag == div,
        "a <div data-medvirk> must configure the widget like the tag"
    );
    assert_eq!(tag.endpoint, some("/api/v1/feedback"));
    assert_eq!(tag.widget_id, some("byggesak"));
    assert_eq!(tag.lang, some("nn"));
    assert_eq!(tag.scale, some("3"));
    assert_eq!(tag.question, some("Q?"));
    assert_eq!(tag.inherited_lang, some("sv"));
    assert!(
        !tag.browser_langs.is_empty(),
        "navigator.languages is passed on"
    );
    page.remove();
}

#[wasm_bindgen_test]
fn missing_attributes_are_none_and_a_div_may_use_its_own_lang() {
    let page = fixture(
        r#"<medvirk-smiley></medvirk-smiley><div data-medvirk="smiley" lang="en" endpoint="/not-ours"></div>"#,
    );
    let bare = smiley::props(&find(&page, "medvirk-smiley"));
    assert_eq!(
        (bare.endpoint, bare.widget_id, bare.lang, bare.scale),
        (None, None, None, None)
    );
    // A plain `endpoint` on a div is not ours: CMS divs are configured with data-*.
    let div = smiley::props(&find(&page, "div"));
    assert_eq!(div.endpoint, None);
    assert_eq!(div.lang, some("en"));
    page.remove();
}

#[wasm_bindgen_test]
fn inherited_lang_starts_above_the_element_and_crosses_shadow_roots() {
    let page = fixture(r#"<div lang="en-GB" id="outer"></div><div id="plain"></div>"#);
    // The element's own lang is not inherited from itself.
    let own = find(&page, "#plain");
    own.set_attribute("lang", "sv").unwrap();
    let document = web_sys::window().unwrap().document().unwrap();
    let inner = document.create_element("medvirk-smiley").unwrap();
    own.append_child(&inner).unwrap();
    assert_eq!(host::inherited_lang(&inner), some("sv"));
    assert_eq!(
        host::inherited_lang(&own),
        document
            .document_element()
            .unwrap()
            .get_attribute("lang")
            .map(AttrValue::from)
    );

    // Directly under another component's shadow root: the search goes on from its host.
    let outer = find(&page, "#outer");
    let shadow = outer
        .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
        .unwrap();
    let nested = document.create_element("medvirk-smiley").unwrap();
    shadow.append_child(&nested).unwrap();
    assert_eq!(host::inherited_lang(&nested), some("en-GB"));

    // Detached: nothing to inherit.
    let detached = document.create_element("medvirk-smiley").unwrap();
    assert_eq!(host::inherited_lang(&detached), None);
    page.remove();
}

#[wasm_bindgen_test]
fn mount_uses_one_open_shadow_root_and_shared_adopted_sheets() {
    let page = fixture(
        r#"<medvirk-smiley id="a" endpoint="/api/v1/feedback"></medvirk-smiley>
           <div id="b" data-medvirk="smiley" data-endpoint="/api/v1/feedback"></div>"#,
    );
    let (a, b) = (find(&page, "#a"), find(&page, "#b"));
    let handle_a = mount("smiley", a.clone()).unwrap();
    let handle_b = mount("smiley", b.clone()).unwrap();
    let (root_a, root_b) = (a.shadow_root().unwrap(), b.shadow_root().unwrap());
    assert_eq!(root_a.mode(), ShadowRootMode::Open);
    let (sheets_a, sheets_b) = (root_a.adopted_style_sheets(), root_b.adopted_style_sheets());
    assert_eq!(
        sheets_a.length(),
        2,
        "host rules and the widget's stylesheet"
    );
    for i in 0..2 {
        assert!(
            sheets_a.get(i) == sheets_b.get(i),
            "each sheet is created once per page"
        );
    }
    assert_eq!(
        root_a.child_element_count(),
        1,
        "one element for Yew to render into"
    );
    assert!(root_a.query_selector("style, [style]").unwrap().is_none());

    // Destroy, then mount the same host again (what a re-attached element does).
    handle_a.destroy();
    let again = mount("smiley", a.clone()).unwrap();
    assert!(
        a.shadow_root().unwrap() == root_a,
        "the shadow root is attached once and reused"
    );
    assert_eq!(
        root_a.child_element_count(),
        1,
        "the earlier mount leaves nothing behind"
    );
    again.destroy();
    handle_b.destroy();
    page.remove();
}

#[wasm_bindgen_test]
fn unknown_kinds_and_closed_hosts_are_errors() {
    let page = fixture(r#"<medvirk-other></medvirk-other><div id="closed"></div>"#);
    assert!(mount("other", find(&page, "medvirk-other")).is_err());
    let closed = find(&page, "#closed");
    closed
        .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Closed))
        .unwrap();
    assert!(mount("smiley", closed.unchecked_into()).is_err());
    page.remove();
}

#[wasm_bindgen_test]
fn a_mapping_script_is_read_or_refused_but_never_ignored() {
    let mapping = include_str!("../../../examples/mapping/own-server.smiley.json");
    let page = fixture(&format!(
        r#"<medvirk-smiley widget-id="w"><script type="application/json" slot="mapping">{mapping}</script></medvirk-smiley>
           <medvirk-smiley widget-id="plain"></medvirk-smiley>"#
    ));
    let mapped = smiley::props(&find(&page, r#"[widget-id="w"]"#));
    let plain = smiley::props(&find(&page, r#"[widget-id="plain"]"#));
    assert_eq!(plain.mapping_error, None);
    #[cfg(feature = "mapping")]
    {
        assert_eq!(mapped.mapping_error, None);
        assert!(mapped.mapping.is_some() && plain.mapping.is_none());
    }
    // A bundle that cannot read the mapping says so instead of sending to `endpoint`.
    #[cfg(not(feature = "mapping"))]
    assert_eq!(
        mapped.mapping_error.as_deref(),
        Some(crate::events::NO_MAPPING_SUPPORT)
    );
    page.remove();
}
