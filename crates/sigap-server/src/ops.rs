//! Operating endpoints: liveness, readiness (the database answers), Prometheus metrics.

use axum::{Json, extract::State, http::header, response::IntoResponse};
use serde_json::{Value, json};

use crate::{AppState, error::ApiError};

#[utoipa::path(
    get,
    path = "/healthz",
    tag = "operasi",
    summary = "Liveness: the process answers",
    security(()),
    responses((status = 200, description = "Alive.", body = Object, example = json!({"status": "ok"}))),
)]
pub async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

#[utoipa::path(
    get,
    path = "/readyz",
    tag = "operasi",
    summary = "Readiness: the database answers",
    security(()),
    responses(
        (status = 200, description = "Ready.", body = Object, example = json!({"status": "ready", "database": "sqlite"})),
        (status = 503, description = "The database cannot be reached."),
    ),
)]
pub async fn readyz(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    state.store.ping().await.map_err(|e| {
        tracing::warn!(error = %e, "readiness check failed");
        ApiError::Unavailable
    })?;
    Ok(Json(
        json!({ "status": "ready", "database": format!("{:?}", state.store.backend()).to_lowercase() }),
    ))
}

#[utoipa::path(
    get,
    path = "/metrics",
    tag = "operasi",
    summary = "Prometheus metrics (requests, latencies, cases, deliveries)",
    security(()),
    responses((status = 200, description = "The text exposition format.", content_type = "text/plain", body = String)),
)]
pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.render(),
    )
}
