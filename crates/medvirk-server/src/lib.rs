//! medvirk-server library: `app(state)` builds the whole HTTP service, testable with `oneshot` and no sockets.
//!
//! The binary (`main.rs`) only parses flags, opens the store, binds and serves; everything a
//! request touches lives here: routes, the store, errors, static files and the OpenAPI document.

pub mod admin_ui;
pub mod config;
pub mod error;
pub mod extract;
pub mod openapi;
pub mod ratelimit;
pub mod routes;
pub mod static_files;
pub mod store;
pub mod tokens;

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::config::{AllowedOrigins, Config};
use crate::ratelimit::RateLimiter;
use crate::routes::admin::AdminToken;
use crate::store::Store;

/// What the handlers share.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    /// `None` disables the admin API.
    pub admin_token: Option<AdminToken>,
    pub allowed_origins: AllowedOrigins,
    /// Root of the demo pages; the widget bundle is served from its `widgets` folder.
    pub www: PathBuf,
    /// Serve the Open311 GeoReport v2 facade under `/open311/v2/`.
    pub open311: bool,
    /// Per-client limits of the public endpoints; `None` with `--rate-limit off`.
    pub rate_limiter: Option<Arc<RateLimiter>>,
    /// Signed-in people of the admin area (memory only; see `admin_ui::session`).
    pub admin_sessions: Arc<admin_ui::session::Sessions>,
    /// Fewest responses a group of the admin results needs before its average and comments show.
    pub privacy_threshold: u32,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, config: &Config) -> Self {
        AppState {
            store,
            admin_token: config.admin_token.as_deref().map(AdminToken::new),
            allowed_origins: config.allowed_origins.clone(),
            www: config.www.clone(),
            open311: config.open311,
            rate_limiter: config
                .rate_limit
                .map(|limit| Arc::new(RateLimiter::new(limit, config.trust_forwarded_for))),
            admin_sessions: Arc::default(),
            privacy_threshold: config.privacy_threshold,
        }
    }
}

/// The whole service: API routes (and the Open311 facade when enabled), `/widgets/*`, and the
/// demo site as the fallback. Serve it with `into_make_service_with_connect_info::<SocketAddr>()`
/// so the rate limiter sees the client's address (without it all clients share one bucket).
pub fn app(state: AppState) -> Router {
    let (mut api, _) = routes::api_router(&state.allowed_origins);
    if state.open311 {
        api = api.merge(routes::open311_router().0);
    }
    let www = state.www.clone();
    api = api.merge(admin_ui::router());
    api.layer(DefaultBodyLimit::max(extract::BODY_LIMIT_BYTES))
        .with_state(state)
        .nest_service("/widgets", static_files::widgets(&www))
        .fallback_service(static_files::site(&www))
        // Added last so it also covers the static files and every error answer.
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
}
