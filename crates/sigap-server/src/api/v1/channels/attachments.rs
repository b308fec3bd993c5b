//! What complainants sent besides text, for staff who may see personal data:
//! `GET /api/v1/cases/{id}/attachments` lists a case's attachments (WhatsApp media ids,
//! e-mail files with `stored` saying whether the content is kept) and
//! `GET /api/v1/cases/{id}/attachments/{attachment}` downloads a kept one (always as a
//! download, `application/octet-stream`, never rendered by the browser). Both are scoped like
//! the case and written to the audit log.

use axum::{
    Json,
    extract::{Path, State},
    http::header,
    response::{IntoResponse, Response},
};
use serde::Serialize;
use sigap_store::channels::Attachment;

use crate::{
    AppState,
    api::v1::cases::visible_case,
    auth::{Can, need},
    error::{ApiError, OrNotFound},
};

#[derive(Serialize, utoipa::ToSchema)]
pub struct AttachmentList {
    pub items: Vec<Attachment>,
}

fn case_id(id: &str) -> Result<uuid::Uuid, ApiError> {
    uuid::Uuid::try_parse(id).map_err(|_| ApiError::NotFound { what: "Kasus" })
}

#[utoipa::path(
    get,
    path = "/cases/{id}/attachments",
    tag = "kasus",
    summary = "What the complainant sent besides text (images, files)",
    params(("id" = uuid::Uuid, Path, description = "The case's id.")),
    security(("token" = ["see_personal_data"])),
    responses(
        (status = 200, description = "The attachments.", body = AttachmentList),
        (status = 404, description = "No such case (or not this user's)."),
    ),
)]
pub async fn list_attachments(
    State(state): State<AppState>,
    caller: Can<need::SeePersonalData>,
    Path(id): Path<String>,
) -> Result<Json<AttachmentList>, ApiError> {
    let case = visible_case(&state, &caller, case_id(&id)?).await?;
    let items = state.store.channel_attachments(case.id).await?;
    if !items.is_empty() {
        state
            .store
            .audit(
                &caller.who,
                "lihat_lampiran",
                Some(case.id),
                Some("api"),
                state.clock.now(),
            )
            .await?;
    }
    Ok(Json(AttachmentList { items }))
}

#[utoipa::path(
    get,
    path = "/cases/{id}/attachments/{attachment}",
    tag = "kasus",
    summary = "Download a kept attachment (always as a download)",
    params(("id" = uuid::Uuid, Path, description = "The case's id."), ("attachment" = i64, Path, description = "The attachment's id.")),
    security(("token" = ["see_personal_data"])),
    responses(
        (status = 200, description = "The file.", content_type = "application/octet-stream", body = Vec<u8>),
        (status = 404, description = "No such case or attachment, or its content is not kept."),
    ),
)]
pub async fn get_attachment(
    State(state): State<AppState>,
    caller: Can<need::SeePersonalData>,
    Path((id, attachment)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let case = visible_case(&state, &caller, case_id(&id)?).await?;
    let attachment: i64 = attachment
        .parse()
        .map_err(|_| ApiError::NotFound { what: "Lampiran" })?;
    let (name, _content_type, content) = state
        .store
        .channel_attachment_content(case.id, attachment)
        .await
        .or_not_found("Lampiran")?;
    state
        .store
        .audit(
            &caller.who,
            "unduh_lampiran",
            Some(case.id),
            Some(&format!("lampiran {attachment}")),
            state.clock.now(),
        )
        .await?;
    // Only safe characters in the suggested name; the rest become `_`.
    let name: String = name
        .unwrap_or_else(|| format!("lampiran-{attachment}"))
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        content,
    )
        .into_response())
}
