//! The case form's steps as a state machine: editing, review, sending, receipt; plus the element's
//! configuration and the URLs it talks to.
//!
//! The widget renders [`Flow`] and executes the [`Effect`]s that [`Flow::reduce`] returns
//! (requests, draft storage, focus moves), exactly as the smiley widget does with its machine.
//! Every rule the person meets lives here, tested natively: when the error summary appears and
//! where focus goes, that at most one request is in flight, that a retry resends the very same
//! bytes (same `caseId`, same timestamp, so the server recognises the replay), and that a form
//! changed after a failed send gets a new `caseId` (the old one may already be stored with the
//! old text, and reusing it would be refused as a conflict).

use super::check::FieldError;
use super::draft::{Draft, draft_from_form};
use super::open311::{self, Open311Config};
use super::{CaseForm, CaseSubmission, Envelope, Role, is_council_id, parse_receipt};
use crate::lang::Lang;
use crate::smiley::Failure;

/// Which wire format the endpoint speaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Format {
    /// medvirk's JSON (`POST {endpoint}`, `GET {endpoint}/{receipt}`).
    Native,
    /// Open311 GeoReport v2 (`POST {endpoint}/requests.json`, `GET {endpoint}/requests/{id}.json`).
    Open311(Open311Config),
}

/// What the element shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The case form (default); after sending it also offers the status lookup.
    Form,
    /// Only the status lookup by receipt code.
    Status,
}

/// The element's attributes as written (`None` when absent).
#[derive(Clone, Copy, Debug, Default)]
pub struct Attrs<'a> {
    pub endpoint: Option<&'a str>,
    pub council: Option<&'a str>,
    pub council_name: Option<&'a str>,
    pub format: Option<&'a str>,
    pub service_code: Option<&'a str>,
    pub jurisdiction_id: Option<&'a str>,
    pub api_key: Option<&'a str>,
    pub mode: Option<&'a str>,
    /// The page's mapping sends cases elsewhere (a `submit` section).
    pub mapped_submit: bool,
    /// The page's mapping reads statuses elsewhere (a `status` section).
    pub mapped_status: bool,
}

/// A checked configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Without a trailing slash; empty when a mapping covers what the element does and the
    /// page gave no `endpoint` (see [`Config::can_look_up`]).
    pub endpoint: String,
    pub council: String,
    /// Shown in the heading when given ("Brukerrådet i ...").
    pub council_name: Option<String>,
    pub format: Format,
    pub mode: Mode,
}

/// A configuration mistake, shown to the webmaster with the attribute at fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The attribute, as written in HTML.
    pub attribute: &'static str,
    /// What is wrong, in English, for the console.
    pub message: String,
}

fn config_error(attribute: &'static str, message: &str) -> ConfigError {
    ConfigError {
        attribute,
        message: message.to_owned(),
    }
}

impl Config {
    /// Checks the attributes. As for the smiley, a wrong value is an error rather than a silent
    /// default: a webmaster who wrote `format="open-311"` must see that it did not work.
    /// `council` is needed in form mode only; a status lookup works for any council's codes.
    pub fn parse(a: Attrs<'_>) -> Result<Config, ConfigError> {
        let trimmed = |v: Option<&str>| {
            v.map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let mode = match trimmed(a.mode).as_deref() {
            None | Some("form") => Mode::Form,
            Some("status") => Mode::Status,
            Some(_) => return Err(config_error("mode", "mode must be \"form\" or \"status\".")),
        };
        // With a mapping for what this mode does, `endpoint` may be left out, as for the smiley.
        let mapped = match mode {
            Mode::Form => a.mapped_submit,
            Mode::Status => a.mapped_status,
        };
        let endpoint = match trimmed(a.endpoint) {
            None if mapped => String::new(),
            None => return Err(config_error("endpoint", "endpoint is required.")),
            Some(e) if crate::smiley::is_endpoint(&e) => e.trim_end_matches('/').to_owned(),
            Some(_) => {
                return Err(config_error(
                    "endpoint",
                    "endpoint must be an http(s) URL or a path on this site, without ? or #.",
                ));
            }
        };
        let council = trimmed(a.council).unwrap_or_default();
        if mode == Mode::Form && !is_council_id(&council) {
            return Err(config_error(
                "council",
                "council must be an id like brukerradet-helse-x (a-z, 0-9 and single hyphens).",
            ));
        }
        let council_name = trimmed(a.council_name);
        let format = match trimmed(a.format).as_deref() {
            None | Some("native") => Format::Native,
            Some("open311") => {
                let service_code = trimmed(a.service_code).ok_or_else(|| {
                    config_error("service-code", "format=\"open311\" needs service-code.")
                })?;
                Format::Open311(Open311Config {
                    service_code,
                    jurisdiction_id: trimmed(a.jurisdiction_id),
                    api_key: trimmed(a.api_key),
                    fallback_address: council_name.clone(),
                })
            }
            Some(_) => {
                return Err(config_error(
                    "format",
                    "format must be \"native\" or \"open311\".",
                ));
            }
        };
        Ok(Config {
            endpoint,
            council,
            council_name,
            format,
            mode,
        })
    }

    /// Whether a receipt can be looked up: through `endpoint`, or a mapping's `status` section
    /// (`mapped_status`). Without either the receipt page offers no status button.
    pub fn can_look_up(&self, mapped_status: bool) -> bool {
        mapped_status || !self.endpoint.is_empty()
    }

    /// Where a case is sent.
    pub fn post_url(&self) -> String {
        match self.format {
            Format::Native => self.endpoint.clone(),
            Format::Open311(_) => format!("{}/requests.json", self.endpoint),
        }
    }

    /// Where the status of the case with the code the person typed is read, or `None` when the
    /// code cannot be one: with the native format only a well-formed `BR-YYYY-NNNN` (any case,
    /// surrounding spaces) is looked up, in its canonical spelling; Open311 ids are the
    /// endpoint's own, so anything non-empty goes, percent-encoded.
    pub fn status_url(&self, typed: &str) -> Option<String> {
        match self.format {
            Format::Native => {
                parse_receipt(typed).map(|r| format!("{}/{}", self.endpoint, r.code()))
            }
            Format::Open311(_) => {
                let id = typed.trim();
                (!id.is_empty()).then(|| format!("{}/{}", self.endpoint, open311::status_path(id)))
            }
        }
    }

    /// The request body for `sub`, and whether it is form-encoded (Open311) rather than JSON.
    pub fn body(&self, sub: &CaseSubmission, lang: Lang) -> (String, bool) {
        match &self.format {
            Format::Native => (sub.to_json(), false),
            Format::Open311(cfg) => (
                open311::form_urlencode(&open311::open311_request(sub, cfg, lang)),
                true,
            ),
        }
    }

    /// Reads a successful answer to the send: the receipt and, from Open311, the municipality's
    /// notice. `None` when the answer is not what the format promises.
    pub fn read_receipt(&self, body: &str) -> Option<(String, Option<String>)> {
        match self.format {
            Format::Native => super::CaseReceipt::from_json(body).map(|r| (r.receipt, None)),
            Format::Open311(_) => open311::parse_post_response(body)
                .ok()
                .map(|r| (r.id, r.notice)),
        }
    }

    /// Reads a status answer (2xx) as the public view.
    pub fn read_status(&self, body: &str) -> Option<super::CaseStatusView> {
        match self.format {
            Format::Native => super::CaseStatusView::from_json(body),
            Format::Open311(_) => open311::status_view(body).ok(),
        }
    }
}

/// Where the person is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Form,
    Review,
    /// Sent; the receipt code and, from Open311 endpoints, their notice.
    Sent {
        receipt: String,
        notice: Option<String>,
    },
    /// The host page cancelled `medvirk-submit` and sends the case itself: nothing went to our
    /// endpoint, so there is no receipt to show, only that the page took it over.
    TakenOver,
}

/// The network slot: at most one send at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Net {
    #[default]
    Idle,
    InFlight,
    Failed(Failure),
    /// Saved on this device by the outbox; sent when the connection is back. The form is frozen
    /// meanwhile, so the case cannot be sent twice under two ids.
    Queued,
}

/// A one-off message about the draft, shown in a status region.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    DraftRestored,
    DraftCleared,
}

/// Where focus goes after a change of step, so keyboard and screen-reader users land on what
/// changed (GOV.UK and Digdir error-summary patterns).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    ErrorSummary,
    /// A field by its wire path (`title`, `proposer.role`, `contact.email`, ...).
    Field(&'static str),
    ReviewHeading,
    Receipt,
    Notice,
}

/// What the widget must do after a reduction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    Focus(Focus),
    /// Send this submission (format it with [`Config::body`]).
    Send(CaseSubmission),
    SaveDraft(Draft),
    DeleteDraft,
}

/// What the person (or the network) did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// A text field changed; the field by its wire path.
    Input(&'static str, String),
    Role(Role),
    WantsContact(bool),
    Consent(bool),
    /// "Review and send" on the form: validate, then show the review or the errors.
    Review,
    /// A "change" link in the review, or an error-summary link: back to that field.
    Change(&'static str),
    /// "Back to the form" from the review.
    Back,
    /// "Send" on the review. `fresh_id` is a new UUID v4, used only when the form changed since
    /// an earlier failed send; `client_timestamp` is now in RFC 3339; `elapsed_ms` the time since
    /// the form was first shown (`elapsedMs`, which the server uses to flag inhumanly fast sends).
    Send {
        fresh_id: String,
        client_timestamp: String,
        elapsed_ms: Option<u64>,
    },
    Retry,
    Succeeded {
        receipt: String,
        notice: Option<String>,
    },
    Failed(Failure),
    /// The host page cancelled `medvirk-submit` for the send in flight: it sends the case
    /// itself, so the form ends as after a success, without a receipt.
    TakenOver,
    /// The outbox kept the send for later (offline, timeout, 5xx, 429).
    Queued,
    /// On load, a case for this form still waits in the outbox under `case_id`: show it as
    /// queued, and let its receipt arrive when it is delivered.
    Resume {
        case_id: String,
    },
    ClearDraft,
}

/// The form's whole state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flow {
    pub council: String,
    pub lang: Lang,
    pub form: CaseForm,
    pub step: Step,
    /// The errors shown in the summary and next to fields; empty until the first review attempt,
    /// then kept current as the person fixes them.
    pub errors: Vec<FieldError>,
    pub net: Net,
    pub notice: Option<Notice>,
    /// Whether a draft is kept on the device now (the "clear draft" button is shown then).
    pub draft_stored: bool,
    attempted: bool,
    case_id: String,
    /// The submission last sent, resent as is on retry.
    last: Option<CaseSubmission>,
}

impl Flow {
    /// A fresh form for `council`, filled from `draft` when one was restorable.
    pub fn new(council: &str, lang: Lang, case_id: String, draft: Option<Draft>) -> Flow {
        let mut form = CaseForm::default();
        let restored = draft.is_some();
        if let Some(d) = draft {
            d.restore_into(&mut form);
        }
        Flow {
            council: council.to_owned(),
            lang,
            form,
            step: Step::Form,
            errors: Vec::new(),
            net: Net::Idle,
            notice: restored.then_some(Notice::DraftRestored),
            draft_stored: restored,
            attempted: false,
            case_id,
            last: None,
        }
    }

    /// The `caseId` the next send will use (unless the form changed after a failed send).
    pub fn case_id(&self) -> &str {
        &self.case_id
    }

    /// The error for the field at `path`, if any.
    pub fn error(&self, path: &str) -> Option<&FieldError> {
        self.errors.iter().find(|e| e.field == path)
    }

    /// Sent, or taken over by the host page: the form is done and ignores late answers.
    pub fn finished(&self) -> bool {
        matches!(self.step, Step::Sent { .. } | Step::TakenOver)
    }

    pub fn sending(&self) -> bool {
        self.net == Net::InFlight
    }

    /// The case waits in the outbox on this device.
    pub fn queued(&self) -> bool {
        self.net == Net::Queued
    }

    /// Sending or queued: the form must not change or send again.
    fn busy(&self) -> bool {
        matches!(self.net, Net::InFlight | Net::Queued)
    }

    /// Applies `action` and returns what the widget must do.
    pub fn reduce(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Input(field, value) => {
                let slot = match field {
                    "title" => &mut self.form.title,
                    "why" => &mut self.form.why,
                    "where" => &mut self.form.where_,
                    "when" => &mut self.form.when,
                    "solution" => &mut self.form.solution,
                    "proposer.organisation" => &mut self.form.organisation,
                    "contact.name" => &mut self.form.name,
                    "contact.email" => &mut self.form.email,
                    "contact.phone" => &mut self.form.phone,
                    "honeypot" => &mut self.form.honeypot,
                    _ => return Vec::new(),
                };
                *slot = value;
                self.edited()
            }
            Action::Role(r) => {
                self.form.role = Some(r);
                self.edited()
            }
            Action::WantsContact(w) => {
                self.form.wants_contact = w;
                self.edited()
            }
            Action::Consent(c) => {
                self.form.consent = c;
                self.edited()
            }
            Action::Review => {
                if self.step != Step::Form {
                    return Vec::new();
                }
                self.attempted = true;
                self.errors = super::form_errors(&self.form);
                self.notice = None;
                if self.errors.is_empty() {
                    self.step = Step::Review;
                    vec![Effect::Focus(Focus::ReviewHeading)]
                } else {
                    vec![Effect::Focus(Focus::ErrorSummary)]
                }
            }
            Action::Change(field) => {
                if self.finished() || self.busy() {
                    return Vec::new();
                }
                self.step = Step::Form;
                vec![Effect::Focus(Focus::Field(field))]
            }
            Action::Back => {
                if self.step != Step::Review || self.busy() {
                    return Vec::new();
                }
                self.step = Step::Form;
                vec![Effect::Focus(Focus::Field("title"))]
            }
            Action::Send {
                fresh_id,
                client_timestamp,
                elapsed_ms,
            } => self.send(fresh_id, &client_timestamp, elapsed_ms),
            Action::Retry => match (&self.net, &self.last) {
                (Net::Failed(f), Some(last)) if f.retryable() && self.step == Step::Review => {
                    self.net = Net::InFlight;
                    vec![Effect::Send(last.clone())]
                }
                _ => Vec::new(),
            },
            Action::Succeeded { receipt, notice } => {
                if !self.busy() {
                    return Vec::new();
                }
                self.net = Net::Idle;
                self.step = Step::Sent { receipt, notice };
                self.last = None;
                self.draft_stored = false;
                self.notice = None;
                vec![Effect::DeleteDraft, Effect::Focus(Focus::Receipt)]
            }
            Action::TakenOver => {
                // Only the send just asked for can be taken over; a queued one is already ours.
                if !self.sending() {
                    return Vec::new();
                }
                self.net = Net::Idle;
                self.step = Step::TakenOver;
                self.last = None;
                self.draft_stored = false;
                self.notice = None;
                vec![Effect::DeleteDraft, Effect::Focus(Focus::Receipt)]
            }
            Action::Failed(f) => {
                if self.busy() {
                    self.net = Net::Failed(f);
                }
                Vec::new()
            }
            Action::Queued => {
                if self.sending() {
                    self.net = Net::Queued;
                }
                Vec::new()
            }
            Action::Resume { case_id } => {
                if self.finished() || self.sending() {
                    return Vec::new();
                }
                self.case_id = case_id;
                self.step = Step::Review;
                self.net = Net::Queued;
                self.notice = None;
                vec![Effect::Focus(Focus::ReviewHeading)]
            }
            Action::ClearDraft => {
                if self.busy() || self.finished() {
                    return Vec::new();
                }
                self.form = CaseForm::default();
                self.errors.clear();
                self.attempted = false;
                self.step = Step::Form;
                self.draft_stored = false;
                self.notice = Some(Notice::DraftCleared);
                vec![Effect::DeleteDraft, Effect::Focus(Focus::Notice)]
            }
        }
    }

    /// After any change to the form: refresh shown errors, keep the draft in step.
    fn edited(&mut self) -> Vec<Effect> {
        if self.attempted {
            self.errors = super::form_errors(&self.form);
        }
        if self.notice == Some(Notice::DraftCleared) {
            self.notice = None;
        }
        let draft = draft_from_form(&self.form, &self.council);
        if draft.is_empty() {
            let was = std::mem::replace(&mut self.draft_stored, false);
            if was {
                vec![Effect::DeleteDraft]
            } else {
                Vec::new()
            }
        } else {
            self.draft_stored = true;
            vec![Effect::SaveDraft(draft)]
        }
    }

    fn send(
        &mut self,
        fresh_id: String,
        client_timestamp: &str,
        elapsed_ms: Option<u64>,
    ) -> Vec<Effect> {
        if self.step != Step::Review || self.busy() {
            return Vec::new();
        }
        let build = |case_id: &str| {
            self.form
                .submission(&Envelope {
                    case_id,
                    council: &self.council,
                    lang: self.lang,
                    client_timestamp,
                })
                .map(|mut s| {
                    s.elapsed_ms = elapsed_ms;
                    s
                })
        };
        let mut sub = match build(&self.case_id) {
            Ok(s) => s,
            Err(errors) => {
                self.errors = errors;
                self.attempted = true;
                self.step = Step::Form;
                return vec![Effect::Focus(Focus::ErrorSummary)];
            }
        };
        if let Some(last) = &self.last {
            // The moment of sending is not part of what the person wrote.
            let mut same = sub.clone();
            same.client_timestamp.clone_from(&last.client_timestamp);
            same.elapsed_ms = last.elapsed_ms;
            if &same == last {
                // Nothing changed since the failed send: replay it byte for byte.
                sub = same;
            } else if let Ok(s) = build(&fresh_id) {
                // The old id may be stored with the old text; a new text needs a new id.
                self.case_id = fresh_id;
                sub = s;
            }
        }
        self.last = Some(sub.clone());
        self.net = Net::InFlight;
        vec![Effect::Send(sub)]
    }
}

/// The DOM id of a field's control for a wire path: `proposer.role` → `mvc-proposer-role`.
/// Ids live in the widget's own shadow root, so a short prefix is enough.
pub fn field_id(path: &str) -> String {
    let mut id = String::from("mvc-");
    id.extend(path.chars().map(|c| if c == '.' { '-' } else { c }));
    id
}
