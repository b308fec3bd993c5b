//! The Sentra network through the API (admin token until roles land): units, their coverage
//! rules with history, the coverage check, and a preview of where a place would be routed.
//!
//! `GET /api/v1/sentra`, `GET|PUT /api/v1/sentra/{id}`, `GET|POST /api/v1/sentra/{id}/coverage`
//! (`?at=` reads the coverage at a past time, `?history=true` every version), `POST
//! /api/v1/coverage/{rule}/end`, `GET /api/v1/coverage/check`, `GET /api/v1/route?region=`.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sigap_core::{
    FieldError, RegionCode,
    gazetteer::Gazetteer,
    routing::{Confidence, CoverageReport, CoverageRule},
    sentra::Sentra,
};
use sigap_store::network::StoredRule;

use crate::{
    AppState,
    auth::{Can, need},
    error::{ApiError, OrNotFound},
    extract::{ApiJson, ApiQuery},
    routing::Preview,
};

#[derive(Serialize, utoipa::ToSchema)]
pub struct SentraView {
    #[serde(flatten)]
    pub unit: Sentra,
    pub version: i64,
}

#[utoipa::path(
    get,
    path = "/sentra",
    tag = "sentra",
    summary = "The Sentra, each with its version",
    security(("token" = ["read_cases"])),
    responses((status = 200, description = "Every unit.", body = Vec<SentraView>)),
)]
pub async fn list_sentra(
    State(state): State<AppState>,
    _caller: Can<need::ReadCases>,
) -> Result<Json<Vec<SentraView>>, ApiError> {
    let units = state.store.list_sentra().await?;
    Ok(Json(
        units
            .into_iter()
            .map(|(unit, version)| SentraView { unit, version })
            .collect(),
    ))
}

#[utoipa::path(
    get,
    path = "/sentra/{id}",
    tag = "sentra",
    summary = "One Sentra and its coverage in force",
    params(("id" = String, Path, description = "The Sentra's id.", example = "sentra-bogor")),
    security(("token" = ["read_cases"])),
    responses(
        (status = 200, description = "The unit, its version and coverage.", body = Object),
        (status = 404, description = "No such Sentra."),
    ),
)]
pub async fn get_sentra(
    State(state): State<AppState>,
    _caller: Can<need::ReadCases>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let (unit, version) = state.store.get_sentra(&id).await.or_not_found("Sentra")?;
    let coverage = state.store.coverage_at(Some(&id), None).await?;
    Ok(Json(
        json!({"unit": unit, "version": version, "coverage": coverage}),
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PutSentra {
    #[schema(value_type = Object)]
    pub unit: Value,
    pub reason: Option<String>,
    pub expected_version: Option<i64>,
}

/// Creates or replaces a unit. The body's `unit` has the schema of `data/sentra/sentra.toml`.
#[utoipa::path(
    put,
    path = "/sentra/{id}",
    tag = "sentra",
    summary = "Create or replace a Sentra (every change is kept)",
    description = "`unit` follows the schema of `data/sentra/sentra.toml`.",
    params(("id" = String, Path, description = "The Sentra's id.", example = "sentra-bogor")),
    request_body(content = PutSentra, example = json!({"unit": {"id": "sentra-bogor", "name": "Sentra Bogor", "city": "Bogor", "province": "32"}, "reason": "Alamat baru", "expected_version": 1})),
    security(("token" = ["configure"])),
    responses(
        (status = 200, description = "The unit as stored.", body = Object),
        (status = 409, description = "`stale_version`."),
    ),
)]
pub async fn put_sentra(
    State(state): State<AppState>,
    caller: Can<need::Configure>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<PutSentra>,
) -> Result<Json<Value>, ApiError> {
    let unit: Sentra = serde_path_to_error::deserialize(body.unit).map_err(|e| {
        ApiError::Validation(vec![FieldError::new(
            format!("unit.{}", e.path()),
            "invalid_unit",
            format!("Data Sentra tidak sah: {}.", e.inner()),
            format!("Invalid unit: {}.", e.inner()),
        )])
    })?;
    let mut errors = Vec::new();
    if unit.id != id {
        errors.push(FieldError::new(
            "unit.id",
            "id_mismatch",
            "id di isi berbeda dengan id di alamat.",
            "The body's id differs from the path's.",
        ));
    }
    if unit.id.is_empty()
        || unit.id.len() > 64
        || !unit
            .id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        errors.push(FieldError::new(
            "unit.id",
            "invalid_id",
            "id hanya huruf kecil, angka dan tanda hubung.",
            "An id is lowercase letters, digits and hyphens.",
        ));
    }
    if !Gazetteer::embedded().contains(&unit.seat_region) {
        errors.push(FieldError::new(
            "unit.seat_region",
            "unknown_region",
            "Kode wilayah kedudukan tidak dikenal.",
            "Unknown seat region.",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let actor = caller.actor().to_owned();
    let version = state
        .store
        .put_sentra(
            &unit,
            body.expected_version,
            &actor,
            body.reason.as_deref(),
            state.clock.now(),
        )
        .await?;
    state.routing.invalidate();
    Ok(Json(json!({"unit": unit, "version": version})))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CoverageQuery {
    pub at: Option<DateTime<Utc>>,
    pub history: Option<bool>,
}

#[utoipa::path(
    get,
    path = "/sentra/{id}/coverage",
    tag = "sentra",
    summary = "A Sentra's coverage rules (in force, at a time, or their history)",
    params(("id" = String, Path, description = "The Sentra's id.", example = "sentra-bogor"), CoverageQuery),
    security(("token" = ["read_cases"])),
    responses(
        (status = 200, description = "The rules.", body = Vec<Object>),
        (status = 404, description = "No such Sentra."),
    ),
)]
pub async fn get_coverage(
    State(state): State<AppState>,
    _caller: Can<need::ReadCases>,
    Path(id): Path<String>,
    ApiQuery(q): ApiQuery<CoverageQuery>,
) -> Result<Json<Vec<StoredRule>>, ApiError> {
    state.store.get_sentra(&id).await.or_not_found("Sentra")?;
    let rules = if q.history.unwrap_or(false) {
        state.store.coverage_history(&id).await?
    } else {
        state.store.coverage_at(Some(&id), q.at).await?
    };
    Ok(Json(rules))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRule {
    #[schema(value_type = sigap_core::RegionCode)]
    pub region: String,
    pub priority: Option<i32>,
    #[schema(value_type = String, pattern = "^(documented|inferred)$")]
    pub confidence: String,
    pub source: String,
    #[schema(example = "2026-11-01")]
    pub as_of: String,
    pub note: Option<String>,
}

#[utoipa::path(
    post,
    path = "/sentra/{id}/coverage",
    tag = "sentra",
    summary = "Add a coverage rule (it ends the unit's rule for the same region)",
    params(("id" = String, Path, description = "The Sentra's id.", example = "sentra-bogor")),
    request_body(content = NewRule, example = json!({"region": "32.01", "priority": 0, "confidence": "documented", "source": "SK Dirjen Rehsos 2025", "as_of": "2025-06-01"})),
    security(("token" = ["configure"])),
    responses(
        (status = 201, description = "The rule, with its `row`.", body = Object),
        (status = 404, description = "No such Sentra."),
    ),
)]
pub async fn add_coverage_rule(
    State(state): State<AppState>,
    caller: Can<need::Configure>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NewRule>,
) -> Result<(StatusCode, Json<StoredRule>), ApiError> {
    let mut errors = Vec::new();
    let region = super::complaint_request::existing_region(&mut errors, "region", &body.region);
    let confidence = sigap_core::validation::take(
        &mut errors,
        "confidence",
        Confidence::parse(&body.confidence),
    );
    for (field, value) in [("source", &body.source), ("as_of", &body.as_of)] {
        if value.trim().is_empty() {
            errors.push(FieldError::required(field));
        } else if value.chars().count() > 500 {
            errors.push(FieldError::too_long(field, 500));
        }
    }
    let (Some(region), Some(confidence)) = (region, confidence) else {
        return Err(ApiError::Validation(errors));
    };
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let rule = CoverageRule {
        id: CoverageRule::id_for(&id, &region),
        sentra: id,
        region,
        priority: body.priority.unwrap_or(0),
        confidence,
        source: body.source.trim().to_owned(),
        as_of: body.as_of.trim().to_owned(),
        note: body.note,
    };
    let actor = caller.actor().to_owned();
    let stored = state
        .store
        .add_rule(&rule, &actor, state.clock.now())
        .await
        .or_not_found("Sentra")?;
    state.routing.invalidate();
    Ok((StatusCode::CREATED, Json(stored)))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndRule {
    pub reason: String,
}

#[utoipa::path(
    post,
    path = "/coverage/{rule}/end",
    tag = "sentra",
    summary = "End a coverage rule",
    params(("rule" = i64, Path, description = "The rule's `row`.")),
    request_body(content = EndRule, example = json!({"reason": "Wilayah dipindah ke Sentra lain."})),
    security(("token" = ["configure"])),
    responses(
        (status = 204, description = "Ended."),
        (status = 404, description = "No such rule in force."),
    ),
)]
pub async fn end_coverage_rule(
    State(state): State<AppState>,
    caller: Can<need::Configure>,
    Path(row): Path<i64>,
    ApiJson(body): ApiJson<EndRule>,
) -> Result<StatusCode, ApiError> {
    if body.reason.trim().is_empty() {
        return Err(ApiError::Validation(vec![FieldError::required("reason")]));
    }
    let actor = caller.actor().to_owned();
    state
        .store
        .end_rule(row, &actor, body.reason.trim(), state.clock.now())
        .await
        .or_not_found("Aturan wilayah kerja aktif")?;
    state.routing.invalidate();
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    get,
    path = "/coverage/check",
    tag = "sentra",
    summary = "Check the coverage: every regency covered once, no conflicts",
    security(("token" = ["read_cases"])),
    responses((status = 200, description = "`regencies`, `covered`, `uncovered`, `conflicts`.", body = Object)),
)]
pub async fn check_coverage(
    State(state): State<AppState>,
    _caller: Can<need::ReadCases>,
) -> Result<Json<CoverageReport>, ApiError> {
    let g = Gazetteer::embedded();
    let net = state
        .routing
        .network(&state.store, state.clock.now())
        .await?;
    Ok(Json(net.router.check(g)))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RouteQuery {
    #[param(value_type = sigap_core::RegionCode)]
    pub region: String,
}

/// Where a new case at this place would go now (for the intake form's live preview). Surges
/// are shown but their rotation is not advanced.
#[utoipa::path(
    get,
    path = "/route",
    tag = "sentra",
    summary = "Where a new case at this place would go now",
    description = "For the intake form's live preview; surges are shown but their rotation is not advanced.",
    params(RouteQuery),
    security(("token" = ["read_cases"])),
    responses(
        (status = 200, description = "The Sentra (or the national queue) and the rule that decided.", body = Object),
        (status = 404, description = "No such region."),
    ),
)]
pub async fn preview_route(
    State(state): State<AppState>,
    _caller: Can<need::ReadCases>,
    ApiQuery(q): ApiQuery<RouteQuery>,
) -> Result<Json<Preview>, ApiError> {
    let code =
        RegionCode::parse(&q.region).map_err(|e| ApiError::Validation(vec![e.at("region")]))?;
    let place = Gazetteer::embedded()
        .current(&code)
        .ok_or(ApiError::NotFound { what: "Wilayah" })?;
    Ok(Json(
        state
            .routing
            .preview(&state.store, &place, state.clock.now())
            .await?,
    ))
}
