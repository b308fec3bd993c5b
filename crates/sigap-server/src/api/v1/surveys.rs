//! The satisfaction survey (SKM) behind a one-time link, public:
//! `GET /api/v1/surveys/{token}` (the questions) and `POST /api/v1/surveys/{token}` (the
//! answers). [`open_survey`] makes the link when a case closes.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use sigap_core::{
    notify::{Audience, Notice, NoticeKind},
    skm::{Element, SurveyAnswers},
};
use sigap_store::{Store, StoreError};
use uuid::Uuid;

use crate::{
    AppState,
    error::{ApiError, OrNotFound},
    extract::ApiJson,
};

/// How long a survey link stays valid.
pub const SURVEY_DAYS: i64 = 30;

fn token_hash(token: &str) -> String {
    crate::secret::sha256_hex(token.as_bytes())
}

/// Opens the survey of a closed case and gives its secret token (to send to the complainant),
/// or `None` when the case already had one.
pub async fn open_survey(
    store: &Store,
    case_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<String>, StoreError> {
    let token = crate::secret::generate();
    let created = store
        .create_survey(
            case_id,
            &token_hash(&token),
            now,
            now + Duration::days(SURVEY_DAYS),
        )
        .await?;
    Ok(created.then_some(token))
}

/// Queues the survey link for the complainant (the outbox writes only to one who may be
/// contacted, never to an anonymous one). Without a public address the link cannot be made,
/// and the survey waits unused.
pub async fn send_survey_link(
    state: &AppState,
    case: &sigap_core::case::Case,
    token: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let Some(base) = state.config.public_url.as_deref() else {
        tracing::warn!(case.id = %case.id, "survey opened but no --public-url is set, so no link can be sent");
        return Ok(());
    };
    let notice = Notice {
        kind: NoticeKind::Message,
        audience: Audience::Complainant,
        sentra: None,
        subject: format!("Laporan {}: mohon nilai layanan kami", case.ticket),
        text: format!(
            "Sigap Kemensos: laporan {} sudah selesai ditangani. Mohon isi survei kepuasan singkat \
             (9 pertanyaan) sebelum {}.",
            case.ticket,
            (now + Duration::days(SURVEY_DAYS)).format("%d-%m-%Y")
        ),
        link: Some(format!("{}/survei/{token}", base.trim_end_matches('/'))),
    };
    let queued = state
        .store
        .enqueue_notification(case.id, &notice, &format!("survey:{}", case.id), now)
        .await?;
    tracing::info!(case.id = %case.id, queued, "satisfaction survey link queued");
    Ok(())
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SurveyForm {
    pub ticket: String,
    pub answered: bool,
    pub expires_at: DateTime<Utc>,
    pub questions: Vec<Question>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Question {
    pub element: Element,
    pub code: &'static str,
    pub label: &'static str,
    pub question: &'static str,
    /// The four answers, worst (1) to best (4).
    pub answers: [&'static str; 4],
}

/// The hash of a well-formed token; anything else is simply not found.
pub(crate) fn check_token(token: &str) -> Result<String, ApiError> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::NotFound { what: "Survei" });
    }
    Ok(token_hash(token))
}

#[utoipa::path(
    get,
    path = "/surveys/{token}",
    tag = "survei",
    summary = "The satisfaction survey of a closed case (nine questions, PermenPAN-RB 14/2017)",
    params(("token" = String, Path, description = "The one-time token of the survey link.")),
    security(()),
    responses(
        (status = 200, description = "The questions and their four answers.", body = SurveyForm),
        (status = 404, description = "No such survey."),
    ),
)]
pub async fn get_survey(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Json<SurveyForm>, ApiError> {
    let survey = state
        .store
        .survey(&check_token(&token)?)
        .await
        .or_not_found("Survei")?;
    Ok(Json(SurveyForm {
        ticket: survey.ticket,
        answered: survey.answered_at.is_some(),
        expires_at: survey.expires_at,
        questions: Element::ALL
            .iter()
            .map(|e| Question {
                element: *e,
                code: e.code(),
                label: e.label(),
                question: e.question(),
                answers: e.answer_labels(),
            })
            .collect(),
    }))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SurveyAnswerRequest {
    /// Nine answers, U1–U9, each 1–4.
    #[schema(min_items = 9, max_items = 9, value_type = Vec<u8>)]
    pub answers: Vec<i64>,
    pub comment: Option<String>,
}

#[utoipa::path(
    post,
    path = "/surveys/{token}",
    tag = "survei",
    summary = "Answer the survey, once",
    params(("token" = String, Path, description = "The one-time token of the survey link.")),
    request_body(content = SurveyAnswerRequest, example = json!({"answers": [4, 4, 3, 4, 3, 4, 4, 3, 4], "comment": "Petugas cepat datang."})),
    security(()),
    responses(
        (status = 204, description = "Answered."),
        (status = 404, description = "No such survey."),
        (status = 409, description = "`survey_answered` or `survey_expired`."),
    ),
)]
pub async fn answer_survey(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ApiJson(body): ApiJson<SurveyAnswerRequest>,
) -> Result<StatusCode, ApiError> {
    check_token(&token)?;
    let mut errors = Vec::new();
    let answers = SurveyAnswers::parse(&body.answers)
        .map_err(|e| errors.push(e))
        .ok();
    let comment = sigap_core::response::optional_text("comment", body.comment.as_deref(), 2000)
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    let Some(answers) = answers.filter(|_| errors.is_empty()) else {
        return Err(ApiError::Validation(errors));
    };
    record_answers(&state, &token, &answers, comment.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records the answers behind a link (the API and the HTML form alike); gives the ticket.
pub(crate) async fn record_answers(
    state: &AppState,
    token: &str,
    answers: &SurveyAnswers,
    comment: Option<&str>,
) -> Result<String, ApiError> {
    let hash = check_token(token)?;
    state
        .store
        .answer_survey(&hash, answers, comment, state.clock.now())
        .await
        .or_not_found("Survei")?;
    Ok(state.store.survey(&hash).await?.ticket)
}
