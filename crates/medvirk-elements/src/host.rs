//! The host element side of mounting: attributes, inherited language, shadow root and stylesheets.
//!
//! The same widget can sit in `<medvirk-smiley endpoint=...>` or, where a CMS strips unknown tags,
//! in `<div data-medvirk="smiley" data-endpoint=...>`; [`attr`] hides that difference.

use std::cell::RefCell;

use js_sys::Array;
use wasm_bindgen::{JsCast, JsError, JsValue};
use web_sys::{CssStyleSheet, Element, ShadowRoot, ShadowRootInit, ShadowRootMode};
use yew::AttrValue;

/// Rules every widget host needs: custom elements are inline by default, and `hidden` must win.
const HOST_STYLE: &str = ":host{display:block}:host([hidden]){display:none}";

/// Whether the host is one of our custom elements (as opposed to an upgraded `<div data-medvirk>`).
fn is_custom_element(host: &Element) -> bool {
    host.local_name().starts_with("medvirk-")
}

/// Reads the widget attribute `name` (e.g. `widget-id`): as written on a `<medvirk-*>` element,
/// or as `data-widget-id` on an upgraded `<div data-medvirk>`.
pub fn attr(host: &Element, name: &str) -> Option<AttrValue> {
    if is_custom_element(host) {
        host.get_attribute(name)
    } else {
        let mut data = String::from("data-");
        data.push_str(name);
        host.get_attribute(&data)
    }
    .map(AttrValue::from)
}

/// The language asked for on the element itself. On a `<div data-medvirk>` the ordinary `lang`
/// attribute counts too when `data-lang` is absent: it is the element's own language, and the
/// inherited search below starts above the element.
pub fn own_lang(host: &Element) -> Option<AttrValue> {
    attr(host, "lang").or_else(|| host.get_attribute("lang").map(AttrValue::from))
}

/// The `lang` of the closest ancestor outside the host that has one, crossing shadow boundaries
/// when the host sits inside another component's shadow tree.
pub fn inherited_lang(host: &Element) -> Option<AttrValue> {
    // `closest` searches from `start` up to the top of the tree `anchor` lives in; a shadow host
    // above that is itself an ancestor of ours, so the search goes on from it, inclusive.
    let mut anchor = host.clone();
    let mut start = host.parent_element();
    loop {
        if let Some(from) = &start
            && let Ok(Some(found)) = from.closest("[lang]")
        {
            return found.get_attribute("lang").map(AttrValue::from);
        }
        let shadow_host = anchor.get_root_node().dyn_into::<ShadowRoot>().ok()?.host();
        start = Some(shadow_host.clone());
        anchor = shadow_host;
    }
}

/// `navigator.languages`, most preferred first.
pub fn browser_langs() -> Vec<AttrValue> {
    let Some(window) = web_sys::window() else {
        return Vec::new();
    };
    window
        .navigator()
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .map(AttrValue::from)
        .collect()
}

thread_local! {
    /// One constructed stylesheet per distinct CSS text, shared by every shadow root on the page,
    /// so ten widgets parse their CSS once. Keyed by the text's address and length: the texts are
    /// constants, and comparing them whole on every mount would be wasted work.
    static SHEETS: RefCell<Vec<((usize, usize), CssStyleSheet)>> = const { RefCell::new(Vec::new()) };
}

/// The page-wide constructed stylesheet for `css`, created on first use.
fn sheet(css: &'static str) -> Result<CssStyleSheet, JsValue> {
    SHEETS.with_borrow_mut(|sheets| {
        let key = (css.as_ptr() as usize, css.len());
        if let Some((_, sheet)) = sheets.iter().find(|(k, _)| *k == key) {
            return Ok(sheet.clone());
        }
        let sheet = CssStyleSheet::new()?;
        sheet.replace_sync(css)?;
        sheets.push((key, sheet.clone()));
        Ok(sheet)
    })
}

/// Prepares the host's open shadow root (attached once, reused when the host is mounted again),
/// adopts the shared stylesheets, and returns a fresh empty element for Yew to render into.
///
/// Styles are adopted constructable stylesheets rather than `<style>` elements or `style=`
/// attributes, which a strict Content-Security-Policy without 'unsafe-inline' would block.
pub fn prepare_root(host: &Element, widget_css: &'static str) -> Result<Element, JsError> {
    let fail = |_| JsError::new("medvirk: could not prepare the shadow root");
    let shadow = match host.shadow_root() {
        Some(shadow) => shadow,
        None => host
            .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
            .map_err(fail)?,
    };
    let base = sheet(HOST_STYLE).map_err(fail)?;
    let widget = sheet(widget_css).map_err(fail)?;
    let sheets = Array::of2(&base, &widget);
    shadow.set_adopted_style_sheets(&sheets);
    let document = host.owner_document().ok_or_else(|| fail(JsValue::NULL))?;
    let root = document.create_element("div").map_err(fail)?;
    // Replaces whatever an earlier mount left behind, so a re-attached host starts clean.
    shadow.replace_children_with_node_1(&root);
    Ok(root)
}
