//! Wire types of the native JSON format (schemaVersion 1), shared by the widgets and the server.
//!
//! These are the public contract with any backend: field names are camelCase on the wire and
//! change only with a new `schemaVersion`. Domain rules (lengths, ranges) live in `validate`.
//! Optional fields are left out when absent (never written as `null`), both by serde and by the
//! hand-written writer in `json`, so the two produce the same JSON; `null` is still accepted.

/// The only schema version this build writes and accepts.
pub const SCHEMA_VERSION: u32 = 1;

/// Longest comment a person may write, in characters (Unicode scalar values).
pub const COMMENT_MAX_CHARS: usize = 1000;

/// A rating as the person gave it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Rating {
    /// 1 ..= scale, 1 being the worst.
    pub value: u8,
    /// 3 or 5.
    pub scale: u8,
}

/// Where the rating was given: the path only, never the query string or fragment.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Page {
    pub path: String,
}

/// `POST /api/v1/feedback`: a new response, sent as soon as a smiley is chosen.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(deny_unknown_fields, rename_all = "camelCase")
)]
pub struct FeedbackSubmission {
    pub schema_version: u32,
    /// Client-generated UUID v4; the idempotency key.
    pub response_id: String,
    pub widget_id: String,
    pub rating: Rating,
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub comment: Option<String>,
    /// BCP 47 tag of the language the widget was shown in.
    pub language: String,
    pub page: Page,
    /// RFC 3339 time on the person's device; informative only, never trusted for ordering.
    pub client_timestamp: String,
    /// Milliseconds from first render to the first choice; helps spot bots and confusing questions.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub time_to_answer_ms: Option<u64>,
}

/// `PATCH /api/v1/feedback/{responseId}`: a comment added or the rating changed later.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(deny_unknown_fields, rename_all = "camelCase")
)]
pub struct FeedbackUpdate {
    pub schema_version: u32,
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub rating: Option<Rating>,
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub comment: Option<String>,
}

/// The server's answer to a feedback POST or PATCH.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct FeedbackReceipt {
    /// The stored response id (equal to `responseId`).
    pub id: String,
}

/// The error body every endpoint returns: `{"error": {"code", "message", "field"}}`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// One error: a stable machine code, an English message for developers, and the offending field.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
    /// JSON Pointer-like dotted path of the field, when one field is at fault.
    pub field: Option<String>,
}

/// Fewest milliseconds from the smiley's first render to a rating that is taken as human-paced.
/// Reading a one-line question and moving to a button takes people well over half a second (a
/// pointer movement alone is about 300–500 ms by Fitts' law); a script that fills the form at
/// once answers in a few milliseconds. Set low, so only the inhumanly fast are flagged: a flag
/// marks a row for review, it never drops it.
pub const MIN_HUMAN_TIME_TO_ANSWER_MS: u64 = 300;

/// Suspicion reason of a rating: `too_fast` when `timeToAnswerMs` is below
/// [`MIN_HUMAN_TIME_TO_ANSWER_MS`], otherwise `None` (also when the widget did not measure it).
/// The server stores the reason with the row and answers exactly as for any submission, so a bot
/// learns nothing from the response.
pub fn feedback_suspicion(sub: &FeedbackSubmission) -> Option<&'static str> {
    match sub.time_to_answer_ms {
        Some(ms) if ms < MIN_HUMAN_TIME_TO_ANSWER_MS => Some(SUSPICION_TOO_FAST),
        _ => None,
    }
}

/// Suspicion reason: a hidden field that only bots fill was filled.
pub const SUSPICION_HONEYPOT: &str = "honeypot_filled";
/// Suspicion reason: the form was sent faster than a person can.
pub const SUSPICION_TOO_FAST: &str = "too_fast";

#[cfg(test)]
mod suspicion_tests {
    use super::*;

    fn rating(ms: Option<u64>) -> FeedbackSubmission {
        FeedbackSubmission {
            schema_version: SCHEMA_VERSION,
            response_id: "6f1c2b9e-6a43-4d0b-9c51-2d7f3a8e1b04".to_owned(),
            widget_id: "w".to_owned(),
            rating: Rating { value: 3, scale: 5 },
            comment: None,
            language: "nb".to_owned(),
            page: Page {
                path: "/".to_owned(),
            },
            client_timestamp: "2026-03-01T08:00:00Z".to_owned(),
            time_to_answer_ms: ms,
        }
    }

    #[test]
    fn only_inhumanly_fast_ratings_are_flagged() {
        assert_eq!(feedback_suspicion(&rating(Some(0))), Some("too_fast"));
        assert_eq!(feedback_suspicion(&rating(Some(299))), Some("too_fast"));
        assert_eq!(feedback_suspicion(&rating(Some(300))), None);
        assert_eq!(feedback_suspicion(&rating(Some(86_400_000))), None);
        // Not measured (an older widget, another client): nothing to judge by.
        assert_eq!(feedback_suspicion(&rating(None)), None);
    }
}
