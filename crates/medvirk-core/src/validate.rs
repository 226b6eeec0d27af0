//! Validation of wire payloads: every rule a submission must meet, with the field at fault.
//!
//! The server runs these checks on every request and the widget reuses the small predicates
//! (`is_uuid_v4`, `is_widget_id`) for its attributes, so both sides agree on what is valid.
//! Checks run in wire field order and stop at the first error, so a client fixing one field at a
//! time always sees the same next error.

use crate::lang::Lang;
use crate::wire::{
    COMMENT_MAX_CHARS, ErrorBody, ErrorDetail, FeedbackSubmission, FeedbackUpdate, Rating,
    SCHEMA_VERSION,
};

/// Longest accepted `page.path`, in bytes; longer paths are generated junk, not pages.
pub const PAGE_PATH_MAX_BYTES: usize = 2048;

/// Longest accepted `timeToAnswerMs`: a day. Beyond that the number says nothing about the question.
pub const TIME_TO_ANSWER_MAX_MS: u64 = 24 * 60 * 60 * 1000;

/// What is wrong with a payload: a stable code, an English message for developers, and the field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// Stable machine-readable code, e.g. `invalid_rating`, `too_long`, `invalid_uuid`.
    pub code: &'static str,
    /// A sentence for the developer reading the response.
    pub message: String,
    /// Dotted field path in wire (camelCase) names, e.g. `rating.value`; empty when the payload
    /// as a whole is at fault (`empty_update`), which the error body writes as `"field": null`.
    pub field: &'static str,
}

impl FieldError {
    fn new(code: &'static str, field: &'static str, message: String) -> Self {
        FieldError {
            code,
            message,
            field,
        }
    }
}

impl From<FieldError> for ErrorBody {
    fn from(e: FieldError) -> Self {
        ErrorBody {
            error: ErrorDetail {
                code: e.code.to_owned(),
                message: e.message,
                field: (!e.field.is_empty()).then(|| e.field.to_owned()),
            },
        }
    }
}

/// Checks a new feedback response.
pub fn feedback_submission(sub: &FeedbackSubmission) -> Result<(), FieldError> {
    schema_version(sub.schema_version)?;
    if !is_uuid_v4(&sub.response_id) {
        return Err(FieldError::new(
            "invalid_uuid",
            "responseId",
            "responseId must be a UUID version 4 in the hyphenated form \
             xxxxxxxx-xxxx-4xxx-Nxxx-xxxxxxxxxxxx, where N is 8, 9, a or b."
                .into(),
        ));
    }
    if !is_widget_id(&sub.widget_id) {
        return Err(FieldError::new(
            "invalid_widget_id",
            "widgetId",
            "widgetId must be 1 to 64 characters of A-Z, a-z, 0-9, '_', '.' and '-'.".into(),
        ));
    }
    rating(&sub.rating)?;
    if let Some(c) = &sub.comment {
        comment(c)?;
    }
    if !Lang::ALL.iter().any(|l| l.tag() == sub.language) {
        return Err(FieldError::new(
            "unsupported_language",
            "language",
            "language must be one of \"nb\", \"nn\", \"sv\" and \"en\".".into(),
        ));
    }
    page_path(&sub.page.path)?;
    if !is_rfc3339(&sub.client_timestamp) {
        return Err(FieldError::new(
            "invalid_timestamp",
            "clientTimestamp",
            "clientTimestamp must be an RFC 3339 date and time with a zone, \
             like 2026-03-01T12:30:00.000Z or 2026-03-01T13:30:00+01:00."
                .into(),
        ));
    }
    if sub
        .time_to_answer_ms
        .is_some_and(|ms| ms > TIME_TO_ANSWER_MAX_MS)
    {
        return Err(FieldError::new(
            "invalid_time_to_answer",
            "timeToAnswerMs",
            format!("timeToAnswerMs must be at most {TIME_TO_ANSWER_MAX_MS} (24 hours)."),
        ));
    }
    Ok(())
}

/// Checks a feedback update.
pub fn feedback_update(update: &FeedbackUpdate) -> Result<(), FieldError> {
    schema_version(update.schema_version)?;
    if update.rating.is_none() && update.comment.is_none() {
        return Err(FieldError::new(
            "empty_update",
            "",
            "An update must contain a rating, a comment or both.".into(),
        ));
    }
    if let Some(r) = &update.rating {
        rating(r)?;
    }
    if let Some(c) = &update.comment {
        comment(c)?;
    }
    Ok(())
}

/// Whether `s` is a hyphenated UUID version 4 (RFC 9562 variant), in either letter case.
pub fn is_uuid_v4(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
        && b[14] == b'4'
        && matches!(b[19], b'8' | b'9' | b'a' | b'b' | b'A' | b'B')
}

/// Whether `s` is a usable widget id: 1 to 64 characters of `[A-Za-z0-9_.-]`.
pub fn is_widget_id(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-'))
}

fn schema_version(v: u32) -> Result<(), FieldError> {
    if v == SCHEMA_VERSION {
        return Ok(());
    }
    Err(FieldError::new(
        "unsupported_schema_version",
        "schemaVersion",
        format!("schemaVersion must be {SCHEMA_VERSION}; this server does not understand {v}."),
    ))
}

fn rating(r: &Rating) -> Result<(), FieldError> {
    if r.scale != 3 && r.scale != 5 {
        return Err(FieldError::new(
            "invalid_rating",
            "rating.scale",
            format!("rating.scale must be 3 or 5, not {}.", r.scale),
        ));
    }
    if !(1..=r.scale).contains(&r.value) {
        return Err(FieldError::new(
            "invalid_rating",
            "rating.value",
            format!(
                "rating.value must be between 1 and {} (the scale), not {}.",
                r.scale, r.value
            ),
        ));
    }
    Ok(())
}

fn comment(c: &str) -> Result<(), FieldError> {
    if c.chars().count() > COMMENT_MAX_CHARS {
        return Err(FieldError::new(
            "too_long",
            "comment",
            format!("comment must be at most {COMMENT_MAX_CHARS} characters."),
        ));
    }
    // Line breaks and tabs are how people format text; other control characters (NUL, escape
    // sequences, C1 controls) only break terminals, CSV exports and logs downstream.
    if c.chars()
        .any(|ch| ch.is_control() && !matches!(ch, '\n' | '\r' | '\t'))
    {
        return Err(FieldError::new(
            "invalid_characters",
            "comment",
            "comment must not contain control characters other than line breaks and tabs.".into(),
        ));
    }
    Ok(())
}

fn page_path(p: &str) -> Result<(), FieldError> {
    // The query string and fragment can carry personal data (search terms, tokens), so they
    // must be stripped by the client, not stored by the server.
    let ok = p.starts_with('/')
        && p.len() <= PAGE_PATH_MAX_BYTES
        && !p.contains(['?', '#'])
        && !p.chars().any(char::is_control);
    if ok {
        return Ok(());
    }
    Err(FieldError::new(
        "invalid_page_path",
        "page.path",
        format!(
            "page.path must start with '/', contain no '?', '#' or control characters \
             and be at most {PAGE_PATH_MAX_BYTES} bytes."
        ),
    ))
}

/// Whether `s` is an RFC 3339 timestamp `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` naming a
/// real calendar date. Lowercase `t`/`z` are allowed, as RFC 3339 permits; a leap second `:60` too.
pub fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    // Reads `n` digits at `i` as a number.
    let num = |i: usize, n: usize| -> Option<u32> {
        let d = b.get(i..i + n)?;
        d.iter()
            .all(u8::is_ascii_digit)
            .then(|| d.iter().fold(0, |v, &c| v * 10 + u32::from(c - b'0')))
    };
    let at = |i: usize, want: &[u8]| b.get(i).is_some_and(|c| want.contains(c));
    let date_time = || -> Option<usize> {
        let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
        let (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
        let seps = at(4, b"-") && at(7, b"-") && at(10, b"Tt") && at(13, b":") && at(16, b":");
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        let ok = seps
            && (1..=12).contains(&month)
            && (1..=days).contains(&day)
            && hour < 24
            && minute < 60
            && second <= 60;
        ok.then_some(19)
    };
    let Some(mut i) = date_time() else {
        return false;
    };
    if at(i, b".") {
        let digits = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if !(1..=9).contains(&digits) {
            return false;
        }
        i += 1 + digits;
    }
    match b.get(i) {
        Some(b'Z' | b'z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            i + 6 == b.len()
                && at(i + 3, b":")
                && num(i + 1, 2).is_some_and(|h| h < 24)
                && num(i + 4, 2).is_some_and(|m| m < 60)
        }
        _ => false,
    }
}
