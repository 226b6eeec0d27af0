//! The status lookup: a receipt code in, the case's public status, dates, answer and history out.
//!
//! Works without an account: the receipt code is all it takes. Which URL a code leads to, and
//! how an answer is read, is core's `flow::Config` (native JSON or Open311) or, when the page's
//! mapping has a `status` section, core's `mapping::status`; this component only holds the typed
//! code and the last answer, with at most one lookup in flight.

use std::rc::Rc;

use medvirk_core::case_form::flow::Config;
use medvirk_core::case_form::{CaseStatusView, texts};
use medvirk_core::lang::Lang;
use medvirk_core::smiley::Failure;
use wasm_bindgen::JsValue;
use web_sys::{HtmlElement, HtmlInputElement};
use yew::prelude::*;

use crate::client;
use crate::hooks::Hooks;

/// Where a lookup stands.
#[derive(Clone, PartialEq)]
enum Phase {
    Idle,
    /// The typed text cannot be a receipt code; said next to the field.
    Invalid,
    Loading,
    NotFound,
    Failed,
    Found(Rc<CaseStatusView>),
}

#[derive(Properties, PartialEq)]
pub struct StatusLookupProps {
    pub config: Rc<Config>,
    pub lang: Lang,
    /// Whether to show the lookup's own heading (off under a receipt, which has one).
    pub heading: bool,
    /// A code to fill in and look up at once (the receipt just given).
    #[prop_or_default]
    pub initial: Option<AttrValue>,
    /// The page's mapping, whose `status` section (if any) says where and how to read.
    #[prop_or_default]
    pub hooks: Hooks,
}

/// Looks up `typed` through the mapping's `status` section: `None` when the mapping has none
/// (the native path reads it), `Some(None)` when the code cannot be one (empty), else the phase
/// the answer leads to.
#[cfg(feature = "mapping")]
fn mapped_lookup(
    hooks: &Hooks,
    typed: &str,
) -> Option<Option<impl std::future::Future<Output = Phase> + 'static>> {
    let read = hooks.mapping.as_ref()?.status.clone()?;
    let Some(request) = read.request(typed) else {
        return Some(None);
    };
    let typed = typed.to_owned();
    Some(Some(async move {
        match client::send_mapped(&request).await {
            Ok((status, body)) if (200..300).contains(&status) => match read.view(&typed, &body) {
                Ok(view) => Phase::Found(Rc::new(view)),
                Err(e) => {
                    // The webmaster fixes the mapping; the person is told it could not be read.
                    let msg = ["<medvirk-case-form> mapping /status: ", &e].concat();
                    web_sys::console::error_1(&msg.into());
                    Phase::Failed
                }
            },
            Ok((404, _)) => Phase::NotFound,
            _ => Phase::Failed,
        }
    }))
}

#[function_component]
pub fn StatusLookup(props: &StatusLookupProps) -> Html {
    let t = texts(props.lang);
    let code = use_state(|| {
        props
            .initial
            .as_ref()
            .map_or(String::new(), |c| c.to_string())
    });
    let phase = use_state(|| Phase::Idle);
    let input = use_node_ref();

    let lookup = {
        let config = Rc::clone(&props.config);
        let phase = phase.clone();
        let input = input.clone();
        let hooks = props.hooks.clone();
        Rc::new(move |typed: String| {
            if *phase == Phase::Loading {
                return;
            }
            let invalid = || {
                phase.set(Phase::Invalid);
                if let Some(el) = input.cast::<HtmlElement>() {
                    let _ = el.focus();
                }
            };
            #[cfg(feature = "mapping")]
            match mapped_lookup(&hooks, &typed) {
                Some(Some(next)) => {
                    phase.set(Phase::Loading);
                    let phase = phase.clone();
                    yew::platform::spawn_local(async move { phase.set(next.await) });
                    return;
                }
                Some(None) => return invalid(),
                None => {}
            }
            let _ = &hooks;
            let Some(url) = config.status_url(&typed) else {
                return invalid();
            };
            phase.set(Phase::Loading);
            let config = Rc::clone(&config);
            let phase = phase.clone();
            yew::platform::spawn_local(async move {
                let next = match client::get_text(&url).await {
                    Ok(body) => match config.read_status(&body) {
                        Some(view) => Phase::Found(Rc::new(view)),
                        None => Phase::Failed,
                    },
                    Err(Failure::Status(404)) => Phase::NotFound,
                    Err(_) => Phase::Failed,
                };
                phase.set(next);
            });
        })
    };
    {
        // The receipt just given is looked up at once.
        let lookup = Rc::clone(&lookup);
        let initial = props.initial.clone();
        use_effect_with((), move |_| {
            if let Some(code) = initial {
                lookup(code.to_string());
            }
        });
    }
    let onsubmit = {
        let code = code.clone();
        let lookup = Rc::clone(&lookup);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            lookup((*code).clone());
        })
    };
    let oninput = {
        let code = code.clone();
        Callback::from(move |e: InputEvent| {
            code.set(e.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let invalid = *phase == Phase::Invalid;
    let described = if invalid {
        "mvc-status-code-hint mvc-status-code-error"
    } else {
        "mvc-status-code-hint"
    };
    let lang = props.lang;
    let message = match &*phase {
        Phase::Loading => html! { <p>{ t.sending.trim_end_matches(['…', ' ']) }</p> },
        Phase::NotFound => html! { <p class="field-error">{ t.status_not_found }</p> },
        Phase::Failed => html! { <p class="field-error">{ t.status_failed }</p> },
        Phase::Found(view) => status_view(view, t, lang),
        Phase::Idle | Phase::Invalid => html! {},
    };
    html! {
        <div class="status-lookup" part="status-lookup">
            if props.heading {
                <h2 part="heading">{ t.status_heading }</h2>
            }
            <form novalidate=true {onsubmit}>
                <div class={classes!("field", invalid.then_some("has-error"))}>
                    <label for="mvc-status-code">{ t.status_code.label }</label>
                    <p id="mvc-status-code-hint" class="hint">{ t.status_code.hint }</p>
                    if invalid {
                        <p id="mvc-status-code-error" class="field-error" part="field-error">{ t.status_invalid_code }</p>
                    }
                    <input id="mvc-status-code" type="text" autocomplete="off" spellcheck="false"
                        class="code-input" aria-describedby={described}
                        aria-invalid={if invalid { "true" } else { "false" }}
                        value={(*code).clone()} ref={input} {oninput} />
                </div>
                <button type="submit" part="status-button"
                    aria-disabled={if *phase == Phase::Loading { "true" } else { "false" }}>
                    { t.status_button }
                </button>
            </form>
            <div class="status-result" role="status" part="status-result">{ message }</div>
        </div>
    }
}

/// The public view: current status (ours, and the backend's own word when it says more), the
/// dates, the answer or reason, and every stage the case has been through.
fn status_view(
    v: &CaseStatusView,
    t: &'static medvirk_core::case_form::CaseTexts,
    lang: Lang,
) -> Html {
    let row = |label: &'static str, value: String| {
        html! { <div class="row"><dt>{ label }</dt><dd>{ value }</dd></div> }
    };
    let mut current = t.status_label(v.status).to_owned();
    if let Some(own) = &v.status_label {
        current.push_str(" (");
        current.push_str(own);
        current.push(')');
    }
    let history = v.history.iter().map(|h| {
        html! { <li>{ t.status_label(h.status) }{ ": " }{ display_date(&h.at, lang, false) }</li> }
    });
    html! {
        <div class="status-view">
            <dl class="review">
                <div class="row"><dt>{ t.status_code.short }</dt><dd class="code">{ v.receipt.clone() }</dd></div>
                <div class="row"><dt>{ t.status_current }</dt><dd part="status-label"><strong>{ current }</strong></dd></div>
                { row(t.status_received_at, display_date(&v.received_at, lang, false)) }
                { row(t.status_updated_at, display_date(&v.updated_at, lang, false)) }
                if let Some(m) = &v.meeting_date {
                    { row(t.status_meeting_date, display_date(m, lang, true)) }
                }
                if let Some(a) = &v.public_answer {
                    { row(t.status_public_answer, a.clone()) }
                }
                if let Some(r) = &v.reason {
                    { row(t.status_reason, r.clone()) }
                }
            </dl>
            if !v.history.is_empty() {
                <h3>{ t.status_history }</h3>
                <ol class="history" part="history">{ for history }</ol>
            }
        </div>
    }
}

/// A date in the person's language and time zone ("1. mars 2026"), through the browser's own
/// `Intl` so no locale tables ship in the wasm. A calendar date (`YYYY-MM-DD`) is read in UTC,
/// so it is the same day everywhere; anything unreadable is shown as written.
fn display_date(s: &str, lang: Lang, date_only: bool) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(s));
    if date.get_time().is_nan() {
        return s.to_owned();
    }
    let options = js_sys::Object::new();
    let set = |k: &str, v: &str| {
        let _ = js_sys::Reflect::set(&options, &JsValue::from_str(k), &JsValue::from_str(v));
    };
    set("day", "numeric");
    set("month", "long");
    set("year", "numeric");
    if date_only {
        set("timeZone", "UTC");
    }
    date.to_locale_date_string(lang.tag(), &options)
        .as_string()
        .unwrap_or_else(|| s.to_owned())
}
