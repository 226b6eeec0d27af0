//! The case-suggestion form: renders `medvirk_core::case_form::Flow` and executes its effects.
//!
//! Every decision (validation, which errors show, where focus goes, what is sent and when, what a
//! draft may hold) is made by core; this module turns DOM events into `Action`s, the `Effect`s
//! into requests, draft storage and focus moves, and the state into accessible markup. As for the
//! smiley, the element layer mounts [`CaseForm`] in an open shadow root and adopts [`STYLE`], so
//! there are no `style` attributes or `<style>` elements here. The status lookup by receipt code
//! is in [`status`]; the element shows it alone with `mode="status"`, and after a send.
//!
//! A page's mapping (with the `mapping` feature) may send cases to another backend (`submit`,
//! through the outbox like our own sends) and read statuses from it (`status`). Bots are met
//! with a honeypot input and the time from the first render to the send (`honeypot`,
//! `elapsedMs`): the server flags such cases and answers as usual.

mod status;

use std::cell::RefCell;
use std::rc::Rc;

use medvirk_core::case_form::flow::{
    Action, Attrs, Config, ConfigError, Effect, Focus, Mode, Net, Notice, Step, field_id,
};
use medvirk_core::case_form::{
    CaseTexts, FieldText, Flow, LIMITS, Role, char_count, draft, pii_hints, review_rows, texts,
};
use medvirk_core::lang::{self, Lang};
use medvirk_core::smiley::{Failure, rfc3339_utc, uuid_v4};
use web_sys::{HtmlElement, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::hooks::{self, Hooks, OnEvent};
use crate::outbox::{self, News, Subscription};
use crate::storage;
#[cfg(feature = "mapping")]
use medvirk_core::mapping::Mapping;
use medvirk_core::outbox::{Entry, Kind};
pub use status::StatusLookup;

/// The widget's stylesheet, adopted into the shadow root by the element layer.
pub const STYLE: &str = include_str!("case_form.css");

/// The element's attributes, as the element layer reads them.
#[derive(Properties, PartialEq, Clone, Default)]
pub struct CaseFormProps {
    #[prop_or_default]
    pub endpoint: Option<AttrValue>,
    #[prop_or_default]
    pub council: Option<AttrValue>,
    #[prop_or_default]
    pub council_name: Option<AttrValue>,
    #[prop_or_default]
    pub lang: Option<AttrValue>,
    /// `native` (default) or `open311`.
    #[prop_or_default]
    pub format: Option<AttrValue>,
    #[prop_or_default]
    pub service_code: Option<AttrValue>,
    #[prop_or_default]
    pub jurisdiction_id: Option<AttrValue>,
    #[prop_or_default]
    pub api_key: Option<AttrValue>,
    /// `form` (default) or `status`.
    #[prop_or_default]
    pub mode: Option<AttrValue>,
    /// `lang` of the closest ancestor outside the element, if any.
    #[prop_or_default]
    pub inherited_lang: Option<AttrValue>,
    /// navigator.languages in order.
    #[prop_or_default]
    pub browser_langs: Vec<AttrValue>,
    /// The element's listener for `medvirk-submit`, `medvirk-submitted` and `medvirk-error`.
    #[prop_or_default]
    pub on_event: Option<OnEvent>,
    /// A checked declarative mapping to another backend (`submit` and/or `status`).
    #[cfg(feature = "mapping")]
    #[prop_or_default]
    pub mapping: Option<Rc<Mapping>>,
    /// Why the page's mapping was refused, with its path (or that this build cannot read
    /// mappings); shown instead of the form.
    #[prop_or_default]
    pub mapping_error: Option<AttrValue>,
}

/// `<medvirk-case-form>`: checks the configuration, then shows the form, the status lookup, or
/// the webmaster's error.
#[function_component]
pub fn CaseForm(props: &CaseFormProps) -> Html {
    let lang = lang::negotiate(
        props.lang.as_deref(),
        props.inherited_lang.as_deref(),
        &props.browser_langs,
    );
    if let Some(message) = &props.mapping_error {
        // The element layer has already written it to the console, with the same path.
        return hooks::mapping_error_box(message, lang, texts(lang).err_other);
    }
    let hooks = Hooks {
        #[cfg(feature = "mapping")]
        mapping: props.mapping.clone(),
        ..Hooks::events(props.on_event.clone())
    };
    let (mapped_submit, mapped_status) = mapped_parts_of(&hooks);
    let parsed = Config::parse(Attrs {
        endpoint: props.endpoint.as_deref(),
        council: props.council.as_deref(),
        council_name: props.council_name.as_deref(),
        format: props.format.as_deref(),
        service_code: props.service_code.as_deref(),
        jurisdiction_id: props.jurisdiction_id.as_deref(),
        api_key: props.api_key.as_deref(),
        mode: props.mode.as_deref(),
        mapped_submit,
        mapped_status,
    });
    match parsed {
        Ok(config) => {
            // Another endpoint or council is another form: start afresh (and read its draft).
            // A new language remounts too: the case records the language it was written in.
            let key = format!(
                "{}\n{}\n{:?}\n{}",
                config.endpoint,
                config.council,
                config.mode,
                lang.tag()
            );
            let config = Rc::new(config);
            match config.mode {
                Mode::Form => html! { <FormView {key} {config} {lang} {hooks} /> },
                Mode::Status => html! {
                    <div class="case-form" lang={lang.tag()}>
                        <StatusLookup {key} {config} {lang} heading={true} {hooks} />
                    </div>
                },
            }
        }
        Err(error) => html! { <ConfigErrorBox {error} {lang} /> },
    }
}

#[derive(Properties, PartialEq)]
struct ConfigErrorProps {
    error: ConfigError,
    lang: Lang,
}

/// A visible box in the page's language, and the exact mistake in the console for the webmaster.
#[function_component]
fn ConfigErrorBox(props: &ConfigErrorProps) -> Html {
    let t = texts(props.lang);
    {
        let mut console_text = String::from("<medvirk-case-form>: attribute `");
        console_text.push_str(props.error.attribute);
        console_text.push_str("`: ");
        console_text.push_str(&props.error.message);
        use_effect_with(props.error.clone(), move |_| {
            web_sys::console::error_1(&console_text.into());
        });
    }
    html! {
        <div class="case-form config-error" part="config-error" lang={props.lang.tag()}>
            <p>{ t.err_other }</p>
            <p><code>{ props.error.attribute }</code></p>
        </div>
    }
}

/// The core flow as a Yew reducer; effects are queued and run after the next render, so focus
/// moves find the new DOM (as in the smiley widget).
struct Model {
    flow: Flow,
    effects: Rc<RefCell<Vec<Effect>>>,
}

impl Reducible for Model {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut flow = self.flow.clone();
        let fx = flow.reduce(action);
        self.effects.borrow_mut().extend(fx);
        Rc::new(Model {
            flow,
            effects: Rc::clone(&self.effects),
        })
    }
}

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// A fresh case id: `crypto.randomUUID()` in secure contexts, else `getRandomValues`.
fn new_case_id() -> String {
    let crypto = web_sys::window().and_then(|w| w.crypto().ok());
    if let Some(c) = &crypto
        && js_sys::Reflect::has(c, &"randomUUID".into()).unwrap_or(false)
    {
        return c.random_uuid();
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

#[derive(Properties, PartialEq)]
struct FormViewProps {
    config: Rc<Config>,
    lang: Lang,
    hooks: Hooks,
}

type Dispatcher = UseReducerDispatcher<Model>;

#[function_component]
fn FormView(props: &FormViewProps) -> Html {
    let config = Rc::clone(&props.config);
    let lang = props.lang;
    let state = {
        let council = config.council.clone();
        use_reducer(move || {
            let stored = storage::case_draft(&council);
            let draft = stored
                .as_deref()
                .and_then(|s| draft::restorable(s, &council, now_ms()));
            if stored.is_some() && draft.is_none() {
                // Expired, corrupt or empty: nobody else's draft lives under this key.
                storage::delete_case_draft(&council);
            }
            Model {
                flow: Flow::new(&council, lang, new_case_id(), draft),
                effects: Rc::default(),
            }
        })
    };
    let root = use_node_ref();
    let show_status = use_state(|| false);
    // The first render, the start of `elapsedMs`.
    let shown_at = *use_state(now_ms);
    // News from the outbox about the case being sent (replaced when a new caseId is sent).
    let following = use_mut_ref(|| None::<Subscription>);

    // On mount: send what earlier pages left in the outbox, and if a case for this form still
    // waits there, show it as queued so its receipt appears here once it is delivered.
    {
        let dispatcher = state.dispatcher();
        let config = Rc::clone(&config);
        let following = Rc::clone(&following);
        let hooks = props.hooks.clone();
        use_effect_with((), move |_| {
            let waiting = outbox::entries(Kind::CasePost)
                .into_iter()
                .find(|e| is_ours(e, &config, &hooks));
            if let Some(entry) = waiting {
                *following.borrow_mut() = Some(follow(&entry.id, &config, &dispatcher, &hooks));
                dispatcher.dispatch(Action::Resume { case_id: entry.id });
            }
            outbox::start();
        });
    }

    {
        let effects = Rc::clone(&state.effects);
        let dispatcher = state.dispatcher();
        let config = Rc::clone(&config);
        let root = root.clone();
        let following = Rc::clone(&following);
        let hooks = props.hooks.clone();
        use_effect(move || {
            let pending: Vec<Effect> = effects.borrow_mut().drain(..).collect();
            for effect in pending {
                run_effect(
                    effect,
                    &config,
                    lang,
                    (&dispatcher, &hooks),
                    &root,
                    &following,
                );
            }
        });
    }

    let f = &state.flow;
    let t = texts(lang);
    let d = state.dispatcher();
    let body = match &f.step {
        Step::Form => form_step(f, t, &d, config.council_name.as_deref()),
        Step::Review => review_step(f, t, &d, shown_at),
        Step::Sent { receipt, notice } => {
            let open_status = {
                let show = show_status.clone();
                Callback::from(move |_: MouseEvent| show.set(true))
            };
            html! {
                <div class="receipt" part="receipt">
                    <h2 id="mvc-receipt" tabindex="-1">{ t.receipt_heading }</h2>
                    <p>{ t.receipt_code_label }{ ": " }<strong class="code" part="receipt-code">{ receipt.clone() }</strong></p>
                    <p>{ t.receipt_keep_code }</p>
                    if let Some(n) = notice {
                        <p part="notice">{ n.clone() }</p>
                    }
                    <h3>{ t.next_steps_heading }</h3>
                    <p>{ t.next_steps }</p>
                    if *show_status {
                        <StatusLookup config={Rc::clone(&config)} {lang} heading={false} initial={Some(AttrValue::from(receipt.clone()))} hooks={props.hooks.clone()} />
                    } else if config.can_look_up(mapped_parts_of(&props.hooks).1) {
                        <button type="button" class="secondary" part="status-link" onclick={open_status}>
                            { t.status_link }
                        </button>
                    }
                </div>
            }
        }
        // The same heading and focus target as a receipt, so the person hears the case went.
        Step::TakenOver => html! {
            <div class="receipt" part="receipt">
                <h2 id="mvc-receipt" tabindex="-1">{ t.receipt_heading }</h2>
                <p part="taken-over">{ t.taken_over }</p>
            </div>
        },
    };
    html! {
        <div class="case-form" lang={lang.tag()} ref={root}>
            { body }
        </div>
    }
}

/// The heading, the draft notice and clear button, the error summary, every field and the
/// health-data warning.
fn form_step(f: &Flow, t: &'static CaseTexts, d: &Dispatcher, council_name: Option<&str>) -> Html {
    let onsubmit = {
        let d = d.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            d.dispatch(Action::Review);
        })
    };
    let notice = match f.notice {
        Some(Notice::DraftRestored) => t.draft_restored,
        Some(Notice::DraftCleared) => t.draft_cleared,
        None => "",
    };
    let clear = {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::ClearDraft))
    };
    let form = &f.form;
    let hints = pii_hints(form.free_text());
    let field = |path: &'static str, value: &str, multiline: bool| {
        text_field(f, t, d, path, value, multiline, &hints)
    };
    html! {
        <>
            <h2 part="heading">{ t.heading }</h2>
            if let Some(name) = council_name {
                <p class="council" part="council">{ name.to_owned() }</p>
            }
            <p>{ t.intro }</p>
            <div class="draft" part="draft">
                <p class="hint">{ t.draft_info }</p>
                <p id="mvc-notice" class="notice" role="status" tabindex="-1">{ notice }</p>
                if f.draft_stored {
                    <button type="button" class="secondary" part="clear-draft" onclick={clear}>
                        { t.draft_clear }
                    </button>
                }
            </div>
            { error_summary(f, t, d) }
            <form novalidate=true {onsubmit}>
                { field("title", &form.title, false) }
                { field("why", &form.why, true) }
                { field("where", &form.where_, false) }
                { field("when", &form.when, false) }
                { field("solution", &form.solution, true) }
                { role_group(f, t, d) }
                { field("proposer.organisation", &form.organisation, false) }
                { contact_group(f, t, d, &hints) }
                { health_warning(t) }
                { honeypot(f, d) }
                <button type="submit" part="review">{ t.review_button }</button>
            </form>
        </>
    }
}

/// The honeypot: an ordinary-looking optional field that people never see, reach or hear
/// (clipped by the stylesheet, `aria-hidden`, out of the tab order, no autofill), which form-
/// filling scripts fill in. Its neutral name and label give a bot no hint.
fn honeypot(f: &Flow, d: &Dispatcher) -> Html {
    let oninput = {
        let d = d.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            d.dispatch(Action::Input("honeypot", value));
        })
    };
    html! {
        <div class="hp" aria-hidden="true">
            <label for="mvc-website">{ "Website" }</label>
            <input id="mvc-website" name="website" type="text" tabindex="-1" autocomplete="off"
                value={f.form.honeypot.clone()} {oninput} />
        </div>
    }
}

/// "There is a problem" with a link per error; focused on a failed review (GOV.UK pattern), and
/// a live region so the list is announced as it appears.
fn error_summary(f: &Flow, t: &CaseTexts, d: &Dispatcher) -> Html {
    if f.errors.is_empty() {
        return html! {};
    }
    let items = f.errors.iter().map(|e| {
        let field = e.field;
        let onclick = {
            let d = d.clone();
            Callback::from(move |ev: MouseEvent| {
                // The href cannot reach into a shadow root; focus the field ourselves.
                ev.prevent_default();
                d.dispatch(Action::Change(field));
            })
        };
        let href = format!("#{}", field_id(field));
        html! { <li><a {href} {onclick}>{ t.error(e) }</a></li> }
    });
    html! {
        <div id="mvc-error-summary" class="error-summary" part="error-summary" tabindex="-1" aria-labelledby="mvc-error-summary-heading">
            <div role="alert">
                <h3 id="mvc-error-summary-heading">{ t.error_summary_heading }</h3>
                <ul>{ for items }</ul>
            </div>
        </div>
    }
}

/// `(må fylles ut)` / `(valgfritt)` after a label: required is said in text, not only colour.
fn marker(t: &CaseTexts, required: bool) -> Html {
    html! {
        <span class="marker">{ " " }{ if required { t.required_marker } else { t.optional_marker } }</span>
    }
}

/// The ids, joined, that describe a control: hint, error, counter, personal-data warning.
fn describedby(parts: &[Option<String>]) -> String {
    parts
        .iter()
        .flatten()
        .cloned()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A labelled text input or textarea with guidance, live counter, error and personal-data hint.
fn text_field(
    f: &Flow,
    t: &'static CaseTexts,
    d: &Dispatcher,
    path: &'static str,
    value: &str,
    multiline: bool,
    hints: &[medvirk_core::case_form::PiiHint],
) -> Html {
    let Some(ft) = t.field(path) else {
        return html! {};
    };
    let id = field_id(path);
    let required = LIMITS.iter().any(|l| l.field == path && l.required);
    let error = f.error(path).map(|e| t.error(e));
    let count = char_count(path, value);
    let hint_id = format!("{id}-hint");
    let error_id = error.as_ref().map(|_| format!("{id}-error"));
    let counter_id = count.map(|_| format!("{id}-counter"));
    let mut pii: Vec<&str> = Vec::new();
    for h in hints.iter().filter(|h| h.field == path) {
        for finding in &h.findings {
            let warning = t.pii_warning(finding.kind);
            if !pii.contains(&warning) {
                pii.push(warning);
            }
        }
    }
    let pii_id = (!pii.is_empty()).then(|| format!("{id}-pii"));
    let described = describedby(&[
        Some(hint_id.clone()),
        error_id.clone(),
        pii_id.clone(),
        counter_id.clone(),
    ]);
    let invalid = if error.is_some() { "true" } else { "false" };
    let oninput = {
        let d = d.clone();
        Callback::from(move |e: InputEvent| {
            let value = if multiline {
                e.target_unchecked_into::<HtmlTextAreaElement>().value()
            } else {
                e.target_unchecked_into::<HtmlInputElement>().value()
            };
            d.dispatch(Action::Input(path, value));
        })
    };
    let (input_type, autocomplete) = match path {
        "contact.name" => ("text", Some("name")),
        "contact.email" => ("email", Some("email")),
        "contact.phone" => ("tel", Some("tel")),
        "proposer.organisation" => ("text", Some("organization")),
        _ => ("text", None),
    };
    let over = count.is_some_and(|c| c.over() > 0);
    html! {
        <div class={classes!("field", error.is_some().then_some("has-error"))} part="field">
            <label for={id.clone()}>{ ft.label }{ marker(t, required) }</label>
            <p id={hint_id} class="hint">{ ft.hint }</p>
            if let (Some(msg), Some(eid)) = (&error, &error_id) {
                <p id={eid.clone()} class="field-error" part="field-error">{ msg.clone() }</p>
            }
            if multiline {
                <textarea id={id.clone()} name={path} rows="5" aria-describedby={described}
                    aria-invalid={invalid} aria-required={required.to_string()}
                    value={value.to_owned()} {oninput} />
            } else {
                <input id={id.clone()} name={path} type={input_type} autocomplete={autocomplete}
                    aria-describedby={described} aria-invalid={invalid}
                    aria-required={required.to_string()}
                    value={value.to_owned()} {oninput} />
            }
            if let Some(pid) = &pii_id {
                <div id={pid.clone()} class="pii" part="pii">
                    { for pii.iter().map(|w| html! { <p>{ *w }</p> }) }
                </div>
            }
            if let (Some(c), Some(cid)) = (count, &counter_id) {
                <p id={cid.clone()} class={classes!("counter", over.then_some("over"))}>{ t.counter(c) }</p>
            }
        </div>
    }
}

/// A fieldset of radios; `options` are (value id suffix, label, checked, action).
fn radio_group(
    t: &CaseTexts,
    path: &'static str,
    ft: &FieldText,
    required: bool,
    error: Option<String>,
    options: Vec<(&'static str, &'static str, bool, Action)>,
    d: &Dispatcher,
) -> Html {
    let id = field_id(path);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = if error.is_some() {
        format!("{hint_id} {error_id}")
    } else {
        hint_id.clone()
    };
    let radios = options.into_iter().enumerate().map(|(i, (suffix, label, checked, action))| {
        // The first radio carries the group's id, so error links and "change" links focus it.
        let rid = if i == 0 { id.clone() } else { format!("{id}-{suffix}") };
        let onchange = {
            let d = d.clone();
            Callback::from(move |_: Event| d.dispatch(action.clone()))
        };
        html! {
            <div class="choice">
                <input type="radio" id={rid.clone()} name={path} value={suffix} {checked} {onchange} />
                <label for={rid}>{ label }</label>
            </div>
        }
    });
    html! {
        <fieldset class={classes!("field", error.is_some().then_some("has-error"))} part="field"
            aria-describedby={described} aria-invalid={if error.is_some() { "true" } else { "false" }}>
            <legend>{ ft.label }{ marker(t, required) }</legend>
            <p id={hint_id} class="hint">{ ft.hint }</p>
            if let Some(msg) = error {
                <p id={error_id} class="field-error" part="field-error">{ msg }</p>
            }
            { for radios }
        </fieldset>
    }
}

fn role_group(f: &Flow, t: &'static CaseTexts, d: &Dispatcher) -> Html {
    let options = Role::ALL
        .into_iter()
        .map(|r| {
            (
                r.wire(),
                t.role_label(r),
                f.form.role == Some(r),
                Action::Role(r),
            )
        })
        .collect();
    let error = f.error("proposer.role").map(|e| t.error(e));
    radio_group(t, "proposer.role", &t.role, true, error, options, d)
}

/// Anonymous (the default) or contact details with the consent that says what they are for.
fn contact_group(
    f: &Flow,
    t: &'static CaseTexts,
    d: &Dispatcher,
    hints: &[medvirk_core::case_form::PiiHint],
) -> Html {
    let wants = f.form.wants_contact;
    let options = vec![
        (
            "anonymous",
            t.anonymous_option,
            !wants,
            Action::WantsContact(false),
        ),
        (
            "contact",
            t.contact_option,
            wants,
            Action::WantsContact(true),
        ),
    ];
    let group = radio_group(t, "contact", &t.contact, false, None, options, d);
    if !wants {
        return group;
    }
    let form = &f.form;
    let consent_error = f.error("contact.consent").map(|e| t.error(e));
    let consent_id = field_id("contact.consent");
    let onchange = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let checked = e.target_unchecked_into::<HtmlInputElement>().checked();
            d.dispatch(Action::Consent(checked));
        })
    };
    html! {
        <>
            { group }
            <div class="contact" part="contact">
                { text_field(f, t, d, "contact.name", &form.name, false, hints) }
                { text_field(f, t, d, "contact.email", &form.email, false, hints) }
                { text_field(f, t, d, "contact.phone", &form.phone, false, hints) }
                <div class={classes!("field", "consent", consent_error.is_some().then_some("has-error"))}>
                    if let Some(msg) = &consent_error {
                        <p id="mvc-contact-consent-error" class="field-error" part="field-error">{ msg.clone() }</p>
                    }
                    <div class="choice">
                        <input type="checkbox" id={consent_id.clone()} name="contact.consent"
                            checked={form.consent} {onchange}
                            aria-invalid={if consent_error.is_some() { "true" } else { "false" }}
                            aria-describedby={consent_error.as_ref().map(|_| "mvc-contact-consent-error")} />
                        <label for={consent_id}>{ t.consent }</label>
                    </div>
                </div>
            </div>
        </>
    }
}

fn health_warning(t: &CaseTexts) -> Html {
    html! {
        <div class="warning" part="health-warning">
            <h3>{ t.health_heading }</h3>
            <p>{ t.health_intro }</p>
            <ul>
                <li>{ t.health_no_names }</li>
                <li>{ t.health_no_diagnoses }</li>
                <li>{ t.health_no_id_numbers }</li>
            </ul>
        </div>
    }
}

/// What will be sent, with a "change" button per row, the send button and the failure box.
fn review_step(f: &Flow, t: &'static CaseTexts, d: &Dispatcher, shown_at: u64) -> Html {
    let rows = review_rows(&f.form, t).into_iter().map(|row| {
        let field = row.field;
        let onclick = {
            let d = d.clone();
            Callback::from(move |_: MouseEvent| d.dispatch(Action::Change(field)))
        };
        html! {
            <div class="row">
                <dt>{ row.label }</dt>
                <dd class="value">{ row.value }</dd>
                <dd>
                    <button type="button" class="link" part="change" data-field={field} {onclick}>
                        { t.change_link }<span class="sr-only">{ " " }{ row.label }</span>
                    </button>
                </dd>
            </div>
        }
    });
    let sending = f.sending();
    let send = {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| {
            let now = now_ms();
            d.dispatch(Action::Send {
                fresh_id: new_case_id(),
                client_timestamp: rfc3339_utc(now),
                elapsed_ms: Some(now.saturating_sub(shown_at)),
            })
        })
    };
    let back = {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::Back))
    };
    let retry = {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::Retry))
    };
    let failure = match f.net {
        Net::Failed(fail) => Some(fail),
        _ => None,
    };
    let queued = f.queued();
    html! {
        <>
            <h2 id="mvc-review" tabindex="-1" part="heading">{ t.review_heading }</h2>
            <p>{ t.review_intro }</p>
            <dl class="review" part="review">{ for rows }</dl>
            { health_warning(t) }
            <div class="alert" role="alert">
                if let Some(fail) = failure {
                    <div class="error" part="error">
                        <p>{ failure_text(t, fail) }</p>
                        if fail.retryable() {
                            <button type="button" part="retry" onclick={retry}>{ t.retry }</button>
                        }
                    </div>
                }
            </div>
            <p class="sr-only" role="status">{ if sending { t.sending } else { "" } }</p>
            <div role="status" part="queued-status">
                if queued {
                    <p part="queued">{ t.queued }</p>
                }
            </div>
            if queued {
                // The outbox never has two requests in flight for one case, so pressing this
                // repeatedly cannot send the case twice.
                <button type="button" part="try-now" onclick={Callback::from(|_: MouseEvent| outbox::wake())}>
                    { t.try_now }
                </button>
            }
            <div class="actions">
                <button type="button" part="send" aria-disabled={if sending || queued { "true" } else { "false" }} onclick={send}>
                    { if sending { t.sending } else { t.send_button } }
                </button>
                <button type="button" class="secondary" part="back" onclick={back}>{ t.back_button }</button>
            </div>
        </>
    }
}

fn failure_text(t: &CaseTexts, f: Failure) -> &'static str {
    if f.retryable() {
        t.send_failed
    } else {
        t.err_other
    }
}

/// Which parts the mapping in `hooks` covers: `(submit, status)`.
fn mapped_parts_of(hooks: &Hooks) -> (bool, bool) {
    #[cfg(feature = "mapping")]
    if let Some(m) = &hooks.mapping {
        return (m.submit.is_some(), m.status.is_some());
    }
    let _ = hooks;
    (false, false)
}

/// Whether a waiting outbox entry is a case from this form: sent to our `endpoint`, or, with a
/// mapping, to a URL of its `submit` section (which may hold the case's id).
fn is_ours(entry: &Entry, config: &Config, hooks: &Hooks) -> bool {
    #[cfg(feature = "mapping")]
    if let Some(send) = hooks.mapping.as_ref().and_then(|m| m.submit.as_ref()) {
        return entry.mapped.is_some() && send.matches_url(&entry.url);
    }
    let _ = hooks;
    #[cfg(feature = "mapping")]
    if entry.mapped.is_some() {
        return false;
    }
    entry.url == config.post_url()
}

/// Turns the outbox's news about case `id` into actions of the form, and tells the host page
/// (`medvirk-submitted` with the receipt, `medvirk-error` when refused for good; a send kept for
/// a retry is not an error yet, as for the smiley). A mapped send's answer is read by the
/// mapping's rules, its receipt being their id (our `caseId` when their answer names none).
fn follow(id: &str, config: &Config, d: &Dispatcher, hooks: &Hooks) -> Subscription {
    let (config, d, hooks, case_id) = (config.clone(), d.clone(), hooks.clone(), id.to_owned());
    outbox::subscribe(
        id,
        Callback::from(move |(_, news): (Kind, News)| {
            let action = match news {
                News::Delivered { status, body, .. } => {
                    match hooks.mapped_outcome(false, status, &body, &case_id) {
                        Some(Ok(receipt)) => Action::Succeeded {
                            receipt,
                            notice: None,
                        },
                        Some(Err(f)) => Action::Failed(f),
                        None => match config.read_receipt(&body) {
                            Some((receipt, notice)) => {
                                hooks.submitted(receipt.clone());
                                Action::Succeeded { receipt, notice }
                            }
                            // A 2xx without a receipt is a backend we cannot follow: not retryable.
                            None => {
                                hooks.failed(Failure::Status(422));
                                Action::Failed(Failure::Status(422))
                            }
                        },
                    }
                }
                News::Queued => Action::Queued,
                News::Refused(f) => {
                    hooks.failed(f);
                    Action::Failed(f)
                }
            };
            d.dispatch(action);
        }),
    )
}

fn run_effect(
    effect: Effect,
    config: &Config,
    lang: Lang,
    (d, hooks): (&Dispatcher, &Hooks),
    root: &NodeRef,
    following: &Rc<RefCell<Option<Subscription>>>,
) {
    match effect {
        Effect::Focus(target) => {
            let id = match target {
                Focus::ErrorSummary => "mvc-error-summary".to_owned(),
                Focus::Field(path) => field_id(path),
                Focus::ReviewHeading => "mvc-review".to_owned(),
                Focus::Receipt => "mvc-receipt".to_owned(),
                Focus::Notice => "mvc-notice".to_owned(),
            };
            let el = root
                .cast::<web_sys::Element>()
                .and_then(|r| r.query_selector(&format!("#{id}")).ok().flatten())
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<HtmlElement>(e).ok());
            if let Some(el) = el {
                let _ = el.focus();
            }
        }
        Effect::Send(sub) => {
            // The host page sees our submission first and may send it itself; then nothing is
            // queued, so nothing reaches our endpoint later either.
            if hooks.taken_over(&sub.to_json()) {
                d.dispatch(Action::TakenOver);
                return;
            }
            // Through the outbox: stored first (with the contact only when consent was given,
            // as the submission itself), then sent; the answer comes back as news. A mapped
            // send goes the same way, shaped by the mapping.
            *following.borrow_mut() = Some(follow(&sub.case_id, config, d, hooks));
            if hooks.send_mapped(false, &sub.to_json(), &sub.case_id, Kind::CasePost) {
                return;
            }
            let (body, form_encoded) = config.body(&sub, lang);
            let content_type = if form_encoded {
                "application/x-www-form-urlencoded"
            } else {
                "application/json"
            };
            outbox::submit(Entry::new(
                &sub.case_id,
                Kind::CasePost,
                &config.post_url(),
                &body,
                content_type,
                now_ms(),
            ));
        }
        Effect::SaveDraft(draft) => {
            storage::save_case_draft(&config.council, &draft.to_json(now_ms()));
        }
        Effect::DeleteDraft => storage::delete_case_draft(&config.council),
    }
}
