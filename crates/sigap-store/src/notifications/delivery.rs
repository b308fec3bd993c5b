//! The delivery side of the outbox: leases for the workers (`FOR UPDATE SKIP LOCKED` on
//! PostgreSQL), the record of every attempt, releasing a worker's rows at shutdown, and the
//! outbox as administrators read it.

use super::*;

impl Store {
    /// Takes up to `limit` due rows of the given channels under a lease until `lease_until`.
    /// On PostgreSQL rows locked by another worker are skipped (`FOR UPDATE SKIP LOCKED`), so
    /// two workers never hold the same row.
    pub async fn claim_notifications(
        &self,
        channels: &[DeliveryChannel],
        limit: u32,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<Vec<Claimed>, StoreError> {
        if channels.is_empty() {
            return Ok(Vec::new());
        }
        let token = Uuid::now_v7();
        let rows: Vec<NotificationRow> = on_pool!(self, write, |pool, PG| {
            let mut q = sqlx::QueryBuilder::new("UPDATE notifications SET claimed_until = ");
            q.push_bind(t(lease_until))
                .push(", claim_token = ")
                .push_bind(token)
                .push(", attempts = attempts + 1 WHERE id IN (SELECT id FROM notifications WHERE status = 'pending' AND next_attempt_at <= ")
                .push_bind(t(now))
                .push(" AND (claimed_until IS NULL OR claimed_until <= ")
                .push_bind(t(now))
                .push(") AND channel IN (");
            let mut list = q.separated(", ");
            for c in channels {
                list.push_bind(c.as_str());
            }
            q.push(") ORDER BY next_attempt_at, id LIMIT ")
                .push_bind(i64::from(limit.max(1)));
            if PG {
                q.push(" FOR UPDATE SKIP LOCKED");
            }
            q.push(format!(") RETURNING {NOTIFICATION_COLUMNS}"));
            q.build_query_as().fetch_all(pool).await?
        });
        let mut claimed = Vec::with_capacity(rows.len());
        for row in rows {
            let n = row.into_notification()?;
            let secret = match n.target_id {
                Some(target) => on_pool!(self, read, |pool| {
                    sqlx::query_scalar::<_, Option<String>>(
                        "SELECT secret FROM notification_targets WHERE id = $1",
                    )
                    .bind(target)
                    .fetch_optional(pool)
                    .await?
                    .flatten()
                }),
                None => None,
            };
            claimed.push(Claimed {
                attempt: n.attempts,
                notification: n,
                token,
                secret,
            });
        }
        claimed.sort_by_key(|c| (c.notification.next_attempt_at, c.notification.id));
        Ok(claimed)
    }

    /// Logs an attempt and moves the row on: `sent` (always recorded: a delivery is a fact),
    /// or a retry or a failure (recorded only while the caller's lease holds). Returns whether
    /// the row changed.
    pub async fn record_attempt(
        &self,
        claimed: &Claimed,
        result: &AttemptResult,
        worker: &str,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let at = t(at);
        let id = claimed.notification.id;
        let changed = on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO notification_attempts (notification_id, attempt, started_at, \
                 duration_ms, outcome, http_status, smtp_reply, error, worker) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(id)
            .bind(claimed.attempt)
            .bind(t(result.started_at))
            .bind(result.duration_ms)
            .bind(result.outcome.as_str())
            .bind(result.http_status.map(i32::from))
            .bind(result.smtp_reply.as_deref())
            .bind(result.error.as_deref())
            .bind(worker)
            .execute(&mut *tx)
            .await?;
            let done = match result.outcome {
                AttemptOutcome::Sent => {
                    sqlx::query(
                        "UPDATE notifications SET status = 'sent', finished_at = $1, \
                         last_error = NULL, claimed_until = NULL, claim_token = NULL \
                         WHERE id = $2 AND status = 'pending'",
                    )
                    .bind(at)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?
                }
                AttemptOutcome::Retry => {
                    sqlx::query(
                        "UPDATE notifications SET next_attempt_at = $1, last_error = $2, \
                         claimed_until = NULL, claim_token = NULL \
                         WHERE id = $3 AND status = 'pending' AND claim_token = $4",
                    )
                    .bind(t(result.retry_at.unwrap_or(at)))
                    .bind(result.error.as_deref())
                    .bind(id)
                    .bind(claimed.token)
                    .execute(&mut *tx)
                    .await?
                }
                AttemptOutcome::Failed => {
                    sqlx::query(
                        "UPDATE notifications SET status = 'failed', finished_at = $1, \
                         last_error = $2, claimed_until = NULL, claim_token = NULL \
                         WHERE id = $3 AND status = 'pending' AND claim_token = $4",
                    )
                    .bind(at)
                    .bind(result.error.as_deref())
                    .bind(id)
                    .bind(claimed.token)
                    .execute(&mut *tx)
                    .await?
                }
            };
            tx.commit().await?;
            done.rows_affected() == 1
        });
        Ok(changed)
    }

    /// Gives back rows claimed under `token` that were not attempted (a worker stopping).
    pub async fn release_claims(&self, token: Uuid) -> Result<u64, StoreError> {
        Ok(on_pool!(self, write, |pool| {
            sqlx::query(
                "UPDATE notifications SET claimed_until = NULL, claim_token = NULL, \
                 attempts = attempts - 1 WHERE claim_token = $1 AND status = 'pending'",
            )
            .bind(token)
            .execute(pool)
            .await?
            .rows_affected()
        }))
    }

    /// Outbox rows newest first, each with its attempts oldest first.
    pub async fn list_notifications(
        &self,
        filter: &NotificationFilter,
        limit: u32,
    ) -> Result<Vec<(Notification, Vec<DeliveryAttempt>)>, StoreError> {
        let limit = i64::from(limit.clamp(1, 500));
        let rows: Vec<NotificationRow> = on_pool!(self, read, |pool| {
            let mut q = sqlx::QueryBuilder::new(format!(
                "SELECT {NOTIFICATION_COLUMNS} FROM notifications WHERE 1 = 1"
            ));
            if let Some(c) = filter.case_id {
                q.push(" AND case_id = ").push_bind(c);
            }
            if let Some(s) = filter.status {
                q.push(" AND status = ").push_bind(s.as_str());
            }
            q.push(" ORDER BY created_at DESC, id DESC LIMIT ")
                .push_bind(limit);
            q.build_query_as().fetch_all(pool).await?
        });
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        let mut attempts = std::collections::HashMap::<Uuid, Vec<DeliveryAttempt>>::new();
        if !ids.is_empty() {
            let found: Vec<AttemptRow> = on_pool!(self, read, |pool| {
                let mut q = sqlx::QueryBuilder::new(
                    "SELECT notification_id, attempt, started_at, duration_ms, outcome, \
                     http_status, smtp_reply, error, worker FROM notification_attempts \
                     WHERE notification_id IN (",
                );
                let mut list = q.separated(", ");
                for id in &ids {
                    list.push_bind(*id);
                }
                q.push(") ORDER BY id");
                q.build_query_as().fetch_all(pool).await?
            });
            for a in found {
                attempts
                    .entry(a.notification_id)
                    .or_default()
                    .push(DeliveryAttempt {
                        attempt: a.attempt,
                        started_at: a.started_at,
                        duration_ms: a.duration_ms,
                        outcome: parsed(AttemptOutcome::parse, &a.outcome)?,
                        http_status: a.http_status.and_then(|s| u16::try_from(s).ok()),
                        smtp_reply: a.smtp_reply,
                        error: a.error,
                        worker: a.worker,
                    });
            }
        }
        rows.into_iter()
            .map(|r| {
                let list = attempts.remove(&r.id).unwrap_or_default();
                Ok((r.into_notification()?, list))
            })
            .collect()
    }

    /// How many rows wait for delivery, and when the earliest is due (for the worker's sleep
    /// and for metrics).
    pub async fn pending_notifications(
        &self,
        channels: &[DeliveryChannel],
    ) -> Result<(i64, Option<DateTime<Utc>>), StoreError> {
        if channels.is_empty() {
            return Ok((0, None));
        }
        Ok(on_pool!(self, read, |pool| {
            let mut q = sqlx::QueryBuilder::new(
                "SELECT COUNT(*), MIN(next_attempt_at) FROM notifications WHERE status = 'pending' AND channel IN (",
            );
            let mut list = q.separated(", ");
            for c in channels {
                list.push_bind(c.as_str());
            }
            q.push(")");
            q.build_query_as::<(i64, Option<DateTime<Utc>>)>()
                .fetch_one(pool)
                .await?
        }))
    }
}
