//! `POST /api/v1/channels/email`: one inbound e-mail as raw MIME (`Content-Type:
//! message/rfc822`), relayed by the mail server (a pipe or webhook of Postfix, an inbound-mail
//! service), signed with `--email-secret` (`Sigap-Timestamp`, `Sigap-Signature`; see the module
//! above).
//!
//! The thread stays on one ticket: a message whose `In-Reply-To`/`References` name an earlier
//! message (or one of Sigap's own notification e-mails) joins that case, and so does one whose
//! subject carries a ticket number (`SGP-2611-00001`) when it comes from the address that
//! reported it. Attachments are kept in the database, each up to `--email-attachment-max-bytes`
//! (a larger one keeps its name, type and size only), at most [`MAX_ATTACHMENTS`] per message.
//!
//! Answers `200` with what was done (the same Message-ID twice: no second effect);
//! `401 invalid_signature`;
//! `400 stale_timestamp`, `400 malformed_message`; `409 replayed`; `404` while the channel is
//! not set up; `413` over `--email-max-bytes`; `415` for another content type.

use axum::{
    Json,
    body::Bytes,
    extract::{State, rejection::BytesRejection},
    http::{HeaderMap, header},
};
use sigap_core::{Channel, Email, TicketNumber};
use sigap_ingest::channels::email;
use sigap_store::channels::NewAttachment;
use uuid::Uuid;

use super::{Received, check_signed, malformed};
use crate::{
    AppState,
    error::ApiError,
    inbound::{self, Inbound},
};

/// Attachments kept per message; further ones are dropped (and counted in the note).
pub const MAX_ATTACHMENTS: usize = 10;

#[utoipa::path(
    post,
    path = "/channels/email",
    tag = "kanal",
    summary = "One inbound e-mail as raw MIME, signed; the thread stays on one ticket",
    description = "A message whose `In-Reply-To`/`References` name an earlier one (or one of Sigap's notification e-mails), or whose subject carries the ticket number from the address that reported it, joins that case. Attachments are kept.",
    params(super::super::signed::SignedHeaders),
    request_body(content = String, content_type = "message/rfc822", example = "From: Siti <siti@example.org>
    To: aduan@sigap.example
    Subject: Lansia terlantar
    Message-ID: <a1@example.org>

    Ada lansia terlantar di Desa Sukamaju, Kec. Cibungbulang, Kab. Bogor.
    "),
    security(()),
    responses(
        (status = 200, description = "What was done.", body = super::Received),
        (status = 400, description = "`stale_timestamp` or `malformed_message`."),
        (status = 401, description = "`invalid_signature`."),
        (status = 404, description = "The channel is not set up."),
        (status = 409, description = "`replayed`."),
        (status = 413, description = "Over `--email-max-bytes`."),
        (status = 415, description = "Not `message/rfc822`."),
    ),
)]
pub async fn receive_email(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Received>, ApiError> {
    if state.channels.secret(Channel::Email).is_none() {
        return Err(super::not_configured());
    }
    let body = body.map_err(|_| ApiError::PayloadTooLarge {
        limit: state.channels.email_max_bytes,
    })?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if !content_type.starts_with("message/rfc822") {
        return Err(ApiError::UnsupportedMediaType);
    }
    check_signed(&state, Channel::Email, &headers, &body).await?;
    let mail = match email::parse(&body) {
        Ok(m) => m,
        Err(e) => return Err(malformed(&state, Channel::Email, &e.0).await),
    };
    let Some(from) = mail
        .from_address
        .as_deref()
        .and_then(|a| Email::parse(a).ok())
    else {
        return Err(malformed(&state, Channel::Email, "no valid From address").await);
    };
    let thread_case = thread_case(&state, &mail, &from).await?;
    let cap = state.channels.attachment_max_bytes;
    let dropped = mail.attachments.len().saturating_sub(MAX_ATTACHMENTS);
    let attachments: Vec<NewAttachment> = mail
        .attachments
        .into_iter()
        .take(MAX_ATTACHMENTS)
        .map(|p| NewAttachment {
            media_ref: None,
            filename: p.filename.map(|f| f.chars().take(200).collect()),
            content_type: p.content_type,
            caption: None,
            size_bytes: i64::try_from(p.content.len()).unwrap_or(i64::MAX),
            content: (p.content.len() <= cap).then_some(p.content),
        })
        .collect();
    let mut text = match mail.subject.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => format!("{s}\n\n{}", mail.text),
        None => mail.text.clone(),
    };
    if dropped > 0 {
        text.push_str(&format!("\n\n({dropped} lampiran lain tidak disimpan.)"));
    }
    let provider_id = mail
        .message_id
        .clone()
        .unwrap_or_else(|| crate::secret::sha256_hex(&body));
    let inbound = Inbound {
        channel: Channel::Email,
        provider_id: provider_id.chars().take(300).collect(),
        sender: from.expose().to_ascii_lowercase(),
        phone: None,
        email: Some(from),
        name: mail.from_name.clone(),
        kind: "email",
        text: text.trim().chars().take(5000).collect(),
        coordinates: None,
        place: None,
        attachments,
        thread_ref: mail.message_id.clone(),
        thread_case,
    };
    let mut received = Received::default();
    received.add(&inbound::take(&state, &inbound).await?);
    Ok(Json(received))
}

/// The case an e-mail continues: by its thread headers, else by a ticket number in the subject
/// when the sender is the case's reporter.
async fn thread_case(
    state: &AppState,
    mail: &email::Email,
    from: &Email,
) -> Result<Option<Uuid>, ApiError> {
    // The newest references are enough; a long `References` chain is not searched whole.
    let refs = &mail.thread_refs[..mail.thread_refs.len().min(50)];
    if let Some(id) = state.store.case_by_thread(refs).await? {
        return Ok(Some(id));
    }
    // Sigap's own e-mails carry `<notification id (32 hex)@domain>`.
    for r in refs {
        let local = r.split('@').next().unwrap_or_default();
        if let Ok(id) = Uuid::try_parse(local)
            && let Some(case) = state.store.case_of_notification(id).await?
        {
            return Ok(Some(case));
        }
    }
    let Some(ticket) = mail.subject.as_deref().and_then(ticket_in) else {
        return Ok(None);
    };
    let case = match state.store.find_case_by_ticket(&ticket).await {
        Ok(c) => state.store.get_case(c.id).await?,
        Err(sigap_store::StoreError::NotFound) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let same_sender = case
        .people
        .as_ref()
        .and_then(|p| p.reporter.email.as_ref())
        .is_some_and(|e| e.expose().eq_ignore_ascii_case(from.expose()));
    Ok(same_sender.then_some(case.id))
}

/// The first ticket number (`SGP-YYMM-NNNNN`) in a subject.
fn ticket_in(subject: &str) -> Option<TicketNumber> {
    subject
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .find_map(|w| TicketNumber::parse(w).ok())
}
