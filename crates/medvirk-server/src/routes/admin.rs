//! `GET /api/v1/admin/feedback` (JSON and `.csv`) and the admin guard every `/api/v1/admin/*` route shares.
//!
//! The token comes from `MEDVIRK_ADMIN_TOKEN` and only in the `Authorization` header (URLs end up
//! in logs and browser history). Only its SHA-256 digest is kept in memory, and digests are
//! compared in constant time, so response timing reveals nothing about how much of a guess matched.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use medvirk_core::csv_out::{CsvWriter, Delimiter};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, Duration, OffsetDateTime, Time};

use crate::AppState;
use crate::admin_ui::session;
use crate::config::ENV_ADMIN_TOKEN;
use crate::error::ApiError;
use crate::store::{FeedbackFilter, FeedbackRecord, format_time};

/// The admin token, held as its SHA-256 digest.
#[derive(Clone)]
pub struct AdminToken([u8; 32]);

impl AdminToken {
    pub fn new(token: &str) -> Self {
        AdminToken(Sha256::digest(token.as_bytes()).into())
    }

    /// Compares digests with an xor fold: the time taken does not depend on where they differ.
    /// Hashing first also hides the token's length.
    pub fn matches(&self, presented: &str) -> bool {
        let presented: [u8; 32] = Sha256::digest(presented.as_bytes()).into();
        let diff = self
            .0
            .iter()
            .zip(presented.iter())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b));
        std::hint::black_box(diff) == 0
    }
}

impl std::fmt::Debug for AdminToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AdminToken(..)")
    }
}

/// Proof that a request carries the admin token. As the first extractor of a handler it refuses
/// a request before its body is read, so an unauthorised caller learns nothing from body errors.
#[derive(Clone, Copy, Debug)]
pub struct Admin;

impl FromRequestParts<AppState> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        authorize(state, &parts.headers).await.map(|()| Admin)
    }
}

/// A refused query string as `400 invalid_query`, naming the parameter when serde does.
pub fn query_error(rejection: QueryRejection) -> ApiError {
    let text = rejection.body_text();
    let text = text
        .strip_prefix("Failed to deserialize query string: ")
        .unwrap_or(&text)
        .to_owned();
    // serde_urlencoded names the parameter either as a `name: ` prefix (a value of the wrong
    // type) or in backticks (an unknown parameter).
    let prefixed = text
        .split_once(": ")
        .map(|(name, _)| name)
        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    let field = prefixed
        .or_else(|| text.split('`').nth(1))
        .map(str::to_owned);
    ApiError::bad_request("invalid_query", format!("Invalid query string: {text}."))
        .with_field(field)
}

/// Query filters; anything else (a `token` parameter, say) is refused rather than ignored.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AdminQuery {
    widget_id: Option<String>,
    from: Option<String>,
    to: Option<String>,
    /// `true`: only flagged rows; `false`: only unflagged rows; absent: all.
    suspicious: Option<bool>,
}

/// Query of the CSV export: the listing's filters and the separator.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AdminCsvQuery {
    widget_id: Option<String>,
    from: Option<String>,
    to: Option<String>,
    suspicious: Option<bool>,
    sep: Option<String>,
}

/// One stored response in the admin listing: the stored row in camelCase, without the request hash.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdminFeedbackItem {
    pub id: String,
    pub widget_id: String,
    pub rating_value: u8,
    pub rating_scale: u8,
    pub comment: Option<String>,
    pub language: String,
    pub page_path: String,
    pub client_timestamp: String,
    pub time_to_answer_ms: Option<i64>,
    pub received_at: String,
    pub updated_at: Option<String>,
    /// Why the submission looks automated (`honeypot_filled`, `too_fast`), or `null`.
    pub suspicious: Option<String>,
}

impl From<FeedbackRecord> for AdminFeedbackItem {
    fn from(r: FeedbackRecord) -> Self {
        AdminFeedbackItem {
            id: r.id,
            widget_id: r.widget_id,
            rating_value: r.rating_value,
            rating_scale: r.rating_scale,
            comment: r.comment,
            language: r.language,
            page_path: r.page_path,
            client_timestamp: r.client_timestamp,
            time_to_answer_ms: r.time_to_answer_ms,
            received_at: format_time(r.received_at),
            updated_at: r.updated_at.map(format_time),
            suspicious: r.suspicious,
        }
    }
}

impl AdminFeedbackItem {
    /// The item as one CSV record in [`CSV_COLUMNS`] order. The bearer API's CSV and the admin
    /// area's streamed export both write it, so the two files always have the same columns.
    pub fn csv_record(self) -> [String; CSV_COLUMNS.len()] {
        [
            self.id,
            self.widget_id,
            self.rating_value.to_string(),
            self.rating_scale.to_string(),
            self.comment.unwrap_or_default(),
            self.language,
            self.page_path,
            self.client_timestamp,
            self.time_to_answer_ms
                .map(|ms| ms.to_string())
                .unwrap_or_default(),
            self.received_at,
            self.updated_at.unwrap_or_default(),
            self.suspicious.unwrap_or_default(),
        ]
    }
}

#[derive(Debug, Serialize)]
pub struct AdminFeedbackList {
    pub items: Vec<AdminFeedbackItem>,
    pub count: usize,
}

/// Lists stored responses, oldest first, filtered by widget and by `received_at`.
pub async fn list_feedback(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<AdminQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    authorize(&state, &headers).await?;
    let Query(query) = query.map_err(query_error)?;
    let filter = feedback_filter(query.widget_id, query.from, query.to, query.suspicious)?;
    let records = state
        .store
        .list_feedback(filter)
        .await
        .map_err(ApiError::internal)?;
    let items: Vec<AdminFeedbackItem> = records.into_iter().map(Into::into).collect();
    let mut response = Json(AdminFeedbackList {
        count: items.len(),
        items,
    })
    .into_response();
    // Feedback may hold personal data someone wrote despite the warning: keep it out of caches.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// The listing's filters from the query parameters.
fn feedback_filter(
    widget_id: Option<String>,
    from: Option<String>,
    to: Option<String>,
    suspicious: Option<bool>,
) -> Result<FeedbackFilter, ApiError> {
    let non_empty = |v: Option<String>| v.filter(|s| !s.is_empty());
    let from = non_empty(from)
        .map(|v| parse_bound("from", &v, false))
        .transpose()?;
    let until = non_empty(to)
        .map(|v| parse_bound("to", &v, true))
        .transpose()?;
    if let (Some(from), Some(until)) = (from, until)
        && from >= until
    {
        return Err(
            ApiError::bad_request("invalid_query", "`from` must be before `to`.")
                .with_field(Some("from")),
        );
    }
    Ok(FeedbackFilter {
        widget_id: non_empty(widget_id),
        from,
        until,
        suspicious,
        ..FeedbackFilter::default()
    })
}

/// Header row of the CSV export: the JSON listing's field names, in its order.
pub const CSV_COLUMNS: [&str; 12] = [
    "id",
    "widgetId",
    "ratingValue",
    "ratingScale",
    "comment",
    "language",
    "pagePath",
    "clientTimestamp",
    "timeToAnswerMs",
    "receivedAt",
    "updatedAt",
    "suspicious",
];

/// `GET /api/v1/admin/feedback.csv`: the listing as a spreadsheet download. Every cell goes
/// through core's `csv_out`, which neutralises formulas: comments are written by strangers and
/// opened by council staff in Excel. The file starts with a UTF-8 BOM (Excel needs it to read
/// UTF-8), and `;` is the default separator, as Nordic Excel expects.
pub async fn feedback_csv(
    _: Admin,
    State(state): State<AppState>,
    query: Result<Query<AdminCsvQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(query_error)?;
    let delimiter = match query.sep.as_deref() {
        None | Some("") => Delimiter::Semicolon,
        Some(sep) => Delimiter::parse(sep).ok_or_else(|| {
            ApiError::bad_request("invalid_query", "`sep` must be `semicolon` or `comma`.")
                .with_field(Some("sep"))
        })?,
    };
    let filter = feedback_filter(query.widget_id, query.from, query.to, query.suspicious)?;
    let records = state
        .store
        .list_feedback(filter)
        .await
        .map_err(ApiError::internal)?;
    let mut csv = CsvWriter::new(delimiter, true);
    csv.row(CSV_COLUMNS);
    for r in records {
        csv.row(AdminFeedbackItem::from(r).csv_record());
    }
    // The day in Norway/Sweden, as the admin area's downloads name it.
    let date = crate::admin_ui::local_today();
    let mut response = (
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8")],
        csv.finish(),
    )
        .into_response();
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"medvirk-feedback-{date}.csv\""
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// Accepts `MEDVIRK_ADMIN_TOKEN` or a stored token (`medvirk-server token create`) as the
/// bearer token; with neither configured the admin API answers 404 `admin_disabled`.
async fn authorize(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, t)| t.trim());
    // The same check as the admin area's sign-in form, so the two can never disagree.
    if let Some(t) = presented
        && session::authenticate(state, t).await.is_some()
    {
        return Ok(());
    }
    if !session::sign_in_possible(state).await {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "admin_disabled",
            format!(
                "The admin API is disabled; start the server with the environment variable {ENV_ADMIN_TOKEN} set to a long random token, or make one with `medvirk-server token create NAME`, to enable it."
            ),
        ));
    }
    match presented {
        Some(_) => Err(ApiError::unauthorized(true)),
        None => Err(ApiError::unauthorized(
            headers.contains_key(header::AUTHORIZATION),
        )),
    }
}

/// Parses `from`/`to`: a date (`2026-03-01`, a whole UTC day) or an RFC 3339 time. Both bounds are
/// inclusive for the caller; `to` is returned as the exclusive end the store expects.
fn parse_bound(name: &'static str, value: &str, end: bool) -> Result<OffsetDateTime, ApiError> {
    let invalid = || {
        ApiError::bad_request(
            "invalid_query",
            format!(
                "`{name}` must be a date (2026-03-01) or an RFC 3339 time (2026-03-01T12:00:00Z)."
            ),
        )
        .with_field(Some(name))
    };
    if let Ok(date) = Date::parse(value, format_description!("[year]-[month]-[day]")) {
        let start = date.with_time(Time::MIDNIGHT).assume_utc();
        return Ok(if end { start + Duration::DAY } else { start });
    }
    let t = OffsetDateTime::parse(value, &Rfc3339)
        .map_err(|_| invalid())?
        .to_offset(time::UtcOffset::UTC);
    // Stored times have microseconds: drop finer digits, and make an inclusive `to` exclusive.
    let t = t
        .replace_nanosecond(t.nanosecond() / 1000 * 1000)
        .map_err(|_| invalid())?;
    Ok(if end { t + Duration::MICROSECOND } else { t })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn token_comparison() {
        let token = AdminToken::new("correct horse");
        assert!(token.matches("correct horse"));
        for wrong in ["", "correct hors", "correct horse ", "Correct horse"] {
            assert!(!token.matches(wrong), "{wrong:?}");
        }
    }

    #[test]
    fn bounds() {
        assert_eq!(
            parse_bound("from", "2026-03-01", false).unwrap(),
            datetime!(2026-03-01 0:00 UTC)
        );
        assert_eq!(
            parse_bound("to", "2026-03-01", true).unwrap(),
            datetime!(2026-03-02 0:00 UTC)
        );
        assert_eq!(
            parse_bound("to", "2026-03-01T12:00:00.0000019+01:00", true).unwrap(),
            datetime!(2026-03-01 11:00:00.000002 UTC)
        );
        let err = parse_bound("from", "yesterday", false).unwrap_err();
        assert_eq!(
            (err.code.as_ref(), err.field.as_deref()),
            ("invalid_query", Some("from"))
        );
    }
}
