//! `<medvirk-case-form>`: maps the element's attributes to the case form's props and mounts it.

use wasm_bindgen::JsError;
use web_sys::Element;

use crate::{events, host};
#[cfg(feature = "mapping")]
use medvirk_core::mapping::Kind;
use medvirk_widgets::case_form::{CaseForm, CaseFormProps, STYLE};

/// The Yew component behind the tag.
pub type Component = CaseForm;

/// The props for the host's current attributes (see the element API in the README).
pub fn props(host: &Element) -> CaseFormProps {
    #[cfg(feature = "mapping")]
    let (mapping, mapping_error) = events::mapping(host, Kind::CaseForm);
    #[cfg(not(feature = "mapping"))]
    let mapping_error = events::mapping_unsupported(host);
    CaseFormProps {
        endpoint: host::attr(host, "endpoint"),
        council: host::attr(host, "council"),
        council_name: host::attr(host, "council-name"),
        lang: host::own_lang(host),
        format: host::attr(host, "format"),
        service_code: host::attr(host, "service-code"),
        jurisdiction_id: host::attr(host, "jurisdiction-id"),
        api_key: host::attr(host, "api-key"),
        mode: host::attr(host, "mode"),
        inherited_lang: host::inherited_lang(host),
        browser_langs: host::browser_langs(),
        on_event: Some(events::on_event(host, true)),
        #[cfg(feature = "mapping")]
        mapping,
        mapping_error,
    }
}

/// Mounts a case form into `host`'s shadow root.
pub fn mount(host: &Element) -> Result<yew::AppHandle<CaseForm>, JsError> {
    let root = host::prepare_root(host, STYLE)?;
    let props = props(host);
    if let Some(e) = &props.mapping_error {
        events::log_mapping_error(host, e);
    }
    Ok(yew::Renderer::<CaseForm>::with_root_and_props(root, props).render())
}
