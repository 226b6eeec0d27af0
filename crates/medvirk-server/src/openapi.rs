//! `GET /api/v1/openapi.json`: the OpenAPI 3.1 document of the HTTP API, kept as `openapi.json` in this crate.
//!
//! The document is written by hand next to the code it describes and compiled in; tests check that
//! it parses, that it lists exactly the routes the router registers, and that its schemas name the
//! same fields as the wire types.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// The document, as served.
pub const DOCUMENT: &str = include_str!("../openapi.json");

pub async fn document() -> Response {
    let mut response = DOCUMENT.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}
