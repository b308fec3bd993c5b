//! Inbound channels (WhatsApp, SMS, e-mail): the provider messages already taken (one effect
//! per provider id), the sender's open conversation and the e-mail thread a message belongs to,
//! the attachments messages carried, and each channel's health. Parsing and signatures live
//! in `sigap-ingest` and `sigap-server`; this module only keeps what they found.

use chrono::{DateTime, SubsecRound, Utc};
use sigap_core::{Channel, Status};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Store, StoreError, pool::on_pool};

fn t(at: DateTime<Utc>) -> DateTime<Utc> {
    at.trunc_subsecs(6)
}

/// A provider message about to be taken.
#[derive(Debug, Clone)]
pub struct InboundMessage<'a> {
    pub channel: Channel,
    /// The provider's id of the message (WhatsApp `wamid…`, the gateway's id, the Message-ID).
    pub provider_id: &'a str,
    /// A keyed hash of the sender (never the number or address itself).
    pub sender_hash: &'a str,
    /// An e-mail's own Message-ID, for replies to find.
    pub thread_ref: Option<&'a str>,
    /// `text`, `location`, `image`, `sms`, `email`…
    pub kind: &'a str,
}

/// How taking a message went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// New: the row to settle once the message had its effect.
    New(i64),
    /// Taken before; the case it went to, if it was settled.
    Duplicate(Option<Uuid>),
}

/// What a message carried besides its text.
#[derive(Debug, Clone, Default)]
pub struct NewAttachment {
    /// A provider's media id (WhatsApp), kept as a reference: nothing is downloaded.
    pub media_ref: Option<String>,
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub caption: Option<String>,
    /// The size of the original, even when the content is not kept.
    pub size_bytes: i64,
    /// The content, when kept (e-mail attachments within the size cap).
    pub content: Option<Vec<u8>>,
}

/// An attachment as listed (without its content).
#[derive(Debug, Clone, PartialEq, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Attachment {
    pub id: i64,
    pub case_id: Uuid,
    pub media_ref: Option<String>,
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub caption: Option<String>,
    pub size_bytes: i64,
    /// Whether the content is kept in the database.
    pub stored: bool,
    pub created_at: DateTime<Utc>,
}

/// One channel's counters, last message and last error.
#[derive(Debug, Clone, PartialEq, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct ChannelHealth {
    pub channel: String,
    pub received: i64,
    pub cases_created: i64,
    pub joined: i64,
    pub duplicates: i64,
    pub rejected: i64,
    pub last_message_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub last_error_at: Option<DateTime<Utc>>,
}

/// What happened to one delivery, for the channel's counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelEvent {
    /// A new message opened a case.
    Created,
    /// A new message joined an open case.
    Joined,
    /// A provider id seen before: no effect.
    Duplicate,
    /// Refused (bad signature, replay, malformed body); the reason is the last error.
    Rejected,
}

const CLOSED: &str = "('selesai', 'ditolak', 'duplikat', 'dirujuk')";

impl Store {
    /// Takes a provider message id: [`Claim::New`] the first time, [`Claim::Duplicate`] after.
    /// A claim that could not be settled is given back with [`Store::release_channel_message`].
    pub async fn claim_channel_message(
        &self,
        m: &InboundMessage<'_>,
        at: DateTime<Utc>,
    ) -> Result<Claim, StoreError> {
        let at = t(at);
        let row: Option<i64> = on_pool!(self, write, |pool| {
            sqlx::query_scalar(
                "INSERT INTO channel_messages (channel, provider_id, sender_hash, thread_ref, kind, \
                 received_at) VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (channel, provider_id) DO NOTHING RETURNING id",
            )
            .bind(m.channel.as_str())
            .bind(m.provider_id)
            .bind(m.sender_hash)
            .bind(m.thread_ref)
            .bind(m.kind)
            .bind(at)
            .fetch_optional(pool)
            .await?
        });
        if let Some(id) = row {
            return Ok(Claim::New(id));
        }
        let case: Option<Option<Uuid>> = on_pool!(self, read, |pool| {
            sqlx::query_scalar(
                "SELECT case_id FROM channel_messages WHERE channel = $1 AND provider_id = $2",
            )
            .bind(m.channel.as_str())
            .bind(m.provider_id)
            .fetch_optional(pool)
            .await?
        });
        Ok(Claim::Duplicate(case.flatten()))
    }

    /// Records the case a claimed message went to.
    pub async fn settle_channel_message(
        &self,
        row: i64,
        case_id: Uuid,
        joined: bool,
    ) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            sqlx::query("UPDATE channel_messages SET case_id = $1, joined = $2 WHERE id = $3")
                .bind(case_id)
                .bind(joined)
                .bind(row)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Gives back a claim whose message had no effect (so that the provider's retry is taken).
    pub async fn release_channel_message(&self, row: i64) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            sqlx::query("DELETE FROM channel_messages WHERE id = $1 AND case_id IS NULL")
                .bind(row)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// The open case of the sender's conversation: the case of their latest settled message on
    /// `channel` received at or after `since`, unless that case is closed.
    pub async fn open_conversation(
        &self,
        channel: Channel,
        sender_hash: &str,
        since: DateTime<Utc>,
    ) -> Result<Option<Uuid>, StoreError> {
        let latest: Option<(Uuid, String)> = on_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT m.case_id, c.status FROM channel_messages m JOIN cases c ON c.id = m.case_id \
                 WHERE m.channel = $1 AND m.sender_hash = $2 AND m.received_at >= $3 \
                 ORDER BY m.received_at DESC, m.id DESC LIMIT 1",
            )
            .bind(channel.as_str())
            .bind(sender_hash)
            .bind(t(since))
            .fetch_optional(pool)
            .await?
        });
        Ok(latest.and_then(|(id, status)| {
            let open = Status::parse(&status).is_ok_and(|s| !s.is_closed());
            open.then_some(id)
        }))
    }

    /// The case of an e-mail thread: the case of a message whose own Message-ID is one of
    /// `refs` (the reply's `In-Reply-To` and `References`), the newest first. Closed cases are
    /// answered too: a reply on a closed case is still about that case.
    pub async fn case_by_thread(&self, refs: &[String]) -> Result<Option<Uuid>, StoreError> {
        for chunk in refs.chunks(50) {
            let marks = (1..=chunk.len())
                .map(|i| format!("${i}"))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "SELECT case_id FROM channel_messages WHERE thread_ref IN ({marks}) \
                 AND case_id IS NOT NULL ORDER BY received_at DESC, id DESC LIMIT 1"
            );
            let found: Option<Uuid> = on_pool!(self, read, |pool| {
                let mut q = sqlx::query_scalar(&sql);
                for r in chunk {
                    q = q.bind(r);
                }
                q.fetch_optional(pool).await?
            });
            if found.is_some() {
                return Ok(found);
            }
        }
        Ok(None)
    }

    /// Whether a case is still open (so that a message may join it).
    pub async fn case_is_open(&self, id: Uuid) -> Result<bool, StoreError> {
        let status: Option<String> = on_pool!(self, read, |pool| {
            sqlx::query_scalar(&format!(
                "SELECT status FROM cases WHERE id = $1 AND status NOT IN {CLOSED}"
            ))
            .bind(id)
            .fetch_optional(pool)
            .await?
        });
        Ok(status.is_some())
    }

    /// Keeps what a message carried.
    pub async fn add_channel_attachment(
        &self,
        message_row: i64,
        case_id: Uuid,
        a: &NewAttachment,
        at: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let at = t(at);
        Ok(on_pool!(self, write, |pool| {
            sqlx::query_scalar(
                "INSERT INTO channel_attachments (message_id, case_id, media_ref, filename, \
                 content_type, caption, size_bytes, content, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            )
            .bind(message_row)
            .bind(case_id)
            .bind(a.media_ref.as_deref())
            .bind(a.filename.as_deref())
            .bind(a.content_type.as_deref())
            .bind(a.caption.as_deref())
            .bind(a.size_bytes)
            .bind(a.content.as_deref())
            .bind(at)
            .fetch_one(pool)
            .await?
        }))
    }

    /// A case's attachments, oldest first, without their content.
    pub async fn channel_attachments(&self, case_id: Uuid) -> Result<Vec<Attachment>, StoreError> {
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT id, case_id, media_ref, filename, content_type, caption, size_bytes, \
                 content IS NOT NULL AS stored, created_at FROM channel_attachments \
                 WHERE case_id = $1 ORDER BY id",
            )
            .bind(case_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// One attachment of a case with its kept content: (file name, content type, content).
    /// [`StoreError::NotFound`] for another case's attachment or one whose content is not kept.
    pub async fn channel_attachment_content(
        &self,
        case_id: Uuid,
        id: i64,
    ) -> Result<(Option<String>, Option<String>, Vec<u8>), StoreError> {
        type Row = (Option<String>, Option<String>, Option<Vec<u8>>);
        let row: Option<Row> = on_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT filename, content_type, content FROM channel_attachments \
                 WHERE id = $1 AND case_id = $2",
            )
            .bind(id)
            .bind(case_id)
            .fetch_optional(pool)
            .await?
        });
        match row {
            Some((name, ct, Some(content))) => Ok((name, ct, content)),
            _ => Err(StoreError::NotFound),
        }
    }

    /// Counts one delivery of `channel`; a rejection records `error` as the last error.
    pub async fn count_channel_event(
        &self,
        channel: Channel,
        event: ChannelEvent,
        error: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let at = t(at);
        let set = match event {
            ChannelEvent::Created => {
                "received = received + 1, cases_created = cases_created + 1, last_message_at = $2"
            }
            ChannelEvent::Joined => {
                "received = received + 1, joined = joined + 1, last_message_at = $2"
            }
            ChannelEvent::Duplicate => "duplicates = duplicates + 1, last_message_at = $2",
            ChannelEvent::Rejected => {
                "rejected = rejected + 1, last_error = $3, last_error_at = $2"
            }
        };
        let sql = format!("UPDATE channel_health SET {set} WHERE channel = $1");
        on_pool!(self, write, |pool| {
            let mut q = sqlx::query(&sql).bind(channel.as_str()).bind(at);
            if event == ChannelEvent::Rejected {
                q = q.bind(error.unwrap_or("rejected"));
            }
            q.execute(pool).await?;
        });
        Ok(())
    }

    /// Takes a signed delivery's nonce (its signature); false when the channel has seen it in
    /// the last day (a replay). Older nonces are forgotten on the way.
    pub async fn take_channel_nonce(
        &self,
        channel: Channel,
        nonce: &str,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let at = t(at);
        Ok(on_pool!(self, write, |pool| {
            sqlx::query("DELETE FROM channel_nonces WHERE received_at < $1")
                .bind(at - chrono::Duration::days(1))
                .execute(pool)
                .await?;
            sqlx::query(
                "INSERT INTO channel_nonces (channel, nonce, received_at) VALUES ($1, $2, $3) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(channel.as_str())
            .bind(nonce)
            .bind(at)
            .execute(pool)
            .await?
            .rows_affected()
                == 1
        }))
    }

    /// The case of one of Sigap's own notifications (a reply to its e-mail names it in
    /// `In-Reply-To`).
    pub async fn case_of_notification(&self, id: Uuid) -> Result<Option<Uuid>, StoreError> {
        let case: Option<Option<Uuid>> = on_pool!(self, read, |pool| {
            sqlx::query_scalar("SELECT case_id FROM notifications WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        Ok(case.flatten())
    }

    /// Every inbound channel's health, in a fixed order.
    pub async fn channel_health(&self) -> Result<Vec<ChannelHealth>, StoreError> {
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT channel, received, cases_created, joined, duplicates, rejected, \
                 last_message_at, last_error, last_error_at FROM channel_health \
                 ORDER BY CASE channel WHEN 'whatsapp' THEN 1 WHEN 'sms' THEN 2 ELSE 3 END",
            )
            .fetch_all(pool)
            .await?
        }))
    }
}
