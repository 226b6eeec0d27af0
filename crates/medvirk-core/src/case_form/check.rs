//! Validation of a case, as the person types it and as the server receives it.
//!
//! The widget needs every error at once, in form order, for the error summary at the top; the
//! server needs the first one for its error body. Both come from the same per-field rules, so the
//! widget never lets through what the server will refuse. Codes are stable and shared with the
//! feedback validator where the meaning is the same (`too_long`, `invalid_uuid`, ...).

use super::{CaseForm, CaseSubmission};
use crate::lang::Lang;
use crate::pii::{self, PiiFinding};
use crate::validate::{is_rfc3339, is_uuid_v4};
use crate::wire::SCHEMA_VERSION;

pub use crate::validate::FieldError;

/// The length limit of one field, in characters (Unicode scalar values, as people count them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldLimit {
    /// Wire path, e.g. `proposer.organisation`.
    pub field: &'static str,
    pub max_chars: usize,
    /// Whether an empty value is an error.
    pub required: bool,
}

const fn lim(field: &'static str, max_chars: usize, required: bool) -> FieldLimit {
    FieldLimit {
        field,
        max_chars,
        required,
    }
}

/// Every text field's limit, in form order. The widget shows "n characters remaining" from this
/// table; the JSON Schema repeats the numbers and a test keeps the two equal.
///
/// A title fits on one line of a council agenda; "why" and "solution" have room for a proper
/// explanation without becoming a report; e-mail follows RFC 5321's 254-octet path limit.
pub const LIMITS: [FieldLimit; 9] = [
    lim("title", 120, true),
    lim("why", 2000, true),
    lim("where", 300, false),
    lim("when", 300, false),
    lim("solution", 2000, false),
    lim("proposer.organisation", 200, false),
    lim("contact.name", 120, false),
    lim("contact.email", 254, false),
    lim("contact.phone", 30, false),
];

/// The limit of the field at `field` (wire path), if it is a text field.
pub fn limit(field: &str) -> Option<FieldLimit> {
    LIMITS.iter().copied().find(|l| l.field == field)
}

/// How much of a field's limit is used, for the live counter next to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CharCount {
    pub used: usize,
    pub max: usize,
}

impl CharCount {
    /// Characters left; 0 when over.
    pub fn remaining(self) -> usize {
        self.max.saturating_sub(self.used)
    }

    /// Characters too many; 0 when within the limit.
    pub fn over(self) -> usize {
        self.used.saturating_sub(self.max)
    }
}

/// The counter for `text` in `field`; `None` for a field without a limit. Counts what will be
/// sent: surrounding whitespace is trimmed on send, so it does not count here either.
pub fn char_count(field: &str, text: &str) -> Option<CharCount> {
    limit(field).map(|l| CharCount {
        used: text.trim().chars().count(),
        max: l.max_chars,
    })
}

/// Every error in a form being filled in, in form order, for the error summary.
/// Contact fields are checked only when the person chose to be contacted.
pub fn form_errors(form: &CaseForm) -> Vec<FieldError> {
    let mut out = Vec::new();
    free_text(&mut out, form.free_text().into_iter().take(5));
    if form.role.is_none() {
        out.push(err(
            "required",
            "proposer.role",
            "proposer.role is required: choose who proposes the case.",
        ));
    }
    free_text(
        &mut out,
        [("proposer.organisation", form.organisation.as_str())],
    );
    if form.wants_contact {
        contact(
            &mut out,
            Some(&form.name),
            Some(&form.email),
            Some(&form.phone),
            form.consent,
        );
    }
    out
}

/// Every error in a received case, envelope first, then in form order.
pub fn case_errors(sub: &CaseSubmission) -> Vec<FieldError> {
    let mut out = Vec::new();
    if sub.schema_version != SCHEMA_VERSION {
        out.push(FieldError {
            code: "unsupported_schema_version",
            field: "schemaVersion",
            message: format!(
                "schemaVersion must be {SCHEMA_VERSION}; this server does not understand {}.",
                sub.schema_version
            ),
        });
    }
    if !is_uuid_v4(&sub.case_id) {
        out.push(err(
            "invalid_uuid",
            "caseId",
            "caseId must be a UUID version 4 in the hyphenated form \
             xxxxxxxx-xxxx-4xxx-Nxxx-xxxxxxxxxxxx, where N is 8, 9, a or b.",
        ));
    }
    if !is_council_id(&sub.council) {
        out.push(err(
            "invalid_council",
            "council",
            "council must be 1 to 64 characters of a-z, 0-9 and single hyphens between them.",
        ));
    }
    free_text(&mut out, sub.free_text());
    if let Some(c) = &sub.contact {
        contact(
            &mut out,
            c.name.as_deref(),
            c.email.as_deref(),
            c.phone.as_deref(),
            c.consent,
        );
    }
    if !Lang::ALL.iter().any(|l| l.tag() == sub.language) {
        out.push(err(
            "unsupported_language",
            "language",
            "language must be one of \"nb\", \"nn\", \"sv\" and \"en\".",
        ));
    }
    if !is_rfc3339(&sub.client_timestamp) {
        out.push(err(
            "invalid_timestamp",
            "clientTimestamp",
            "clientTimestamp must be an RFC 3339 date and time with a zone, \
             like 2026-03-01T12:30:00.000Z or 2026-03-01T13:30:00+01:00.",
        ));
    }
    out
}

/// The first error in a received case, for the server's error body.
pub fn check_case(sub: &CaseSubmission) -> Result<(), FieldError> {
    match case_errors(sub).into_iter().next() {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Whether `s` can be a council id: a lowercase slug like `brukerradet-helse-x`, so it is safe in
/// URLs, file names and receipts without escaping.
pub fn is_council_id(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
}

/// Whether `s` looks like an e-mail address someone could write to: one `@`, a local part of
/// at most 64 characters without spaces, and a domain of dot-separated labels (letters, Nordic
/// ones too, digits, inner hyphens) ending in a top-level domain of at least two letters.
/// Deliberately not RFC 5322 in full: quoted local parts are legal and never what a person means.
pub fn is_plausible_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let local_ok = (1..=64).contains(&local.chars().count())
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
    let labels_ok = domain.split('.').all(|l| {
        !l.is_empty()
            && l.chars().count() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    });
    let tld_ok = domain
        .rsplit_once('.')
        .is_some_and(|(_, tld)| tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic));
    local_ok && labels_ok && tld_ok
}

/// Whether `s` looks like a phone number someone could call: Norwegian (eight digits, not
/// starting with 0 or 1, optionally `+47`/`0047`), Swedish (a national number with its leading
/// 0, 8 to 10 digits, or `+46` without it), or any other international number (`+` or `00`,
/// country code and 8 to 15 digits in all, as E.164 allows). Spaces, no-break spaces, hyphens,
/// dots, parentheses and a `(0)` after the country code are accepted, as people write them.
pub fn is_plausible_phone(s: &str) -> bool {
    let s = s.trim();
    let (intl, rest) = if let Some(r) = s.strip_prefix('+') {
        (true, r)
    } else if let Some(r) = s.strip_prefix("00") {
        (true, r)
    } else {
        (false, s)
    };
    let rest = rest.replacen("(0)", "", 1);
    let mut digits = String::new();
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '\u{a0}' | '-' | '.' | '(' | ')' => {}
            _ => return false,
        }
    }
    let d = digits.as_bytes();
    let norwegian = |d: &[u8]| d.len() == 8 && d[0] >= b'2';
    let swedish_national = |d: &[u8]| (7..=9).contains(&d.len()) && d[0] != b'0';
    if intl {
        match d {
            [b'4', b'7', rest @ ..] => norwegian(rest),
            [b'4', b'6', rest @ ..] => swedish_national(rest),
            [first, ..] => *first != b'0' && (8..=15).contains(&d.len()),
            [] => false,
        }
    } else if d.first() == Some(&b'0') {
        swedish_national(&d[1..])
    } else {
        norwegian(d)
    }
}

/// The findings of the personal-data scanner in one free-text field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PiiHint {
    /// Wire path of the field, e.g. `why`.
    pub field: &'static str,
    pub findings: Vec<PiiFinding>,
}

/// Runs the personal-data scanner (the smiley comment's) over every free-text field and returns
/// the fields with findings, in the order given, so the widget can warn next to each field.
/// Pass [`CaseForm::free_text`] or [`CaseSubmission::free_text`].
pub fn pii_hints<'a>(fields: impl IntoIterator<Item = (&'static str, &'a str)>) -> Vec<PiiHint> {
    fields
        .into_iter()
        .filter_map(|(field, text)| {
            let findings = pii::scan(text);
            (!findings.is_empty()).then_some(PiiHint { field, findings })
        })
        .collect()
}

fn err(code: &'static str, field: &'static str, message: &str) -> FieldError {
    FieldError {
        code,
        message: message.to_owned(),
        field,
    }
}

/// Required, length and character checks for text fields named by their wire path.
fn free_text<'a>(
    out: &mut Vec<FieldError>,
    fields: impl IntoIterator<Item = (&'static str, &'a str)>,
) {
    for (field, value) in fields {
        let Some(l) = limit(field) else { continue };
        let value = value.trim();
        if l.required && value.is_empty() {
            out.push(FieldError {
                code: "required",
                field,
                message: format!("{field} is required."),
            });
        } else if value.chars().count() > l.max_chars {
            out.push(FieldError {
                code: "too_long",
                field,
                message: format!("{field} must be at most {} characters.", l.max_chars),
            });
        } else if value
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            // Line breaks and tabs are how people format text; other control characters only
            // break terminals, CSV exports and logs downstream.
            out.push(FieldError {
                code: "invalid_characters",
                field,
                message: format!(
                    "{field} must not contain control characters other than line breaks and tabs."
                ),
            });
        }
    }
}

/// A value that was typed: present and not only whitespace, trimmed.
pub(crate) fn given(v: Option<&str>) -> Option<&str> {
    v.map(str::trim).filter(|v| !v.is_empty())
}

fn contact(
    out: &mut Vec<FieldError>,
    name: Option<&str>,
    email: Option<&str>,
    phone: Option<&str>,
    consent: bool,
) {
    let (email, phone) = (given(email), given(phone));
    free_text(
        out,
        [
            ("contact.name", name.unwrap_or("")),
            ("contact.email", email.unwrap_or("")),
            ("contact.phone", phone.unwrap_or("")),
        ],
    );
    // A too-long value already has its error; one error per field keeps the summary readable.
    let has_error = |out: &Vec<FieldError>, f: &str| out.iter().any(|e| e.field == f);
    if email.is_none() && phone.is_none() {
        out.push(err(
            "contact_missing",
            "contact.email",
            "contact needs an e-mail address, a phone number or both.",
        ));
    }
    if let Some(e) = email
        && !has_error(out, "contact.email")
        && !is_plausible_email(e)
    {
        out.push(err(
            "invalid_email",
            "contact.email",
            "contact.email must look like name@example.no.",
        ));
    }
    if let Some(p) = phone
        && !has_error(out, "contact.phone")
        && !is_plausible_phone(p)
    {
        out.push(err(
            "invalid_phone",
            "contact.phone",
            "contact.phone must be a Norwegian, Swedish or international (+country code) number.",
        ));
    }
    if !consent {
        out.push(err(
            "consent_required",
            "contact.consent",
            "contact.consent must be true: contact details are only accepted with consent.",
        ));
    }
}
