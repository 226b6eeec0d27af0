//! `<medvirk-smiley>`: maps the element's attributes to the smiley widget's props and mounts it.

use wasm_bindgen::JsError;
use web_sys::Element;

use crate::{events, host};
#[cfg(feature = "mapping")]
use medvirk_core::mapping::Kind;
use medvirk_widgets::smiley::{STYLE, Smiley, SmileyProps};

/// The Yew component behind the tag.
pub type Component = Smiley;

/// The props for the host's current attributes (see the element API in the README).
pub fn props(host: &Element) -> SmileyProps {
    #[cfg(feature = "mapping")]
    let (mapping, mapping_error) = events::mapping(host, Kind::Smiley);
    #[cfg(not(feature = "mapping"))]
    let mapping_error = events::mapping_unsupported(host);
    SmileyProps {
        endpoint: host::attr(host, "endpoint"),
        widget_id: host::attr(host, "widget-id"),
        lang: host::own_lang(host),
        scale: host::attr(host, "scale"),
        question: host::attr(host, "question"),
        inherited_lang: host::inherited_lang(host),
        browser_langs: host::browser_langs(),
        #[cfg(feature = "mapping")]
        mapping,
        mapping_error,
        on_event: Some(events::on_event(host, false)),
    }
}

/// Mounts a smiley into `host`'s shadow root.
pub fn mount(host: &Element) -> Result<yew::AppHandle<Smiley>, JsError> {
    let root = host::prepare_root(host, STYLE)?;
    let props = props(host);
    if let Some(e) = &props.mapping_error {
        events::log_mapping_error(host, e);
    }
    Ok(yew::Renderer::<Smiley>::with_root_and_props(root, props).render())
}
