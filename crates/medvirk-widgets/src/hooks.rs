//! What the host page may add to a widget: a declarative mapping to another backend and a
//! listener for the widget's events (`medvirk-submit`, `medvirk-submitted`, `medvirk-error`).
//!
//! The widgets call these at their send points; the element layer turns the events into DOM
//! `CustomEvent`s, so no JS interop lives here.
//!
//! Mappings are behind the `mapping` feature: parsing, templates and the foreign answer's rules
//! cost a smiley-only page about 13 KB brotli (18%), and most pages send to our own backend. The
//! events are always here; without the feature, [`Hooks::send_mapped`] never takes a send.
//! Mapped sends go through the outbox like the widgets' own (see `outbox`).

#[cfg(feature = "mapping")]
use std::rc::Rc;

use medvirk_core::lang::Lang;
#[cfg(feature = "mapping")]
use medvirk_core::mapping::Mapping;
use medvirk_core::mapping::WidgetEvent;
use medvirk_core::outbox::Kind;
#[cfg(feature = "mapping")]
use medvirk_core::outbox::{Entry, Mapped};
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

    /// Queues `payload_json` for where the page's mapping says (its `update` section when
    /// `is_update` and it has one, else `submit`) in the outbox, under `id` and `kind`, exactly
    /// as the widget's own sends: kept on the device and retried until the backend answers, so
    /// nothing is lost to a dead connection, a 5xx or a 429. The answer comes back as outbox news,
    /// which [`Hooks::mapped_outcome`] reads. Returns `false`, without queueing, when no mapping
    /// covers this send: the widget's own path sends it.
    ///
    /// Kinds keep their order whatever section sends them: a change (`FeedbackPatch`) waits
    /// behind the response's first send, and a newer change replaces one still waiting.
    #[cfg(feature = "mapping")]
    pub fn send_mapped(&self, is_update: bool, payload_json: &str, id: &str, kind: Kind) -> bool {
        let Some(send) = self.mapping.as_ref().and_then(|m| m.send_for(is_update)) else {
            return false;
        };
        let request = send.request(payload_json);
        let mut entry = Entry::new(
            id,
            kind,
            &request.url,
            request.body.as_deref().unwrap_or_default(),
            request.content_type.unwrap_or("application/json"),
            js_sys::Date::now() as u64,
        );
        entry.mapped = Some(Mapped {
            method: request.method,
            headers: request.headers,
        });
        crate::outbox::submit(entry);
        true
    }

    /// Without mapping support no send is mapped (an element with a mapping script shows an
    /// error instead of reaching this point).
    #[cfg(not(feature = "mapping"))]
    pub fn send_mapped(
        &self,
        _is_update: bool,
        _payload_json: &str,
        _id: &str,
        _kind: Kind,
    ) -> bool {
        false
    }

    /// Reads a delivered answer (2xx `status` and `body`) to a mapped send by the mapping's
    /// rules (`success`, `id`) and tells the page: `Some(Ok(id))` after `medvirk-submitted`,
    /// `Some(Err(failure))` after `medvirk-error` when the mapping says the backend refused it.
    /// `None` when no mapping covers such a send: the caller reads the answer itself.
    #[cfg(feature = "mapping")]
    pub fn mapped_outcome(
        &self,
        is_update: bool,
        status: u16,
        body: &str,
        fallback_id: &str,
    ) -> Option<Result<String, Failure>> {
        let send = self.mapping.as_ref()?.send_for(is_update)?;
        let result = send.outcome(status, body);
        self.report(&result, fallback_id);
        Some(result.map(|id| id.unwrap_or_else(|| fallback_id.to_owned())))
    }

    /// Without mapping support nothing is mapped.
    #[cfg(not(feature = "mapping"))]
    pub fn mapped_outcome(
        &self,
        _is_update: bool,
        _status: u16,
        _body: &str,
        _fallback_id: &str,
    ) -> Option<Result<String, Failure>> {
        None
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
