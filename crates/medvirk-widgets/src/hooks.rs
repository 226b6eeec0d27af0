//! What the host page may add to a widget: a declarative mapping to another backend and a
//! listener for the widget's events (`medvirk-submit`, `medvirk-submitted`, `medvirk-error`).
//!
//! The widgets call these at their send points; the element layer turns the events into DOM
//! `CustomEvent`s, so no JS interop lives here.

use std::rc::Rc;

use medvirk_core::lang::Lang;
use medvirk_core::mapping::{Mapping, Send, WidgetEvent};
use medvirk_core::smiley::Failure;
use yew::prelude::*;

use crate::client;

/// The element's event listener: returns `true` when the host page cancelled the event
/// (`preventDefault()` on `medvirk-submit`).
pub type OnEvent = Callback<WidgetEvent, bool>;

/// A widget's mapping and event listener, as its props carry them.
#[derive(Clone, Default, PartialEq)]
pub struct Hooks {
    pub mapping: Option<Rc<Mapping>>,
    pub on_event: Option<OnEvent>,
}

impl Hooks {
    /// Fires `medvirk-submit` with our payload; `true` means the host page took the sending over,
    /// so the widget must not send and behaves as if the backend had accepted it.
    pub fn taken_over(&self, payload_json: &str) -> bool {
        self.on_event
            .as_ref()
            .is_some_and(|cb| cb.emit(WidgetEvent::Submit(payload_json.to_owned())))
    }

    /// Fires `medvirk-submitted` (the backend stored it under `id`).
    pub fn submitted(&self, id: String) {
        if let Some(cb) = &self.on_event {
            cb.emit(WidgetEvent::Submitted { id });
        }
    }

    /// Fires `medvirk-error` for a failed send.
    pub fn failed(&self, failure: Failure) {
        if let Some(cb) = &self.on_event {
            cb.emit(WidgetEvent::from_failure(failure));
        }
    }

    /// Fires `medvirk-submitted` or `medvirk-error` for the result of a send; `fallback_id` is
    /// the id when the answer names none (our client-generated id).
    pub fn report(&self, result: &Result<Option<String>, Failure>, fallback_id: &str) {
        match result {
            Ok(id) => self.submitted(id.clone().unwrap_or_else(|| fallback_id.to_owned())),
            Err(f) => self.failed(*f),
        }
    }
}

/// Sends our payload as the mapping section `send` says and reads the answer by its rules:
/// `Ok` with the id or receipt their answer holds (if the mapping says where).
pub async fn send_mapped(send: &Send, payload_json: &str) -> Result<Option<String>, Failure> {
    let request = send.request(payload_json);
    let (status, text) = client::send_mapped(&request).await?;
    send.outcome(status, &text)
}

/// The widgets' configuration-error box for a refused mapping: `message` names the bad path inside the mapping.
pub fn mapping_error_box(message: &str, lang: Lang, heading: &'static str) -> Html {
    html! {
        <div class="config-error" part="config-error" lang={lang.tag()}>
            <p class="config-error-heading">{ heading }</p>
            <p>{ "mapping " }<code>{ message.to_owned() }</code></p>
        </div>
    }
}
