//! The element side of the host page's hooks: the mapping read from the element's
//! `<script type="application/json" slot="mapping">` child or fetched from the URL in its
//! `mapping` attribute, and the widget's events dispatched on the host element as DOM
//! `CustomEvent`s (`medvirk-submit`, `medvirk-submitted`, `medvirk-error`; all bubble and cross
//! shadow boundaries).
//!
//! Reading mappings needs the `mapping` feature; the events are in every bundle.

#[cfg(feature = "mapping")]
use std::cell::RefCell;
#[cfg(feature = "mapping")]
use std::rc::Rc;

#[cfg(feature = "mapping")]
use medvirk_core::mapping::{Kind, Mapping, URL_RULE, url_shape_ok};
use web_sys::Element;
use yew::AttrValue;

/// The text of the element's mapping script, if it has one. Only a direct child counts, so a
/// widget nested in another widget's light DOM never reads its neighbour's mapping.
fn mapping_text(host: &Element) -> Option<String> {
    let script = host
        .query_selector(":scope > script[slot=\"mapping\"]")
        .ok()??;
    Some(script.text_content().unwrap_or_default())
}

/// The element's `mapping` attribute (`data-mapping` on the div form), when it has no mapping
/// script: a script in the element wins, since it is the more specific of the two.
#[cfg(feature = "mapping")]
fn mapping_attr(host: &Element) -> Option<String> {
    if mapping_text(host).is_some() {
        return None;
    }
    crate::host::attr(host, "mapping")
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

#[cfg(feature = "mapping")]
thread_local! {
    /// Mapping documents fetched for `mapping="URL"` on this page, by URL: the text, or why it
    /// could not be fetched. Several elements with one URL share a fetch's result.
    static FETCHED: RefCell<Vec<(String, Result<String, String>)>> = const { RefCell::new(Vec::new()) };
}

/// The URL of the element's `mapping` attribute when it must be fetched before the widget can
/// start: not fetched yet, or (with `again`, for a fresh mount) its last fetch failed.
#[cfg(feature = "mapping")]
pub fn mapping_to_fetch(host: &Element, again: bool) -> Option<String> {
    let url = mapping_attr(host).filter(|u| url_shape_ok(u))?;
    let done = FETCHED.with_borrow(|f| f.iter().any(|(u, r)| *u == url && (r.is_ok() || !again)));
    (!done).then_some(url)
}

/// Fetches the mapping document at `url` (CORS, no credentials, with the widgets' timeout)
/// and keeps its text, or why it failed, for [`mapping`].
#[cfg(feature = "mapping")]
pub async fn fetch_mapping(url: String) {
    use medvirk_core::smiley::Failure;
    let result = medvirk_widgets::client::get_text(&url).await.map_err(|f| {
        let mut why = String::from("could not be fetched (");
        match f {
            Failure::Network => why.push_str("no answer"),
            Failure::Status(s) => {
                why.push_str("HTTP status ");
                medvirk_core::json::write_u64(&mut why, s.into());
            }
        }
        why.push(')');
        why
    });
    FETCHED.with_borrow_mut(|f| {
        f.retain(|(u, _)| *u != url);
        f.push((url, result));
    });
}

/// The element's mapping, checked for a widget of `kind`: `(Some, None)` when it is valid,
/// `(None, Some(error))` with the path of the mistake when it is not, `(None, None)` without one.
/// A fetched mapping's errors start with its URL (and the path as its fragment, RFC 6901), so
/// the webmaster knows which document to fix.
#[cfg(feature = "mapping")]
pub fn mapping(host: &Element, kind: Kind) -> (Option<Rc<Mapping>>, Option<AttrValue>) {
    let checked = |text: &str| Mapping::parse(text, kind).map(Rc::new);
    if let Some(text) = mapping_text(host) {
        return match checked(&text) {
            Ok(m) => (Some(m), None),
            Err(e) => (None, Some(AttrValue::from(e.text()))),
        };
    }
    let Some(url) = mapping_attr(host) else {
        return (None, None);
    };
    let error = |sep: &str, rest: &str| (None, Some(AttrValue::from([&url, sep, rest].concat())));
    // The rule every URL in a mapping follows (no `data:` or `javascript:`).
    if !url_shape_ok(&url) {
        return error(": ", &["the mapping attribute ", URL_RULE].concat());
    }
    let fetched =
        FETCHED.with_borrow(|f| f.iter().find(|(u, _)| *u == url).map(|(_, r)| r.clone()));
    match fetched {
        None => error(": ", "not fetched yet"),
        Some(Err(why)) => error(": ", &why),
        Some(Ok(text)) => match checked(&text) {
            Ok(m) => (Some(m), None),
            Err(e) if e.path.is_empty() => error(": ", &e.message),
            Err(e) => error("#", &e.text()),
        },
    }
}

/// What a bundle built without mapping support says about an element that has a mapping
/// script or attribute: the loader never gives such a page this bundle, but a page that loads a
/// bundle's glue itself must not have its mapping silently ignored (its answers would go
/// elsewhere).
#[cfg(not(feature = "mapping"))]
pub const NO_MAPPING_SUPPORT: &str = "(the whole document): this bundle of the widgets was built \
     without mapping support; load the widgets through medvirk.js, which picks one that has it";

/// Without mapping support: the refusal for an element with a mapping, `None` without one.
#[cfg(not(feature = "mapping"))]
pub fn mapping_unsupported(host: &Element) -> Option<AttrValue> {
    // Any `mapping` attribute counts, even an empty one: this bundle cannot honour it either way.
    (mapping_text(host).is_some() || crate::host::attr(host, "mapping").is_some())
        .then_some(AttrValue::Static(NO_MAPPING_SUPPORT))
}

/// Writes a refused mapping to the console, with the tag so the webmaster finds the element.
pub fn log_mapping_error(host: &Element, error: &str) {
    let text = ["<", &host.local_name(), "> mapping ", error].concat();
    web_sys::console::error_1(&text.into());
}

/// A listener that turns the widget's events into `CustomEvent`s on `host` and tells the widget
/// whether the page cancelled one (only `medvirk-submit` is cancelable). The smiley and the case
/// form fire all three; the directory only reads, and fires `medvirk-error` when a load fails.
/// With `receipt`, `medvirk-submitted` carries the id also as `receipt` (the case form's name
/// for it), so one listener can read `id` from every element.
pub fn on_event(host: &Element, receipt: bool) -> medvirk_widgets::hooks::OnEvent {
    use js_sys::{JSON, Object, Reflect};
    use medvirk_core::mapping::WidgetEvent;
    use wasm_bindgen::JsValue;
    use web_sys::{CustomEvent, CustomEventInit};
    use yew::Callback;

    let host = host.clone();
    Callback::from(move |event: WidgetEvent| -> bool {
        let (name, detail, cancelable) = match event {
            // Our own JSON writer made the payload; a parse failure would be a bug, and then
            // the page still gets the text.
            WidgetEvent::Submit(json) => (
                "medvirk-submit",
                JSON::parse(&json).unwrap_or_else(|_| JsValue::from_str(&json)),
                true,
            ),
            WidgetEvent::Submitted { id } => {
                let o = Object::new();
                let id = JsValue::from_str(&id);
                let _ = Reflect::set(&o, &"id".into(), &id);
                if receipt {
                    let _ = Reflect::set(&o, &"receipt".into(), &id);
                }
                ("medvirk-submitted", o.into(), false)
            }
            WidgetEvent::Error { code, message } => {
                let o = Object::new();
                let _ = Reflect::set(&o, &"code".into(), &JsValue::from_str(code));
                let _ = Reflect::set(&o, &"message".into(), &JsValue::from_str(&message));
                ("medvirk-error", o.into(), false)
            }
        };
        let init = CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_cancelable(cancelable);
        init.set_detail(&detail);
        let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) else {
            return false;
        };
        // `dispatchEvent` is false when a listener called preventDefault() on a cancelable event.
        let not_cancelled = host.dispatch_event(&event).unwrap_or(true);
        !not_cancelled
    })
}
