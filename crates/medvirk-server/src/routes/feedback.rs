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
pub fn request_hash(sub: &FeedbackSubmission) -> String {
    let mut value = serde_json::to_value(sub)
        .unwrap_or_else(|e| unreachable!("wire types always serialize: {e}"));
    if let Some(Value::String(id)) = value.get_mut("responseId") {
        id.make_ascii_lowercase();
    }
    canonical_hash(&value)
}

/// `sha256:` + hex digest of `value` as canonical JSON (sorted keys, `null` members dropped);
/// shared by every idempotent POST (feedback, cases).
pub fn canonical_hash(value: &Value) -> String {
    let mut canonical = String::new();
    write_canonical(value, &mut canonical);
    let digest = Sha256::digest(canonical.as_bytes());
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for byte in digest {
        out.push_str(&format!("{byte:02x}"));
    }
    out
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
}
