//! Browser tests of the directory widget in headless Chromium (wasm-bindgen-test).
//!
//! Each test mounts `Directory` into a div inside an open shadow root, as the element layer
//! does, and asserts the DOM. Documents are served by a small stub around `window.fetch` for
//! URLs on `https://directory.test/` (the admin import that would put them on the real server
//! is not reachable cross-origin from the test page); everything else goes to the network.
//! One test reads the real server's `GET /api/v1/directory`, derived from
//! `MEDVIRK_TEST_ENDPOINT` (`cargo xtask test` starts the server and sets it).
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use medvirk_widgets::directory::{ANNOUNCE_AFTER, Directory, DirectoryProps};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::{
    Element, Event, EventInit, HtmlInputElement, ShadowRoot, ShadowRootInit, ShadowRootMode,
};
use yew::AttrValue;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
export function stub_install() {
  if (!window.__mdStub) {
    const real = window.fetch;
    const stub = { docs: {}, calls: [] };
    window.__mdStub = stub;
    window.fetch = async function (input, init) {
      const request = input instanceof Request ? input : new Request(input, init);
      stub.calls.push(request.url);
      if (request.url.startsWith("https://directory.test/")) {
        const body = stub.docs[request.url];
        return body === undefined
          ? new Response("not found", { status: 404 })
          : new Response(body, { headers: { "Content-Type": "application/json" } });
      }
      return real.call(window, request);
    };
  }
}
export function stub_serve(url, body) { window.__mdStub.docs[url] = body; }
export function stub_calls() { return window.__mdStub.calls.length; }
"#)]
extern "C" {
    fn stub_install();
    fn stub_serve(url: &str, body: &str);
    fn stub_calls() -> u32;
}

const NATIVE: &str = include_str!("../../../examples/directory/native-small.json");
const HOSTILE: &str = include_str!("../../../www/data/directory-hostile.popolo.json");

fn props(src: &str, format: Option<&str>, lang: &str) -> DirectoryProps {
    DirectoryProps {
        src: Some(AttrValue::from(src.to_string())),
        format: format.map(|f| AttrValue::from(f.to_string())),
        lang: Some(AttrValue::from(lang.to_string())),
        browser_langs: vec!["en-US".into()],
        ..DirectoryProps::default()
    }
}

/// Mounts the widget the way the element layer does and returns its shadow root.
fn mount(props: DirectoryProps) -> ShadowRoot {
    stub_install();
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let root = host
        .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
        .unwrap();
    let inner = document.create_element("div").unwrap();
    root.append_child(&inner).unwrap();
    // Leaked on purpose: the page is thrown away after the run.
    std::mem::forget(yew::Renderer::<Directory>::with_root_and_props(inner, props).render());
    root
}

async fn sleep(ms: u64) {
    yew::platform::time::sleep(Duration::from_millis(ms)).await;
}

async fn find(root: &ShadowRoot, selector: &str) -> Element {
    for _ in 0..250 {
        if let Ok(Some(el)) = root.query_selector(selector) {
            return el;
        }
        sleep(20).await;
    }
    panic!("`{selector}` did not appear; markup: {}", root.inner_html());
}

fn texts(root: &ShadowRoot, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.text_content().unwrap_or_default())
        .collect()
}

async fn wait_text(root: &ShadowRoot, selector: &str, want: &str) {
    for _ in 0..250 {
        if texts(root, selector).first().map(String::as_str) == Some(want) {
            return;
        }
        sleep(20).await;
    }
    panic!(
        "`{selector}` never read {want:?}; markup: {}",
        root.inner_html()
    );
}

fn type_into(root: &ShadowRoot, text: &str) {
    let input: HtmlInputElement = root
        .get_element_by_id("md-search")
        .unwrap()
        .dyn_into()
        .unwrap();
    input.set_value(text);
    let init = EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn renders_a_native_directory_grouped_with_labelled_controls() {
    let url = "https://directory.test/native-1.json";
    stub_install();
    stub_serve(url, NATIVE);
    let root = mount(props(url, None, "en"));
    find(&root, "[part~=card]").await;
    // Councils in source order, each with its heading; past memberships hidden.
    assert_eq!(
        texts(&root, "[part~=council-name]"),
        ["Brukerutvalget ved UNN", "Eldrerådet i Oslo"]
    );
    assert!(!texts(&root, "[part~=name]").is_empty());
    assert!(texts(&root, "[part~=past]").is_empty());
    // Every form control has a label pointing at it inside the same shadow root.
    for id in [
        "md-search",
        "md-council",
        "md-organisation",
        "md-level",
        "md-role",
        "md-past",
    ] {
        assert!(root.get_element_by_id(id).is_some(), "{id}");
        assert!(
            root.query_selector(&format!("label[for={id}]"))
                .unwrap()
                .is_some(),
            "label for {id}"
        );
    }
    // The live region exists from the start and gets the count after a pause.
    let live = root.query_selector("[aria-live=polite]").unwrap().unwrap();
    let count = texts(&root, "[part~=count]")[0].clone();
    assert!(count.ends_with("results"), "{count}");
    sleep(ANNOUNCE_AFTER.as_millis() as u64 + 200).await;
    assert_eq!(live.text_content().unwrap(), count);
}

#[wasm_bindgen_test]
async fn typing_searches_with_nordic_folding_and_debounced_announcement() {
    let url = "https://directory.test/native-2.json";
    stub_install();
    stub_serve(url, NATIVE);
    let root = mount(props(url, None, "nb"));
    find(&root, "[part~=card]").await;
    sleep(ANNOUNCE_AFTER.as_millis() as u64 + 200).await;
    type_into(&root, "odegard");
    wait_text(&root, "[part~=count]", "1 oppføring").await;
    assert_eq!(texts(&root, "[part~=name]"), ["Øystein Ødegård"]);
    // Not yet announced: typing has only just paused.
    let live = root.query_selector("[aria-live=polite]").unwrap().unwrap();
    assert_ne!(live.text_content().unwrap(), "1 oppføring");
    sleep(ANNOUNCE_AFTER.as_millis() as u64 + 200).await;
    assert_eq!(live.text_content().unwrap(), "1 oppføring");

    type_into(&root, "zzzz");
    wait_text(&root, "[part~=count]", "Ingen oppføringer").await;
    assert_eq!(
        texts(&root, "[part~=empty]"),
        ["Ingen treff. Prøv et annet søkeord eller fjern et filter."]
    );
}

#[wasm_bindgen_test]
async fn hostile_popolo_counts_skipped_records_and_renders_text_only() {
    let url = "https://directory.test/hostile.json";
    stub_install();
    stub_serve(url, HOSTILE);
    let root = mount(props(url, Some("popolo"), "en"));
    find(&root, "[part~=card]").await;
    assert_eq!(
        texts(&root, "[part~=notice]"),
        ["6 records could not be shown"]
    );
    assert!(
        texts(&root, "[part~=name]")
            .contains(&"<img src=x onerror=alert(1)>Åse Østerås".to_string())
    );
    assert_eq!(
        root.query_selector_all("img, script, b").unwrap().length(),
        0
    );
    let links = root.query_selector_all("[href]").unwrap();
    assert!(links.length() > 0);
    for i in 0..links.length() {
        let el: Element = links.item(i).unwrap().dyn_into().unwrap();
        let href = el.get_attribute("href").unwrap();
        assert!(
            ["mailto:", "tel:", "https://"]
                .iter()
                .any(|p| href.starts_with(p)),
            "{href}"
        );
    }
}

#[wasm_bindgen_test]
async fn refuses_sources_that_are_not_http_and_fetches_nothing() {
    stub_install();
    let before = stub_calls();
    let root = mount(props("data:application/json,{}", None, "nb"));
    let error = find(&root, "[part~=config-error]").await;
    assert!(error.text_content().unwrap().contains("src"));
    sleep(100).await;
    assert_eq!(stub_calls(), before);
}

#[wasm_bindgen_test]
async fn a_failed_load_offers_retry() {
    // Not served by the stub: 404.
    let root = mount(props("https://directory.test/missing.json", None, "en"));
    let retry = find(&root, "[part~=retry]").await;
    assert_eq!(retry.text_content().unwrap(), "Try again");
    stub_serve("https://directory.test/missing.json", NATIVE);
    retry.dyn_into::<web_sys::HtmlElement>().unwrap().click();
    find(&root, "[part~=card]").await;
}

#[wasm_bindgen_test]
async fn reads_the_real_servers_directory_endpoint() {
    let Some(feedback) = option_env!("MEDVIRK_TEST_ENDPOINT") else {
        panic!(
            "MEDVIRK_TEST_ENDPOINT is not set. This test needs a running medvirk-server: run \
             `cargo xtask test`, or build the tests with MEDVIRK_TEST_ENDPOINT=http://127.0.0.1:PORT/api/v1/feedback"
        );
    };
    let base = feedback.trim_end_matches("/api/v1/feedback");
    let root = mount(props(&format!("{base}/api/v1/directory"), None, "en"));
    // A fresh server has an empty directory: loaded (no error), nothing listed.
    find(&root, "[part~=count]").await;
    assert!(root.query_selector("[part~=error]").unwrap().is_none());
    assert_eq!(texts(&root, "[part~=count]")[0], "No results");
}

/// The card elements in the list, in order.
fn card_nodes(root: &ShadowRoot) -> Vec<Element> {
    let list = root.query_selector_all("[part~=card]").unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().dyn_into().unwrap())
        .collect()
}

#[wasm_bindgen_test]
async fn cards_that_come_back_after_erasing_are_reused_whole_and_in_order() {
    let url = "https://directory.test/native-reuse.json";
    stub_install();
    stub_serve(url, NATIVE);
    let root = mount(props(url, None, "en"));
    find(&root, "[part~=card]").await;
    let first_names = texts(&root, "[part~=name]");
    let first_cards = card_nodes(&root);
    let first_heads = texts(&root, "[part~=council-name]");
    let first_markup: Vec<String> = first_cards.iter().map(|c| c.outer_html()).collect();

    // One card left, then back to the empty query.
    type_into(&root, "odegard");
    wait_text(&root, "[part~=count]", "1 result").await;
    assert_eq!(texts(&root, "[part~=name]"), ["Øystein Ødegård"]);
    type_into(&root, "");
    for _ in 0..250 {
        if card_nodes(&root).len() == first_cards.len() {
            break;
        }
        sleep(20).await;
    }

    // The same cards in the same order, each shown once, with its content as it was: the
    // reused nodes were not emptied, doubled or moved to the wrong council.
    let again = card_nodes(&root);
    assert_eq!(texts(&root, "[part~=name]"), first_names);
    assert_eq!(texts(&root, "[part~=council-name]"), first_heads);
    assert_eq!(again.len(), first_cards.len());
    for (i, (a, b)) in first_cards.iter().zip(&again).enumerate() {
        assert!(a.is_same_node(Some(b)), "card {i} was built again");
        assert_eq!(b.outer_html(), first_markup[i], "card {i} changed");
    }
    // Every vCard button still names its own membership.
    let values: Vec<String> = again
        .iter()
        .map(|c| {
            c.query_selector("[part~=vcard]")
                .unwrap()
                .unwrap()
                .get_attribute("value")
                .unwrap()
        })
        .collect();
    let mut unique = values.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), values.len(), "{values:?}");
}
