//! What the host page may add to a widget: a declarative mapping to another backend and a
//! listener for the widget's events (`medvirk-submit`, `medvirk-submitted`, `medvirk-error`).
//!
//! The widgets call these at their send points; the element layer turns the events into DOM
//! `CustomEvent`s, so no JS interop lives here.
//!
//! Mappings are behind the `mapping` feature: parsing, templates and the foreign answer's rules
//! cost a smiley-only page about 13 KB brotli (18%), and most pages send to our own backend. The
//! events are always here; without the feature, [`Hooks::send_mapped`] never takes a send.

#[cfg(feature = "mapping")]
use std::rc::Rc;

use medvirk_core::lang::Lang;
#[cfg(feature = "mapping")]
use medvirk_core::mapping::Mapping;
use medvirk_core::mapping::WidgetEvent;
use medvirk_core::smiley::Failure;
use yew::prelude::*;

/// The element's event listener: returns `true` when the host page cancelled the event
/// (`preventDefault()` on `medvirk-submit`).
pub type OnEvent = Callback<WidgetEvent, bool>;

/// A widget's mapping and event listener, as its props carry them.
#[derive(Clone, Default, PartialEq)]
pub struct Hooks {
    #[cfg(feature = "mapping")]
    pub mapping: Option<Rc<Mapping>>,
    pub on_event: Option<OnEvent>,
}

impl Hooks {
    /// Only the event listener, no mapping: for a widget that sends only to its own endpoint.
    pub fn events(on_event: Option<OnEvent>) -> Hooks {
        Hooks {
            #[cfg(feature = "mapping")]
            mapping: None,
            on_event,
        }
    }

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

    /// Sends `payload_json` where the page's mapping says (its `update` section when
    /// `is_update` and it has one, else `submit`), fires `medvirk-submitted` or `medvirk-error`
    /// for the answer read by the mapping's rules, then hands the result to `done`. Returns
    /// `false`, without sending, when no mapping covers this send: the widget's own path sends it.
    #[cfg(feature = "mapping")]
    pub fn send_mapped(
        &self,
        is_update: bool,
        payload_json: String,
        fallback_id: String,
        done: impl FnOnce(Result<Option<String>, Failure>) + 'static,
    ) -> bool {
        let Some(send) = self
            .mapping
            .as_ref()
            .and_then(|m| m.send_for(is_update))
            .cloned()
        else {
            return false;
        };
        let hooks = self.clone();
        yew::platform::spawn_local(async move {
            let request = send.request(&payload_json);
            let result = match crate::client::send_mapped(&request).await {
                Ok((status, text)) => send.outcome(status, &text),
                Err(f) => Err(f),
            };
            hooks.report(&result, &fallback_id);
            done(result);
        });
        true
    }

    /// Without mapping support no send is mapped (an element with a mapping script shows an
    /// error instead of reaching this point).
    #[cfg(not(feature = "mapping"))]
    pub fn send_mapped(
        &self,
        _is_update: bool,
        _payload_json: String,
        _fallback_id: String,
        _done: impl FnOnce(Result<Option<String>, Failure>) + 'static,
    ) -> bool {
        false
    }
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
