//! The SLA policy and the working-day calendar (admin token until accounts land):
//! `GET|PUT /api/v1/sla/policy`, `GET /api/v1/calendar?year=`,
//! `POST /api/v1/calendar/holidays`, `DELETE /api/v1/calendar/holidays/{date}`.

use axum::{
    Json,
    body::Bytes,
    extract::{Path, State},
    http::StatusCode,
};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sigap_core::{
    FieldError,
    calendar::{DayKind, Holiday},
    sla::Policy,
};

use crate::{
    AppState,
    auth::{Can, need},
    error::{ApiError, OrNotFound},
    extract::{ApiJson, ApiQuery},
};

#[derive(Serialize, utoipa::ToSchema)]
pub struct PolicyView {
    /// The stored policy's number; `null`: the shipped default (`data/sla/policy.toml`).
    pub id: Option<i64>,
    pub set_by: Option<String>,
    pub set_at: Option<DateTime<Utc>>,
    #[schema(value_type = Object)]
    pub policy: Policy,
}

#[utoipa::path(
    get,
    path = "/sla/policy",
    tag = "sla",
    summary = "The SLA policy in force",
    description = "Deadlines per stage by urgency and complaint type (hours or working days), at-risk share, auto-close. The shipped default (`data/sla/policy.toml`) until an administrator sets one.",
    security(("token" = ["read_reports"])),
    responses((status = 200, description = "The policy and who set it.", body = PolicyView)),
)]
pub async fn get_policy(
    State(state): State<AppState>,
    _: Can<need::ReadReports>,
) -> Result<Json<PolicyView>, ApiError> {
    policy_view(&state).await
}

async fn policy_view(state: &AppState) -> Result<Json<PolicyView>, ApiError> {
    let stored = state.store.sla_policy().await?;
    let settings = state.sla.settings();
    Ok(Json(PolicyView {
        id: stored.as_ref().map(|p| p.id),
        set_by: stored.as_ref().map(|p| p.created_by.clone()),
        set_at: stored.as_ref().map(|p| p.created_at),
        policy: settings.policy.clone(),
    }))
}

/// Replaces the policy in force with the JSON body (the shape `GET` answers under `policy`).
/// Open cases get their clocks recomputed at the next sweep; closed ones keep theirs.
#[utoipa::path(
    put,
    path = "/sla/policy",
    tag = "sla",
    summary = "Replace the SLA policy",
    description = "Takes the JSON that `GET` answers under `policy`; validates it (`invalid_policy`), keeps the old ones, and open cases are recomputed at the next sweep.",
    request_body(content = Object, content_type = "application/json"),
    security(("token" = ["configure"])),
    responses((status = 200, description = "The new policy in force.", body = PolicyView)),
)]
pub async fn put_policy(
    State(state): State<AppState>,
    caller: Can<need::Configure>,
    body: Bytes,
) -> Result<Json<PolicyView>, ApiError> {
    let text = std::str::from_utf8(&body).map_err(|_| invalid_policy("the body is not UTF-8"))?;
    replace_policy(&state, caller.actor(), text).await?;
    policy_view(&state).await
}

/// Checks a policy (JSON) and puts it in force (the API and the administration page alike).
pub(crate) async fn replace_policy(
    state: &AppState,
    actor: &str,
    text: &str,
) -> Result<(), ApiError> {
    let policy = Policy::from_json(text).map_err(|e| invalid_policy(&e.to_string()))?;
    let now = state.clock.now();
    let json = serde_json::to_string(&policy).map_err(|e| ApiError::Internal(e.to_string()))?;
    state.store.set_sla_policy(&json, actor, now).await?;
    state.sla.reload(&state.store).await?;
    state.store.recheck_open_cases(now).await?;
    Ok(())
}

fn invalid_policy(why: &str) -> ApiError {
    ApiError::Validation(vec![FieldError::new(
        "policy",
        "invalid_policy",
        format!("Kebijakan SLA tidak sah: {why}"),
        format!("Invalid SLA policy: {why}"),
    )])
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CalendarQuery {
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CalendarView {
    pub year: i32,
    /// Years for which the shipped calendar has the official list.
    pub official_years: Vec<i32>,
    pub days: Vec<DayView>,
    /// Working days in the year (Monday–Friday, minus the days above).
    pub working_days: u32,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct DayView {
    pub date: NaiveDate,
    pub kind: DayKind,
    pub kind_label: &'static str,
    pub name: String,
}

#[utoipa::path(
    get,
    path = "/calendar",
    tag = "sla",
    summary = "The holidays and collective leave of a year, and its working days",
    params(CalendarQuery),
    security(("token" = ["read_reports"])),
    responses((status = 200, description = "The year's calendar.", body = CalendarView)),
)]
pub async fn get_calendar(
    State(state): State<AppState>,
    _caller: Can<need::ReadReports>,
    ApiQuery(q): ApiQuery<CalendarQuery>,
) -> Result<Json<CalendarView>, ApiError> {
    let year = q.year.unwrap_or_else(|| state.clock.now().year());
    if !(2000..=2100).contains(&year) {
        return Err(ApiError::Validation(vec![FieldError::new(
            "year",
            "invalid_year",
            "Tahun harus antara 2000 dan 2100.",
            "The year must be between 2000 and 2100.",
        )]));
    }
    let settings = state.sla.settings();
    let calendar = &settings.calendar;
    let days = calendar
        .days_in(year)
        .map(|h| DayView {
            date: h.date,
            kind: h.kind,
            kind_label: h.kind.label(),
            name: h.name.clone(),
        })
        .collect();
    let mut working_days = 0;
    let mut d = NaiveDate::from_ymd_opt(year, 1, 1);
    while let Some(day) = d.filter(|d| d.year() == year) {
        if calendar.is_working_day(day) {
            working_days += 1;
        }
        d = day.succ_opt();
    }
    Ok(Json(CalendarView {
        year,
        official_years: calendar.years().collect(),
        days,
        working_days,
    }))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HolidayRequest {
    #[schema(example = "2028-01-26")]
    pub date: String,
    #[schema(value_type = sigap_core::calendar::DayKind)]
    pub kind: String,
    pub name: String,
}

#[utoipa::path(
    post,
    path = "/calendar/holidays",
    tag = "sla",
    summary = "Add a day off (a national holiday or cuti bersama)",
    request_body(content = HolidayRequest, example = json!({"date": "2028-01-26", "kind": "libur_nasional", "name": "Tahun Baru Imlek 2579 Kongzili"})),
    security(("token" = ["configure"])),
    responses(
        (status = 201, description = "The day added.", body = DayView),
        (status = 409, description = "The day is already a day off."),
    ),
)]
pub async fn add_holiday(
    State(state): State<AppState>,
    caller: Can<need::Configure>,
    ApiJson(body): ApiJson<HolidayRequest>,
) -> Result<(StatusCode, Json<DayView>), ApiError> {
    let day = add_day(&state, caller.actor(), &body).await?;
    Ok((
        StatusCode::CREATED,
        Json(DayView {
            date: day.date,
            kind: day.kind,
            kind_label: day.kind.label(),
            name: day.name,
        }),
    ))
}

/// Checks and adds a day off (the API and the administration page alike).
pub(crate) async fn add_day(
    state: &AppState,
    actor: &str,
    body: &HolidayRequest,
) -> Result<Holiday, ApiError> {
    let mut errors = Vec::new();
    let date = super::fields::day("date", &body.date)
        .map_err(|e| errors.push(e))
        .ok();
    let kind = DayKind::parse(&body.kind)
        .map_err(|e| errors.push(e.at("kind")))
        .ok();
    let name = sigap_core::response::required_text("name", &body.name, 200)
        .map_err(|e| errors.push(e))
        .ok();
    let (Some(date), Some(kind), Some(name)) = (date, kind, name) else {
        return Err(ApiError::Validation(errors));
    };
    let day = Holiday { date, kind, name };
    let now = state.clock.now();
    state.store.add_holiday(&day, actor, now).await?;
    state.sla.reload(&state.store).await?;
    state.store.recheck_open_cases(now).await?;
    Ok(day)
}

#[utoipa::path(
    delete,
    path = "/calendar/holidays/{date}",
    tag = "sla",
    summary = "Remove a day an administrator added (shipped days stay)",
    params(("date" = String, Path, description = "`YYYY-MM-DD`.", example = "2028-01-26")),
    security(("token" = ["configure"])),
    responses(
        (status = 204, description = "Removed."),
        (status = 404, description = "No such added day."),
    ),
)]
pub async fn remove_holiday(
    State(state): State<AppState>,
    _caller: Can<need::Configure>,
    Path(date): Path<String>,
) -> Result<StatusCode, ApiError> {
    let date = super::fields::day("date", &date).map_err(|e| ApiError::Validation(vec![e]))?;
    state
        .store
        .remove_holiday(date)
        .await
        .or_not_found("Hari libur tambahan")?;
    let now = state.clock.now();
    state.sla.reload(&state.store).await?;
    state.store.recheck_open_cases(now).await?;
    Ok(StatusCode::NO_CONTENT)
}
