//! Inbound channels (WhatsApp, SMS, e-mail): one message, already authenticated and read, is
//! taken once ([`take`]): it opens a routed case, or joins the sender's open conversation (the
//! same sender within [`ChannelSettings::join_window`]) or its e-mail thread as a note. Replies
//! never go out from here: the complainant's receipt and later status changes come from the
//! case history through the notification outbox (`complainant_phone` gateway targets, e-mail),
//! and a joined message is acknowledged by [`Store::enqueue_notification`].
//!
//! Personal data kept: the case's reporter (name, the number or address the message came
//! from, a NIK given in the fixed format); the sender elsewhere only as a keyed hash. Raw
//! payloads are not stored.

use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use sigap_core::{
    Channel, ComplaintType, Email, Nik, PhoneNumber, RegionCode, TicketNumber,
    case::{Case, Coordinates, INDONESIA_BOUNDS, Location, NewCase, Reporter},
    gazetteer::Gazetteer,
    notify::{Audience, Notice, NoticeKind},
};
use sigap_store::{
    Store,
    channels::{ChannelEvent, Claim, InboundMessage, NewAttachment},
};
use uuid::Uuid;

use crate::{AppState, api::v1::complaints::file_complaint, error::ApiError};

/// The channels' settings; every field is a `sigap serve` flag (docs/OPERATIONS.md).
#[derive(Debug, Clone)]
pub struct ChannelSettings {
    /// The Meta app secret that signs WhatsApp webhook deliveries (`X-Hub-Signature-256`).
    pub whatsapp_app_secret: Option<String>,
    /// The token Meta echoes in the webhook verification handshake.
    pub whatsapp_verify_token: Option<String>,
    /// The SMS gateway's shared secret (`Sigap-Signature`).
    pub sms_secret: Option<String>,
    /// The inbound e-mail relay's shared secret (`Sigap-Signature`).
    pub email_secret: Option<String>,
    /// Messages from one sender within this window of their previous one join its case.
    pub join_window: Duration,
    /// The largest e-mail attachment whose content is kept (larger ones keep name and size).
    pub attachment_max_bytes: usize,
    /// The largest raw e-mail taken.
    pub email_max_bytes: usize,
}

impl Default for ChannelSettings {
    fn default() -> Self {
        ChannelSettings {
            whatsapp_app_secret: None,
            whatsapp_verify_token: None,
            sms_secret: None,
            email_secret: None,
            join_window: Duration::minutes(30),
            attachment_max_bytes: 2 * 1024 * 1024,
            email_max_bytes: 10 * 1024 * 1024,
        }
    }
}

impl ChannelSettings {
    /// The secret of a channel, when the channel is set up.
    pub fn secret(&self, channel: Channel) -> Option<&str> {
        match channel {
            Channel::Whatsapp => self.whatsapp_app_secret.as_deref(),
            Channel::Sms => self.sms_secret.as_deref(),
            Channel::Email => self.email_secret.as_deref(),
            _ => None,
        }
        .filter(|s| !s.is_empty())
    }
}

/// One inbound message, read and authenticated, in the channel-independent form.
#[derive(Debug, Clone)]
pub struct Inbound {
    pub channel: Channel,
    pub provider_id: String,
    /// What identifies the sender (E.164 number, lowercase address), hashed before storage.
    pub sender: String,
    pub phone: Option<PhoneNumber>,
    pub email: Option<Email>,
    /// The name the sender goes by (WhatsApp profile, e-mail display name).
    pub name: Option<String>,
    /// `text`, `location`, `image`, `sms`, `email`.
    pub kind: &'static str,
    /// The text for the case's description, or for the note when the message joins a case.
    pub text: String,
    pub coordinates: Option<Coordinates>,
    /// A place named by the message (a shared location's name and address).
    pub place: Option<String>,
    pub attachments: Vec<NewAttachment>,
    /// An e-mail's own Message-ID.
    pub thread_ref: Option<String>,
    /// The case the message belongs to by its thread (e-mail), found by the caller.
    pub thread_case: Option<Uuid>,
}

/// What became of one message.
#[derive(Debug, Clone)]
pub enum Taken {
    Created {
        case_id: Uuid,
        ticket: TicketNumber,
    },
    Joined {
        case_id: Uuid,
        ticket: TicketNumber,
    },
    /// Its provider id was taken before: no effect.
    Duplicate {
        case_id: Option<Uuid>,
    },
}

/// Text as it may be stored: control characters dropped (PostgreSQL refuses NUL; none belongs
/// in a complaint) except line breaks and tabs.
fn clean(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect()
}

fn clean_opt(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(clean)
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

impl Inbound {
    /// The message with every text field cleaned (see [`clean`]).
    fn cleaned(&self) -> Inbound {
        Inbound {
            provider_id: clean(&self.provider_id),
            sender: clean(&self.sender),
            name: clean_opt(&self.name),
            text: clean(&self.text).trim().to_owned(),
            place: clean_opt(&self.place),
            thread_ref: clean_opt(&self.thread_ref),
            attachments: self
                .attachments
                .iter()
                .map(|a| NewAttachment {
                    media_ref: clean_opt(&a.media_ref),
                    filename: clean_opt(&a.filename),
                    content_type: clean_opt(&a.content_type),
                    caption: clean_opt(&a.caption),
                    size_bytes: a.size_bytes,
                    content: a.content.clone(),
                })
                .collect(),
            ..self.clone()
        }
    }
}

impl Taken {
    pub fn outcome(&self) -> &'static str {
        match self {
            Taken::Created { .. } => "created",
            Taken::Joined { .. } => "joined",
            Taken::Duplicate { .. } => "duplicate",
        }
    }
}

/// The sender as kept: HMAC-SHA256 under the channel's secret, so that a stored hash cannot be
/// turned back into a phone number by trying them all.
pub fn sender_hash(secret: &str, channel: Channel, sender: &str) -> String {
    // HMAC takes a key of any length.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return crate::secret::sha256_hex(format!("{channel}:{sender}").as_bytes());
    };
    mac.update(channel.as_str().as_bytes());
    mac.update(b":");
    mac.update(sender.as_bytes());
    crate::secret::hex(&mac.finalize().into_bytes())
}

/// The person and place a message gives, the fixed format `Nama#NIK#Alamat#Isi aduan` read
/// first (see `sigap_ingest::channels::fixed`).
fn new_case(m: &Inbound) -> NewCase {
    let fixed = sigap_ingest::channels::fixed::parse(&m.text);
    let (name, nik, address, description): (Option<String>, Option<Nik>, Option<String>, String) =
        match fixed {
            Some(f) if !f.description.is_empty() => (
                f.name.or_else(|| m.name.clone()),
                f.nik,
                f.address.or_else(|| m.place.clone()),
                f.description,
            ),
            _ => (m.name.clone(), None, m.place.clone(), m.text.clone()),
        };
    let description = if description.trim().is_empty() {
        format!("(Pesan {} tanpa teks)", m.channel.label())
    } else {
        description
    };
    let region = locate(&description, address.as_deref());
    NewCase {
        channel: m.channel,
        complaint_type: ComplaintType::OrangRentan,
        reporter: Reporter {
            name: name.map(|n| n.chars().take(120).collect()),
            phone: m.phone.clone(),
            email: m.email.clone(),
            nik,
            anonymous: false,
            // Writing to the command center through a channel asks for an answer on it.
            consent_contact: true,
        },
        beneficiary: None,
        description: description.chars().take(5000).collect(),
        location: Location {
            address: address.map(|a| a.chars().take(500).collect()),
            region,
            coordinates: m.coordinates,
        },
        categories: Vec::new(),
        urgency: None,
        confidential: false,
    }
}

/// The most precise region that the text and address name, through the gazetteer.
fn locate(description: &str, address: Option<&str>) -> Option<RegionCode> {
    let text = match address {
        Some(a) => format!("{a}.\n{description}"),
        None => description.to_owned(),
    };
    let place = sigap_text::locate::locate(Gazetteer::embedded(), None, &text)?;
    let code = place
        .village
        .or(place.district)
        .or(place.regency)
        .unwrap_or(place.province);
    RegionCode::parse(&code).ok()
}

/// Coordinates inside Indonesia, or none.
pub fn coordinates(latitude: f64, longitude: f64) -> Option<Coordinates> {
    (INDONESIA_BOUNDS.0.contains(&latitude) && INDONESIA_BOUNDS.1.contains(&longitude)).then_some(
        Coordinates {
            latitude,
            longitude,
        },
    )
}

/// Takes one message: once per provider id, into a new case or the one it continues.
pub async fn take(state: &AppState, m: &Inbound) -> Result<Taken, ApiError> {
    let m = &m.cleaned();
    let store = &state.store;
    let now = state.clock.now();
    let secret = state.channels.secret(m.channel).unwrap_or_default();
    let hash = sender_hash(secret, m.channel, &m.sender);
    let claim = store
        .claim_channel_message(
            &InboundMessage {
                channel: m.channel,
                provider_id: &m.provider_id,
                sender_hash: &hash,
                thread_ref: m.thread_ref.as_deref(),
                kind: m.kind,
            },
            now,
        )
        .await?;
    let row = match claim {
        Claim::New(row) => row,
        Claim::Duplicate(case_id) => {
            store
                .count_channel_event(m.channel, ChannelEvent::Duplicate, None, now)
                .await?;
            tracing::info!(channel = %m.channel, "message taken before: no effect");
            return Ok(Taken::Duplicate { case_id });
        }
    };
    match settle(state, m, row, &hash, now).await {
        Ok(taken) => Ok(taken),
        Err(e) => {
            // Given back, so that the provider's retry is taken.
            if let Err(release) = store.release_channel_message(row).await {
                tracing::warn!(error = %release, "cannot give back a channel message");
            }
            Err(e)
        }
    }
}

async fn settle(
    state: &AppState,
    m: &Inbound,
    row: i64,
    hash: &str,
    now: DateTime<Utc>,
) -> Result<Taken, ApiError> {
    let store = &state.store;
    let open = match m.thread_case {
        Some(id) => Some(id),
        None => {
            store
                .open_conversation(m.channel, hash, now - state.channels.join_window)
                .await?
        }
    };
    let taken = if let Some(case_id) = open {
        let case = store.get_case(case_id).await?;
        join(store, m, &case, now).await?;
        if let Some(c) = m.coordinates
            && case.location.coordinates.is_none()
        {
            place_case(state, m, &case, c, now).await?;
        }
        Taken::Joined {
            case_id,
            ticket: case.ticket,
        }
    } else {
        let (case, _) = file_complaint(state, &new_case(m), None, actor(m.channel)).await?;
        Taken::Created {
            case_id: case.id,
            ticket: case.ticket,
        }
    };
    let (case_id, joined) = match &taken {
        Taken::Created { case_id, .. } => (*case_id, false),
        Taken::Joined { case_id, .. } => (*case_id, true),
        Taken::Duplicate { .. } => return Ok(taken),
    };
    for a in &m.attachments {
        store.add_channel_attachment(row, case_id, a, now).await?;
    }
    store.settle_channel_message(row, case_id, joined).await?;
    let event = if joined {
        ChannelEvent::Joined
    } else {
        ChannelEvent::Created
    };
    store
        .count_channel_event(m.channel, event, None, now)
        .await?;
    tracing::info!(channel = %m.channel, case.id = %case_id, message.kind = m.kind, outcome = taken.outcome(), "channel message taken");
    Ok(taken)
}

/// A shared location that follows the text gives an open case without coordinates its place:
/// the coordinates, and the region named by the place when the case had none (routed again,
/// as a place change by staff would be).
async fn place_case(
    state: &AppState,
    m: &Inbound,
    case: &Case,
    coordinates: Coordinates,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let region = case
        .location
        .region
        .clone()
        .or_else(|| m.place.as_deref().and_then(|p| locate(p, None)));
    let location = Location {
        address: case.location.address.clone().or_else(|| m.place.clone()),
        region,
        coordinates: Some(coordinates),
    };
    let assignment = state
        .routing
        .decide(
            &state.store,
            location.region.as_ref(),
            crate::routing::Cause::LocationChanged,
            "system",
            now,
        )
        .await?;
    state
        .store
        .set_assignment(
            case.id,
            &assignment,
            Some(&location),
            Some(&format!("Lokasi dari pesan {}", m.channel.label())),
            None,
            now,
        )
        .await?;
    Ok(())
}

fn actor(channel: Channel) -> &'static str {
    match channel {
        Channel::Whatsapp => "kanal-whatsapp",
        Channel::Sms => "kanal-sms",
        _ => "kanal-email",
    }
}

/// Adds a message to its case as a note, and acknowledges it to the sender.
async fn join(store: &Store, m: &Inbound, case: &Case, now: DateTime<Utc>) -> Result<(), ApiError> {
    let mut note = format!(
        "Pesan lanjutan ({}, {}):\n{}",
        m.channel.label(),
        m.kind,
        m.text
    );
    if let Some(c) = m.coordinates {
        note.push_str(&format!(
            "\nKoordinat: {:.6}, {:.6}",
            c.latitude, c.longitude
        ));
    }
    if !m.attachments.is_empty() {
        note.push_str(&format!("\nLampiran: {}", m.attachments.len()));
    }
    let note: String = note.chars().take(5000).collect();
    store
        .add_note(case.id, actor(m.channel), &note, now)
        .await?;
    let ticket = &case.ticket;
    let notice = Notice {
        kind: NoticeKind::Message,
        audience: Audience::Complainant,
        sentra: None,
        subject: format!("Laporan {ticket}: pesan Anda diterima"),
        text: format!(
            "Sigap Kemensos: pesan Anda sudah kami tambahkan ke laporan dengan nomor tiket {ticket}.\n\nPesan ini dikirim otomatis."
        ),
        link: None,
    };
    let key = format!("{}:{}", m.channel, m.provider_id);
    store
        .enqueue_notification(case.id, &notice, &key, now)
        .await?;
    Ok(())
}

/// The channel's health counters record a refused delivery with its reason.
pub async fn rejected(state: &AppState, channel: Channel, reason: &str) {
    let now = state.clock.now();
    if let Err(e) = state
        .store
        .count_channel_event(channel, ChannelEvent::Rejected, Some(reason), now)
        .await
    {
        tracing::warn!(error = %e, channel = %channel, "cannot count a refused channel delivery");
    }
    tracing::info!(channel = %channel, reason, "channel delivery refused");
}
