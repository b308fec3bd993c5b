//! The triage queue of the media scanner (operators, supervisors, administrators).
//!
//! `GET /api/v1/candidates` lists candidates, urgent first and then the most recently updated
//! (filters: `status` — default `baru` — `category`, `urgency`, `region`, `sentra`, `limit`);
//! `GET /api/v1/candidates/{id}` shows one; `POST …/{id}/accept` makes it a case, routed as usual
//! and linked to its sources; `POST …/{id}/merge` (`{"case": "<id or ticket>"}`) adds it to an
//! existing case; `POST …/{id}/dismiss` (`{"reason": "…"}`) drops it. A candidate decided
//! already answers `409 candidate_decided`.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sigap_core::{Category, FieldError, TicketNumber, Urgency};
use sigap_store::scanning::{Candidate, CandidateFilter, Item};
use uuid::Uuid;

use crate::{
    AppState,
    api::v1::cases::visible_case,
    auth::{Caller, Can, need},
    error::ApiError,
    extract::{ApiJson, ApiQuery},
    scan,
};

#[derive(Serialize, Clone, utoipa::ToSchema)]
pub struct SentraRef {
    pub id: String,
    pub name: String,
}

#[derive(Serialize, Clone, utoipa::ToSchema)]
pub struct SourceItem {
    pub id: i64,
    pub kind: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub platform: Option<String>,
    pub author: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    pub fetched_at: DateTime<Utc>,
    /// The start of its text.
    pub excerpt: String,
}

impl From<&Item> for SourceItem {
    fn from(i: &Item) -> Self {
        SourceItem {
            id: i.id,
            kind: i.kind.clone(),
            url: i.url.clone(),
            title: i.title.clone(),
            platform: i.platform.clone(),
            author: i.author.clone(),
            published_at: i.published_at,
            fetched_at: i.fetched_at,
            excerpt: sigap_ingest::pipeline::clip(&i.body, 280),
        }
    }
}

/// A candidate as the API, the CLI and the triage page show it.
#[derive(Serialize, Clone, utoipa::ToSchema)]
pub struct CandidateView {
    pub id: i64,
    /// `baru`, `diterima`, `digabung` or `ditolak`.
    pub status: String,
    pub title: String,
    pub excerpt: String,
    /// The addresses of its sources (articles and posts), oldest first.
    pub sources: Vec<String>,
    pub items: Vec<SourceItem>,
    pub categories: Vec<String>,
    pub urgency: Option<String>,
    pub actionable_score: f64,
    /// The analyser's place: codes as `sigap analyze` prints them.
    #[schema(value_type = Option<Object>)]
    pub location: Option<serde_json::Value>,
    /// The Sentra routing would choose; `null`: the national queue.
    pub sentra: Option<SentraRef>,
    /// The case it became or was merged into.
    pub case_id: Option<Uuid>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub reason: Option<String>,
    pub auto_accepted: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&Candidate> for CandidateView {
    fn from(c: &Candidate) -> Self {
        let r = &c.row;
        CandidateView {
            id: r.id,
            status: r.status.clone(),
            title: r.title.clone(),
            excerpt: r.excerpt.clone(),
            sources: c.items.iter().filter_map(|i| i.url.clone()).collect(),
            items: c.items.iter().map(SourceItem::from).collect(),
            categories: c.categories().iter().map(|s| (*s).to_owned()).collect(),
            urgency: r.urgency.clone(),
            actionable_score: r.score,
            location: r
                .location
                .as_deref()
                .and_then(|l| serde_json::from_str(l).ok()),
            sentra: r.sentra_id.clone().map(|id| SentraRef {
                name: r.sentra_name.clone().unwrap_or_else(|| id.clone()),
                id,
            }),
            case_id: r.case_id,
            decided_by: r.decided_by.clone(),
            decided_at: r.decided_at,
            reason: r.reason.clone(),
            auto_accepted: r.auto,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CandidateQuery {
    pub status: Option<String>,
    #[param(value_type = Option<sigap_core::Category>)]
    pub category: Option<String>,
    #[param(value_type = Option<sigap_core::Urgency>)]
    pub urgency: Option<String>,
    #[param(value_type = Option<sigap_core::RegionCode>)]
    pub region: Option<String>,
    pub sentra: Option<String>,
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
}

pub const STATUSES: &[(&str, &str, &str)] = &[
    ("baru", "Menunggu pemilahan", "Awaiting triage"),
    ("diterima", "Diterima menjadi kasus", "Accepted as a case"),
    ("digabung", "Digabung ke kasus", "Merged into a case"),
    ("ditolak", "Ditolak", "Dismissed"),
];

/// Checks a query (the API, the CLI and the triage page alike). `status=semua`: every status.
pub fn candidate_filter(q: &CandidateQuery) -> Result<CandidateFilter, ApiError> {
    let mut errors = Vec::new();
    let status = match q.status.as_deref().map(str::trim) {
        None | Some("") => Some("baru".to_owned()),
        Some("semua") => None,
        Some(s) if STATUSES.iter().any(|(slug, ..)| *slug == s) => Some(s.to_owned()),
        Some(s) => {
            errors.push(FieldError::new(
                "status",
                "unknown_status",
                format!("Status kandidat {s:?} tidak dikenal: baru, diterima, digabung, ditolak atau semua."),
                format!("Unknown candidate status {s:?}: baru, diterima, digabung, ditolak or semua."),
            ));
            None
        }
    };
    let category = q
        .category
        .as_deref()
        .filter(|c| !c.is_empty())
        .and_then(|c| Category::parse(c).map_err(|e| errors.push(e)).ok())
        .map(|c| c.as_str().to_owned());
    let urgency = q
        .urgency
        .as_deref()
        .filter(|c| !c.is_empty())
        .and_then(|u| Urgency::parse(u).map_err(|e| errors.push(e)).ok())
        .map(|u| u.as_str().to_owned());
    let region = q
        .region
        .as_deref()
        .filter(|c| !c.is_empty())
        .and_then(|r| {
            sigap_core::RegionCode::parse(r)
                .map_err(|e| errors.push(e))
                .ok()
        })
        .map(|r| r.to_string());
    let limit = q.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        errors.push(FieldError::new(
            "limit",
            "out_of_range",
            "limit antara 1 dan 500.",
            "limit is from 1 to 500.",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    Ok(CandidateFilter {
        status,
        category,
        urgency,
        region,
        sentra: q.sentra.clone().filter(|s| !s.is_empty()),
        limit,
    })
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CandidateList {
    pub items: Vec<CandidateView>,
}

#[utoipa::path(
    get,
    path = "/candidates",
    tag = "triase",
    summary = "The triage queue: the media scanner's candidates",
    description = "`status` is `baru` (default: the queue), `diterima`, `digabung`, `ditolak` or `semua`; `sentra` a Sentra id or `nasional`.",
    params(CandidateQuery),
    security(("token" = ["triage"])),
    responses((status = 200, description = "The candidates, most urgent and newest first.", body = CandidateList)),
)]
pub async fn list_candidates(
    State(state): State<AppState>,
    _caller: Can<need::Triage>,
    ApiQuery(q): ApiQuery<CandidateQuery>,
) -> Result<Json<CandidateList>, ApiError> {
    let filter = candidate_filter(&q)?;
    let candidates = state.store.candidates(&filter).await?;
    Ok(Json(CandidateList {
        items: candidates.iter().map(CandidateView::from).collect(),
    }))
}

#[utoipa::path(
    get,
    path = "/candidates/{id}",
    tag = "triase",
    summary = "One candidate with its source excerpts",
    params(("id" = i64, Path, description = "The candidate's id.")),
    security(("token" = ["triage"])),
    responses(
        (status = 200, description = "The candidate.", body = CandidateView),
        (status = 404, description = "No such candidate."),
    ),
)]
pub async fn get_candidate(
    State(state): State<AppState>,
    _caller: Can<need::Triage>,
    Path(id): Path<i64>,
) -> Result<Json<CandidateView>, ApiError> {
    let candidate = state.store.candidate(id).await.map_err(|e| match e {
        sigap_store::StoreError::NotFound => ApiError::NotFound { what: "Kandidat" },
        other => other.into(),
    })?;
    Ok(Json(CandidateView::from(&candidate)))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Accepted {
    pub candidate: CandidateView,
    pub case: CaseRef,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseRef {
    pub id: Uuid,
    pub ticket: String,
}

#[utoipa::path(
    post,
    path = "/candidates/{id}/accept",
    tag = "triase",
    summary = "Accept a candidate into a new, routed case",
    params(("id" = i64, Path, description = "The candidate's id.")),
    security(("token" = ["triage"])),
    responses(
        (status = 201, description = "The candidate and the case it became.", body = Accepted),
        (status = 404, description = "No such candidate."),
        (status = 409, description = "Already decided (`candidate_decided`)."),
    ),
)]
pub async fn accept_candidate(
    State(state): State<AppState>,
    caller: Can<need::Triage>,
    Path(id): Path<i64>,
) -> Result<(StatusCode, Json<Accepted>), ApiError> {
    let (candidate, case) = scan::accept(&state, id, caller.actor(), false).await?;
    Ok((
        StatusCode::CREATED,
        Json(Accepted {
            candidate: CandidateView::from(&candidate),
            case: CaseRef {
                id: case.id,
                ticket: case.ticket.to_string(),
            },
        }),
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeRequest {
    /// The case's id or its ticket number.
    pub case: String,
}

/// The case a merge names, by id or ticket, if the caller may see it.
pub async fn merge_target(
    state: &AppState,
    caller: &Caller,
    given: &str,
) -> Result<Uuid, ApiError> {
    let given = given.trim();
    let id = if let Ok(id) = Uuid::parse_str(given) {
        id
    } else if let Ok(ticket) = TicketNumber::parse(given) {
        match state.store.find_case_by_ticket(&ticket).await {
            Ok(case) => case.id,
            Err(sigap_store::StoreError::NotFound) => return Err(no_case(given)),
            Err(e) => return Err(e.into()),
        }
    } else {
        return Err(no_case(given));
    };
    match visible_case(state, caller, id).await {
        Ok(case) => Ok(case.id),
        Err(ApiError::NotFound { .. }) => Err(no_case(given)),
        Err(e) => Err(e),
    }
}

fn no_case(given: &str) -> ApiError {
    ApiError::Validation(vec![FieldError::new(
        "case",
        "unknown_case",
        format!("Kasus {given:?} tidak ditemukan (tulis nomor tiket atau id kasus)."),
        format!("Case {given:?} not found (give a ticket number or a case id)."),
    )])
}

#[utoipa::path(
    post,
    path = "/candidates/{id}/merge",
    tag = "triase",
    summary = "Merge a candidate into an existing case (its sources join the case)",
    params(("id" = i64, Path, description = "The candidate's id.")),
    request_body(content = MergeRequest, example = json!({"case": "SGP-2611-00042"})),
    security(("token" = ["triage"])),
    responses(
        (status = 200, description = "The candidate, now `digabung`.", body = CandidateView),
        (status = 404, description = "No such candidate."),
        (status = 409, description = "Already decided."),
    ),
)]
pub async fn merge_candidate(
    State(state): State<AppState>,
    caller: Can<need::Triage>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<MergeRequest>,
) -> Result<Json<CandidateView>, ApiError> {
    let case_id = merge_target(&state, &caller, &body.case).await?;
    let candidate = scan::merge(&state, id, case_id, caller.actor()).await?;
    Ok(Json(CandidateView::from(&candidate)))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DismissRequest {
    pub reason: String,
}

/// A dismissal's reason: required, at most 500 characters.
pub fn dismiss_reason(given: &str) -> Result<String, ApiError> {
    let reason = given.trim();
    if reason.is_empty() {
        return Err(ApiError::Validation(vec![FieldError::new(
            "reason",
            "required",
            "Tulis alasan penolakan (mis. bukan kasus, berita program, di luar negeri).",
            "Give the reason for dismissing (e.g. not a case, programme news, abroad).",
        )]));
    }
    if reason.chars().count() > 500 {
        return Err(ApiError::Validation(vec![FieldError::too_long(
            "reason", 500,
        )]));
    }
    Ok(reason.to_owned())
}

#[utoipa::path(
    post,
    path = "/candidates/{id}/dismiss",
    tag = "triase",
    summary = "Dismiss a candidate, with a reason",
    params(("id" = i64, Path, description = "The candidate's id.")),
    request_body(content = DismissRequest, example = json!({"reason": "bukan_kasus"})),
    security(("token" = ["triage"])),
    responses(
        (status = 200, description = "The candidate, now `ditolak`.", body = CandidateView),
        (status = 404, description = "No such candidate."),
        (status = 409, description = "Already decided."),
    ),
)]
pub async fn dismiss_candidate(
    State(state): State<AppState>,
    caller: Can<need::Triage>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<DismissRequest>,
) -> Result<Json<CandidateView>, ApiError> {
    let reason = dismiss_reason(&body.reason)?;
    let candidate = scan::dismiss(&state, id, &reason, caller.actor()).await?;
    Ok(Json(CandidateView::from(&candidate)))
}
