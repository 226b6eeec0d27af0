//! `<medvirk-directory>`: maps the element's attributes to the directory widget's props and mounts it.

use wasm_bindgen::JsError;
use web_sys::Element;

use crate::{events, host};
#[cfg(feature = "mapping")]
use medvirk_core::mapping::Kind;
use medvirk_widgets::directory::{Directory, DirectoryProps, STYLE};

/// The Yew component behind the tag.
pub type Component = Directory;

/// The props for the host's current attributes (see the element API in the README).
pub fn props(host: &Element) -> DirectoryProps {
    #[cfg(feature = "mapping")]
    let (mapping, mapping_error) = events::mapping(host, Kind::Directory);
    #[cfg(not(feature = "mapping"))]
    let mapping_error = events::mapping_unsupported(host);
    DirectoryProps {
        src: host::attr(host, "src"),
        format: host::attr(host, "format"),
        council: host::attr(host, "council"),
        organisation: host::attr(host, "organisation"),
        level: host::attr(host, "level"),
        lang: host::own_lang(host),
        inherited_lang: host::inherited_lang(host),
        browser_langs: host::browser_langs(),
        #[cfg(feature = "mapping")]
        mapping,
        mapping_error,
        on_event: Some(events::on_event(host, false)),
    }
}

/// Mounts a directory into `host`'s shadow root.
pub fn mount(host: &Element) -> Result<yew::AppHandle<Directory>, JsError> {
    let root = host::prepare_root(host, STYLE)?;
    let props = props(host);
    if let Some(e) = &props.mapping_error {
        events::log_mapping_error(host, e);
    }
    Ok(yew::Renderer::<Directory>::with_root_and_props(root, props).render())
}
