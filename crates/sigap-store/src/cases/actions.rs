//! Moving a case through the workflow — with the rules of the response record, the stage
//! times the SLA clock reads and the pause of a case waiting for its complainant — and notes.

use chrono::{DateTime, Utc};
use sigap_core::{
    Action, Status,
    case::{Case, EventKind},
    response::{Outcome, Referral},
    workflow::transition,
};
use uuid::Uuid;

use super::stored_time;
use crate::{Store, StoreError, pool::on_pool};

/// A workflow move asked for by a person.
#[derive(Debug, Clone)]
pub struct ActionRequest {
    pub action: Action,
    pub actor: String,
    pub note: Option<String>,
    pub duplicate_of: Option<Uuid>,
    /// When set, the move is refused if the case is no longer at this version.
    pub expected_version: Option<i64>,
    /// How the case ended: required by `selesaikan`.
    pub outcome: Option<Outcome>,
    /// To whom: required by `rujuk`.
    pub referral: Option<Referral>,
}

impl ActionRequest {
    /// A move with nothing but its actor.
    pub fn new(action: Action, actor: impl Into<String>) -> ActionRequest {
        ActionRequest {
            action,
            actor: actor.into(),
            note: None,
            duplicate_of: None,
            expected_version: None,
            outcome: None,
            referral: None,
        }
    }
}

impl Store {
    /// Moves a case through the workflow (or adds a note when `action` is `None`), writing the
    /// history entry in the same transaction. Refused when the workflow does not allow the
    /// move, when `expected_version` is stale, or when a rule of the response record says no
    /// (see [`Store::response_rules`]). Stamps the stage times that the SLA clock and the KPIs
    /// read, and opens or closes the pause of a case waiting for its complainant.
    #[tracing::instrument(skip_all, fields(case.id = %id))]
    pub async fn apply_action(
        &self,
        id: Uuid,
        request: &ActionRequest,
        at: DateTime<Utc>,
    ) -> Result<Case, StoreError> {
        let at = stored_time(at);
        let action = request.action;
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let (status, version, created_at, waiting_since): (
                String,
                i64,
                DateTime<Utc>,
                Option<DateTime<Utc>>,
            ) = sqlx::query_as(
                "SELECT status, version, created_at, waiting_since FROM cases WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
            if let Some(expected) = request.expected_version
                && expected != version
            {
                return Err(StoreError::StaleVersion { current: version });
            }
            let from = Status::parse(&status).map_err(|e| StoreError::corrupt(e.message_en))?;
            let to = transition(from, action)?;
            if let Some(target) = request.duplicate_of {
                let exists: Option<i64> =
                    sqlx::query_scalar("SELECT version FROM cases WHERE id = $1 AND id <> $2")
                        .bind(target)
                        .bind(id)
                        .fetch_optional(&mut *tx)
                        .await?;
                if exists.is_none() {
                    return Err(StoreError::NotFound);
                }
            }
            let interventions: i64 = if action == Action::Selesaikan {
                sqlx::query_scalar("SELECT COUNT(*) FROM interventions WHERE case_id = $1")
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?
            } else {
                0
            };
            let outcome = Self::response_rules(request, waiting_since.is_some(), interventions)?;
            let secs = (at - created_at).num_seconds();
            let stamp =
                |q: &mut sqlx::QueryBuilder<'_, _>, column: &str, secs_column: Option<&str>| {
                    q.push(format_args!(", {column} = COALESCE({column}, "))
                        .push_bind(at)
                        .push(")");
                    if let Some(c) = secs_column {
                        q.push(format_args!(", {c} = COALESCE({c}, "))
                            .push_bind(secs)
                            .push(")");
                    }
                };
            // The version check in the WHERE clause makes the update safe against a writer
            // that slipped in between (PostgreSQL with several instances).
            let mut q = sqlx::QueryBuilder::new("UPDATE cases SET status = ");
            q.push_bind(to.as_str())
                .push(", version = version + 1, updated_at = ")
                .push_bind(at)
                .push(", sla_check_at = ")
                .push_bind(at);
            if to == Status::Duplikat {
                q.push(", duplicate_of = ").push_bind(request.duplicate_of);
            }
            if from == Status::Baru && to != from {
                stamp(&mut q, "verified_at", Some("verification_secs"));
            }
            if action == Action::Tugaskan {
                stamp(&mut q, "assigned_at", None);
            }
            if matches!(action, Action::Tangani | Action::Rujuk) {
                stamp(&mut q, "responded_at", Some("response_secs"));
            }
            if to.is_closed() {
                q.push(", closed_at = ")
                    .push_bind(at)
                    .push(", closure_secs = ")
                    .push_bind(secs)
                    .push(", outcome = ")
                    .push_bind(outcome.map(|o| o.as_str()));
            }
            if action == Action::BukaKembali {
                q.push(", closed_at = NULL, closure_secs = NULL, outcome = NULL");
            }
            let resumes =
                waiting_since.is_some() && (action == Action::TanggapanDiterima || to.is_closed());
            if action == Action::MintaTanggapan {
                q.push(", waiting_since = ").push_bind(at);
            } else if resumes {
                q.push(", waiting_since = NULL");
            }
            q.push(" WHERE id = ")
                .push_bind(id)
                .push(" AND version = ")
                .push_bind(version);
            let updated = q.build().execute(&mut *tx).await?;
            if updated.rows_affected() != 1 {
                return Err(StoreError::StaleVersion {
                    current: version + 1,
                });
            }
            if action == Action::MintaTanggapan {
                sqlx::query(
                    "INSERT INTO case_pauses (case_id, started_at, reason) VALUES ($1, $2, $3)",
                )
                .bind(id)
                .bind(at)
                .bind(request.note.as_deref().unwrap_or(""))
                .execute(&mut *tx)
                .await?;
            } else if resumes {
                sqlx::query(
                    "UPDATE case_pauses SET ended_at = $1 WHERE case_id = $2 AND ended_at IS NULL",
                )
                .bind(at)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            match (action, &request.referral) {
                (Action::Rujuk, Some(r)) => {
                    sqlx::query(
                        "INSERT INTO referrals (case_id, agency_kind, agency_name, contact, reason, \
                         referred_at, referred_by, state) VALUES ($1, $2, $3, $4, $5, $6, $7, 'menunggu')",
                    )
                    .bind(id)
                    .bind(r.agency_kind.as_str())
                    .bind(&r.agency_name)
                    .bind(r.contact.as_deref())
                    .bind(request.note.as_deref())
                    .bind(at)
                    .bind(&request.actor)
                    .execute(&mut *tx)
                    .await?;
                }
                (Action::KonfirmasiRujukan | Action::BatalkanRujukan, _) => {
                    let state = if action == Action::KonfirmasiRujukan {
                        "diterima"
                    } else {
                        "dikembalikan"
                    };
                    sqlx::query(
                        "UPDATE referrals SET state = $1, settled_at = $2, settled_by = $3 \
                         WHERE case_id = $4 AND state = 'menunggu'",
                    )
                    .bind(state)
                    .bind(at)
                    .bind(&request.actor)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                }
                _ => {}
            }
            let note = match (outcome, request.note.as_deref(), &request.referral) {
                (_, note, Some(r)) => Some(format!(
                    "Dirujuk ke {} ({}).{}",
                    r.agency_name,
                    r.agency_kind.label(),
                    note.map(|n| format!(" {n}")).unwrap_or_default()
                )),
                (Some(o), note, None) => Some(format!(
                    "Hasil: {}.{}",
                    o.label(),
                    note.map(|n| format!(" {n}")).unwrap_or_default()
                )),
                (None, note, None) => note.map(str::to_owned),
            };
            sqlx::query(
                "INSERT INTO case_events (case_id, at, actor, kind, action, from_status, \
                 to_status, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(id)
            .bind(at)
            .bind(&request.actor)
            .bind(EventKind::Transition.as_str())
            .bind(action.as_str())
            .bind(from.as_str())
            .bind(to.as_str())
            .bind(note)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        });
        self.get_case(id).await
    }

    /// The rules of the response record for one move, given whether the case waits for its
    /// complainant and how many interventions it has: the outcome the move closes with, or
    /// why it is refused.
    pub fn response_rules(
        request: &ActionRequest,
        waiting: bool,
        interventions: i64,
    ) -> Result<Option<Outcome>, StoreError> {
        let outcome = match request.action {
            Action::MintaTanggapan if waiting => {
                return Err(StoreError::refused(
                    "already_waiting",
                    "Kasus ini sudah menunggu tanggapan pelapor.",
                    "This case is already waiting for the complainant.",
                ));
            }
            Action::TanggapanDiterima | Action::TutupOtomatis if !waiting => {
                return Err(StoreError::refused(
                    "not_waiting",
                    "Kasus ini tidak sedang menunggu tanggapan pelapor.",
                    "This case is not waiting for the complainant.",
                ));
            }
            Action::Rujuk if request.referral.is_none() => {
                return Err(StoreError::refused(
                    "referral_required",
                    "Sebutkan instansi tujuan rujukan.",
                    "Name the agency the case is referred to.",
                ));
            }
            Action::Selesaikan => match request.outcome {
                None => {
                    return Err(StoreError::refused(
                        "outcome_required",
                        "Kasus tidak bisa ditutup tanpa hasil penanganan (outcome).",
                        "A case cannot be closed without an outcome.",
                    ));
                }
                Some(o) if o.is_automatic() => {
                    return Err(StoreError::refused(
                        "automatic_outcome",
                        format!("Hasil '{o}' hanya ditetapkan oleh Sigap sendiri."),
                        format!("Outcome '{o}' is set only by Sigap itself."),
                    ));
                }
                Some(o) if o.requires_intervention() && interventions == 0 => {
                    return Err(StoreError::refused(
                        "intervention_required",
                        "Hasil 'tertangani' memerlukan paling sedikit satu intervensi yang dicatat.",
                        "Outcome 'tertangani' needs at least one recorded intervention.",
                    ));
                }
                Some(o) => Some(o),
            },
            Action::KonfirmasiRujukan => Some(Outcome::Dirujuk),
            Action::TutupOtomatis => Some(Outcome::TidakAdaTanggapan),
            _ => None,
        };
        Ok(outcome)
    }

    /// Adds a note to a case's history without changing its status.
    pub async fn add_note(
        &self,
        id: Uuid,
        actor: &str,
        note: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let at = stored_time(at);
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let found: Option<i64> = sqlx::query_scalar(
                "UPDATE cases SET version = version + 1, updated_at = $1 WHERE id = $2 RETURNING version",
            )
            .bind(at)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            if found.is_none() {
                return Err(StoreError::NotFound);
            }
            sqlx::query(
                "INSERT INTO case_events (case_id, at, actor, kind, note) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(at)
            .bind(actor)
            .bind(EventKind::Note.as_str())
            .bind(note)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }
}
