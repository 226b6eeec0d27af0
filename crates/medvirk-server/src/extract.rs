//! The JSON body extractor of the public API: content type, size limit and serde errors mapped to `ApiError`.
//!
//! axum's own `Json` rejection answers in plain text with wording meant for Rust developers. A
//! webmaster wiring a widget to this server, or someone writing another client, needs a JSON error
//! that says which field is wrong and why, so the body is read and parsed here instead.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// Largest request body the public endpoints read. A full submission with a 1000-character comment
/// of four-byte characters stays well below it.
pub const BODY_LIMIT_BYTES: usize = 16 * 1024;

/// Largest body of a proposed case: six free-text fields of up to 2000 four-byte characters fit.
pub const CASE_BODY_LIMIT_BYTES: usize = 32 * 1024;

/// Largest directory document or CSV an admin may upload: far beyond a national directory.
pub const DIRECTORY_BODY_LIMIT_BYTES: usize = 8 * 1024 * 1024;

/// A request body that was `application/json`, at most `LIMIT` bytes, and parsed into `T`
/// with unknown fields rejected (the wire types deny them).
#[derive(Debug)]
pub struct JsonBody<T, const LIMIT: usize = BODY_LIMIT_BYTES>(pub T);

impl<S, T, const LIMIT: usize> FromRequest<S> for JsonBody<T, LIMIT>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        check_content_type(req.headers().get(header::CONTENT_TYPE))?;
        let bytes = read_body(req, LIMIT).await?;
        parse_json(&bytes).map(JsonBody)
    }
}

/// Reads a whole body of at most `limit` bytes. The limit is applied here rather than through
/// axum's `DefaultBodyLimit`, so each endpoint states its own and the 413 names it.
pub async fn read_body(req: Request, limit: usize) -> Result<Bytes, ApiError> {
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("The request body is larger than {limit} bytes."),
        )
    };
    // A declared length beyond the limit is refused before a byte is read: a client announcing
    // gigabytes (and sending a few bytes, or trickling them) must not hold a connection open.
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    axum::body::to_bytes(req.into_body(), limit)
        .await
        .map_err(|e| {
            // `to_bytes` boxes the limit error in one or two `axum::Error` layers.
            let mut inner = e.into_inner();
            for _ in 0..2 {
                inner = match inner.downcast::<axum::Error>() {
                    Ok(wrapped) => wrapped.into_inner(),
                    Err(other) => other,
                };
            }
            if inner.is::<http_body_util::LengthLimitError>() {
                too_large()
            } else {
                ApiError::bad_request("unreadable_body", "The request body could not be read.")
            }
        })
}

/// Accepts `application/json` and `application/<something>+json`, with parameters such as `charset`.
pub fn check_content_type(value: Option<&header::HeaderValue>) -> Result<(), ApiError> {
    let unsupported = || {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Send the body as JSON with `Content-Type: application/json`.",
        )
    };
    let value = value
        .and_then(|v| v.to_str().ok())
        .ok_or_else(unsupported)?;
    let essence = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let is_json = essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"));
    if is_json { Ok(()) } else { Err(unsupported()) }
}

/// Parses a whole body (trailing data is an error) and turns serde's error into code, message and field.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad_request(
            "invalid_json",
            "The request body is empty; send a JSON object.",
        ));
    }
    // serde's derived structs also accept a JSON array of the fields in order; a wire body is an
    // object, and anything else is refused before serde can read it positionally.
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(ApiError::bad_request(
            "invalid_json",
            "The request body must be a JSON object.",
        ));
    }
    // The plain parse first: tracking the path costs on every request, and only a refused body
    // needs it, so that one is parsed a second time (serde is deterministic: same error, now with
    // its field path).
    let mut de = serde_json::Deserializer::from_slice(bytes);
    if let Ok(value) = <T as serde::Deserialize>::deserialize(&mut de)
        && de.end().is_ok()
    {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        json_error(e.inner(), &path)
    })?;
    de.end().map_err(|e| json_error(&e, ""))?;
    Ok(value)
}

fn json_error(err: &serde_json::Error, path: &str) -> ApiError {
    use serde_json::error::Category;

    // serde_json appends " at line L column C"; we keep the position but say it our way.
    let full = err.to_string();
    let text = full
        .rfind(" at line ")
        .map_or(full.as_str(), |i| &full[..i]);
    let position = format!("line {} column {}", err.line(), err.column());
    // The codes match medvirk-core's example files (`examples/feedback/invalid/<code>.json`):
    // `unknown_field`, `missing_field`, and `invalid_json` for everything else serde refuses.
    // serde_path_to_error renders the root as "."; for a missing key the path stops at the map that
    // lacks it, and the key is named in the message between backticks.
    let parent = if path == "." { "" } else { path };
    match err.classify() {
        Category::Syntax | Category::Eof | Category::Io => ApiError::bad_request(
            "invalid_json",
            format!("The request body is not valid JSON: {text} ({position})."),
        ),
        Category::Data => {
            let (code, field) = if text.starts_with("unknown field") {
                // Here the path already ends at the unknown key.
                ("unknown_field", parent.to_owned())
            } else if text.starts_with("missing field") {
                ("missing_field", join_path(parent, backticked(text)))
            } else {
                // A wrong type or an impossible value (a negative count, 300 for a rating).
                ("invalid_json", parent.to_owned())
            };
            let at = if field.is_empty() {
                String::new()
            } else {
                format!("`{field}`: ")
            };
            ApiError::bad_request(code, format!("{at}{text} ({position}).")).with_field(Some(field))
        }
    }
}

/// The first name quoted in backticks in a serde message, e.g. ``unknown field `foo`, expected ...``.
fn backticked(text: &str) -> &str {
    text.split('`').nth(1).unwrap_or("")
}

fn join_path(parent: &str, name: &str) -> String {
    match (parent.is_empty(), name.is_empty()) {
        (_, true) => parent.to_owned(),
        (true, false) => name.to_owned(),
        (false, false) => format!("{parent}.{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use medvirk_core::wire::FeedbackSubmission;

    fn check(body: &str, code: &str, field: Option<&str>) {
        let err = parse_json::<FeedbackSubmission>(body.as_bytes()).unwrap_err();
        assert_eq!(
            (err.code.as_ref(), err.field.as_deref()),
            (code, field),
            "{}",
            err.message
        );
        assert!(!err.message.contains(" at line "), "{}", err.message);
    }

    #[test]
    fn serde_errors_name_the_field() {
        let ok = r#""schemaVersion":1,"responseId":"3f2b8a9e-4c1d-4e7a-9b2f-1a2b3c4d5e6f","widgetId":"w","language":"nb","page":{"path":"/"},"clientTimestamp":"2026-01-01T00:00:00Z""#;
        check("", "invalid_json", None);
        check("{", "invalid_json", None);
        check("[1]", "invalid_json", None);
        check(" 1", "invalid_json", None);
        check(&format!("{{{ok}}}"), "missing_field", Some("rating"));
        check(
            &format!(r#"{{{ok},"rating":{{"value":"3","scale":5}}}}"#),
            "invalid_json",
            Some("rating.value"),
        );
        check(
            &format!(r#"{{{ok},"rating":{{"value":3,"scale":5,"x":1}}}}"#),
            "unknown_field",
            Some("rating.x"),
        );
        check(
            &format!(r#"{{{ok},"rating":{{"value":3,"scale":5}},"ip":"1"}}"#),
            "unknown_field",
            Some("ip"),
        );
        check(
            &format!(r#"{{{ok},"rating":{{"value":3,"scale":5}}}} x"#),
            "invalid_json",
            None,
        );
        check(
            &format!(r#"{{{ok},"rating":{{"value":300,"scale":5}}}}"#),
            "invalid_json",
            Some("rating.value"),
        );
    }

    #[test]
    fn content_types() {
        let ok = |v: &'static str| {
            check_content_type(Some(&header::HeaderValue::from_static(v))).is_ok()
        };
        assert!(ok("application/json"));
        assert!(ok("Application/JSON; charset=utf-8"));
        assert!(ok("application/merge-patch+json"));
        assert!(!ok("text/plain"));
        assert!(!ok("application/x-www-form-urlencoded"));
        assert!(check_content_type(None).is_err());
    }
}
