//! The one error type of the HTTP API: every failure leaves the server as `{"error": {"code", "message", "field"}}`.
//!
//! Handlers return `Result<_, ApiError>`; nothing else in the crate builds an error response, so the
//! shape (and the `WWW-Authenticate` header of a 401) cannot drift between endpoints.

use std::borrow::Cow;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use medvirk_core::validate::FieldError;
use medvirk_core::wire::{ErrorBody, ErrorDetail};

/// An HTTP error with a stable machine code, a sentence for the developer and, when one field is at
/// fault, its dotted wire path (e.g. `rating.value`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: Cow<'static, str>,
    pub message: String,
    pub field: Option<String>,
    /// `WWW-Authenticate` value for 401 answers (RFC 6750 asks for one).
    pub www_authenticate: Option<&'static str>,
    /// `Retry-After` in seconds for 429 (and 503) answers, so clients and outboxes know when to come back.
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(
        status: StatusCode,
        code: impl Into<Cow<'static, str>>,
        message: impl Into<String>,
    ) -> Self {
        ApiError {
            status,
            code: code.into(),
            message: message.into(),
            field: None,
            www_authenticate: None,
            retry_after: None,
        }
    }

    /// Names the field at fault; `None` or an empty path leaves the field out.
    pub fn with_field(mut self, field: Option<impl Into<String>>) -> Self {
        self.field = field.map(Into::into).filter(|f: &String| !f.is_empty());
        self
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::CONFLICT, "conflict", message)
    }

    /// A payload that parsed but breaks a domain rule: 422 with the rule's code and field.
    pub fn unprocessable(
        code: impl Into<Cow<'static, str>>,
        message: impl Into<String>,
        field: &str,
    ) -> Self {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, message).with_field(Some(field))
    }

    /// A missing or wrong admin token. `presented` tells a client that sent a token apart from one
    /// that sent none, as RFC 6750 section 3.1 describes.
    pub fn unauthorized(presented: bool) -> Self {
        let mut err = ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            if presented {
                "The admin token is not valid."
            } else {
                "Send the admin token as `Authorization: Bearer <token>`."
            },
        );
        err.www_authenticate = Some(if presented {
            r#"Bearer realm="medvirk-admin", error="invalid_token""#
        } else {
            r#"Bearer realm="medvirk-admin""#
        });
        err
    }

    /// A client over its rate limit (see `ratelimit`): 429 with `Retry-After`.
    pub fn too_many_requests(retry_after_secs: u64) -> Self {
        let mut err = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!(
                "Too many requests from this client; try again in {retry_after_secs} s (see Retry-After)."
            ),
        );
        err.retry_after = Some(retry_after_secs);
        err
    }

    /// A failure on our side. The detail goes to the server log, never to the client, because it
    /// may contain paths or SQL.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        eprintln!("medvirk-server: internal error: {detail}");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "The server could not handle the request; try again later.",
        )
    }
}

impl From<FieldError> for ApiError {
    fn from(e: FieldError) -> Self {
        ApiError::unprocessable(e.code, e.message, e.field)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.into_owned(),
                message: self.message,
                field: self.field,
            },
        };
        let mut response = (self.status, axum::Json(body)).into_response();
        if let Some(value) = self.www_authenticate {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static(value));
        }
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// The JSON 404 for paths under `/api/` that match no route (the static fallback would answer HTML).
pub async fn api_not_found() -> ApiError {
    ApiError::not_found("No such API endpoint; see /api/v1/openapi.json.")
}

/// The JSON 405 for a known path used with the wrong method.
pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "This endpoint does not support that method; see /api/v1/openapi.json.",
    )
}
