//! `POST /api/v1/complaints`: file a complaint from any channel, get a case and a ticket.

use axum::{
    Json,
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use sigap_core::{
    Channel, FieldError,
    case::{Case, NewCase},
};
use sigap_store::NewCaseOutcome;

use super::complaint_request::ComplaintRequest;
use crate::routing::Cause;
use crate::{
    AppState,
    auth::MaybeCaller,
    error::ApiError,
    extract::{ApiJsonBytes, IdempotencyKey},
    views::ComplaintCreated,
};
use sigap_core::access::Permission;

/// Channels that anyone may file through; the others are typed in or relayed by the
/// command center itself and need its token.
fn is_public_channel(channel: Channel) -> bool {
    matches!(channel, Channel::Web | Channel::Api)
}

#[utoipa::path(
    post,
    path = "/complaints",
    tag = "pengaduan",
    summary = "File a complaint; get a routed case and a ticket",
    description = "Anyone may file through the `web` and `api` channels. The channels `operator` (the 171 call), `whatsapp`, `sms` and `email` are for the command center and need a signed-in role that files internal channels. Every problem is reported at once, one entry per field. Send an `Idempotency-Key` to make a retry safe: the same key with the same body answers the first case again (`200`), with another body `422 idempotency_key_reused`.",
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe: 1–200 visible ASCII characters.")),
    request_body(content = super::complaint_request::ComplaintRequest, example = json!({
        "channel": "web",
        "type": "permohonan_bantuan",
        "reporter": {"name": "Siti Aminah", "phone": "081234567890", "consent_contact": true},
        "beneficiary": {"name": "Mbah Karto", "age": 82, "sex": "laki_laki"},
        "description": "Seorang kakek berusia 82 tahun tinggal sendirian di gubuk dan jarang makan.",
        "location": {"address": "Dusun Krajan RT 03", "region_code": "35.09.14"},
        "categories": ["lansia"],
        "urgency": "high"
    })),
    security((), ("token" = []), ("sesi" = [])),
    responses(
        (status = 201, description = "Filed: the case's id, ticket and tracking address; `Location` names the case.", body = crate::views::ComplaintCreated,
            headers(("Location" = String, description = "`/api/v1/cases/{id}`"))),
        (status = 200, description = "A retry with the same `Idempotency-Key` and body: the first case.", body = crate::views::ComplaintCreated),
    ),
)]
pub async fn create_complaint(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    IdempotencyKey(key): IdempotencyKey,
    ApiJsonBytes(request, body): ApiJsonBytes<ComplaintRequest>,
) -> Result<Response, ApiError> {
    let new = request.into_new_case().map_err(ApiError::validation)?;
    let staff = caller
        .as_ref()
        .filter(|c| c.who.may(Permission::FileInternal));
    if staff.is_none() && !is_public_channel(new.channel) {
        return Err(ApiError::Validation(vec![FieldError::new(
            "channel",
            "channel_requires_token",
            format!(
                "Kanal '{}' hanya untuk command center (perlu masuk sebagai operator). Publik memakai 'web' atau 'api'.",
                new.channel
            ),
            format!(
                "Channel '{}' is for the command center only (sign in as an operator). The public uses 'web' or 'api'.",
                new.channel
            ),
        )]));
    }
    let hash = key.as_ref().map(|_| crate::secret::sha256_hex(&body));
    let idempotency = key.as_deref().zip(hash.as_deref());
    let actor = staff.map_or("public", |c| c.actor());
    let (case, replayed) = file_complaint(&state, &new, idempotency, actor).await?;
    Ok(created_response(&case, replayed))
}

/// Files a validated complaint: answers a retry (same idempotency key, same request hash) with
/// the earlier case, otherwise routes it to a Sentra and stores it. Shared by this endpoint
/// and the public form (`/lapor`), so both follow one set of rules. `true` means replayed.
pub async fn file_complaint(
    state: &AppState,
    new: &NewCase,
    idempotency: Option<(&str, &str)>,
    actor: &str,
) -> Result<(Case, bool), ApiError> {
    let now = state.clock.now();
    // A retry is answered before routing: routing under a surge takes a turn of its rotation.
    if let Some((key, hash)) = idempotency
        && let Some(existing) = state.store.find_idempotent(key, hash).await?
    {
        return Ok((existing, true));
    }
    let assignment = state
        .routing
        .decide(
            &state.store,
            new.location.region.as_ref(),
            Cause::Created,
            "system",
            now,
        )
        .await?;
    let outcome = state
        .store
        .create_case(new, Some(&assignment), idempotency, actor, now)
        .await?;
    let replayed = matches!(outcome, NewCaseOutcome::Replayed(_));
    let case = match outcome {
        NewCaseOutcome::Created(case) | NewCaseOutcome::Replayed(case) => case,
    };
    if !replayed {
        state.metrics.complaint_created(case.channel);
        tracing::info!(case.id = %case.id, case.ticket = %case.ticket, case.channel = %case.channel, "complaint filed");
    }
    Ok((case, replayed))
}

/// `201` with the ticket and `Location`; a replay says so in `Idempotent-Replayed`.
fn created_response(case: &Case, replayed: bool) -> Response {
    let mut response = (
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/cases/{}", case.id))],
        Json(ComplaintCreated::from(case)),
    )
        .into_response();
    if replayed {
        response.headers_mut().insert(
            "idempotent-replayed",
            header::HeaderValue::from_static("true"),
        );
    }
    response
}
