//! `GET /healthz` (the process is up) and `GET /readyz` (the database answers): what load balancers and orchestrators probe.
//!
//! Liveness never touches the database: when PostgreSQL is down, restarting every replica would
//! not help, so only readiness fails and the balancer stops sending traffic until it answers again.

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::AppState;
use crate::error::ApiError;
use crate::store::StoreError;

/// Longer than any healthy round trip, shorter than the probe timeouts balancers use (2-5 s).
const PING_TIMEOUT: Duration = Duration::from_secs(2);

pub async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

pub async fn readyz(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let ping = tokio::time::timeout(PING_TIMEOUT, state.store.ping()).await;
    match ping.unwrap_or_else(|_| Err(StoreError("no answer within 2 s".into()))) {
        Ok(()) => Ok(Json(json!({ "status": "ok" }))),
        Err(e) => {
            // Logged, not sent: the detail may name hosts or users of the database.
            eprintln!("medvirk-server: readiness check failed: {e}");
            Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "The database is not reachable; try another replica or later.",
            ))
        }
    }
}
