//! `POST /api/v1/feedback` and `PATCH /api/v1/feedback/{responseId}`: the smiley widget's endpoints.
//!
//! A POST is idempotent by its client-generated `responseId`: the widget's outbox may send the same
//! payload many times (lost answers, retries after a restart), and only the first one stores a row.
//! Replays are recognised by a canonical hash of the original POST payload kept in its own column,
//! so a later PATCH of the comment does not turn an honest POST retry into a 409.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use medvirk_core::validate;
use medvirk_core::wire::{self, FeedbackReceipt, FeedbackSubmission, FeedbackUpdate};
use serde_json::Value;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::ratelimit::{FeedbackLimit, Throttle};
use crate::store::{FeedbackChange, InsertOutcome, NewFeedback, UpdateOutcome};

/// Stores a new response: 201 when new, 200 when the identical payload was stored before, 409 when
/// the id was used for a different payload.
pub async fn create(
    _: Throttle<FeedbackLimit>,
    State(state): State<AppState>,
    JsonBody(sub): JsonBody<FeedbackSubmission>,
) -> Result<Response, ApiError> {
    validate::feedback_submission(&sub)?;
    // Core caps timeToAnswerMs at a day, far inside i64; saturating keeps this total anyway.
    let time_to_answer_ms = sub
        .time_to_answer_ms
        .map(|ms| i64::try_from(ms).unwrap_or(i64::MAX));
    // The receipt echoes the id as sent; the row is keyed by its lowercase form, because core accepts
    // either letter case and one UUID must not become two rows (or a PATCH miss).
    let id = sub.response_id.clone();
    let suspicious = wire::feedback_suspicion(&sub);
    let row = NewFeedback {
        id: id.to_ascii_lowercase(),
        request_hash: request_hash(&sub),
        widget_id: sub.widget_id,
        rating_value: sub.rating.value,
        rating_scale: sub.rating.scale,
        comment: sub.comment,
        language: sub.language,
        page_path: sub.page.path,
        client_timestamp: sub.client_timestamp,
        time_to_answer_ms,
        received_at: OffsetDateTime::now_utc(),
        suspicious,
    };
    match state
        .store
        .insert_feedback(row)
        .await
        .map_err(ApiError::internal)?
    {
        InsertOutcome::Created => {
            let mut response = (
                StatusCode::CREATED,
                Json(FeedbackReceipt { id: id.clone() }),
            )
                .into_response();
            // The id is validated as a UUID by core, so it is always a valid header value; if a
            // looser rule ever lets something else through, the header is left out, not the row.
            if let Ok(location) = HeaderValue::from_str(&format!("/api/v1/feedback/{id}")) {
                response.headers_mut().insert(header::LOCATION, location);
            }
            Ok(response)
        }
        InsertOutcome::Replayed => {
            Ok((StatusCode::OK, Json(FeedbackReceipt { id })).into_response())
        }
        InsertOutcome::Conflict => Err(ApiError::conflict(
            "A response with this responseId was already stored with different content; \
             a new response needs a new responseId.",
        )
        .with_field(Some("responseId"))),
    }
}

/// Adds or changes the comment and/or the rating of a stored response. Setting values (not
/// appending) makes it idempotent: the same body twice leaves the same row.
pub async fn update(
    _: Throttle<FeedbackLimit>,
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    JsonBody(update): JsonBody<FeedbackUpdate>,
) -> Result<Json<FeedbackReceipt>, ApiError> {
    let Path(id) = id.map_err(|_| ApiError::not_found("No response with this id."))?;
    let key = id.to_ascii_lowercase();
    validate::feedback_update(&update)?;
    let change = FeedbackChange {
        rating_value: update.rating.map(|r| r.value),
        rating_scale: update.rating.map(|r| r.scale),
        comment: update.comment,
    };
    match state
        .store
        .update_feedback(&key, change, OffsetDateTime::now_utc())
        .await
        .map_err(ApiError::internal)?
    {
        UpdateOutcome::Updated => Ok(Json(FeedbackReceipt { id })),
        UpdateOutcome::NotFound => Err(ApiError::not_found(
            "No response with this id; POST it to /api/v1/feedback first.",
        )),
        UpdateOutcome::ScaleMismatch { stored } => Err(ApiError::unprocessable(
            "scale_mismatch",
            format!(
                "This response was given on a scale of {stored}; a changed rating must use the same scale."
            ),
            "rating.scale",
        )),
    }
}

/// `sha256:` + hex digest of the payload as canonical JSON: `responseId` in lowercase, object keys
/// sorted, `null` members dropped (so an absent optional field and an explicit `null` are the same payload, and a field
/// added to the wire type later does not change the hash of old rows).
///
/// Written straight from the struct rather than through a `serde_json::Value` tree: this runs on
/// every POST, and building the tree, sorting its keys and formatting each scalar cost more than
/// the SHA-256 itself. The output is byte for byte what [`canonical_hash`] gives for
/// `serde_json::to_value(sub)` (tested below, including that every wire field is written here).
pub fn request_hash(sub: &FeedbackSubmission) -> String {
    sha256_tagged(&canonical_submission(sub))
}

/// The canonical JSON that [`request_hash`] digests.
fn canonical_submission(sub: &FeedbackSubmission) -> Vec<u8> {
    // Members in sorted key order; optional ones only when present, as the generic form drops nulls.
    let mut out = Vec::with_capacity(256);
    out.extend_from_slice(b"{\"clientTimestamp\":");
    json_string(&mut out, &sub.client_timestamp);
    if let Some(comment) = &sub.comment {
        out.extend_from_slice(b",\"comment\":");
        json_string(&mut out, comment);
    }
    out.extend_from_slice(b",\"language\":");
    json_string(&mut out, &sub.language);
    out.extend_from_slice(b",\"page\":{\"path\":");
    json_string(&mut out, &sub.page.path);
    out.extend_from_slice(b"},\"rating\":{\"scale\":");
    out.extend_from_slice(sub.rating.scale.to_string().as_bytes());
    out.extend_from_slice(b",\"value\":");
    out.extend_from_slice(sub.rating.value.to_string().as_bytes());
    out.extend_from_slice(b"},\"responseId\":");
    json_string(&mut out, &sub.response_id.to_ascii_lowercase());
    out.extend_from_slice(b",\"schemaVersion\":");
    out.extend_from_slice(sub.schema_version.to_string().as_bytes());
    if let Some(ms) = sub.time_to_answer_ms {
        out.extend_from_slice(b",\"timeToAnswerMs\":");
        out.extend_from_slice(ms.to_string().as_bytes());
    }
    out.extend_from_slice(b",\"widgetId\":");
    json_string(&mut out, &sub.widget_id);
    out.push(b'}');
    out
}

/// A JSON string literal with serde_json's escaping, the same bytes `Value::String(s).to_string()` gives.
fn json_string(out: &mut Vec<u8>, s: &str) {
    serde_json::to_writer(&mut *out, s)
        .unwrap_or_else(|e| unreachable!("writing a string into a Vec cannot fail: {e}"));
}

/// `sha256:` + lowercase hex of the digest of `bytes`.
fn sha256_tagged(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for byte in digest {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    out
}

/// `sha256:` + hex digest of `value` as canonical JSON (sorted keys, `null` members dropped);
/// shared by every idempotent POST (feedback, cases).
pub fn canonical_hash(value: &Value) -> String {
    let mut canonical = String::new();
    write_canonical(value, &mut canonical);
    sha256_tagged(canonical.as_bytes())
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut members: Vec<(&String, &Value)> =
                map.iter().filter(|(_, v)| !v.is_null()).collect();
            members.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (key, member)) in members.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(member, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_hash_ignores_key_order_and_nulls_but_not_values() {
        let a: FeedbackSubmission = serde_json::from_str(
            r#"{"schemaVersion":1,"responseId":"r","widgetId":"w","rating":{"value":3,"scale":5},
                "language":"nb","page":{"path":"/"},"clientTimestamp":"t"}"#,
        )
        .unwrap();
        let b: FeedbackSubmission = serde_json::from_str(
            r#"{"clientTimestamp":"t","page":{"path":"/"},"language":"nb","comment":null,"timeToAnswerMs":null,
                "rating":{"scale":5,"value":3},"widgetId":"w","responseId":"r","schemaVersion":1}"#,
        )
        .unwrap();
        assert_eq!(request_hash(&a), request_hash(&b));
        assert!(request_hash(&a).starts_with("sha256:") && request_hash(&a).len() == 7 + 64);
        let c = FeedbackSubmission {
            comment: Some(String::new()),
            ..a.clone()
        };
        assert_ne!(request_hash(&a), request_hash(&c));
        let mut value = String::new();
        write_canonical(
            &serde_json::json!({"b": [1, {"y": null, "x": "é\""}], "a": true}),
            &mut value,
        );
        assert_eq!(value, r#"{"a":true,"b":[1,{"x":"é\""}]}"#);
    }

    /// The generic canonical form of a submission: what `request_hash` computed before it wrote
    /// the JSON itself, and what every stored row's hash was made with.
    fn generic_canonical(sub: &FeedbackSubmission) -> String {
        let mut value = serde_json::to_value(sub).unwrap();
        if let Some(Value::String(id)) = value.get_mut("responseId") {
            id.make_ascii_lowercase();
        }
        let mut out = String::new();
        write_canonical(&value, &mut out);
        out
    }

    #[test]
    fn direct_canonical_form_equals_the_generic_one() {
        // Every field present (a field added to the wire type must be added here, or the struct
        // literal stops compiling), with characters serde_json escapes.
        let full = FeedbackSubmission {
            schema_version: 1,
            response_id: "3F2B8A9E-4C1D-4E7A-9B2F-1A2B3C4D5E6F".to_owned(),
            widget_id: "byggesak \"ny\"".to_owned(),
            rating: medvirk_core::wire::Rating { value: 2, scale: 3 },
            comment: Some("Bra\n\tmen \\ sein \u{1} ø 😀 </script>".to_owned()),
            language: "nn".to_owned(),
            page: medvirk_core::wire::Page {
                path: "/søk/a b".to_owned(),
            },
            client_timestamp: "2026-03-01T08:00:00.123+01:00".to_owned(),
            time_to_answer_ms: Some(86_400_000),
        };
        let bare = FeedbackSubmission {
            comment: None,
            time_to_answer_ms: None,
            ..full.clone()
        };
        let empty = FeedbackSubmission {
            comment: Some(String::new()),
            time_to_answer_ms: Some(0),
            ..bare.clone()
        };
        for sub in [&full, &bare, &empty] {
            let direct = String::from_utf8(canonical_submission(sub)).unwrap();
            assert_eq!(direct, generic_canonical(sub));
            assert_eq!(
                request_hash(sub),
                canonical_hash(&serde_json::from_str(&direct).unwrap())
            );
        }
        // Rows stored before keep matching: this is the hash the generic implementation gave
        // `bare` (checked independently with Python's json.dumps and hashlib).
        assert_eq!(
            request_hash(&bare),
            "sha256:17050cb0c9fef9137c6526aa538582bc0f0c80fe27707392bcae9b6c90532c18"
        );
    }
}
