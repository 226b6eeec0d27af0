//! The case-suggestion form: wire types, validation, lifecycle, drafts and the Open311 mapping.
//!
//! A person proposes a case for a user council (brukerråd) by answering the questions council
//! training material teaches: what is it, why is it a problem, where and when does it happen,
//! and what would solve it. Everything the widget and the server decide about such a case is
//! decided here, so both agree and it is tested natively:
//!
//! - this file: the wire types (`schemaVersion` 1, camelCase) and the form's editing state;
//! - [`check`]: validation with field paths and stable codes, length limits, personal-data hints;
//! - [`lifecycle`]: the council's stages and which moves between them are allowed;
//! - [`receipt`]: the `BR-2026-0042` codes people use to follow their case;
//! - [`draft`]: what may be kept on the device while typing (never contact details);
//! - [`flow`]: the widget's steps (form, review, sending, receipt) as a state machine;
//! - [`open311`]: the mapping to and from Open311 GeoReport v2 for municipal endpoints;
//! - [`texts`]: every text the widget shows, in bokmål, nynorsk, svenska and English.
//!
//! Absent optional members are written as `null` here (the wire format shows
//! `"organisation": null` and `"contact": null`), unlike the feedback format, which leaves them
//! out; readers accept both.

pub mod check;
pub mod draft;
pub mod flow;
pub mod lifecycle;
pub mod open311;
pub mod receipt;
pub mod texts;

pub use check::{
    CharCount, FieldError, FieldLimit, LIMITS, PiiHint, case_errors, char_count, check_case,
    form_errors, is_council_id, is_plausible_email, is_plausible_phone, limit, pii_hints,
};
pub use draft::{DRAFT_MAX_AGE_MS, Draft, draft_from_form, is_expired, restorable};
pub use flow::Flow;
pub use lifecycle::{CaseStatus, HistoryEntry, Transition, TransitionRequest, transition};
pub use open311::{Open311Config, Open311Error, Open311Receipt, form_urlencode, open311_request};
pub use receipt::{Receipt, format_receipt, parse_receipt};
pub use texts::{CaseTexts, FieldText, ReviewRow, review_rows, texts};

use crate::json::write_str;
use crate::json_value::{self, Value};
use crate::lang::Lang;

/// Who proposes the case. The council weighs a case differently when it comes from the people
/// who use the service, their relatives, an organisation speaking for many, or staff.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Role {
    ServiceUser,
    Relative,
    UserOrganisation,
    Employee,
    Other,
}

impl Role {
    /// Every role, in the order the form lists them.
    pub const ALL: [Role; 5] = [
        Role::ServiceUser,
        Role::Relative,
        Role::UserOrganisation,
        Role::Employee,
        Role::Other,
    ];

    /// The name on the wire.
    pub fn wire(self) -> &'static str {
        match self {
            Role::ServiceUser => "service_user",
            Role::Relative => "relative",
            Role::UserOrganisation => "user_organisation",
            Role::Employee => "employee",
            Role::Other => "other",
        }
    }

    /// Reads a wire name; exact match only, as for every other enum on the wire.
    pub fn from_wire(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.wire() == s)
    }
}

/// Who proposes: the role and, when they speak for one, the organisation's name.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Proposer {
    pub role: Role,
    pub organisation: Option<String>,
}

/// Contact details, sent only when the person chose to be contacted and consented to it.
/// At least one of e-mail and phone is needed, or nobody could get in touch.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Contact {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// The person ticked the box that says what the contact details are used for.
    pub consent: bool,
}

/// `POST /api/v1/cases`: a proposed case.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(deny_unknown_fields, rename_all = "camelCase")
)]
pub struct CaseSubmission {
    pub schema_version: u32,
    /// Client-generated UUID v4; the idempotency key, so a retried send never makes two cases.
    pub case_id: String,
    /// Id of the council the case is for, a slug from the element's configuration.
    pub council: String,
    pub title: String,
    pub why: String,
    /// Which service or unit; free text, never a map pin. Empty when not given.
    #[cfg_attr(feature = "serde", serde(rename = "where"))]
    pub where_: String,
    /// When it happens. Empty when not given.
    pub when: String,
    /// The proposed solution. Empty when not given.
    pub solution: String,
    pub proposer: Proposer,
    /// `None` is the anonymous case, which is the default.
    pub contact: Option<Contact>,
    /// Language tag the form was shown in; answers are written in it.
    pub language: String,
    /// RFC 3339 time on the person's device; informative only.
    pub client_timestamp: String,
    /// The hidden honeypot field as the page held it at send time: people never see it, so any
    /// text in it means a bot filled the form (see [`suspicion`]). Absent or empty when untouched.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub honeypot: Option<String>,
    /// Milliseconds from the form being shown to the send; absent when not measured.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub elapsed_ms: Option<u64>,
}

/// Fewest milliseconds from showing the case form to sending it that is taken as human-paced.
/// The form needs a title and a reason typed by hand: even a person pasting prepared text needs
/// several seconds to focus, paste, choose a role and press send, while a script posts at once.
/// Set low so that only the inhumanly fast are flagged; a flag never drops a case.
pub const MIN_HUMAN_ELAPSED_MS: u64 = 3_000;

/// Why a case submission looks automated: `honeypot_filled` when the hidden field holds anything
/// but whitespace (checked first: it is the stronger signal), `too_fast` when `elapsedMs` is below
/// [`MIN_HUMAN_ELAPSED_MS`], otherwise `None` (also when nothing was measured). The server stores
/// the reason and answers as for any case, so a bot learns nothing from the response.
pub fn suspicion(sub: &CaseSubmission) -> Option<&'static str> {
    if sub
        .honeypot
        .as_deref()
        .is_some_and(|h| !h.trim().is_empty())
    {
        return Some(crate::wire::SUSPICION_HONEYPOT);
    }
    match sub.elapsed_ms {
        Some(ms) if ms < MIN_HUMAN_ELAPSED_MS => Some(crate::wire::SUSPICION_TOO_FAST),
        _ => None,
    }
}

/// The server's answer to `POST /api/v1/cases`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CaseReceipt {
    /// The receipt code, e.g. `BR-2026-0042`; with other backends whatever id they return.
    pub receipt: String,
    pub status: CaseStatus,
}

/// `GET /api/v1/cases/{receipt}`: what anyone holding the receipt code may see. By construction
/// it holds no text the person wrote and no contact details, only the council's handling.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(deny_unknown_fields, rename_all = "camelCase")
)]
pub struct CaseStatusView {
    pub receipt: String,
    pub status: CaseStatus,
    /// A backend's own name for the status, shown next to ours when it says more.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub status_label: Option<String>,
    /// RFC 3339.
    pub received_at: String,
    /// RFC 3339.
    pub updated_at: String,
    /// `YYYY-MM-DD` of the meeting the case is on the agenda for.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub meeting_date: Option<String>,
    /// The council's decision or advice, written for the public.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub public_answer: Option<String>,
    /// Why the case was not taken up.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub reason: Option<String>,
    /// Every status the case has had, oldest first.
    pub history: Vec<HistoryEntry>,
}

/// Where a field of a case may be shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Visibility {
    /// In the public status view, to anyone with the receipt code.
    Public,
    /// To the council's administrators only. Contact details exist only with consent, as
    /// [`check_case`] rejects contact details without it.
    AdminOnly,
}

/// Where a field (wire path of the submission, or of the status view) may be shown.
///
/// The text a person wrote stays with the council: it may hold health details about the person
/// even when the warning was heeded, and a receipt code is easy to pass around or guess.
/// Unknown fields are admin-only, so a new field is private until someone decides otherwise.
pub fn visibility(field: &str) -> Visibility {
    const PUBLIC: [&str; 9] = [
        "receipt",
        "status",
        "statusLabel",
        "receivedAt",
        "updatedAt",
        "meetingDate",
        "publicAnswer",
        "reason",
        "history",
    ];
    if PUBLIC.contains(&field) {
        Visibility::Public
    } else {
        Visibility::AdminOnly
    }
}

/// The form as the person is filling it in: every field as typed, nothing trimmed yet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CaseForm {
    pub title: String,
    pub why: String,
    pub where_: String,
    pub when: String,
    pub solution: String,
    /// Not chosen yet until the person picks one; the form has no default role on purpose.
    pub role: Option<Role>,
    pub organisation: String,
    /// `false` (the default) is "send anonymously"; contact fields are ignored then.
    pub wants_contact: bool,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub consent: bool,
    /// The hidden honeypot field (`website`): people never see or reach it, so anything typed
    /// here was typed by a script. Sent as `honeypot` when non-empty; never kept in a draft.
    pub honeypot: String,
}

/// What identifies the form on the page and the moment of sending, apart from what was typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Envelope<'a> {
    pub case_id: &'a str,
    pub council: &'a str,
    pub lang: Lang,
    pub client_timestamp: &'a str,
}

impl CaseForm {
    /// The free-text fields with their wire paths, in form order: what the personal-data
    /// scanner looks at. Contact fields are left out; they are meant to be personal.
    pub fn free_text(&self) -> [(&'static str, &str); 6] {
        [
            ("title", &self.title),
            ("why", &self.why),
            ("where", &self.where_),
            ("when", &self.when),
            ("solution", &self.solution),
            ("proposer.organisation", &self.organisation),
        ]
    }

    /// The submission to send, or every error in form order for the error summary.
    ///
    /// Text is trimmed at both ends; an empty optional field becomes `null` or `""` on the wire.
    /// An anonymous form sends no contact at all, whatever was typed before the person chose
    /// anonymity, so changing one's mind never leaks a half-typed e-mail address.
    pub fn submission(&self, env: &Envelope<'_>) -> Result<CaseSubmission, Vec<FieldError>> {
        let mut errors = form_errors(self);
        let Some(role) = self.role else {
            return Err(errors);
        };
        let opt = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        let sub = CaseSubmission {
            schema_version: crate::wire::SCHEMA_VERSION,
            case_id: env.case_id.to_owned(),
            council: env.council.to_owned(),
            title: self.title.trim().to_owned(),
            why: self.why.trim().to_owned(),
            where_: self.where_.trim().to_owned(),
            when: self.when.trim().to_owned(),
            solution: self.solution.trim().to_owned(),
            proposer: Proposer {
                role,
                organisation: opt(&self.organisation),
            },
            contact: self.wants_contact.then(|| Contact {
                name: opt(&self.name),
                email: opt(&self.email),
                phone: opt(&self.phone),
                consent: self.consent,
            }),
            language: env.lang.tag().to_owned(),
            client_timestamp: env.client_timestamp.to_owned(),
            // Sent as typed (a bot's text is the evidence); the flow adds the elapsed time, which
            // only the widget's clock knows.
            honeypot: Some(self.honeypot.clone()).filter(|h| !h.is_empty()),
            elapsed_ms: None,
        };
        // The envelope comes from configuration, not from the person; its errors are for the
        // webmaster, but they must still stop the send.
        if errors.is_empty() {
            errors = case_errors(&sub);
        }
        if errors.is_empty() {
            Ok(sub)
        } else {
            Err(errors)
        }
    }
}

impl CaseSubmission {
    /// The free-text fields with their wire paths, as [`CaseForm::free_text`].
    pub fn free_text(&self) -> [(&'static str, &str); 6] {
        [
            ("title", &self.title),
            ("why", &self.why),
            ("where", &self.where_),
            ("when", &self.when),
            ("solution", &self.solution),
            (
                "proposer.organisation",
                self.proposer.organisation.as_deref().unwrap_or(""),
            ),
        ]
    }

    /// The camelCase wire JSON; absent optional members are written as `null`, except the
    /// later additions `honeypot` and `elapsedMs`, which are left out when absent.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(
            384 + self.title.len() + self.why.len() + self.where_.len() + self.solution.len(),
        );
        let mut o = Obj::new(&mut out);
        o.u64("schemaVersion", self.schema_version.into());
        o.str("caseId", &self.case_id);
        o.str("council", &self.council);
        o.str("title", &self.title);
        o.str("why", &self.why);
        o.str("where", &self.where_);
        o.str("when", &self.when);
        o.str("solution", &self.solution);
        o.key("proposer");
        let mut p = Obj::new(o.out);
        p.str("role", self.proposer.role.wire());
        p.opt_str("organisation", self.proposer.organisation.as_deref());
        p.end();
        o.key("contact");
        match &self.contact {
            None => o.out.push_str("null"),
            Some(c) => {
                let mut c_obj = Obj::new(o.out);
                c_obj.opt_str("name", c.name.as_deref());
                c_obj.opt_str("email", c.email.as_deref());
                c_obj.opt_str("phone", c.phone.as_deref());
                c_obj.bool("consent", c.consent);
                c_obj.end();
            }
        }
        o.str("language", &self.language);
        o.str("clientTimestamp", &self.client_timestamp);
        // Left out when absent, as serde does (`skip_serializing_if`).
        if let Some(h) = &self.honeypot {
            o.str("honeypot", h);
        }
        if let Some(ms) = self.elapsed_ms {
            o.u64("elapsedMs", ms);
        }
        o.end();
        out
    }
}

impl CaseReceipt {
    /// Reads the server's answer. The receipt must be non-empty and the status one we know;
    /// other members are ignored so a backend may add its own.
    pub fn from_json(s: &str) -> Option<CaseReceipt> {
        let v = json_value::parse(s).ok()?;
        let receipt = v.get("receipt")?.as_str()?.trim();
        let status = CaseStatus::from_wire(v.get("status")?.as_str()?)?;
        (!receipt.is_empty()).then(|| CaseReceipt {
            receipt: receipt.to_owned(),
            status,
        })
    }

    /// The wire JSON.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(48 + self.receipt.len());
        let mut o = Obj::new(&mut out);
        o.str("receipt", &self.receipt);
        o.str("status", self.status.wire());
        o.end();
        out
    }
}

impl CaseStatusView {
    /// Reads a status view as the status lookup receives it. Unknown members are ignored (a
    /// backend may say more), but every member we use must have the right type; an unknown
    /// status makes the whole view unreadable rather than showing a wrong stage.
    pub fn from_json(s: &str) -> Option<CaseStatusView> {
        let v = json_value::parse(s).ok()?;
        let text = |key: &str| v.get(key)?.as_str().map(str::to_owned);
        let opt = |key: &str| match v.get(key) {
            None | Some(Value::Null) => Some(None),
            Some(j) => j.as_str().map(|s| Some(s.to_owned())),
        };
        let history = match v.get("history") {
            None | Some(Value::Null) => Vec::new(),
            Some(h) => h
                .as_array()?
                .iter()
                .map(|e| {
                    Some(HistoryEntry {
                        status: CaseStatus::from_wire(e.get("status")?.as_str()?)?,
                        at: e.get("at")?.as_str()?.to_owned(),
                    })
                })
                .collect::<Option<Vec<_>>>()?,
        };
        Some(CaseStatusView {
            receipt: text("receipt")?,
            status: CaseStatus::from_wire(v.get("status")?.as_str()?)?,
            status_label: opt("statusLabel")?,
            received_at: text("receivedAt")?,
            updated_at: text("updatedAt")?,
            meeting_date: opt("meetingDate")?,
            public_answer: opt("publicAnswer")?,
            reason: opt("reason")?,
            history,
        })
    }

    /// The camelCase wire JSON; absent optional members are left out, as serde writes them.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(256);
        let mut o = Obj::new(&mut out);
        o.str("receipt", &self.receipt);
        o.str("status", self.status.wire());
        if let Some(l) = &self.status_label {
            o.str("statusLabel", l);
        }
        o.str("receivedAt", &self.received_at);
        o.str("updatedAt", &self.updated_at);
        for (key, value) in [
            ("meetingDate", &self.meeting_date),
            ("publicAnswer", &self.public_answer),
            ("reason", &self.reason),
        ] {
            if let Some(v) = value {
                o.str(key, v);
            }
        }
        o.key("history");
        o.out.push('[');
        for (i, h) in self.history.iter().enumerate() {
            if i > 0 {
                o.out.push(',');
            }
            let mut e = Obj::new(o.out);
            e.str("status", h.status.wire());
            e.str("at", &h.at);
            e.end();
        }
        o.out.push(']');
        o.end();
        out
    }
}

/// A JSON object writer with the members `crate::json::JsonObject` lacks (`null`, booleans,
/// arrays by hand). Kept here rather than in `json` because that file belongs to the feedback
/// work; the two could be merged.
pub(crate) struct Obj<'a> {
    pub(crate) out: &'a mut String,
    empty: bool,
}

impl<'a> Obj<'a> {
    pub(crate) fn new(out: &'a mut String) -> Self {
        out.push('{');
        Obj { out, empty: true }
    }

    /// Writes `"key":` after a comma when needed; the caller writes the value.
    pub(crate) fn key(&mut self, key: &str) {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        write_str(self.out, key);
        self.out.push(':');
    }

    pub(crate) fn str(&mut self, key: &str, value: &str) {
        self.key(key);
        write_str(self.out, value);
    }

    pub(crate) fn opt_str(&mut self, key: &str, value: Option<&str>) {
        self.key(key);
        match value {
            Some(v) => write_str(self.out, v),
            None => self.out.push_str("null"),
        }
    }

    pub(crate) fn bool(&mut self, key: &str, value: bool) {
        self.key(key);
        self.out.push_str(if value { "true" } else { "false" });
    }

    pub(crate) fn u64(&mut self, key: &str, value: u64) {
        self.key(key);
        crate::json::write_u64(self.out, value);
    }

    pub(crate) fn end(self) {
        self.out.push('}');
    }
}
