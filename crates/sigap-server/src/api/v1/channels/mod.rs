//! Inbound channels: the WhatsApp Business Cloud API webhook ([`whatsapp`]), an SMS gateway
//! ([`sms`]) and raw e-mail from a mail relay ([`email`]), each turning a message into a routed
//! case or a note on the case it continues (`crate::inbound`); `GET /api/v1/channels`, their
//! health for administrators; and a case's [`attachments`].
//!
//! The SMS and e-mail webhooks are signed as Sigap's own outbound webhooks and the social
//! ingest are: `Sigap-Timestamp` (Unix seconds, within five minutes) and `Sigap-Signature:
//! sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">` under the channel's secret; a signature is
//! accepted once (`409 replayed`).

pub mod attachments;
pub mod email;
pub mod sms;
pub mod whatsapp;

use axum::{Json, extract::State, http::HeaderMap};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sigap_core::Channel;
use sigap_store::channels::ChannelHealth;

use super::signed;
use crate::{
    AppState,
    auth::{Can, need},
    error::ApiError,
    inbound::{self, Taken},
};

#[derive(Serialize, utoipa::ToSchema)]
pub struct ChannelView {
    #[serde(flatten)]
    pub health: ChannelHealth,
    /// Where the provider or gateway delivers.
    pub endpoint: &'static str,
    /// Whether its secret (and for WhatsApp the verify token) is set.
    pub configured: bool,
    /// `belum_dikonfigurasi`, `menunggu` (no message yet), `bermasalah` (the last delivery
    /// was refused) or `aktif`.
    pub state: &'static str,
}

fn endpoint(channel: &str) -> &'static str {
    match channel {
        "whatsapp" => "/api/v1/channels/whatsapp",
        "sms" => "/api/v1/channels/sms",
        _ => "/api/v1/channels/email",
    }
}

/// A channel's state in one word.
pub fn state_of(h: &ChannelHealth, configured: bool) -> &'static str {
    let refused_last = match (h.last_error_at, h.last_message_at) {
        (Some(e), Some(m)) => e >= m,
        (Some(_), None) => true,
        _ => false,
    };
    if !configured {
        "belum_dikonfigurasi"
    } else if refused_last {
        "bermasalah"
    } else if h.last_message_at.is_none() {
        "menunggu"
    } else {
        "aktif"
    }
}

/// Every channel with its health.
pub async fn channel_views(state: &AppState) -> Result<Vec<ChannelView>, ApiError> {
    let s = &state.channels;
    Ok(state
        .store
        .channel_health()
        .await?
        .into_iter()
        .map(|health| {
            let configured = match health.channel.as_str() {
                "whatsapp" => {
                    s.secret(Channel::Whatsapp).is_some()
                        && s.whatsapp_verify_token
                            .as_deref()
                            .is_some_and(|t| !t.is_empty())
                }
                "sms" => s.secret(Channel::Sms).is_some(),
                _ => s.secret(Channel::Email).is_some(),
            };
            ChannelView {
                endpoint: endpoint(&health.channel),
                state: state_of(&health, configured),
                configured,
                health,
            }
        })
        .collect())
}

/// `GET /api/v1/channels` (administrators).
#[utoipa::path(
    get,
    path = "/channels",
    tag = "kanal",
    summary = "The WhatsApp, SMS and e-mail channels: configured, last message, errors",
    security(("token" = ["configure"])),
    responses((status = 200, description = "One line per channel.", body = Vec<ChannelView>)),
)]
pub async fn list_channels(
    State(state): State<AppState>,
    _caller: Can<need::Configure>,
) -> Result<Json<Vec<ChannelView>>, ApiError> {
    Ok(Json(channel_views(&state).await?))
}

/// What one delivery did, message by message.
#[derive(Serialize, Default, utoipa::ToSchema)]
pub struct Received {
    pub messages: usize,
    pub created: usize,
    pub joined: usize,
    pub duplicates: usize,
    /// Messages of a type Sigap does not read (WhatsApp audio, stickers…).
    pub ignored: usize,
    /// The tickets the messages went to, in order.
    pub tickets: Vec<String>,
}

impl Received {
    pub fn add(&mut self, taken: &Taken) {
        self.messages += 1;
        match taken {
            Taken::Created { ticket, .. } => {
                self.created += 1;
                self.tickets.push(ticket.to_string());
            }
            Taken::Joined { ticket, .. } => {
                self.joined += 1;
                self.tickets.push(ticket.to_string());
            }
            Taken::Duplicate { .. } => self.duplicates += 1,
        }
    }
}

/// A channel that is not set up has no endpoint.
fn not_configured() -> ApiError {
    ApiError::NotFound { what: "Kanal" }
}

/// Checks a signed gateway delivery (SMS, e-mail): secret set, signature good, timestamp
/// fresh, signature not seen before. Every refusal is counted in the channel's health.
pub(crate) async fn check_signed(
    state: &AppState,
    channel: Channel,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), ApiError> {
    let Some(secret) = state.channels.secret(channel) else {
        return Err(not_configured());
    };
    let Some((timestamp, signature)) = signed::headers(headers) else {
        inbound::rejected(state, channel, "missing Sigap-Timestamp or Sigap-Signature").await;
        return Err(ApiError::BadSignature);
    };
    let now: DateTime<Utc> = state.clock.now();
    if let Err(refusal) = signed::check(secret, timestamp, signature, body, now) {
        inbound::rejected(state, channel, refusal.reason()).await;
        return Err(refusal.into());
    }
    if !state
        .store
        .take_channel_nonce(channel, signature.trim(), now)
        .await?
    {
        inbound::rejected(state, channel, "replayed delivery").await;
        return Err(signed::replayed());
    }
    Ok(())
}

/// A body that is not what the channel sends.
pub(crate) async fn malformed(state: &AppState, channel: Channel, why: &str) -> ApiError {
    inbound::rejected(state, channel, "malformed body").await;
    ApiError::bad_request(
        "malformed_message",
        format!("Isi kiriman tidak dapat dibaca: {why}."),
        format!("The body cannot be read: {why}."),
    )
}
