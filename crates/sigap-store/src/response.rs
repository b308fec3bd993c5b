//! The response record of a case: assessments, interventions and referrals. Adding one bumps
//! the case's version and writes its history entry in the same transaction.

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use serde::Serialize;
use sigap_core::{
    case::EventKind,
    response::{AgencyKind, Assessment, Intervention, InterventionType},
};
use uuid::Uuid;

use crate::{Store, StoreError, pool::on_pool};

/// A stored record with who typed it in and when.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recorded<T> {
    pub id: i64,
    #[serde(flatten)]
    pub record: T,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

/// A referral as stored, with its state (`menunggu`, `diterima`, `dikembalikan`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredReferral {
    pub id: i64,
    pub agency_kind: AgencyKind,
    pub agency_name: String,
    pub contact: Option<String>,
    pub reason: Option<String>,
    pub referred_at: DateTime<Utc>,
    pub referred_by: String,
    pub state: String,
    pub due_at: Option<DateTime<Utc>>,
    pub settled_at: Option<DateTime<Utc>>,
    pub settled_by: Option<String>,
}

/// Everything recorded about the response to one case.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ResponseRecord {
    pub assessments: Vec<Recorded<Assessment>>,
    pub interventions: Vec<Recorded<Intervention>>,
    pub referrals: Vec<StoredReferral>,
}

fn corrupt(e: sigap_core::FieldError) -> StoreError {
    StoreError::corrupt(e.message_en)
}

#[derive(sqlx::FromRow)]
struct AssessmentRow {
    id: i64,
    findings: String,
    needs: String,
    /// JSON array of intervention types.
    recommended: String,
    assessed_by: String,
    assessed_on: NaiveDate,
    recorded_by: String,
    recorded_at: DateTime<Utc>,
}

impl AssessmentRow {
    fn into_record(self) -> Result<Recorded<Assessment>, StoreError> {
        Ok(Recorded {
            id: self.id,
            record: Assessment {
                findings: self.findings,
                needs: self.needs,
                recommended: serde_json::from_str(&self.recommended)
                    .map_err(StoreError::corrupt)?,
                assessed_by: self.assessed_by,
                assessed_on: self.assessed_on,
            },
            recorded_by: self.recorded_by,
            recorded_at: self.recorded_at,
        })
    }
}

#[derive(sqlx::FromRow)]
struct InterventionRow {
    id: i64,
    kind: String,
    description: String,
    quantity: i64,
    unit: Option<String>,
    given_on: NaiveDate,
    given_by: String,
    recorded_by: String,
    recorded_at: DateTime<Utc>,
}

impl InterventionRow {
    fn into_record(self) -> Result<Recorded<Intervention>, StoreError> {
        Ok(Recorded {
            id: self.id,
            record: Intervention {
                kind: InterventionType::parse(&self.kind).map_err(corrupt)?,
                description: self.description,
                quantity: u32::try_from(self.quantity).map_err(StoreError::corrupt)?,
                unit: self.unit,
                given_on: self.given_on,
                given_by: self.given_by,
            },
            recorded_by: self.recorded_by,
            recorded_at: self.recorded_at,
        })
    }
}

#[derive(sqlx::FromRow)]
struct ReferralRow {
    id: i64,
    agency_kind: String,
    agency_name: String,
    contact: Option<String>,
    reason: Option<String>,
    referred_at: DateTime<Utc>,
    referred_by: String,
    state: String,
    due_at: Option<DateTime<Utc>>,
    settled_at: Option<DateTime<Utc>>,
    settled_by: Option<String>,
}

impl ReferralRow {
    fn into_referral(self) -> Result<StoredReferral, StoreError> {
        Ok(StoredReferral {
            id: self.id,
            agency_kind: AgencyKind::parse(&self.agency_kind).map_err(corrupt)?,
            agency_name: self.agency_name,
            contact: self.contact,
            reason: self.reason,
            referred_at: self.referred_at,
            referred_by: self.referred_by,
            state: self.state,
            due_at: self.due_at,
            settled_at: self.settled_at,
            settled_by: self.settled_by,
        })
    }
}

/// A record to add, with what it needs beside the value.
enum NewRecord<'a> {
    /// The assessment and its recommended interventions as JSON.
    Assessment(&'a Assessment, &'a str),
    Intervention(&'a Intervention),
}

impl Store {
    /// Records an assessment; the first one ends the assessment stage of the SLA clock.
    pub async fn add_assessment(
        &self,
        id: Uuid,
        a: &Assessment,
        actor: &str,
        expected_version: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let recommended = serde_json::to_string(&a.recommended).map_err(StoreError::corrupt)?;
        let note = format!("Asesmen oleh {}: {}", a.assessed_by, a.findings);
        let record = NewRecord::Assessment(a, &recommended);
        self.add_record(id, actor, expected_version, at, &note, record)
            .await
    }

    /// Records help given to the person.
    pub async fn add_intervention(
        &self,
        id: Uuid,
        i: &Intervention,
        actor: &str,
        expected_version: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let note = format!(
            "{} × {}{}: {}",
            i.quantity,
            i.kind.label(),
            i.unit
                .as_deref()
                .map(|u| format!(" ({u})"))
                .unwrap_or_default(),
            i.description
        );
        self.add_record(
            id,
            actor,
            expected_version,
            at,
            &note,
            NewRecord::Intervention(i),
        )
        .await
    }

    /// The shared path of a record: check the case is open and at the expected version, bump
    /// it, insert the record, write the history entry.
    async fn add_record(
        &self,
        id: Uuid,
        actor: &str,
        expected_version: Option<i64>,
        at: DateTime<Utc>,
        note: &str,
        record: NewRecord<'_>,
    ) -> Result<i64, StoreError> {
        let at = at.trunc_subsecs(6);
        let (kind, assessed) = match record {
            NewRecord::Assessment(..) => (EventKind::Assessed, true),
            NewRecord::Intervention(_) => (EventKind::Intervened, false),
        };
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let (status, version): (String, i64) =
                sqlx::query_as("SELECT status, version FROM cases WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?
                    .ok_or(StoreError::NotFound)?;
            if let Some(expected) = expected_version
                && expected != version
            {
                return Err(StoreError::StaleVersion { current: version });
            }
            if matches!(status.as_str(), "selesai" | "ditolak" | "duplikat") {
                return Err(StoreError::refused(
                    "case_closed",
                    "Kasus sudah ditutup; buka kembali dulu untuk menambah catatan penanganan.",
                    "The case is closed; reopen it to add to its response record.",
                ));
            }
            let mut q =
                sqlx::QueryBuilder::new("UPDATE cases SET version = version + 1, updated_at = ");
            q.push_bind(at).push(", sla_check_at = ").push_bind(at);
            if assessed {
                q.push(", assessed_at = COALESCE(assessed_at, ")
                    .push_bind(at)
                    .push(")");
            }
            q.push(" WHERE id = ")
                .push_bind(id)
                .push(" AND version = ")
                .push_bind(version);
            if q.build().execute(&mut *tx).await?.rows_affected() != 1 {
                return Err(StoreError::StaleVersion {
                    current: version + 1,
                });
            }
            let record: i64 = match record {
                NewRecord::Assessment(a, recommended) => sqlx::query_scalar(
                    "INSERT INTO assessments (case_id, findings, needs, recommended, assessed_by, \
                     assessed_on, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                     RETURNING id",
                )
                .bind(id)
                .bind(&a.findings)
                .bind(&a.needs)
                .bind(recommended)
                .bind(&a.assessed_by)
                .bind(a.assessed_on)
                .bind(actor)
                .bind(at)
                .fetch_one(&mut *tx)
                .await?,
                NewRecord::Intervention(i) => sqlx::query_scalar(
                    "INSERT INTO interventions (case_id, kind, description, quantity, unit, given_on, \
                     given_by, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                     RETURNING id",
                )
                .bind(id)
                .bind(i.kind.as_str())
                .bind(&i.description)
                .bind(i64::from(i.quantity))
                .bind(i.unit.as_deref())
                .bind(i.given_on)
                .bind(&i.given_by)
                .bind(actor)
                .bind(at)
                .fetch_one(&mut *tx)
                .await?,
            };
            sqlx::query(
                "INSERT INTO case_events (case_id, at, actor, kind, note) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(at)
            .bind(actor)
            .bind(kind.as_str())
            .bind(note)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(record)
        })
    }

    /// The response record of case `id`, oldest first.
    pub async fn response_record(&self, id: Uuid) -> Result<ResponseRecord, StoreError> {
        let (assessments, interventions, referrals): (
            Vec<AssessmentRow>,
            Vec<InterventionRow>,
            Vec<ReferralRow>,
        ) = on_pool!(self, read, |pool| {
            let a = sqlx::query_as(
                "SELECT id, findings, needs, recommended, assessed_by, assessed_on, recorded_by, \
                     recorded_at FROM assessments WHERE case_id = $1 ORDER BY id",
            )
            .bind(id)
            .fetch_all(pool)
            .await?;
            let i = sqlx::query_as(
                "SELECT id, kind, description, quantity, unit, given_on, given_by, recorded_by, \
                     recorded_at FROM interventions WHERE case_id = $1 ORDER BY id",
            )
            .bind(id)
            .fetch_all(pool)
            .await?;
            let r = sqlx::query_as(
                    "SELECT id, agency_kind, agency_name, contact, reason, referred_at, referred_by, \
                     state, due_at, settled_at, settled_by FROM referrals WHERE case_id = $1 ORDER BY id",
                )
                .bind(id)
                .fetch_all(pool)
                .await?;
            (a, i, r)
        });
        let assessments = assessments
            .into_iter()
            .map(AssessmentRow::into_record)
            .collect::<Result<_, _>>()?;
        let interventions = interventions
            .into_iter()
            .map(InterventionRow::into_record)
            .collect::<Result<_, _>>()?;
        let referrals = referrals
            .into_iter()
            .map(ReferralRow::into_referral)
            .collect::<Result<_, _>>()?;
        Ok(ResponseRecord {
            assessments,
            interventions,
            referrals,
        })
    }
}
