//! The API routes: one table of paths and methods that both builds the router and feeds the OpenAPI coverage test.

pub mod admin;
pub mod cases;
pub mod directory;
pub mod feedback;
pub mod health;
pub mod open311;

use std::time::Duration;

use axum::Router;
use axum::http::{Method, header};
use axum::routing::{any, get, patch, post, put};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::AppState;
use crate::config::AllowedOrigins;
use crate::error;

pub const FEEDBACK: &str = "/api/v1/feedback";
pub const FEEDBACK_ITEM: &str = "/api/v1/feedback/{responseId}";
pub const ADMIN_FEEDBACK: &str = "/api/v1/admin/feedback";
pub const ADMIN_FEEDBACK_CSV: &str = "/api/v1/admin/feedback.csv";
pub const OPENAPI: &str = "/api/v1/openapi.json";
/// Liveness and readiness probes, at the root where load balancers look for them.
pub const HEALTHZ: &str = "/healthz";
pub const READYZ: &str = "/readyz";
pub const CASES: &str = "/api/v1/cases";
pub const CASE_ITEM: &str = "/api/v1/cases/{receipt}";
pub const ADMIN_CASES: &str = "/api/v1/admin/cases";
pub const ADMIN_CASE_ITEM: &str = "/api/v1/admin/cases/{receipt}";
pub const ADMIN_CASE_TRANSITION: &str = "/api/v1/admin/cases/{receipt}/transition";
pub const DIRECTORY: &str = "/api/v1/directory";
pub const ADMIN_DIRECTORY: &str = "/api/v1/admin/directory";
pub const ADMIN_DIRECTORY_CSV: &str = "/api/v1/admin/directory/csv";
pub const ADMIN_DIRECTORY_EXPORT: &str = "/api/v1/admin/directory/export";
pub const OPEN311_SERVICES: &str = "/open311/v2/services.json";
pub const OPEN311_REQUESTS: &str = "/open311/v2/requests.json";
/// As documented; axum cannot match a parameter with a suffix, so the router uses
/// [`OPEN311_REQUEST_ROUTE`] and the handler strips `.json`.
pub const OPEN311_REQUEST: &str = "/open311/v2/requests/{id}.json";
const OPEN311_REQUEST_ROUTE: &str = "/open311/v2/requests/{file}";

/// One method on one path of the API, in OpenAPI's path template syntax (which axum shares).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ApiRoute {
    pub method: &'static str,
    pub path: &'static str,
}

/// Every API route, as registered in the router (see [`api_router`]).
pub fn api_routes() -> Vec<ApiRoute> {
    api_router(&AllowedOrigins::Any).1
}

/// Every route of the Open311 facade (served only with `--open311`).
pub fn open311_routes() -> Vec<ApiRoute> {
    open311_router().1
}

/// Builds the API router and lists what it registered. Each `.route` call names its method next
/// to the handler, so the list cannot silently miss a path; a test probes every listed method.
pub(crate) fn api_router(origins: &AllowedOrigins) -> (Router<AppState>, Vec<ApiRoute>) {
    let mut routes = Vec::new();
    let mut reg = |method: &'static str, path: &'static str| {
        routes.push(ApiRoute { method, path });
        path
    };
    // The widget endpoints are the only ones a browser calls from other origins, so they alone get
    // CORS. The layer goes on after the 405 fallback so that it sees (and answers) preflight
    // OPTIONS requests before method routing would refuse them.
    let widget_api = Router::new()
        .route(reg("POST", FEEDBACK), post(feedback::create))
        .route(reg("PATCH", FEEDBACK_ITEM), patch(feedback::update))
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(cors(
            origins,
            &[Method::POST, Method::PATCH, Method::OPTIONS],
        ));
    let case_api = Router::new()
        .route(reg("POST", CASES), post(cases::create))
        .route(reg("GET", CASE_ITEM), get(cases::status))
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(cors(origins, &[Method::POST, Method::GET, Method::OPTIONS]));
    // The directory is public information meant to be shown on any site, whatever the widget
    // endpoints allow.
    let directory_api = Router::new()
        .route(reg("GET", DIRECTORY), get(directory::get))
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(
            CorsLayer::new()
                .allow_origin(AllowOrigin::any())
                .allow_methods([Method::GET, Method::OPTIONS])
                .allow_headers([header::IF_NONE_MATCH])
                .expose_headers([header::ETAG])
                .allow_credentials(false)
                .max_age(Duration::from_secs(86_400)),
        );
    let rest = Router::new()
        .route(reg("GET", ADMIN_FEEDBACK), get(admin::list_feedback))
        .route(reg("GET", ADMIN_FEEDBACK_CSV), get(admin::feedback_csv))
        .route(reg("GET", ADMIN_CASES), get(cases::admin_list))
        .route(reg("GET", ADMIN_CASE_ITEM), get(cases::admin_detail))
        .route(
            reg("POST", ADMIN_CASE_TRANSITION),
            post(cases::admin_transition),
        )
        .route(reg("PUT", ADMIN_DIRECTORY), put(directory::put))
        .route(reg("POST", ADMIN_DIRECTORY_CSV), post(directory::csv))
        .route(reg("GET", ADMIN_DIRECTORY_EXPORT), get(directory::export))
        .route(reg("GET", OPENAPI), get(crate::openapi::document))
        .route(reg("GET", HEALTHZ), get(health::healthz))
        .route(reg("GET", READYZ), get(health::readyz))
        .method_not_allowed_fallback(error::method_not_allowed);
    let router = widget_api
        .merge(case_api)
        .merge(directory_api)
        .merge(rest)
        .route("/api/{*rest}", any(error::api_not_found))
        .route("/api", any(error::api_not_found));
    (router, routes)
}

/// The Open311 facade (see [`open311`]): its own errors and CORS for any origin, because it
/// stands in for a municipal endpoint that a page on any site may call.
pub(crate) fn open311_router() -> (Router<AppState>, Vec<ApiRoute>) {
    let mut routes = Vec::new();
    let mut reg = |method: &'static str, path: &'static str| {
        routes.push(ApiRoute { method, path });
        path
    };
    let router = Router::new()
        .route(reg("GET", OPEN311_SERVICES), get(open311::services))
        .route(reg("POST", OPEN311_REQUESTS), post(open311::create))
        .route(
            {
                reg("GET", OPEN311_REQUEST);
                OPEN311_REQUEST_ROUTE
            },
            get(open311::status),
        )
        .method_not_allowed_fallback(open311::not_found)
        .route("/open311/{*rest}", any(open311::not_found))
        .layer(cors(
            &AllowedOrigins::Any,
            &[Method::GET, Method::POST, Method::OPTIONS],
        ));
    (router, routes)
}

/// CORS for the widget endpoints: configured origins (default any), JSON bodies, never credentials.
fn cors(origins: &AllowedOrigins, methods: &[Method]) -> CorsLayer {
    let allow_origin = match origins {
        AllowedOrigins::Any => AllowOrigin::any(),
        AllowedOrigins::List(list) => AllowOrigin::list(list.iter().cloned()),
    };
    CorsLayer::new()
        .allow_origin(allow_origin)
        .allow_methods(methods.to_vec())
        .allow_headers([header::CONTENT_TYPE])
        // The outbox reads Retry-After of a 429; it is not a CORS-safelisted response header.
        .expose_headers([header::LOCATION, header::RETRY_AFTER])
        .allow_credentials(false)
        // Browsers cap this (Chromium at 2 h); a day lets the others skip most preflights.
        .max_age(Duration::from_secs(86_400))
}
