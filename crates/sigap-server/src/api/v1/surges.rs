//! Surges: in a disaster a supervisor sends the nearest units, not only the usual one.
//! `POST /api/v1/surges` declares one for a region and a period; `GET /api/v1/surges` lists
//! them (`?all=true` includes ended ones); `POST /api/v1/surges/{id}/end` ends one early.
//! A surge ends by itself at `ends_at`.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Value, json};
use sigap_core::{FieldError, routing::Surge};

use crate::{
    AppState,
    auth::{Can, need},
    error::{ApiError, OrNotFound},
    extract::{ApiJson, ApiQuery},
};

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSurge {
    #[schema(value_type = sigap_core::RegionCode)]
    pub region: String,
    /// The units that take the region's new cases, in rotation order.
    pub sentra: Vec<String>,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: DateTime<Utc>,
    pub reason: String,
}

#[utoipa::path(
    post,
    path = "/surges",
    tag = "sentra",
    summary = "Declare a surge: a region's new cases go to these Sentra in turn",
    request_body(content = NewSurge, example = json!({"region": "35.08", "sentra": ["sentra-malang", "sentra-jember"], "ends_at": "2026-12-31T17:00:00Z", "reason": "Erupsi Semeru"})),
    security(("token" = ["manage_surges"])),
    responses((status = 201, description = "The surge.", body = Object)),
)]
pub async fn create_surge(
    State(state): State<AppState>,
    caller: Can<need::ManageSurges>,
    ApiJson(body): ApiJson<NewSurge>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let now = state.clock.now();
    let mut errors = Vec::new();
    let region = super::complaint_request::existing_region(&mut errors, "region", &body.region);
    let net = state.routing.network(&state.store, now).await?;
    if body.sentra.is_empty() {
        errors.push(FieldError::required("sentra"));
    }
    for (i, s) in body.sentra.iter().enumerate() {
        if !net.names.contains_key(s) {
            errors.push(FieldError::new(
                format!("sentra[{i}]"),
                "unknown_sentra",
                format!("Sentra {s:?} tidak dikenal."),
                format!("Unknown Sentra {s:?}."),
            ));
        }
    }
    let starts_at = body.starts_at.unwrap_or(now);
    if body.ends_at <= starts_at || body.ends_at <= now {
        errors.push(FieldError::new(
            "ends_at",
            "invalid_period",
            "Waktu berakhir harus sesudah waktu mulai dan sesudah sekarang.",
            "ends_at must be after starts_at and after now.",
        ));
    }
    if body.reason.trim().is_empty() {
        errors.push(FieldError::required("reason"));
    }
    let Some(region) = region else {
        return Err(ApiError::Validation(errors));
    };
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let surge = Surge {
        id: String::new(),
        region,
        sentra: body.sentra,
        starts_at,
        ends_at: body.ends_at,
        reason: body.reason.trim().to_owned(),
    };
    let actor = caller.actor().to_owned();
    let id = state.store.create_surge(&surge, &actor, now).await?;
    state.routing.invalidate();
    Ok((
        StatusCode::CREATED,
        Json(json!({"id": id, "surge": Surge { id: id.to_string(), ..surge }})),
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SurgeQuery {
    pub all: Option<bool>,
}

#[utoipa::path(
    get,
    path = "/surges",
    tag = "sentra",
    summary = "Surges not yet ended (`all=true`: every one)",
    params(SurgeQuery),
    security(("token" = ["read_cases"])),
    responses((status = 200, description = "The surges.", body = Vec<Object>)),
)]
pub async fn list_surges(
    State(state): State<AppState>,
    _caller: Can<need::ReadCases>,
    ApiQuery(q): ApiQuery<SurgeQuery>,
) -> Result<Json<Vec<Surge>>, ApiError> {
    let at = if q.all.unwrap_or(false) {
        None
    } else {
        Some(state.clock.now())
    };
    Ok(Json(state.store.surges(at).await?))
}

#[utoipa::path(
    post,
    path = "/surges/{id}/end",
    tag = "sentra",
    summary = "End a surge early",
    params(("id" = String, Path, description = "The surge's id.")),
    security(("token" = ["manage_surges"])),
    responses(
        (status = 204, description = "Ended."),
        (status = 404, description = "No such surge in force."),
    ),
)]
pub async fn end_surge(
    State(state): State<AppState>,
    _caller: Can<need::ManageSurges>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = uuid::Uuid::try_parse(&id).map_err(|_| ApiError::NotFound { what: "Surge" })?;
    state
        .store
        .end_surge(id, state.clock.now())
        .await
        .or_not_found("Surge aktif")?;
    state.routing.invalidate();
    Ok(StatusCode::NO_CONTENT)
}
