//! `GET` and `POST /api/v1/channels/whatsapp`: the WhatsApp Business Cloud API webhook.
//!
//! `GET` is Meta's verification handshake: `hub.mode=subscribe`, `hub.verify_token` equal to
//! `--whatsapp-verify-token` → `200` with `hub.challenge` as plain text; anything else `403`.
//! `POST` carries messages, signed by Meta in `X-Hub-Signature-256: sha256=<hex
//! HMAC-SHA256(app secret, raw body)>` (checked in constant time; `401 invalid_signature` otherwise). Text,
//! location and image messages are taken (one effect per message id, so Meta's redeliveries
//! and replays change nothing); other types and delivery statuses are counted and ignored.
//! Answers `200` with what was done; `400 malformed_message`; `404` while the channel is not
//! set up; `413` over 1 MiB.

use axum::{
    Json,
    body::Bytes,
    extract::{Query, State, rejection::BytesRejection},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use sigap_core::{Channel, PhoneNumber};
use sigap_ingest::channels::whatsapp::{self, Content};
use sigap_store::channels::NewAttachment;
use std::collections::HashMap;

use super::{Received, malformed, not_configured};
use crate::{
    AppState,
    error::ApiError,
    inbound::{self, Inbound},
    secret::constant_time_eq,
};

/// The largest body taken (Meta batches at most a few messages per delivery).
pub const BODY_LIMIT: usize = 1024 * 1024;

/// `GET`: the verification handshake.
#[utoipa::path(
    get,
    path = "/channels/whatsapp",
    tag = "kanal",
    summary = "WhatsApp Cloud API: the webhook verification handshake",
    params(
        ("hub.mode" = Option<String>, Query, description = "`subscribe`."),
        ("hub.verify_token" = Option<String>, Query, description = "Must equal `--whatsapp-verify-token`."),
        ("hub.challenge" = Option<String>, Query, description = "Echoed back on success."),
    ),
    security(()),
    responses(
        (status = 200, description = "`hub.challenge`, as plain text.", content_type = "text/plain", body = String),
        (status = 403, description = "Wrong mode or verify token."),
        (status = 404, description = "The channel is not set up."),
    ),
)]
pub async fn verify_whatsapp(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let s = &state.channels;
    let (Some(expected), Some(_)) = (
        s.whatsapp_verify_token.as_deref().filter(|t| !t.is_empty()),
        s.secret(Channel::Whatsapp),
    ) else {
        return Err(not_configured());
    };
    let given = q.get("hub.verify_token").map(String::as_str).unwrap_or("");
    let subscribe = q.get("hub.mode").is_some_and(|m| m == "subscribe");
    match q.get("hub.challenge") {
        Some(challenge) if subscribe && constant_time_eq(given.as_bytes(), expected.as_bytes()) => {
            tracing::info!("WhatsApp webhook verified");
            Ok((
                StatusCode::OK,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                challenge.clone(),
            )
                .into_response())
        }
        _ => {
            inbound::rejected(&state, Channel::Whatsapp, "verification handshake refused").await;
            Err(ApiError::Forbidden {
                detail: "Token verifikasi webhook WhatsApp tidak cocok.".into(),
                detail_en: "The WhatsApp webhook verify token does not match.".into(),
            })
        }
    }
}

/// `sha256=<hex>` of HMAC-SHA256(app secret, body), compared in constant time.
pub fn signature_ok(app_secret: &str, body: &[u8], header: &str) -> bool {
    let Some(given) = header.trim().strip_prefix("sha256=") else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(app_secret.as_bytes()) else {
        return false;
    };
    mac.update(body);
    let expected = crate::secret::hex(&mac.finalize().into_bytes());
    constant_time_eq(given.to_ascii_lowercase().as_bytes(), expected.as_bytes())
}

/// `POST`: messages.
#[utoipa::path(
    post,
    path = "/channels/whatsapp",
    tag = "kanal",
    summary = "WhatsApp Cloud API: messages (text, location, image)",
    description = "Signed by Meta in `X-Hub-Signature-256`. One effect per message id: redeliveries and replays change nothing. Consecutive messages from one number within the window join one ticket.",
    params(("X-Hub-Signature-256" = String, Header, description = "`sha256=<hex HMAC-SHA256(app secret, raw body)>`.")),
    request_body(content = Object, example = json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": {"messaging_product": "whatsapp", "metadata": {"phone_number_id": "1"}, "contacts": [{"wa_id": "6281234567890", "profile": {"name": "Siti"}}], "messages": [{"from": "6281234567890", "id": "wamid.HBgM", "timestamp": "1764900000", "type": "text", "text": {"body": "Ada lansia terlantar di Desa Sukamaju, Kec. Cibungbulang, Kab. Bogor."}}]}}]}]})),
    security(()),
    responses(
        (status = 200, description = "What was done.", body = super::Received),
        (status = 400, description = "`malformed_message`."),
        (status = 401, description = "`invalid_signature`."),
        (status = 404, description = "The channel is not set up."),
        (status = 413, description = "Over 1 MiB."),
    ),
)]
pub async fn receive_whatsapp(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Received>, ApiError> {
    let Some(secret) = state.channels.secret(Channel::Whatsapp).map(str::to_owned) else {
        return Err(not_configured());
    };
    let body = body.map_err(|_| ApiError::PayloadTooLarge { limit: BODY_LIMIT })?;
    let signature = headers
        .get("x-hub-signature-256")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !signature_ok(&secret, &body, signature) {
        inbound::rejected(&state, Channel::Whatsapp, "bad X-Hub-Signature-256").await;
        return Err(ApiError::BadSignature);
    }
    let delivery = match whatsapp::parse(&body) {
        Ok(d) => d,
        Err(e) => return Err(malformed(&state, Channel::Whatsapp, &e.0).await),
    };
    let mut received = Received::default();
    for m in delivery.messages {
        let Some(inbound) = inbound_of(m) else {
            received.ignored += 1;
            continue;
        };
        let taken = inbound::take(&state, &inbound).await?;
        received.add(&taken);
    }
    Ok(Json(received))
}

/// A message in the channel-independent form; `None` for a type Sigap does not read (counted
/// as ignored) or a sender that is not a phone number.
fn inbound_of(m: whatsapp::Message) -> Option<Inbound> {
    let phone = PhoneNumber::parse(&format!("+{}", m.from.trim_start_matches('+'))).ok();
    let Some(phone) = phone else {
        tracing::info!(
            message.kind = m.content.kind(),
            "WhatsApp sender is not a phone number: ignored"
        );
        return None;
    };
    let mut inbound = Inbound {
        channel: Channel::Whatsapp,
        provider_id: m.id.clone(),
        sender: phone.expose().to_owned(),
        phone: Some(phone),
        email: None,
        name: m.profile_name.clone(),
        kind: "text",
        text: String::new(),
        coordinates: None,
        place: None,
        attachments: Vec::new(),
        thread_ref: None,
        thread_case: None,
    };
    match m.content {
        Content::Text(t) => {
            inbound.text = t.trim().chars().take(5000).collect();
            if inbound.text.is_empty() {
                return None;
            }
        }
        Content::Location {
            latitude,
            longitude,
            name,
            address,
        } => {
            inbound.kind = "location";
            let place: Vec<String> = [name, address]
                .into_iter()
                .flatten()
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect();
            let place = (!place.is_empty()).then(|| place.join(", "));
            inbound.text = format!(
                "Lokasi dibagikan lewat WhatsApp: {}({latitude:.6}, {longitude:.6})",
                place
                    .as_deref()
                    .map(|p| format!("{p} "))
                    .unwrap_or_default()
            );
            inbound.coordinates = inbound::coordinates(latitude, longitude);
            inbound.place = place;
        }
        Content::Image {
            media_id,
            caption,
            mime_type,
        } => {
            inbound.kind = "image";
            let caption = caption
                .map(|c| c.trim().to_owned())
                .filter(|c| !c.is_empty());
            inbound.text = match &caption {
                Some(c) => format!("[Gambar] {c}"),
                None => "[Gambar tanpa keterangan dikirim lewat WhatsApp]".into(),
            };
            inbound.attachments.push(NewAttachment {
                media_ref: Some(media_id),
                content_type: mime_type,
                caption,
                ..NewAttachment::default()
            });
        }
        Content::Unsupported(kind) => {
            tracing::info!(message.kind = %kind, "WhatsApp message type not read: ignored");
            return None;
        }
    }
    Some(inbound)
}
