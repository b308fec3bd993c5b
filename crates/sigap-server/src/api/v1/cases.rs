//! The command center's case endpoints (admin token until accounts land):
//! `GET /api/v1/cases`, `GET /api/v1/cases/{id}`, `POST /api/v1/cases/{id}/events`.

use axum::{
    Json,
    extract::{Path, State},
    http::HeaderMap,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sigap_core::{
    Action, Category, Channel, FieldError, RegionCode, Status,
    case::{Case, CaseEvent},
    response::{AgencyKind, Outcome, Referral},
    sla::SlaState,
    validation::take,
};
use sigap_store::{ActionRequest, CaseFilter, Cursor, SentraFilter, StoreError};
use uuid::Uuid;

use super::fields;
use crate::{
    AppState,
    auth::{Caller, Can, need},
    error::{ApiError, OrNotFound},
    extract::{ApiJson, ApiQuery},
    views::CaseView,
};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    #[param(value_type = Option<sigap_core::Status>)]
    pub status: Option<String>,
    #[param(value_type = Option<sigap_core::Category>)]
    pub category: Option<String>,
    /// A region code prefix: the region and everything inside it.
    #[param(value_type = Option<sigap_core::RegionCode>)]
    pub region: Option<String>,
    #[param(value_type = Option<sigap_core::Channel>)]
    pub channel: Option<String>,
    /// `YYYY-MM-DD` (a whole day in WIB) or an RFC 3339 time.
    #[param(example = "2026-11-01")]
    pub from: Option<String>,
    #[param(example = "2026-11-30")]
    pub to: Option<String>,
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    pub cursor: Option<String>,
    /// A Sentra id, or `nasional` for the national command-center queue.
    pub sentra: Option<String>,
    /// Where the case stands against its deadlines: `aman`, `berisiko`, `terlambat`,
    /// `dijeda`, `selesai`.
    #[param(value_type = Option<sigap_core::sla::SlaState>)]
    pub sla: Option<String>,
    /// Full-text search: every word in the ticket, description, address or people's names
    /// (the last word may be the start of one).
    pub q: Option<String>,
}

/// The filter of a case list (and of its CSV export) as `caller` may see it, every problem
/// reported into `e`.
pub(crate) fn case_filter(q: &ListQuery, caller: &Caller, e: &mut Vec<FieldError>) -> CaseFilter {
    CaseFilter {
        status: q
            .status
            .as_deref()
            .and_then(|s| take(e, "status", Status::parse(s))),
        category: q
            .category
            .as_deref()
            .and_then(|s| take(e, "category", Category::parse(s))),
        region: q
            .region
            .as_deref()
            .and_then(|s| take(e, "region", RegionCode::parse(s))),
        channel: q
            .channel
            .as_deref()
            .and_then(|s| take(e, "channel", Channel::parse(s))),
        from: q
            .from
            .as_deref()
            .and_then(|s| take(e, "from", parse_time(s, false))),
        to: q
            .to
            .as_deref()
            .and_then(|s| take(e, "to", parse_time(s, true))),
        sentra: q.sentra.as_deref().map(|s| match s {
            "nasional" | "national" => SentraFilter::National,
            id => SentraFilter::Unit(id.to_owned()),
        }),
        sla: q
            .sla
            .as_deref()
            .and_then(|s| take(e, "sla", SlaState::parse(s))),
        scope: caller.who.scope().map(<[String]>::to_vec),
        q: q.q
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| t.chars().take(200).collect()),
        search_personal: caller.sees_personal_data(),
    }
}

/// A case as `caller` may see it: without personal data for a role that may not see it.
pub(crate) fn case_view(caller: &Caller, case: &Case, events: Option<&[CaseEvent]>) -> CaseView {
    let view = CaseView::new(case, events);
    if caller.sees_personal_data() {
        view
    } else {
        view.without_personal_data()
    }
}

/// The case `id`, when `caller` may see it; another Sentra's case is not found.
pub(crate) async fn visible_case(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
) -> Result<Case, ApiError> {
    let case = state.store.get_case(id).await.or_not_found("Kasus")?;
    caller.check_case(
        case.assignment.as_ref().and_then(|a| a.sentra.as_deref()),
        "Kasus",
    )?;
    Ok(case)
}

/// Writes to the audit log that `caller` was shown the people of a case.
pub(crate) async fn audit_personal_view(
    state: &AppState,
    caller: &Caller,
    case: &Case,
    how: &str,
) -> Result<(), ApiError> {
    if caller.sees_personal_data() && case.people.is_some() {
        state
            .store
            .audit(
                &caller.who,
                "lihat_data_pribadi",
                Some(case.id),
                Some(how),
                state.clock.now(),
            )
            .await?;
    }
    Ok(())
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseList {
    pub items: Vec<CaseView>,
    pub next_cursor: Option<String>,
}

#[utoipa::path(
    get,
    path = "/cases",
    tag = "kasus",
    summary = "List cases, newest first",
    description = "Filters combine; a Sentra user sees only its own units' cases, a viewer sees them without personal data. Pages of `limit` cases: pass `next_cursor` as `cursor` for the next.",
    params(ListQuery),
    security(("token" = ["read_cases"])),
    responses((status = 200, description = "A page of cases.", body = CaseList)),
)]
pub async fn list_cases(
    State(state): State<AppState>,
    caller: Can<need::ReadCases>,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Json<CaseList>, ApiError> {
    let mut errors = Vec::new();
    let filter = case_filter(&q, &caller, &mut errors);
    let cursor = q.cursor.as_deref().and_then(|c| {
        let decoded = Cursor::decode(c);
        if decoded.is_none() {
            errors.push(FieldError::new(
                "cursor",
                "invalid_cursor",
                "Cursor tidak sah; pakai nilai next_cursor dari halaman sebelumnya.",
                "Invalid cursor; use the next_cursor of the previous page.",
            ));
        }
        decoded
    });
    let limit = fields::limit(q.limit, 50, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let page = state.store.list_cases(&filter, limit, cursor).await?;
    Ok(Json(CaseList {
        items: page
            .cases
            .iter()
            .map(|c| case_view(&caller, c, None))
            .collect(),
        next_cursor: page.next.map(|c| c.encode()),
    }))
}

/// A date is a whole day in WIB: `from` is its start, `to` its end (inclusive).
pub(crate) fn parse_time(s: &str, end_of_day: bool) -> Result<DateTime<Utc>, FieldError> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    let date = NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
        FieldError::new(
            "date",
            "invalid_date",
            format!("Tanggal {s:?} tidak sah. Pakai YYYY-MM-DD atau waktu RFC 3339."),
            format!("Date {s:?} is not valid. Use YYYY-MM-DD or an RFC 3339 time."),
        )
    })?;
    let date = if end_of_day {
        date.succ_opt().unwrap_or(date)
    } else {
        date
    };
    let wib_midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default() - chrono::Duration::hours(7);
    Ok(wib_midnight.and_utc())
}

pub(crate) fn parse_id(id: &str) -> Result<Uuid, ApiError> {
    Uuid::try_parse(id).map_err(|_| ApiError::NotFound { what: "Kasus" })
}

#[utoipa::path(
    get,
    path = "/cases/{id}",
    tag = "kasus",
    summary = "One case: its people, place, labels, routing, SLA clock and history",
    description = "Another Sentra's case is `404` for a Sentra user. Showing the people is written to the audit log.",
    params(("id" = uuid::Uuid, Path, description = "The case's id.")),
    security(("token" = ["read_cases"])),
    responses(
        (status = 200, description = "The case and the actions allowed now.", body = crate::views::CaseView),
        (status = 404, description = "No such case (or not this user's)."),
    ),
)]
pub async fn get_case(
    State(state): State<AppState>,
    caller: Can<need::ReadCases>,
    Path(id): Path<String>,
) -> Result<Json<CaseView>, ApiError> {
    let id = parse_id(&id)?;
    let mut case = visible_case(&state, &caller, id).await?;
    // A case filed since the last sweep gets its clock now rather than at the next one.
    if case.sla.is_none() {
        case = refreshed(&state, case, state.clock.now()).await?;
    }
    let events = state.store.case_events(id).await?;
    audit_personal_view(&state, &caller, &case, "api").await?;
    Ok(Json(case_view(&caller, &case, Some(&events))))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventRequest {
    /// A workflow action; without one, `note` is added to the history.
    #[schema(value_type = Option<sigap_core::Action>)]
    pub action: Option<String>,
    pub note: Option<String>,
    #[schema(value_type = Option<uuid::Uuid>)]
    pub duplicate_of: Option<String>,
    pub expected_version: Option<i64>,
    /// How the case ended: required by `selesaikan`.
    #[schema(value_type = Option<sigap_core::response::Outcome>)]
    pub outcome: Option<String>,
    /// To whom: required by `rujuk`.
    pub referral: Option<ReferralRequest>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferralRequest {
    #[schema(value_type = sigap_core::response::AgencyKind)]
    pub agency_kind: String,
    pub agency_name: String,
    pub contact: Option<String>,
}

#[utoipa::path(
    post,
    path = "/cases/{id}/events",
    tag = "kasus",
    summary = "Move a case through the workflow, or add a note",
    description = "`action` is a workflow move (`verifikasi`, `tugaskan`, `mulai`, `tunggu_pelapor`, `lanjutkan`, `selesaikan` with an `outcome`, `rujuk` with a `referral`, `tandai_duplikat` with `duplicate_of`, …); without it, `note` is added to the history. `expected_version` (or `If-Match`) refuses a change made on a stale copy.",
    params(("id" = uuid::Uuid, Path, description = "The case's id."), ("If-Match" = Option<String>, Header, description = "The case's version, like `expected_version`.")),
    request_body(content = EventRequest, example = json!({"action": "verifikasi", "note": "Sudah dikonfirmasi lewat telepon.", "expected_version": 1})),
    security(("token" = ["work_cases"])),
    responses(
        (status = 200, description = "The case after the change.", body = crate::views::CaseView),
        (status = 404, description = "No such case (or not this user's)."),
        (status = 409, description = "`stale_version` (with `current_version`) or `invalid_transition` (with `allowed_actions`)."),
    ),
)]
pub async fn post_case_event(
    State(state): State<AppState>,
    caller: Can<need::WorkCases>,
    Path(id): Path<String>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<EventRequest>,
) -> Result<Json<CaseView>, ApiError> {
    let id = parse_id(&id)?;
    let mut errors = Vec::new();
    let expected_version = fields::expected_version(body.expected_version, &headers, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let case = apply_event(&state, &caller, id, &body, expected_version).await?;
    let events = state.store.case_events(id).await?;
    Ok(Json(case_view(&caller, &case, Some(&events))))
}

/// A workflow action or a note on a case, checked and applied (the API and the case page
/// alike); a closed case gets its satisfaction survey.
pub(crate) async fn apply_event(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    body: &EventRequest,
    expected_version: Option<i64>,
) -> Result<Case, ApiError> {
    let mut errors = Vec::new();
    let note = body
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > 4000) {
        errors.push(FieldError::too_long("note", 4000));
    }
    if note.is_some_and(|n| {
        n.chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    }) {
        errors.push(FieldError::new(
            "note",
            "control_characters",
            "Catatan berisi karakter kendali.",
            "The note contains control characters.",
        ));
    }
    let actor = caller.actor().to_owned();
    let action = match body.action.as_deref() {
        Some(a) => Action::parse(a)
            .map_err(|e| errors.push(e.at("action")))
            .ok(),
        None => {
            if note.is_none() {
                errors.push(FieldError::new(
                    "action",
                    "required",
                    "Isi action (tindakan alur kerja) atau note (catatan).",
                    "Give an action (a workflow move) or a note.",
                ));
            }
            None
        }
    };
    let outcome = body.outcome.as_deref().and_then(|o| {
        Outcome::parse(o)
            .map_err(|e| errors.push(e.at("outcome")))
            .ok()
    });
    let referral = body.referral.as_ref().and_then(|r| {
        let kind = AgencyKind::parse(&r.agency_kind)
            .map_err(|e| errors.push(e.at("referral.agency_kind")))
            .ok()?;
        Referral::parse(kind, &r.agency_name, r.contact.as_deref())
            .map_err(|es| errors.extend(es))
            .ok()
    });
    if let Some(a) = action {
        if a.is_automatic() {
            errors.push(FieldError::new(
                "action",
                "automatic_action",
                format!("Tindakan '{a}' hanya dilakukan oleh Sigap sendiri."),
                format!("Action '{a}' is taken only by Sigap itself."),
            ));
        }
        if a.requires_outcome() && body.outcome.is_none() {
            errors.push(FieldError::new(
                "outcome",
                "outcome_required",
                "Kasus tidak bisa ditutup tanpa hasil penanganan (outcome).",
                "A case cannot be closed without an outcome.",
            ));
        }
        if a.requires_referral() && body.referral.is_none() {
            errors.push(FieldError::new(
                "referral",
                "required",
                "Sebutkan instansi tujuan rujukan (referral).",
                "Name the agency the case is referred to (referral).",
            ));
        }
        if a.requires_reason() && note.is_none() {
            errors.push(FieldError::new(
                "note",
                "reason_required",
                format!("Tindakan '{a}' wajib disertai alasan di note."),
                format!("Action '{a}' needs a reason in note."),
            ));
        }
        if a.requires_duplicate_of() && body.duplicate_of.is_none() {
            errors.push(FieldError::new(
                "duplicate_of",
                "required",
                "Sebutkan id kasus yang diduplikasi.",
                "Name the id of the case this one duplicates.",
            ));
        }
    }
    let duplicate_of = match body.duplicate_of.as_deref().map(Uuid::try_parse) {
        Some(Ok(d)) => Some(d),
        Some(Err(_)) => {
            errors.push(FieldError::new(
                "duplicate_of",
                "invalid_id",
                "Id kasus tidak sah.",
                "Invalid case id.",
            ));
            None
        }
        None => None,
    };
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    visible_case(state, caller, id).await?;
    let now = state.clock.now();
    let case = match action {
        Some(action) => {
            let request = ActionRequest {
                action,
                actor: actor.clone(),
                note: note.map(str::to_owned),
                duplicate_of,
                expected_version,
                outcome,
                referral,
            };
            match state.store.apply_action(id, &request, now).await {
                Err(StoreError::NotFound) if duplicate_of.is_some() => {
                    return Err(ApiError::Validation(vec![FieldError::new(
                        "duplicate_of",
                        "not_found",
                        "Kasus ini atau kasus yang diduplikasi tidak ditemukan.",
                        "This case or the case it duplicates was not found.",
                    )]));
                }
                other => other.or_not_found("Kasus")?,
            }
        }
        None => {
            state
                .store
                .add_note(id, &actor, note.unwrap_or_default(), now)
                .await
                .or_not_found("Kasus")?;
            state.store.get_case(id).await?
        }
    };
    let case = refreshed(state, case, now).await?;
    if case.status == Status::Selesai
        && case
            .outcome
            .is_some_and(|o| o != Outcome::TidakAdaTanggapan)
        && let Some(token) = super::surveys::open_survey(&state.store, id, now).await?
    {
        super::surveys::send_survey_link(state, &case, &token, now).await?;
    }
    Ok(case)
}

/// The case with its SLA clock recomputed after a change (the sweep would do it within a
/// minute; the person who made the change sees it at once).
pub(crate) async fn refreshed(
    state: &AppState,
    mut case: Case,
    now: DateTime<Utc>,
) -> Result<Case, ApiError> {
    case.sla = Some(state.sla.refresh(&state.store, case.id, now).await?);
    Ok(case)
}
