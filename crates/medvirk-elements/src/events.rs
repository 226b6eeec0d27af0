//! The element side of the host page's hooks: the mapping read from the element's
//! `<script type="application/json" slot="mapping">` child, and the widget's events dispatched
//! on the host element as DOM `CustomEvent`s (`medvirk-submit`, `medvirk-submitted`,
//! `medvirk-error`; all bubble and cross shadow boundaries).
//!
//! Reading mappings needs the `mapping` feature (and the case form reads none yet); the events
//! are in every bundle that has a widget that sends.

#[cfg(feature = "mapping")]
use std::rc::Rc;

#[cfg(feature = "mapping")]
use medvirk_core::mapping::{Kind, Mapping};
use web_sys::Element;
#[cfg(any(feature = "smiley", feature = "directory"))]
use yew::AttrValue;

/// The text of the element's mapping script, if it has one. Only a direct child counts, so a
/// widget nested in another widget's light DOM never reads its neighbour's mapping.
#[cfg(any(feature = "smiley", feature = "directory"))]
fn mapping_text(host: &Element) -> Option<String> {
    let script = host
        .query_selector(":scope > script[slot=\"mapping\"]")
        .ok()??;
    Some(script.text_content().unwrap_or_default())
}

/// The element's mapping, checked for a widget of `kind`: `(Some, None)` when it is valid,
/// `(None, Some(error))` with the path of the mistake when it is not, `(None, None)` without one.
#[cfg(all(feature = "mapping", any(feature = "smiley", feature = "directory")))]
pub fn mapping(host: &Element, kind: Kind) -> (Option<Rc<Mapping>>, Option<AttrValue>) {
    match mapping_text(host).map(|t| Mapping::parse(&t, kind)) {
        None => (None, None),
        Some(Ok(m)) => (Some(Rc::new(m)), None),
        Some(Err(e)) => (None, Some(AttrValue::from(e.text()))),
    }
}

/// What a bundle built without mapping support says about an element that has a mapping
/// script: the loader never gives such a page this bundle, but a page that loads a bundle's glue
/// itself must not have its mapping silently ignored (its answers would go elsewhere).
#[cfg(all(
    not(feature = "mapping"),
    any(feature = "smiley", feature = "directory")
))]
pub const NO_MAPPING_SUPPORT: &str = "(the whole document): this bundle of the widgets was built \
     without mapping support; load the widgets through medvirk.js, which picks one that has it";

/// Without mapping support: the refusal for an element with a mapping script, `None` without one.
#[cfg(all(
    not(feature = "mapping"),
    any(feature = "smiley", feature = "directory")
))]
pub fn mapping_unsupported(host: &Element) -> Option<AttrValue> {
    mapping_text(host).map(|_| AttrValue::Static(NO_MAPPING_SUPPORT))
}

/// Writes a refused mapping to the console, with the tag so the webmaster finds the element.
#[cfg(any(feature = "smiley", feature = "directory"))]
pub fn log_mapping_error(host: &Element, error: &str) {
    let text = ["<", &host.local_name(), "> mapping ", error].concat();
    web_sys::console::error_1(&text.into());
}

/// A listener that turns the widget's events into `CustomEvent`s on `host` and tells the widget
/// whether the page cancelled one (only `medvirk-submit` is cancelable). The smiley and the case
/// form fire events; the directory only reads. With `receipt`, `medvirk-submitted` carries the
/// id also as `receipt` (the case form's name for it), so one listener can read `id` from every
/// element.
#[cfg(any(feature = "smiley", feature = "case-form"))]
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
