//! The smiley rating widget: renders `medvirk_core::smiley::State` and executes its effects.
//!
//! All decisions (what to send, when, what happens on failure) are made by the core state
//! machine; this module turns DOM events into `Action`s, the machine's `Effect`s into fetches,
//! timers and focus moves, and the state into accessible markup. The custom-element layer
//! mounts [`Smiley`] in an open shadow root and adopts [`STYLE`] as a constructable stylesheet,
//! so there are no `style` attributes or `<style>` elements here (strict host CSPs block them).

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use medvirk_core::i18n::{self, SmileyTexts};
use medvirk_core::lang::{self, Lang};
use medvirk_core::mapping;
#[cfg(feature = "mapping")]
use medvirk_core::mapping::Mapping;
use medvirk_core::outbox::{Entry, Kind};
use medvirk_core::smiley::{
    Action, Attrs, CommentError, Config, ConfigError, Context, Effect, Failure, FocusTarget,
    NavKey, Phase, Scale, Sent, State, page_path, uuid_v4,
};
use medvirk_core::wire::{COMMENT_MAX_CHARS, FeedbackSubmission};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{FocusEvent, HtmlElement, HtmlTextAreaElement, KeyboardEvent, Node};
use yew::prelude::*;

use crate::hooks::{self, Hooks, OnEvent};
use crate::outbox::{self, News};
use crate::storage;

const JSON: &str = "application/json";

/// The widget's stylesheet, adopted into the shadow root by the element layer; comments and
/// indentation are stripped while compiling, so every visitor downloads only the rules.
pub const STYLE: &str = medvirk_core::minify_css!(include_str!("smiley.css"));

/// The element's attributes, as the element layer reads them.
#[derive(Properties, PartialEq, Clone)]
pub struct SmileyProps {
    #[prop_or_default]
    pub endpoint: Option<AttrValue>,
    #[prop_or_default]
    pub widget_id: Option<AttrValue>,
    #[prop_or_default]
    pub lang: Option<AttrValue>,
    #[prop_or_default]
    pub scale: Option<AttrValue>,
    #[prop_or_default]
    pub question: Option<AttrValue>,
    /// `lang` of the closest ancestor outside the element, if any.
    #[prop_or_default]
    pub inherited_lang: Option<AttrValue>,
    /// navigator.languages in order.
    #[prop_or_default]
    pub browser_langs: Vec<AttrValue>,
    /// A checked declarative mapping to another backend (`<script slot="mapping">`).
    #[cfg(feature = "mapping")]
    #[prop_or_default]
    pub mapping: Option<Rc<Mapping>>,
    /// Why the page's mapping was refused, with its path (or that this build cannot read
    /// mappings); shown instead of the widget.
    #[prop_or_default]
    pub mapping_error: Option<AttrValue>,
    /// Receives the widget's events; returns whether the host cancelled one.
    #[prop_or_default]
    pub on_event: Option<OnEvent>,
}

/// `<medvirk-smiley>`: checks the configuration, then shows the rating or the webmaster's error.
///
/// One component rather than a checking parent around a keyed rating child, and the core
/// machine in a `use_mut_ref` rather than a `use_reducer`: each Yew component type and each
/// reducer costs every visitor about a kilobyte of wasm in Yew's generic lifecycle code. A new
/// survey (see [`Config::survey_key`]) replaces the model in place, as a new key would have.
#[function_component]
pub fn Smiley(props: &SmileyProps) -> Html {
    let lang = lang::negotiate(
        props.lang.as_deref(),
        props.inherited_lang.as_deref(),
        &props.browser_langs,
    );
    // With a mapping every send goes where the mapping says, so `endpoint` may be left out; it
    // still identifies the survey (the response id and the session's "done" state).
    let endpoint = props.endpoint.as_deref().or_else(|| {
        #[cfg(feature = "mapping")]
        let mapped = props.mapping.is_some() || props.mapping_error.is_some();
        #[cfg(not(feature = "mapping"))]
        let mapped = props.mapping_error.is_some();
        mapped.then_some("/mapped")
    });
    let parsed = Config::parse(Attrs {
        endpoint,
        widget_id: props.widget_id.as_deref(),
        scale: props.scale.as_deref(),
        question: props.question.as_deref(),
    });
    // The webmaster's error also goes to the console, once per distinct mistake.
    let error = parsed.as_ref().err().cloned();
    let console_text = error.as_ref().map(|e| {
        let t = i18n::smiley(lang);
        // Concatenation rather than format!, which would pull core::fmt into the wasm.
        [
            "<medvirk-smiley>: ",
            t.config_heading,
            " ",
            &t.config_error(e),
        ]
        .concat()
    });
    use_effect_with(error, move |_| {
        if let Some(text) = console_text {
            web_sys::console::error_1(&text.into());
        }
    });

    let model = use_mut_ref(|| None::<Model>);
    let dispatcher = Dispatcher {
        model: Rc::clone(&model),
        update: use_force_update(),
    };
    // The last full response sent, so a later change can be sent (and shown to the host page
    // in `medvirk-submit`) as the whole response rather than a bare patch.
    let sent = use_mut_ref(|| None::<FeedbackSubmission>);
    let refs = use_memo((), |_| Refs {
        options: Rc::new((0..5).map(|_| NodeRef::default()).collect()),
        ..Refs::default()
    });
    // A mapping error shows instead of the widget, which then never starts (nor sends).
    let config = parsed
        .as_ref()
        .ok()
        .filter(|_| props.mapping_error.is_none())
        .map(|c| Rc::new(c.clone()));
    if let Some(config) = &config {
        start_survey(&model, config, lang, &sent);
    }
    let response_id = model
        .borrow()
        .as_ref()
        .map(|m| m.machine.ctx.response_id.clone());

    // The outbox answers this response's requests and later tells when queued ones went out;
    // mounting also sends whatever earlier pages left in the outbox.
    {
        let dispatcher = dispatcher.clone();
        let hooks = hooks_of(props);
        use_effect_with(response_id, move |id| {
            let subscription = id.clone().map(|id| {
                let key = id.clone();
                let news = Callback::from(move |(kind, news): (Kind, News)| {
                    let patch = kind == Kind::FeedbackPatch;
                    let sent = match news {
                        // A mapped send's answer is the mapping's to read (its success rule, its id).
                        News::Delivered { more, status, body } => {
                            match hooks.mapped_outcome(patch, status, &body, &id) {
                                Some(Err(f)) => Sent::Refused(f),
                                Some(Ok(_)) => Sent::Delivered { more },
                                None => {
                                    hooks.submitted(id.clone());
                                    Sent::Delivered { more }
                                }
                            }
                        }
                        News::Queued => Sent::Queued,
                        News::Refused(f) => {
                            hooks.failed(f);
                            Sent::Refused(f)
                        }
                    };
                    dispatcher.dispatch(Action::Outbox { patch, sent });
                });
                let subscription = outbox::subscribe(&key, news);
                outbox::start();
                subscription
            });
            move || drop(subscription)
        });
    }

    // Execute what the last reductions asked for, after the DOM reflects them.
    {
        let dispatcher = dispatcher.clone();
        let refs = (*refs).clone();
        let hooks = hooks_of(props);
        let sent = Rc::clone(&sent);
        let config = config.clone();
        use_effect(move || {
            let pending = dispatcher
                .model
                .borrow_mut()
                .as_mut()
                .map(|m| std::mem::take(&mut m.effects))
                .unwrap_or_default();
            if let Some(config) = &config {
                for effect in pending {
                    run_effect(effect, config, &dispatcher, &refs, (&hooks, &sent));
                }
            }
        });
    }

    // A selection still waiting for its quiet period is committed when the page is hidden
    // (tab switched, browser closed), so the last choice is never lost to the debounce.
    {
        let dispatcher = dispatcher.clone();
        use_effect_with((), move |_| {
            let document = web_sys::window().and_then(|w| w.document());
            let listener = Closure::<dyn Fn()>::new(move || {
                let hidden = web_sys::window()
                    .and_then(|w| w.document())
                    .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden);
                if hidden {
                    dispatcher.dispatch(Action::Flush);
                }
            });
            if let Some(d) = &document {
                let _ = d.add_event_listener_with_callback(
                    "visibilitychange",
                    listener.as_ref().unchecked_ref(),
                );
            }
            move || {
                if let Some(d) = &document {
                    let _ = d.remove_event_listener_with_callback(
                        "visibilitychange",
                        listener.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }

    if let Some(message) = &props.mapping_error {
        // The element layer has already written it to the console, with the same path.
        return hooks::mapping_error_box(message, lang, i18n::smiley(lang).config_heading);
    }
    let config = match (config, &parsed) {
        (Some(config), _) => config,
        (None, Err(error)) => return config_error_box(error, lang),
        (None, Ok(_)) => return html! {},
    };
    let guard = model.borrow();
    let Some(state) = guard.as_ref() else {
        return html! {};
    };
    rating(state, &config, lang, &refs, &dispatcher)
}

/// The host page's hooks as the props carry them.
fn hooks_of(props: &SmileyProps) -> Hooks {
    Hooks {
        #[cfg(feature = "mapping")]
        mapping: props.mapping.clone(),
        on_event: props.on_event.clone(),
    }
}

/// A visible box for the webmaster, in the page's language (the same text goes to the console).
fn config_error_box(error: &ConfigError, lang: Lang) -> Html {
    let t = i18n::smiley(lang);
    html! {
        <div class="config-error" part="config-error" lang={lang.tag()}>
            <p class="config-error-heading">{ t.config_heading }</p>
            <p>{ t.config_error(error) }</p>
        </div>
    }
}

/// The core machine with the effects its reductions asked for. Effects wait here until the
/// next render has run, so that focus moves find the new DOM and no effect is lost when two
/// actions come before Yew renders.
struct Model {
    /// Which survey this is ([`Config::survey_key`]).
    key: String,
    machine: State,
    effects: Vec<Effect>,
    /// "Don't ask again" was chosen on an earlier page: render nothing at all.
    hidden: bool,
}

/// Starts a fresh model when there is none yet or the survey changed (a new endpoint, id or
/// scale is a new survey: start afresh rather than patching a response that belongs to the
/// old one; language and question only change texts).
fn start_survey(
    model: &RefCell<Option<Model>>,
    config: &Config,
    lang: Lang,
    sent: &RefCell<Option<FeedbackSubmission>>,
) {
    let key = config.survey_key();
    if model.borrow().as_ref().is_some_and(|m| m.key == key) {
        return;
    }
    let ctx = Context {
        response_id: new_response_id(),
        widget_id: config.widget_id.clone(),
        language: lang,
        page_path: current_path(),
        rendered_at_ms: now_ms(),
    };
    let hidden = storage::smiley_dismissed();
    let machine = if hidden {
        State::dismissed(config.scale, ctx)
    } else {
        State::new(config.scale, ctx)
    };
    *sent.borrow_mut() = None;
    *model.borrow_mut() = Some(Model {
        key,
        machine,
        effects: Vec::new(),
        hidden,
    });
}

/// Feeds actions to the model and renders again: the one place the machine changes.
#[derive(Clone)]
struct Dispatcher {
    model: Rc<RefCell<Option<Model>>>,
    update: UseForceUpdateHandle,
}

impl Dispatcher {
    fn dispatch(&self, action: Action) {
        if let Some(m) = self.model.borrow_mut().as_mut() {
            let fx = m.machine.reduce(action, now_ms());
            m.effects.extend(fx);
        }
        self.update.force_update();
    }

    /// A click handler that dispatches `action`.
    fn on(&self, action: Action) -> Callback<MouseEvent> {
        let d = self.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(action.clone()))
    }

    /// The selected value, for restoring focus.
    fn selected(&self) -> Option<u8> {
        self.model
            .borrow()
            .as_ref()
            .and_then(|m| m.machine.selected)
    }
}

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// A fresh response id: `crypto.randomUUID()` where the page is a secure context, otherwise
/// `crypto.getRandomValues()`, which also works on plain-http intranet pages.
fn new_response_id() -> String {
    let crypto = web_sys::window().and_then(|w| w.crypto().ok());
    if let Some(c) = &crypto {
        let has_random_uuid = js_sys::Reflect::has(c, &"randomUUID".into()).unwrap_or(false);
        if has_random_uuid {
            return c.random_uuid();
        }
    }
    let mut bytes = [0u8; 16];
    let filled = crypto.is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        for b in &mut bytes {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    uuid_v4(bytes)
}

fn current_path() -> String {
    let raw = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    page_path(&raw)
}

/// Element references the effects need for focus moves.
#[derive(Clone, Default)]
struct Refs {
    options: Rc<Vec<NodeRef>>,
    group: NodeRef,
    comment: NodeRef,
    pii_edit: NodeRef,
    thanks: NodeRef,
}

/// The rating itself: question, smileys, comment, status and errors.
fn rating(
    state: &Model,
    config: &Config,
    lang: Lang,
    refs: &Refs,
    dispatcher: &Dispatcher,
) -> Html {
    if state.hidden {
        return html! {};
    }
    let m = &state.machine;
    let t = i18n::smiley(lang);

    // One tree for every phase, so the live regions exist before their text changes (a region
    // inserted together with its text is not reliably announced).
    let status: Html = match &m.phase {
        // The thank-you may come while the answer still waits on the device; it says so.
        Phase::Thanks => html! {
            <>
                <p class="thanks" part="thanks" tabindex="-1" ref={refs.thanks.clone()}>{ t.thanks }</p>
                if m.queued() {
                    <p part="queued">{ t.queued }</p>
                }
            </>
        },
        Phase::Dismissed => html! {
            <p class="dismissed" part="dismissed" tabindex="-1" ref={refs.thanks.clone()}>{ t.dismissed }</p>
        },
        _ if m.queued() => html! { <p part="queued">{ t.queued }</p> },
        _ if m.sending() => html! { t.sending },
        _ if m.rating_saved() => html! { t.saved },
        _ => html! {},
    };
    let form = matches!(m.phase, Phase::Open | Phase::PiiWarning(_));

    html! {
        <div class="smiley" lang={lang.tag()}>
            if form {
                { options(m, t, config.question.as_deref(), refs, dispatcher) }
                if m.selected.is_none() {
                    <button type="button" class="link" part="dont-ask" onclick={dispatcher.on(Action::Dismiss)}>
                        { t.dont_ask }
                    </button>
                }
                if m.shows_comment() {
                    { comment(m, t, lang, refs, dispatcher) }
                }
            }
            <div class="status" role="status" part="status">{ status }</div>
            if m.queued() {
                // Outside the live region, so the button is not read out with every update.
                // The outbox never sends an entry twice at once, so repeated presses are harmless.
                <button type="button" class="secondary" part="try-now" onclick={Callback::from(|_: MouseEvent| outbox::wake())}>
                    { t.try_now }
                </button>
            }
            <div class="alert" role="alert">{ error_box(m, t, dispatcher) }</div>
        </div>
    }
}

/// The question and the radio group of smileys.
fn options(
    m: &State,
    t: &SmileyTexts,
    question: Option<&str>,
    refs: &Refs,
    dispatcher: &Dispatcher,
) -> Html {
    let scale = m.scale;
    // Roving tabindex: the checked smiley is the group's only Tab stop, the first one when
    // nothing is checked yet (WAI-ARIA radio group pattern).
    let tab_stop = m.selected.unwrap_or(1);
    let onfocusout = {
        let d = dispatcher.clone();
        let group = refs.group.clone();
        Callback::from(move |e: FocusEvent| {
            let to: Option<Node> = e.related_target().and_then(|t| t.dyn_into().ok());
            let inside = group
                .cast::<Node>()
                .is_some_and(|g| to.as_ref().is_some_and(|n| g.contains(Some(n))));
            if !inside {
                d.dispatch(Action::Flush);
            }
        })
    };
    // Classes are static strings throughout: states are attributes the CSS selects on
    // (aria-checked, data-scale, data-over), see smiley.css.
    let buttons = scale.values().map(|v| {
        let checked = m.selected == Some(v);
        let label = t.label(scale, v).unwrap_or_default();
        let onclick = {
            let d = dispatcher.clone();
            Callback::from(move |_: MouseEvent| d.dispatch(Action::Choose(v)))
        };
        let onkeydown = {
            let d = dispatcher.clone();
            Callback::from(move |e: KeyboardEvent| {
                let key = e.key();
                if let Some(nav) = NavKey::from_key(&key) {
                    e.prevent_default();
                    d.dispatch(Action::Navigate { from: v, key: nav });
                } else if key == " " || key == "Enter" || key == "Spacebar" {
                    // Handled here, not by the button's synthetic click, so that Space selects
                    // at once as in a native radio group.
                    e.prevent_default();
                    d.dispatch(Action::Choose(v));
                }
            })
        };
        html! {
            <button
                type="button"
                role="radio"
                class="option"
                part={if checked { "option option-checked" } else { "option" }}
                aria-checked={if checked { "true" } else { "false" }}
                tabindex={if v == tab_stop { "0" } else { "-1" }}
                ref={refs.options[usize::from(v - 1)].clone()}
                {onclick}
                {onkeydown}
            >
                { face(mood(scale, v)) }
                <span class="label">{ label }</span>
            </button>
        }
    });
    html! {
        <>
            <p id="medvirk-question" class="question" part="question">
                { question.unwrap_or(t.question).to_string() }
            </p>
            <div
                role="radiogroup"
                aria-labelledby="medvirk-question"
                class="options"
                data-scale={if scale == Scale::Three { "3" } else { "5" }}
                part="options"
                ref={refs.group.clone()}
                {onfocusout}
            >
                { for buttons }
            </div>
        </>
    }
}

/// 0 (very bad) to 4 (very good): the three-point scale uses the inner faces, like its labels.
fn mood(scale: Scale, value: u8) -> u8 {
    match scale {
        Scale::Five => value - 1,
        Scale::Three => value,
    }
}

/// A face drawn in SVG; decorative, since the visible label is the accessible name.
fn face(mood: u8) -> Html {
    let mouth = match mood {
        0 => "M7.5 17.2Q12 12.4 16.5 17.2",
        1 => "M8 16.6Q12 14.2 16 16.6",
        2 => "M8 15.6H16",
        3 => "M8 14.6Q12 17.2 16 14.6",
        _ => "M7.5 14Q12 19.2 16.5 14",
    };
    html! {
        <svg class="face" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <circle cx="12" cy="12" r="10" fill="none" stroke="currentColor" stroke-width="1.6" />
            <circle cx="8.6" cy="9.6" r="1.3" fill="currentColor" />
            <circle cx="15.4" cy="9.6" r="1.3" fill="currentColor" />
            <path d={mouth} fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" />
        </svg>
    }
}

/// The comment field with its privacy note, counter, and either the send buttons or the
/// personal-data warning.
fn comment(
    m: &State,
    t: &'static SmileyTexts,
    lang: Lang,
    refs: &Refs,
    dispatcher: &Dispatcher,
) -> Html {
    let chars = m.comment_chars();
    let over = chars > COMMENT_MAX_CHARS;
    let too_long = m.comment_error == Some(CommentError::TooLong);
    let describedby = if too_long {
        "medvirk-comment-error medvirk-privacy medvirk-counter"
    } else {
        "medvirk-privacy medvirk-counter"
    };
    let oninput = {
        let d = dispatcher.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            d.dispatch(Action::CommentInput(area.value()));
        })
    };
    let on = |action: Action| dispatcher.on(action);
    let announcement = m
        .counter_announcement
        .map(|r| i18n::remaining(lang, r))
        .unwrap_or_default();
    let actions = match &m.phase {
        Phase::PiiWarning(kinds) => html! {
            <div class="warning" role="alert" part="warning">
                <p class="warning-heading">{ t.pii_heading }</p>
                <p>{ t.pii_intro }{ ":" }</p>
                <ul>
                    { for kinds.iter().map(|k| html! { <li>{ t.pii_kind(*k) }</li> }) }
                </ul>
                <p>{ t.pii_advice }</p>
                <div class="actions">
                    <button type="button" part="edit" ref={refs.pii_edit.clone()} onclick={on(Action::EditComment)}>
                        { t.edit_comment }
                    </button>
                    <button type="button" class="secondary" part="send-anyway" onclick={on(Action::SendAnyway)}>
                        { t.send_anyway }
                    </button>
                </div>
            </div>
        },
        _ => html! {
            <div class="actions">
                <button type="button" part="submit" onclick={on(Action::SubmitComment)}>{ t.send }</button>
                <button type="button" class="secondary" part="finish" onclick={on(Action::Finish)}>
                    { t.finish }
                </button>
            </div>
        },
    };
    html! {
        <div class="comment">
            <label for="medvirk-comment" part="comment-label">{ t.comment_label }</label>
            <p id="medvirk-privacy" class="hint" part="privacy">{ t.privacy_note }</p>
            if too_long {
                <p id="medvirk-comment-error" class="field-error" part="comment-error">
                    { i18n::fill(t.too_long, &[("max", &i18n::number(lang, COMMENT_MAX_CHARS))]) }
                </p>
            }
            <textarea
                id="medvirk-comment"
                part="comment"
                rows="4"
                aria-describedby={describedby}
                aria-invalid={if too_long { "true" } else { "false" }}
                value={m.comment.clone()}
                ref={refs.comment.clone()}
                {oninput}
            />
            <p id="medvirk-counter" class="counter" data-over={over.then_some("")} part="counter">
                { i18n::counter(lang, chars, COMMENT_MAX_CHARS) }
            </p>
            <p class="sr-only" aria-live="polite">{ announcement }</p>
            { actions }
        </div>
    }
}

/// The failure message with a retry button when retrying can help. While a retry is in
/// flight the box stays, with its button disabled, so keyboard focus is not dropped.
fn error_box(m: &State, t: &SmileyTexts, dispatcher: &Dispatcher) -> Html {
    let retrying = m.retrying();
    let failure = match (m.failure(), retrying) {
        (Some(f), _) => f,
        (None, true) => Failure::Network,
        (None, false) => return html! {},
    };
    let message = match failure {
        _ if retrying => t.sending,
        Failure::Network => t.error_network,
        f if f.retryable() => t.error_server,
        _ => t.error_rejected,
    };
    let onclick = dispatcher.on(Action::Retry);
    html! {
        <div class="error" part="error">
            <p>{ message }</p>
            if failure.retryable() {
                <button
                    type="button"
                    part="retry"
                    aria-disabled={if retrying { "true" } else { "false" }}
                    {onclick}
                >
                    { if retrying { t.retrying } else { t.retry } }
                </button>
            }
        </div>
    }
}

/// The host page's part in a send: fires `medvirk-submit` with the whole response and, when the
/// page gave a mapping, queues it for there instead of for `endpoint` (through the outbox, whose
/// news answers it). Returns `true` when the send is dealt with here (taken over by the host
/// page, or mapped); `false` leaves it to the native path.
fn hooked_send(
    full: &FeedbackSubmission,
    is_update: bool,
    hooks: &Hooks,
    dispatcher: &Dispatcher,
) -> bool {
    let json = full.to_json();
    if hooks.taken_over(&json) {
        // The host page sends it itself: carry on as if our backend had stored it.
        dispatcher.dispatch(Action::RequestSucceeded);
        return true;
    }
    let kind = if is_update {
        Kind::FeedbackPatch
    } else {
        Kind::FeedbackPost
    };
    hooks.send_mapped(is_update, &json, &full.response_id, kind)
}

fn run_effect(
    effect: Effect,
    config: &Config,
    dispatcher: &Dispatcher,
    refs: &Refs,
    (hooks, sent): (&Hooks, &Rc<RefCell<Option<FeedbackSubmission>>>),
) {
    match effect {
        Effect::Post(submission) => {
            *sent.borrow_mut() = Some(submission.clone());
            if hooked_send(&submission, false, hooks, dispatcher) {
                return;
            }
            // Through the outbox: stored first, answered by its news (see `Rating`).
            outbox::submit(Entry::new(
                &submission.response_id,
                Kind::FeedbackPost,
                &config.endpoint,
                &submission.to_json(),
                JSON,
                now_ms(),
            ));
        }
        Effect::Patch {
            response_id,
            update,
        } => {
            let full = sent
                .borrow()
                .as_ref()
                .map(|s| mapping::merge_update(s, &update));
            if let Some(full) = &full {
                *sent.borrow_mut() = Some(full.clone());
                if hooked_send(full, true, hooks, dispatcher) {
                    return;
                }
            }
            // A waiting PATCH for this response is replaced: the newest change wins.
            outbox::submit(Entry::new(
                &response_id,
                Kind::FeedbackPatch,
                &config.patch_url(&response_id),
                &update.to_json(),
                JSON,
                now_ms(),
            ));
        }
        Effect::StartDebounce { token, ms } => {
            let d = dispatcher.clone();
            yew::platform::spawn_local(async move {
                yew::platform::time::sleep(Duration::from_millis(u64::from(ms))).await;
                d.dispatch(Action::DebounceElapsed(token));
            });
        }
        Effect::Focus(target) => {
            let node = match target {
                FocusTarget::Option(v) => refs.options.get(usize::from(v).wrapping_sub(1)).cloned(),
                FocusTarget::Comment => Some(refs.comment.clone()),
                FocusTarget::PiiEdit => Some(refs.pii_edit.clone()),
                FocusTarget::Thanks => Some(refs.thanks.clone()),
                FocusTarget::Restore => {
                    let v = dispatcher.selected().unwrap_or(1);
                    [refs.thanks.clone(), refs.comment.clone()]
                        .into_iter()
                        .find(|r| r.get().is_some())
                        .or_else(|| refs.options.get(usize::from(v) - 1).cloned())
                }
            };
            if let Some(el) = node.and_then(|n| n.cast::<HtmlElement>()) {
                let _ = el.focus();
            }
        }
        Effect::RememberDismissed => storage::remember_smiley_dismissed(),
    }
}
