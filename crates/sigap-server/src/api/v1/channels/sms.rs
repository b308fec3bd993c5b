//! `POST /api/v1/channels/sms`: an SMS gateway's inbound message, as a form or JSON (`from`,
//! `text`, `id`, optional `timestamp`; see `sigap_ingest::channels::sms`), signed with
//! `--sms-secret` (`Sigap-Timestamp`, `Sigap-Signature`; see the module above).
//!
//! Answers `200` with what was done (the same `id` twice: `duplicates: 1`, no second effect);
//! `401 invalid_signature` (missing or wrong signature); `400 stale_timestamp`, `400 malformed_message`;
//! `409 replayed` (the same signed delivery again); `404` while the channel is not set up;
//! `413` over 64 KiB.

use axum::{
    Json,
    body::Bytes,
    extract::{State, rejection::BytesRejection},
    http::{HeaderMap, header},
};
use sigap_core::{Channel, PhoneNumber};
use sigap_ingest::channels::sms;

use super::{Received, check_signed, malformed};
use crate::{
    AppState,
    error::ApiError,
    inbound::{self, Inbound},
};

/// The largest body taken (an SMS is short; concatenated ones stay far below this).
pub const BODY_LIMIT: usize = 64 * 1024;

#[utoipa::path(
    post,
    path = "/channels/sms",
    tag = "kanal",
    summary = "An SMS gateway's inbound message (form or JSON), signed",
    description = "Fields `from`, `text`, `id`, optional `timestamp`. The same `id` twice has no second effect. Messages in the old fixed format `Nama NIK Alamat Isi aduan` are read into their fields.",
    params(super::super::signed::SignedHeaders),
    request_body(content(
    (Object = "application/json", example = json!({"from": "+6281234567890", "text": "Budi#3201010101800001#Kp. Cibeureum RT 02#Ada anak terlantar di pasar", "id": "sms-0001"})),
    (Object = "application/x-www-form-urlencoded"),
)),
    security(()),
    responses(
        (status = 200, description = "What was done.", body = super::Received),
        (status = 400, description = "`stale_timestamp` or `malformed_message`."),
        (status = 401, description = "`invalid_signature`."),
        (status = 404, description = "The channel is not set up."),
        (status = 409, description = "`replayed`."),
        (status = 413, description = "Over 64 KiB."),
    ),
)]
pub async fn receive_sms(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Received>, ApiError> {
    if state.channels.secret(Channel::Sms).is_none() {
        return Err(super::not_configured());
    }
    let body = body.map_err(|_| ApiError::PayloadTooLarge { limit: BODY_LIMIT })?;
    check_signed(&state, Channel::Sms, &headers, &body).await?;
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.to_ascii_lowercase().contains("json"));
    let message = match sms::parse(&body, json) {
        Ok(m) => m,
        Err(e) => return Err(malformed(&state, Channel::Sms, &e.0).await),
    };
    let phone = match PhoneNumber::parse(&message.from) {
        Ok(p) => p,
        Err(_) => {
            return Err(malformed(&state, Channel::Sms, "`from` is not a phone number").await);
        }
    };
    let text: String = message.text.chars().take(5000).collect();
    let inbound = Inbound {
        channel: Channel::Sms,
        provider_id: message.id.chars().take(200).collect(),
        sender: phone.expose().to_owned(),
        phone: Some(phone),
        email: None,
        name: None,
        kind: "sms",
        text,
        coordinates: None,
        place: None,
        attachments: Vec::new(),
        thread_ref: None,
        thread_case: None,
    };
    let mut received = Received::default();
    received.add(&inbound::take(&state, &inbound).await?);
    Ok(Json(received))
}
