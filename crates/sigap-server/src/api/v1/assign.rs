//! Who answers for a case: `POST /api/v1/cases/{id}/reassign` (a supervisor moves a case to
//! another Sentra, with a reason) and `PUT /api/v1/cases/{id}/location` (the place changes and
//! the case is routed again). Both are kept in the case history.

use axum::{
    Json,
    extract::{Path, State},
};
use serde::Deserialize;
use sigap_core::{FieldError, case::Location, gazetteer::Gazetteer};

use super::complaint_request::LocationIn;
use crate::{
    AppState,
    auth::{Caller, Can, need},
    error::{ApiError, OrNotFound},
    extract::ApiJson,
    routing::Cause,
    views::CaseView,
};

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReassignRequest {
    /// The Sentra id, or `null` for the national command-center queue.
    pub sentra: Option<String>,
    pub reason: Option<String>,
    pub expected_version: Option<i64>,
}

fn reason_of(reason: Option<&str>) -> Result<String, ApiError> {
    match reason.map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) if r.chars().count() <= 1000 && !r.chars().any(|c| c.is_control() && c != '\n') => {
            Ok(r.to_owned())
        }
        Some(_) => Err(ApiError::Validation(vec![FieldError::too_long(
            "reason", 1000,
        )])),
        None => Err(ApiError::Validation(vec![FieldError::new(
            "reason",
            "reason_required",
            "Pengalihan wajib disertai alasan.",
            "A reassignment needs a reason.",
        )])),
    }
}

#[utoipa::path(
    post,
    path = "/cases/{id}/reassign",
    tag = "kasus",
    summary = "Move a case to another Sentra, with a reason",
    description = "`sentra: null` sends it to the national command-center queue. The usual rule stays on record beside the override.",
    params(("id" = uuid::Uuid, Path, description = "The case's id.")),
    request_body(content = ReassignRequest, example = json!({"sentra": "sentra-bogor", "reason": "Lokasi lebih dekat ke Sentra Bogor.", "expected_version": 3})),
    security(("token" = ["reassign"])),
    responses(
        (status = 200, description = "The case after the move.", body = crate::views::CaseView),
        (status = 404, description = "No such case."),
        (status = 409, description = "`stale_version`."),
    ),
)]
pub async fn reassign_case(
    State(state): State<AppState>,
    caller: Can<need::Reassign>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ReassignRequest>,
) -> Result<Json<CaseView>, ApiError> {
    let id = super::cases::parse_id(&id)?;
    let case = reassign(&state, &caller, id, &body).await?;
    let events = state.store.case_events(id).await?;
    Ok(Json(super::cases::case_view(&caller, &case, Some(&events))))
}

/// Gives a case to another Sentra (or the national queue) with a reason, keeping the rule that
/// would normally apply on record (the API and the case page alike).
pub(crate) async fn reassign(
    state: &AppState,
    caller: &Caller,
    id: uuid::Uuid,
    body: &ReassignRequest,
) -> Result<sigap_core::case::Case, ApiError> {
    let reason = reason_of(body.reason.as_deref())?;
    let actor = caller.actor().to_owned();
    let now = state.clock.now();
    let case = super::cases::visible_case(state, caller, id).await?;
    let net = state.routing.network(&state.store, now).await?;
    let name = match &body.sentra {
        Some(s) => Some(net.names.get(s).cloned().ok_or_else(|| {
            ApiError::Validation(vec![FieldError::new(
                "sentra",
                "unknown_sentra",
                format!("Sentra {s:?} tidak dikenal."),
                format!("Unknown Sentra {s:?}."),
            )])
        })?),
        None => None,
    };
    // The rule that would normally apply, read without advancing a surge's rotation.
    let usual = match case
        .location
        .region
        .as_ref()
        .and_then(|r| Gazetteer::embedded().current(r))
    {
        Some(place) => Some(state.routing.preview(&state.store, &place, now).await?),
        None => None,
    };
    let explanation = match &name {
        Some(n) => format!("Dialihkan ke {n} oleh {actor}: {reason}"),
        None => format!("Dialihkan ke antrean nasional command center oleh {actor}: {reason}"),
    };
    let assignment = sigap_core::case::Assignment {
        sentra: body.sentra.clone(),
        sentra_name: name,
        // The rule that would normally apply stays on record beside the override.
        level: usual.as_ref().and_then(|u| u.level),
        rule: usual.and_then(|u| u.rule),
        explanation,
        surge: None,
        decided_at: now,
        cause: "reassigned".into(),
        by: actor,
    };
    state
        .store
        .set_assignment(id, &assignment, None, None, body.expected_version, now)
        .await
        .or_not_found("Kasus")
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LocationRequest {
    pub location: LocationIn,
    pub expected_version: Option<i64>,
}

#[utoipa::path(
    put,
    path = "/cases/{id}/location",
    tag = "kasus",
    summary = "Change a case's place; the case is routed again",
    params(("id" = uuid::Uuid, Path, description = "The case's id.")),
    request_body(content = LocationRequest, example = json!({"location": {"address": "Kp. Cibeureum RT 02/05", "region_code": "32.01.30.2005"}, "expected_version": 2})),
    security(("token" = ["reassign"])),
    responses(
        (status = 200, description = "The case, routed for its new place.", body = crate::views::CaseView),
        (status = 404, description = "No such case."),
        (status = 409, description = "`stale_version`."),
    ),
)]
pub async fn update_case_location(
    State(state): State<AppState>,
    caller: Can<need::Reassign>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<LocationRequest>,
) -> Result<Json<CaseView>, ApiError> {
    let id = super::cases::parse_id(&id)?;
    let location: Location = body.location.validate().map_err(ApiError::Validation)?;
    let actor = caller.actor().to_owned();
    let now = state.clock.now();
    let assignment = state
        .routing
        .decide(
            &state.store,
            location.region.as_ref(),
            Cause::LocationChanged,
            "system",
            now,
        )
        .await?;
    let note = format!("Lokasi diperbarui oleh {actor}");
    let case = state
        .store
        .set_assignment(
            id,
            &assignment,
            Some(&location),
            Some(&note),
            body.expected_version,
            now,
        )
        .await
        .or_not_found("Kasus")?;
    let events = state.store.case_events(id).await?;
    Ok(Json(super::cases::case_view(&caller, &case, Some(&events))))
}
