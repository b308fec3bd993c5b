//! The response record of a case (admin token until accounts land):
//! `GET /api/v1/cases/{id}/response`, `POST /api/v1/cases/{id}/assessments`,
//! `POST /api/v1/cases/{id}/interventions`.

use axum::{
    Json,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sigap_core::{
    FieldError,
    response::{Assessment, Intervention, InterventionType},
};
use sigap_store::response::ResponseRecord;

use super::{
    cases::{parse_id, refreshed},
    fields,
};
use crate::{
    AppState,
    auth::{Caller, Can, need},
    error::{ApiError, OrNotFound},
    extract::ApiJson,
    views::CaseView,
};

#[utoipa::path(
    get,
    path = "/cases/{id}/response",
    tag = "respons",
    summary = "A case's response record: assessments, interventions, referrals",
    params(("id" = uuid::Uuid, Path, description = "The case's id.")),
    security(("token" = ["see_personal_data"])),
    responses(
        (status = 200, description = "The record.", body = Object),
        (status = 404, description = "No such case (or not this user's)."),
    ),
)]
pub async fn get_response(
    State(state): State<AppState>,
    caller: Can<need::SeePersonalData>,
    Path(id): Path<String>,
) -> Result<Json<ResponseRecord>, ApiError> {
    // Findings and needs describe people: not for roles without personal data.
    let id = parse_id(&id)?;
    super::cases::visible_case(&state, &caller, id).await?;
    Ok(Json(state.store.response_record(id).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentRequest {
    pub findings: String,
    pub needs: String,
    #[schema(value_type = Vec<sigap_core::response::InterventionType>)]
    #[serde(default)]
    pub recommended: Vec<String>,
    pub assessed_by: String,
    /// `YYYY-MM-DD`; default: today in WIB.
    #[schema(example = "2026-11-20")]
    pub assessed_on: Option<String>,
    pub expected_version: Option<i64>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InterventionRequest {
    #[schema(value_type = sigap_core::response::InterventionType)]
    #[serde(rename = "type")]
    pub kind: String,
    pub description: String,
    #[schema(minimum = 1, default = 1)]
    #[serde(default = "one")]
    pub quantity: i64,
    pub unit: Option<String>,
    /// `YYYY-MM-DD`; default: today in WIB.
    pub given_on: Option<String>,
    pub given_by: String,
    pub expected_version: Option<i64>,
}

fn one() -> i64 {
    1
}

/// What a record endpoint answers: the new record's id and the case as it now stands.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Recorded {
    pub id: i64,
    pub case: CaseView,
}

/// What both record endpoints read beside the record itself.
struct Common {
    now: chrono::DateTime<chrono::Utc>,
    /// Today in WIB, the default day of a record.
    today: NaiveDate,
    actor: String,
    expected: Option<i64>,
}

impl Common {
    fn read(state: &AppState, caller: &Caller, expected: Option<i64>) -> Common {
        let now = state.clock.now();
        Common {
            now,
            today: now
                .with_timezone(&sigap_core::calendar::Zone::Wib.offset())
                .date_naive(),
            actor: caller.actor().to_owned(),
            expected,
        }
    }

    /// The day given in `field`, or today.
    fn day(&self, field: &str, value: Option<&str>, errors: &mut Vec<FieldError>) -> NaiveDate {
        match value.map(str::trim) {
            None | Some("") => self.today,
            Some(v) => fields::day(field, v)
                .map_err(|e| errors.push(e))
                .unwrap_or(self.today),
        }
    }
}

#[utoipa::path(
    post,
    path = "/cases/{id}/assessments",
    tag = "respons",
    summary = "Record an assessment (findings, needs); the first ends the assessment stage",
    params(("id" = uuid::Uuid, Path, description = "The case's id."), ("If-Match" = Option<String>, Header, description = "The case's version, like `expected_version`.")),
    request_body(content = AssessmentRequest, example = json!({"findings": "Tinggal sendiri, tidak ada keluarga dekat.", "needs": "Permakanan dan kursi roda.", "recommended": ["dukungan_hidup_layak", "dukungan_aksesibilitas"], "assessed_by": "Pekerja sosial Sentra", "expected_version": 4})),
    security(("token" = ["work_cases"])),
    responses(
        (status = 201, description = "Recorded: its id and the case after it.", body = Recorded),
        (status = 404, description = "No such case."),
        (status = 409, description = "`stale_version`, or the case is closed."),
    ),
)]
pub async fn post_assessment(
    State(state): State<AppState>,
    caller: Can<need::WorkCases>,
    Path(id): Path<String>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<AssessmentRequest>,
) -> Result<(StatusCode, Json<Recorded>), ApiError> {
    let id = parse_id(&id)?;
    let expected = expected_version(body.expected_version, &headers)?;
    let record = record_assessment(&state, &caller, id, &body, expected).await?;
    answer(&state, &caller, id, record, state.clock.now()).await
}

/// The version a change was made on: `expected_version` or `If-Match`.
fn expected_version(given: Option<i64>, headers: &HeaderMap) -> Result<Option<i64>, ApiError> {
    let mut errors = Vec::new();
    let v = fields::expected_version(given, headers, &mut errors);
    if errors.is_empty() {
        Ok(v)
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// Checks and records an assessment (the API and the case page alike); its id.
pub(crate) async fn record_assessment(
    state: &AppState,
    caller: &Caller,
    id: uuid::Uuid,
    body: &AssessmentRequest,
    expected: Option<i64>,
) -> Result<i64, ApiError> {
    super::cases::visible_case(state, caller, id).await?;
    let mut errors = Vec::new();
    let c = Common::read(state, caller, expected);
    let recommended: Vec<InterventionType> = body
        .recommended
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            InterventionType::parse(r)
                .map_err(|e| errors.push(e.at(format!("recommended.{i}"))))
                .ok()
        })
        .collect();
    let on = c.day("assessed_on", body.assessed_on.as_deref(), &mut errors);
    let assessment = Assessment::parse(
        &body.findings,
        &body.needs,
        recommended,
        &body.assessed_by,
        on,
    )
    .map_err(|es| errors.extend(es))
    .ok();
    let (Some(a), true) = (assessment, errors.is_empty()) else {
        return Err(ApiError::Validation(errors));
    };
    state
        .store
        .add_assessment(id, &a, &c.actor, c.expected, c.now)
        .await
        .or_not_found("Kasus")
}

#[utoipa::path(
    post,
    path = "/cases/{id}/interventions",
    tag = "respons",
    summary = "Record an ATENSI intervention given",
    params(("id" = uuid::Uuid, Path, description = "The case's id."), ("If-Match" = Option<String>, Header, description = "The case's version, like `expected_version`.")),
    request_body(content = InterventionRequest, example = json!({"type": "dukungan_aksesibilitas", "description": "Kursi roda", "quantity": 1, "unit": "unit", "given_by": "Sentra Terpadu Inten Suweno", "expected_version": 5})),
    security(("token" = ["work_cases"])),
    responses(
        (status = 201, description = "Recorded: its id and the case after it.", body = Recorded),
        (status = 404, description = "No such case."),
        (status = 409, description = "`stale_version`, or the case is closed."),
    ),
)]
pub async fn post_intervention(
    State(state): State<AppState>,
    caller: Can<need::WorkCases>,
    Path(id): Path<String>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<InterventionRequest>,
) -> Result<(StatusCode, Json<Recorded>), ApiError> {
    let id = parse_id(&id)?;
    let expected = expected_version(body.expected_version, &headers)?;
    let record = record_intervention(&state, &caller, id, &body, expected).await?;
    answer(&state, &caller, id, record, state.clock.now()).await
}

/// Checks and records an intervention (the API and the case page alike); its id.
pub(crate) async fn record_intervention(
    state: &AppState,
    caller: &Caller,
    id: uuid::Uuid,
    body: &InterventionRequest,
    expected: Option<i64>,
) -> Result<i64, ApiError> {
    super::cases::visible_case(state, caller, id).await?;
    let mut errors = Vec::new();
    let c = Common::read(state, caller, expected);
    let kind = InterventionType::parse(&body.kind)
        .map_err(|e| errors.push(e))
        .ok();
    let quantity = u32::try_from(body.quantity).unwrap_or(0);
    let on = c.day("given_on", body.given_on.as_deref(), &mut errors);
    let intervention = kind.and_then(|kind| {
        Intervention::parse(
            kind,
            &body.description,
            quantity,
            body.unit.as_deref(),
            on,
            &body.given_by,
        )
        .map_err(|es| errors.extend(es))
        .ok()
    });
    let (Some(i), true) = (intervention, errors.is_empty()) else {
        return Err(ApiError::Validation(errors));
    };
    state
        .store
        .add_intervention(id, &i, &c.actor, c.expected, c.now)
        .await
        .or_not_found("Kasus")
}

async fn answer(
    state: &AppState,
    caller: &Caller,
    id: uuid::Uuid,
    record: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(StatusCode, Json<Recorded>), ApiError> {
    let case = refreshed(state, state.store.get_case(id).await?, now).await?;
    let events = state.store.case_events(id).await?;
    Ok((
        StatusCode::CREATED,
        Json(Recorded {
            id: record,
            case: super::cases::case_view(caller, &case, Some(&events)),
        }),
    ))
}
