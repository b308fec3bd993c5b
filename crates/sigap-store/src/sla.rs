//! The SLA clock's storage: the facts a case's clock is computed from, what the policy said
//! (kept on the case with its deadlines), the cases due for a new look, escalations, the
//! policy in force and the holidays an administrator added.
//!
//! Safe with several instances without locks: an evaluation is a pure function of the stored
//! facts, so two instances write the same thing; an escalation is a compare-and-set on the
//! case's list of escalated stages, so it happens once.

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use sigap_core::{
    ComplaintType, Urgency,
    calendar::{DayKind, Holiday},
    case::EventKind,
    clock::Pause,
    sla::{Evaluation, Facts, Stage},
};
use uuid::Uuid;

use crate::{Store, StoreError, pool::on_pool};

fn t(at: DateTime<Utc>) -> DateTime<Utc> {
    at.trunc_subsecs(6)
}

type FactsRow = (
    Option<String>,
    String,
    Option<String>,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
);

type PauseRow = (DateTime<Utc>, Option<DateTime<Utc>>);
type ReferralRow = (DateTime<Utc>, String, Option<DateTime<Utc>>);

/// A policy as stored: its number, the policy as JSON, who set it and when.
#[derive(Debug, Clone)]
pub struct StoredPolicy {
    pub id: i64,
    pub data: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

impl Store {
    /// What the clock of case `id` is computed from.
    pub async fn sla_facts(&self, id: Uuid) -> Result<Facts, StoreError> {
        let (row, pauses, referral): (FactsRow, Vec<PauseRow>, Option<ReferralRow>) = on_pool!(
            self,
            read,
            |pool| {
                let row: FactsRow = sqlx::query_as(
                    "SELECT urgency, complaint_type, region_code, created_at, assigned_at, \
                     verified_at, responded_at, assessed_at, closed_at FROM cases WHERE id = $1",
                )
                .bind(id)
                .fetch_optional(pool)
                .await?
                .ok_or(StoreError::NotFound)?;
                let pauses = sqlx::query_as(
                    "SELECT started_at, ended_at FROM case_pauses WHERE case_id = $1 ORDER BY started_at",
                )
                .bind(id)
                .fetch_all(pool)
                .await?;
                let referral = sqlx::query_as(
                    "SELECT referred_at, state, settled_at FROM referrals \
                     WHERE case_id = $1 AND state <> 'dikembalikan' ORDER BY id DESC LIMIT 1",
                )
                .bind(id)
                .fetch_optional(pool)
                .await?;
                (row, pauses, referral)
            }
        );
        let (
            urgency,
            complaint_type,
            region,
            received_at,
            assigned_at,
            verified_at,
            responded_at,
            assessed_at,
            closed_at,
        ) = row;
        Ok(Facts {
            urgency: urgency
                .as_deref()
                .map(Urgency::parse)
                .transpose()
                .map_err(|e| StoreError::corrupt(e.message_en))?,
            complaint_type: Some(
                ComplaintType::parse(&complaint_type)
                    .map_err(|e| StoreError::corrupt(e.message_en))?,
            ),
            region,
            received_at,
            assigned_at,
            referred_at: referral.as_ref().map(|r| r.0),
            verified_at,
            responded_at,
            assessed_at,
            referral_done_at: referral
                .as_ref()
                .filter(|r| r.1 == "diterima")
                .and_then(|r| r.2),
            closed_at,
            pauses: pauses
                .into_iter()
                .map(|(from, to)| Pause { from, to })
                .collect(),
        })
    }

    /// Keeps what the policy said about case `id`: the evaluation as JSON, its state, each
    /// stage's deadline (for lists and KPIs) and when to look again. Does not change the
    /// case's version: the clock is not an edit.
    pub async fn save_sla(&self, id: Uuid, eval: &Evaluation) -> Result<(), StoreError> {
        let json = serde_json::to_string(eval).map_err(StoreError::corrupt)?;
        let due = |s: Stage| eval.stage(s).and_then(|c| c.due_at).map(t);
        let referral_due = due(Stage::Rujukan);
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "UPDATE cases SET sla = $1, sla_state = $2, sla_check_at = $3, due_verifikasi = $4, \
                 due_respons = $5, due_asesmen = $6, due_penyelesaian = $7, sla_flags = $8 WHERE id = $9",
            )
            .bind(&json)
            .bind(eval.state.as_str())
            .bind(eval.next_check_at.map(t))
            .bind(due(Stage::Verifikasi))
            .bind(due(Stage::Respons))
            .bind(due(Stage::Asesmen))
            .bind(due(Stage::Penyelesaian))
            .bind(eval.kpi_flags())
            .bind(id)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE referrals SET due_at = $1 WHERE case_id = $2 AND state = 'menunggu'",
            )
            .bind(referral_due)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Cases whose clock must be looked at again by `now`, oldest first.
    pub async fn sla_due(&self, now: DateTime<Utc>, limit: i64) -> Result<Vec<Uuid>, StoreError> {
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_scalar(
                "SELECT id FROM cases WHERE sla_check_at IS NOT NULL AND sla_check_at <= $1 \
                 ORDER BY sla_check_at LIMIT $2",
            )
            .bind(t(now))
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Records that `stage` of case `id` is late and has been escalated, once: returns
    /// `false` when it already was (by this instance or another).
    pub async fn escalate(
        &self,
        id: Uuid,
        stage: Stage,
        note: &str,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let at = t(at);
        Ok(on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let done: String = sqlx::query_scalar("SELECT sla_escalated FROM cases WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound)?;
            if done.split(',').any(|s| s == stage.as_str()) {
                return Ok(false);
            }
            let now_done = if done.is_empty() {
                stage.as_str().to_owned()
            } else {
                format!("{done},{}", stage.as_str())
            };
            let changed = sqlx::query(
                "UPDATE cases SET sla_escalated = $1 WHERE id = $2 AND sla_escalated = $3",
            )
            .bind(&now_done)
            .bind(id)
            .bind(&done)
            .execute(&mut *tx)
            .await?;
            if changed.rows_affected() != 1 {
                return Ok(false);
            }
            sqlx::query(
                "INSERT INTO case_events (case_id, at, actor, kind, note) VALUES ($1, $2, 'system', $3, $4)",
            )
            .bind(id)
            .bind(at)
            .bind(EventKind::Escalated.as_str())
            .bind(note)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            true
        }))
    }

    /// The newest policy an administrator set, if any.
    pub async fn sla_policy(&self) -> Result<Option<StoredPolicy>, StoreError> {
        let row: Option<(i64, String, String, DateTime<Utc>)> = on_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT id, data, created_by, created_at FROM sla_policies ORDER BY id DESC LIMIT 1",
            )
            .fetch_optional(pool)
            .await?
        });
        Ok(row.map(|(id, data, created_by, created_at)| StoredPolicy {
            id,
            data,
            created_by,
            created_at,
        }))
    }

    /// Puts a new policy in force (validated by the caller); earlier ones stay on record.
    pub async fn set_sla_policy(
        &self,
        data: &str,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let at = t(at);
        Ok(on_pool!(self, write, |pool| {
            sqlx::query_scalar(
                "INSERT INTO sla_policies (data, created_by, created_at) VALUES ($1, $2, $3) RETURNING id",
            )
            .bind(data)
            .bind(actor)
            .bind(at)
            .fetch_one(pool)
            .await?
        }))
    }

    /// Open cases, so that a policy or calendar change reaches their clocks at the next sweep.
    pub async fn recheck_open_cases(&self, at: DateTime<Utc>) -> Result<u64, StoreError> {
        Ok(on_pool!(self, write, |pool| {
            sqlx::query(
                "UPDATE cases SET sla_check_at = $1 WHERE status NOT IN ('selesai', 'ditolak', 'duplikat')",
            )
            .bind(t(at))
            .execute(pool)
            .await?
            .rows_affected()
        }))
    }

    /// The holidays and collective leave days an administrator added.
    pub async fn added_holidays(&self) -> Result<Vec<Holiday>, StoreError> {
        let rows: Vec<(NaiveDate, String, String)> = on_pool!(self, read, |pool| {
            sqlx::query_as("SELECT date, kind, name FROM holidays ORDER BY date")
                .fetch_all(pool)
                .await?
        });
        rows.into_iter()
            .map(|(date, kind, name)| {
                Ok(Holiday {
                    date,
                    kind: DayKind::parse(&kind).map_err(|e| StoreError::corrupt(e.message_en))?,
                    name,
                })
            })
            .collect()
    }

    /// Adds a day off (or replaces the one added for that date).
    pub async fn add_holiday(
        &self,
        day: &Holiday,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let at = t(at);
        on_pool!(self, write, |pool| {
            sqlx::query(
                "INSERT INTO holidays (date, kind, name, created_by, created_at) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (date) DO UPDATE SET kind = excluded.kind, name = excluded.name, \
                 created_by = excluded.created_by, created_at = excluded.created_at",
            )
            .bind(day.date)
            .bind(day.kind.as_str())
            .bind(&day.name)
            .bind(actor)
            .bind(at)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Removes an added day; `NotFound` when none was added for that date.
    pub async fn remove_holiday(&self, date: NaiveDate) -> Result<(), StoreError> {
        let n = on_pool!(self, write, |pool| {
            sqlx::query("DELETE FROM holidays WHERE date = $1")
                .bind(date)
                .execute(pool)
                .await?
                .rows_affected()
        });
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}
