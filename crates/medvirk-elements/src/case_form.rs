//! `<medvirk-case-form>`: maps the element's attributes to the case form's props and mounts it.

use wasm_bindgen::JsError;
use web_sys::Element;

use crate::{events, host};
use medvirk_widgets::case_form::{CaseForm, CaseFormProps, STYLE};

/// The Yew component behind the tag.
pub type Component = CaseForm;

/// The props for the host's current attributes (see the element API in the README).
pub fn props(host: &Element) -> CaseFormProps {
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
    }
}

/// Mounts a case form into `host`'s shadow root.
pub fn mount(host: &Element) -> Result<yew::AppHandle<CaseForm>, JsError> {
    let root = host::prepare_root(host, STYLE)?;
    Ok(yew::Renderer::<CaseForm>::with_root_and_props(root, props(host)).render())
}
