//! Notifications: the targets the administrator keeps, the outbox filled from the case history
//! (the notifier's cursor moves in the same transaction as the rows it adds), leases for the
//! delivery workers, and the log of every attempt.
//!
//! No notification is lost: a case change and its history entry commit together, and the
//! notifier reads the history after its cursor. On PostgreSQL it reads in the order of the
//! writing transaction (`case_events.tx_id`) and only entries of transactions older than every
//! running one, so an entry that commits late is never passed over; the cursor row is locked
//! (`FOR UPDATE`) so that one instance maps a given entry.

use chrono::{DateTime, SubsecRound, Utc};
use serde_json::json;
use sigap_core::{
    Status, TicketNumber, Urgency,
    case::{CaseEvent, Reporter},
    notify::{
        AttemptOutcome, Audience, DeliveryChannel, DeliveryStatus, EventFacts, Notice, NoticeKind,
        TargetAudience,
    },
};
use uuid::Uuid;

mod delivery;

use crate::{
    Store, StoreError,
    pool::on_pool,
    rows::{EventRow, PersonRow},
};

fn t(at: DateTime<Utc>) -> DateTime<Utc> {
    at.trunc_subsecs(6)
}

fn parsed<T>(
    parse: fn(&str) -> Result<T, sigap_core::FieldError>,
    v: &str,
) -> Result<T, StoreError> {
    parse(v).map_err(|e| StoreError::corrupt(e.message_en))
}

/// An address kept by the administrator.
#[derive(Debug, Clone, PartialEq)]
pub struct NotificationTarget {
    pub id: Uuid,
    pub audience: TargetAudience,
    /// The Sentra, for [`TargetAudience::Sentra`].
    pub sentra: Option<String>,
    pub channel: DeliveryChannel,
    /// An e-mail address or a webhook URL.
    pub address: String,
    /// The webhook's signing secret.
    pub secret: Option<String>,
    pub label: Option<String>,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

/// A target to add; the caller has validated the address.
#[derive(Debug, Clone)]
pub struct NewTarget {
    pub audience: TargetAudience,
    pub sentra: Option<String>,
    pub channel: DeliveryChannel,
    pub address: String,
    pub secret: Option<String>,
    pub label: Option<String>,
}

#[derive(sqlx::FromRow)]
struct TargetRow {
    id: Uuid,
    audience: String,
    sentra_id: Option<String>,
    channel: String,
    address: String,
    secret: Option<String>,
    label: Option<String>,
    created_at: DateTime<Utc>,
    created_by: String,
}

impl TargetRow {
    fn into_target(self) -> Result<NotificationTarget, StoreError> {
        Ok(NotificationTarget {
            id: self.id,
            audience: parsed(TargetAudience::parse, &self.audience)?,
            sentra: self.sentra_id,
            channel: parsed(DeliveryChannel::parse, &self.channel)?,
            address: self.address,
            secret: self.secret,
            label: self.label,
            created_at: self.created_at,
            created_by: self.created_by,
        })
    }
}

/// One message to one address, as the outbox holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Notification {
    /// Stable across retries: the `Sigap-Delivery-Id` and the e-mail `Message-ID`.
    pub id: Uuid,
    pub case_id: Option<Uuid>,
    /// The history entry it came from (none: enqueued directly).
    pub event_id: Option<i64>,
    pub kind: NoticeKind,
    pub audience: Audience,
    pub sentra: Option<String>,
    pub channel: DeliveryChannel,
    pub target_id: Option<Uuid>,
    /// The e-mail address or webhook URL (personal data for a complainant's e-mail).
    pub recipient: String,
    /// For a WhatsApp/SMS gateway: the complainant's number.
    pub phone: Option<String>,
    pub subject: String,
    pub body: String,
    pub link: Option<String>,
    /// `{"case": {...}, "sentra": {...}, "event": {...}}` for the webhook body.
    pub data: serde_json::Value,
    pub status: DeliveryStatus,
    /// Attempts started (a claim counts one, so a crash mid-send counts too).
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
}

const NOTIFICATION_COLUMNS: &str = "id, case_id, event_id, kind, audience, sentra_id, channel, \
    target_id, recipient, phone, subject, body, link, data, status, attempts, next_attempt_at, \
    created_at, finished_at, last_error";

#[derive(sqlx::FromRow)]
struct NotificationRow {
    id: Uuid,
    case_id: Option<Uuid>,
    event_id: Option<i64>,
    kind: String,
    audience: String,
    sentra_id: Option<String>,
    channel: String,
    target_id: Option<Uuid>,
    recipient: String,
    phone: Option<String>,
    subject: String,
    body: String,
    link: Option<String>,
    data: String,
    status: String,
    attempts: i32,
    next_attempt_at: DateTime<Utc>,
    created_at: DateTime<Utc>,
    finished_at: Option<DateTime<Utc>>,
    last_error: Option<String>,
}

impl NotificationRow {
    fn into_notification(self) -> Result<Notification, StoreError> {
        Ok(Notification {
            id: self.id,
            case_id: self.case_id,
            event_id: self.event_id,
            kind: parsed(NoticeKind::parse, &self.kind)?,
            audience: parsed(Audience::parse, &self.audience)?,
            sentra: self.sentra_id,
            channel: parsed(DeliveryChannel::parse, &self.channel)?,
            target_id: self.target_id,
            recipient: self.recipient,
            phone: self.phone,
            subject: self.subject,
            body: self.body,
            link: self.link,
            data: serde_json::from_str(&self.data).map_err(StoreError::corrupt)?,
            status: parsed(DeliveryStatus::parse, &self.status)?,
            attempts: self.attempts,
            next_attempt_at: self.next_attempt_at,
            created_at: self.created_at,
            finished_at: self.finished_at,
            last_error: self.last_error,
        })
    }
}

/// One delivery attempt, as logged.
#[derive(Debug, Clone, PartialEq)]
pub struct DeliveryAttempt {
    pub attempt: i32,
    pub started_at: DateTime<Utc>,
    pub duration_ms: i64,
    pub outcome: AttemptOutcome,
    pub http_status: Option<u16>,
    pub smtp_reply: Option<String>,
    pub error: Option<String>,
    pub worker: String,
}

#[derive(sqlx::FromRow)]
struct AttemptRow {
    notification_id: Uuid,
    attempt: i32,
    started_at: DateTime<Utc>,
    duration_ms: i64,
    outcome: String,
    http_status: Option<i32>,
    smtp_reply: Option<String>,
    error: Option<String>,
    worker: String,
}

/// A row a worker holds under lease.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub notification: Notification,
    /// Proves the lease when the outcome is recorded.
    pub token: Uuid,
    /// This attempt's number (1 for the first).
    pub attempt: i32,
    /// The webhook target's signing secret.
    pub secret: Option<String>,
}

/// What one attempt did.
#[derive(Debug, Clone)]
pub struct AttemptResult {
    pub outcome: AttemptOutcome,
    pub started_at: DateTime<Utc>,
    pub duration_ms: i64,
    pub http_status: Option<u16>,
    pub smtp_reply: Option<String>,
    pub error: Option<String>,
    /// For [`AttemptOutcome::Retry`]: when to try again.
    pub retry_at: Option<DateTime<Utc>>,
}

/// Which outbox rows to list.
#[derive(Debug, Clone, Default)]
pub struct NotificationFilter {
    pub case_id: Option<Uuid>,
    pub status: Option<DeliveryStatus>,
}

/// What one pass of the notifier did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FillReport {
    /// History entries read (the cursor moved past them).
    pub events: usize,
    /// Outbox rows added.
    pub queued: usize,
    /// Notices nobody could receive (no target for the Sentra or the supervisors, no contact).
    pub unaddressed: usize,
}

/// A pure planner: the notices one history entry gives.
pub type Planner<'a> = dyn Fn(&EventFacts<'_>) -> Vec<Notice> + Send + Sync + 'a;

#[derive(sqlx::FromRow)]
struct CursorEventRow {
    tx: i64,
    #[sqlx(flatten)]
    event: EventRow,
}

#[derive(sqlx::FromRow)]
struct CaseFactsRow {
    ticket: String,
    channel: String,
    status: String,
    urgency: Option<String>,
    sentra_id: Option<String>,
    sentra_name: Option<String>,
}

/// One address for a notice: (channel, target, recipient, phone).
type Address = (DeliveryChannel, Option<Uuid>, String, Option<String>);

/// The JSON that the webhook body carries besides the message.
fn data_of(
    case: Option<(Uuid, &TicketNumber, Status, &str)>,
    sentra: Option<(&str, &str)>,
    event: Option<&CaseEvent>,
) -> String {
    json!({
        "case": case.map(|(id, ticket, status, channel)| json!({
            "id": id, "ticket": ticket.as_str(), "status": status.as_str(),
            "status_label": status.public_label(), "channel": channel,
        })),
        "sentra": sentra.map(|(id, name)| json!({"id": id, "name": name})),
        "event": event.map(|e| json!({"id": e.id, "kind": e.kind.as_str(), "at": e.at})),
    })
    .to_string()
}

/// Finds the addresses of a notice inside a transaction and inserts one outbox row for each.
macro_rules! queue_notice {
    ($tx:expr, $notice:expr, $reporter:expr, $case_id:expr, $event_id:expr, $key:expr, $data:expr, $at:expr) => {{
        let notice: &Notice = $notice;
        let mut addresses: Vec<Address> = Vec::new();
        match notice.audience {
            Audience::Sentra | Audience::Supervisors => {
                // A Sentra's notice without a Sentra (the national queue) has no address.
                let (audience, sentra) = match notice.audience {
                    Audience::Sentra => (TargetAudience::Sentra, notice.sentra.clone().unwrap_or_default()),
                    _ => (TargetAudience::Supervisors, String::new()),
                };
                let rows: Vec<(Uuid, String, String)> = sqlx::query_as(
                    "SELECT id, channel, address FROM notification_targets WHERE removed_at IS NULL \
                     AND audience = $1 AND COALESCE(sentra_id, '') = $2 ORDER BY created_at, id",
                )
                .bind(audience.as_str())
                .bind(sentra)
                .fetch_all(&mut *$tx)
                .await?;
                for (id, channel, address) in rows {
                    addresses.push((parsed(DeliveryChannel::parse, &channel)?, Some(id), address, None));
                }
            }
            Audience::Complainant => {
                let reporter: Option<&Reporter> = $reporter;
                if let Some(r) = reporter.filter(|r| r.may_be_contacted()) {
                    if let Some(email) = &r.email {
                        addresses.push((DeliveryChannel::Email, None, email.expose().to_owned(), None));
                    }
                    if let Some(phone) = &r.phone {
                        let rows: Vec<(Uuid, String)> = sqlx::query_as(
                            "SELECT id, address FROM notification_targets WHERE removed_at IS NULL \
                             AND audience = 'complainant_phone' ORDER BY created_at, id",
                        )
                        .fetch_all(&mut *$tx)
                        .await?;
                        for (id, address) in rows {
                            addresses.push((DeliveryChannel::Webhook, Some(id), address, Some(phone.expose().to_owned())));
                        }
                    }
                }
            }
        }
        let mut queued = 0usize;
        for (channel, target, recipient, phone) in &addresses {
            let address_key = match target {
                Some(id) => id.simple().to_string(),
                None => channel.as_str().to_owned(),
            };
            let done = sqlx::query(
                "INSERT INTO notifications (id, dedupe_key, case_id, event_id, kind, audience, \
                 sentra_id, channel, target_id, recipient, phone, subject, body, link, data, status, \
                 attempts, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, \
                 $10, $11, $12, $13, $14, $15, 'pending', 0, $16, $16) ON CONFLICT (dedupe_key) DO NOTHING",
            )
            .bind(Uuid::now_v7())
            .bind(format!("{}:{}:{}:{}", $key, notice.kind, notice.audience, address_key))
            .bind($case_id)
            .bind($event_id)
            .bind(notice.kind.as_str())
            .bind(notice.audience.as_str())
            .bind(notice.sentra.clone())
            .bind(channel.as_str())
            .bind(*target)
            .bind(recipient.clone())
            .bind(phone.clone())
            .bind(notice.subject.clone())
            .bind(notice.text.clone())
            .bind(notice.link.clone())
            .bind($data)
            .bind($at)
            .execute(&mut *$tx)
            .await?;
            queued += done.rows_affected() as usize;
        }
        (queued, addresses.is_empty())
    }};
}

impl Store {
    /// Targets in force, oldest first.
    pub async fn list_notification_targets(&self) -> Result<Vec<NotificationTarget>, StoreError> {
        let rows: Vec<TargetRow> = on_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT id, audience, sentra_id, channel, address, secret, label, created_at, \
                 created_by FROM notification_targets WHERE removed_at IS NULL ORDER BY created_at, id",
            )
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(TargetRow::into_target).collect()
    }

    /// Adds a target. An unknown Sentra is [`StoreError::NotFound`]; the same address for the
    /// same audience twice is a [`StoreError::Conflict`].
    pub async fn add_notification_target(
        &self,
        new: &NewTarget,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<NotificationTarget, StoreError> {
        let target = NotificationTarget {
            id: Uuid::now_v7(),
            audience: new.audience,
            sentra: new.sentra.clone(),
            channel: new.channel,
            address: new.address.clone(),
            secret: new.secret.clone(),
            label: new.label.clone(),
            created_at: t(at),
            created_by: actor.to_owned(),
        };
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            if let Some(s) = &target.sentra {
                let unit: Option<String> =
                    sqlx::query_scalar("SELECT id FROM sentra WHERE id = $1")
                        .bind(s)
                        .fetch_optional(&mut *tx)
                        .await?;
                if unit.is_none() {
                    return Err(StoreError::NotFound);
                }
            }
            sqlx::query(
                "INSERT INTO notification_targets (id, audience, sentra_id, channel, address, secret, \
                 label, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(target.id)
            .bind(target.audience.as_str())
            .bind(target.sentra.as_deref())
            .bind(target.channel.as_str())
            .bind(&target.address)
            .bind(target.secret.as_deref())
            .bind(target.label.as_deref())
            .bind(target.created_at)
            .bind(actor)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        });
        Ok(target)
    }

    /// Removes a target (it stays on record); its messages not yet delivered are cancelled.
    pub async fn remove_notification_target(
        &self,
        id: Uuid,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let at = t(at);
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let done = sqlx::query(
                "UPDATE notification_targets SET removed_at = $1, removed_by = $2 \
                 WHERE id = $3 AND removed_at IS NULL",
            )
            .bind(at)
            .bind(actor)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Err(StoreError::NotFound);
            }
            sqlx::query(
                "UPDATE notifications SET status = 'cancelled', finished_at = $1, \
                 last_error = 'target removed', claimed_until = NULL, claim_token = NULL \
                 WHERE target_id = $2 AND status = 'pending'",
            )
            .bind(at)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// One pass of the notifier: reads up to `limit` history entries after the cursor, asks
    /// `plan` whom each one notifies, and in one transaction adds the outbox rows and moves
    /// the cursor past them.
    #[tracing::instrument(skip_all)]
    pub async fn fill_outbox(
        &self,
        limit: u32,
        at: DateTime<Utc>,
        plan: &Planner<'_>,
    ) -> Result<FillReport, StoreError> {
        let at = t(at);
        let limit = i64::from(limit.clamp(1, 1000));
        let report = on_pool!(self, write, |pool, PG| {
            let mut tx = pool.begin().await?;
            let lock = if PG { " FOR UPDATE" } else { "" };
            let (last_tx, last_id): (i64, i64) = sqlx::query_as(&format!(
                "SELECT last_tx, last_event_id FROM job_cursors WHERE name = 'notifier'{lock}"
            ))
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| StoreError::corrupt("the notifier's cursor row is missing"))?;
            let events: Vec<CursorEventRow> = if PG {
                sqlx::query_as(
                    "SELECT tx_id::text::bigint AS tx, id, case_id, at, actor, kind, action, \
                     from_status, to_status, note FROM case_events \
                     WHERE (tx_id, id) > ($1::text::xid8, $2) \
                     AND tx_id < pg_snapshot_xmin(pg_current_snapshot()) \
                     ORDER BY tx_id, id LIMIT $3",
                )
                .bind(last_tx)
                .bind(last_id)
                .bind(limit)
                .fetch_all(&mut *tx)
                .await?
            } else {
                sqlx::query_as(
                    "SELECT 0 AS tx, id, case_id, at, actor, kind, action, from_status, to_status, \
                     note FROM case_events WHERE id > $1 ORDER BY id LIMIT $2",
                )
                .bind(last_id)
                .bind(limit)
                .fetch_all(&mut *tx)
                .await?
            };
            let mut report = FillReport::default();
            let Some(last) = events.last().map(|e| (e.tx, e.event.id)) else {
                return Ok(report);
            };
            for row in events {
                let event = row.event.into_event()?;
                report.events += 1;
                let facts: Option<CaseFactsRow> = sqlx::query_as(
                    "SELECT c.ticket, c.channel, c.status, c.urgency, c.sentra_id, s.name AS sentra_name \
                     FROM cases c LEFT JOIN sentra s ON s.id = c.sentra_id WHERE c.id = $1",
                )
                .bind(event.case_id)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(facts) = facts else { continue };
                let person: Option<PersonRow> = sqlx::query_as(
                    "SELECT role, name, phone, email, nik, age, sex, anonymous, consent_contact \
                     FROM case_people WHERE case_id = $1 AND role = 'reporter'",
                )
                .bind(event.case_id)
                .fetch_optional(&mut *tx)
                .await?;
                let reporter = person.map(PersonRow::into_reporter).transpose()?;
                let ticket = parsed(TicketNumber::parse, &facts.ticket)?;
                let status = parsed(Status::parse, &facts.status)?;
                let urgency = facts
                    .urgency
                    .as_deref()
                    .map(|u| parsed(Urgency::parse, u))
                    .transpose()?;
                let sentra = facts
                    .sentra_id
                    .as_deref()
                    .map(|id| (id, facts.sentra_name.as_deref().unwrap_or(id)));
                let notices = plan(&EventFacts {
                    event: &event,
                    ticket: &ticket,
                    status,
                    urgency,
                    sentra,
                    reporter: reporter.as_ref(),
                });
                let data = data_of(
                    Some((event.case_id, &ticket, status, facts.channel.as_str())),
                    sentra,
                    Some(&event),
                );
                for notice in &notices {
                    let (queued, nobody) = queue_notice!(
                        tx,
                        notice,
                        reporter.as_ref(),
                        Some(event.case_id),
                        Some(event.id),
                        format!("e{}", event.id),
                        data.clone(),
                        at
                    );
                    report.queued += queued;
                    if nobody {
                        report.unaddressed += 1;
                        tracing::debug!(case.id = %event.case_id, event.id = event.id,
                            notice.kind = %notice.kind, notice.audience = %notice.audience,
                            "notice has no address: not queued");
                    }
                }
            }
            sqlx::query(
                "UPDATE job_cursors SET last_tx = $1, last_event_id = $2, updated_at = $3 \
                 WHERE name = 'notifier'",
            )
            .bind(last.0)
            .bind(last.1)
            .bind(at)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            report
        });
        Ok(report)
    }

    /// History entries the notifier has not read yet (all of them, whether or not their
    /// transaction is old enough to be read): 0 when the outbox has caught up.
    pub async fn notifier_backlog(&self) -> Result<i64, StoreError> {
        Ok(on_pool!(self, read, |pool, PG| {
            let sql = if PG {
                "SELECT COUNT(*) FROM case_events e, job_cursors c WHERE c.name = 'notifier' \
                 AND (e.tx_id, e.id) > (c.last_tx::text::xid8, c.last_event_id)"
            } else {
                "SELECT COUNT(*) FROM case_events e, job_cursors c WHERE c.name = 'notifier' \
                 AND e.id > c.last_event_id"
            };
            sqlx::query_scalar(sql).fetch_one(pool).await?
        }))
    }

    /// Queues a message about a case directly (not from its history), for example the
    /// satisfaction-survey link after closure. The notice's audience decides the addresses,
    /// as for history entries; a complainant is written to only when they may be contacted.
    /// `key` makes the call idempotent: the same key queues nothing the second time.
    /// Returns the number of rows queued.
    pub async fn enqueue_notification(
        &self,
        case_id: Uuid,
        notice: &Notice,
        key: &str,
        at: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        let case = self.get_case(case_id).await?;
        let reporter = case.people.as_ref().map(|p| p.reporter.clone());
        let sentra = case
            .assignment
            .as_ref()
            .and_then(|a| Some((a.sentra.clone()?, a.sentra_name.clone())));
        let data = data_of(
            Some((case.id, &case.ticket, case.status, case.channel.as_str())),
            sentra
                .as_ref()
                .map(|(id, name)| (id.as_str(), name.as_deref().unwrap_or(id))),
            None,
        );
        let at = t(at);
        let key = format!("k:{key}");
        let queued = on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let (queued, _) = queue_notice!(
                tx,
                notice,
                reporter.as_ref(),
                Some(case_id),
                None::<i64>,
                key,
                data.clone(),
                at
            );
            tx.commit().await?;
            queued
        });
        Ok(queued)
    }
}
