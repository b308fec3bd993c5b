//! The Sentra network in the database: units (with every change kept), coverage rules (never
//! edited: a change ends the old rule and adds a new one), surges, and the routing decisions
//! stored on cases (reassignment, a changed place).

use chrono::{DateTime, SubsecRound, Utc};
use sigap_core::{
    RegionCode,
    case::{Assignment, Case, EventKind, Location},
    routing::{Confidence, CoverageRule, Surge},
    sentra::Sentra,
};
use uuid::Uuid;

use crate::{Store, StoreError, pool::on_pool};

fn t(at: DateTime<Utc>) -> DateTime<Utc> {
    at.trunc_subsecs(6)
}

fn json<T: serde::Serialize>(v: &T) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(StoreError::corrupt)
}

/// A coverage rule as stored, with its life span.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StoredRule {
    /// The row id: stable for this version of the rule.
    pub row: i64,
    pub rule: CoverageRule,
    pub valid_from: DateTime<Utc>,
    pub valid_to: Option<DateTime<Utc>>,
    pub created_by: String,
    pub ended_by: Option<String>,
    pub end_reason: Option<String>,
}

#[derive(sqlx::FromRow)]
struct RuleRow {
    id: i64,
    sentra_id: String,
    region_code: String,
    priority: i32,
    confidence: String,
    source: String,
    as_of: String,
    note: Option<String>,
    valid_from: DateTime<Utc>,
    valid_to: Option<DateTime<Utc>>,
    created_by: String,
    ended_by: Option<String>,
    end_reason: Option<String>,
}

const RULE_COLUMNS: &str = "id, sentra_id, region_code, priority, confidence, source, as_of, note, \
    valid_from, valid_to, created_by, ended_by, end_reason";

impl RuleRow {
    fn into_stored(self) -> Result<StoredRule, StoreError> {
        let region =
            RegionCode::parse(&self.region_code).map_err(|e| StoreError::corrupt(e.message_en))?;
        Ok(StoredRule {
            row: self.id,
            rule: CoverageRule {
                id: CoverageRule::id_for(&self.sentra_id, &region),
                sentra: self.sentra_id,
                region,
                priority: self.priority,
                confidence: Confidence::parse(&self.confidence)
                    .map_err(|e| StoreError::corrupt(e.message_en))?,
                source: self.source,
                as_of: self.as_of,
                note: self.note,
            },
            valid_from: self.valid_from,
            valid_to: self.valid_to,
            created_by: self.created_by,
            ended_by: self.ended_by,
            end_reason: self.end_reason,
        })
    }
}

#[derive(sqlx::FromRow)]
struct SurgeRow {
    id: Uuid,
    region_code: String,
    sentra_ids: String,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    reason: String,
}

impl SurgeRow {
    fn into_surge(self) -> Result<Surge, StoreError> {
        Ok(Surge {
            id: self.id.to_string(),
            region: RegionCode::parse(&self.region_code)
                .map_err(|e| StoreError::corrupt(e.message_en))?,
            sentra: serde_json::from_str(&self.sentra_ids).map_err(StoreError::corrupt)?,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            reason: self.reason,
        })
    }
}

impl Store {
    /// How many units the database holds (none: the shipped network has not been loaded).
    pub async fn sentra_count(&self) -> Result<i64, StoreError> {
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_scalar("SELECT COUNT(*) FROM sentra")
                .fetch_one(pool)
                .await?
        }))
    }

    /// Loads a network into an empty database, in one transaction. Returns false (and changes
    /// nothing) when units are already there: the database, not the shipped file, is then the
    /// truth that administrators edit.
    pub async fn seed_network(
        &self,
        units: &[Sentra],
        rules: &[CoverageRule],
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let at = t(at);
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sentra")
                .fetch_one(&mut *tx)
                .await?;
            if existing > 0 {
                return Ok(false);
            }
            for u in units {
                let data = json(u)?;
                sqlx::query("INSERT INTO sentra (id, name, data, version, updated_at) VALUES ($1, $2, $3, 1, $4)")
                    .bind(&u.id).bind(&u.name).bind(&data).bind(at)
                    .execute(&mut *tx).await?;
                sqlx::query("INSERT INTO sentra_changes (sentra_id, at, actor, reason, data) VALUES ($1, $2, $3, $4, $5)")
                    .bind(&u.id).bind(at).bind(actor).bind("loaded from the shipped data (data/sentra)").bind(&data)
                    .execute(&mut *tx).await?;
            }
            for r in rules {
                insert_rule(&mut tx, r, actor, at).await?;
            }
            tx.commit().await?;
        });
        Ok(true)
    }

    pub async fn list_sentra(&self) -> Result<Vec<(Sentra, i64)>, StoreError> {
        let rows: Vec<(String, i64)> = on_pool!(self, read, |pool| {
            sqlx::query_as("SELECT data, version FROM sentra ORDER BY id")
                .fetch_all(pool)
                .await?
        });
        rows.into_iter()
            .map(|(data, v)| Ok((serde_json::from_str(&data).map_err(StoreError::corrupt)?, v)))
            .collect()
    }

    pub async fn get_sentra(&self, id: &str) -> Result<(Sentra, i64), StoreError> {
        let row: Option<(String, i64)> = on_pool!(self, read, |pool| {
            sqlx::query_as("SELECT data, version FROM sentra WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        let (data, v) = row.ok_or(StoreError::NotFound)?;
        Ok((serde_json::from_str(&data).map_err(StoreError::corrupt)?, v))
    }

    /// Creates or replaces a unit, keeping the change. `expected_version` guards against a
    /// stale edit of an existing unit.
    pub async fn put_sentra(
        &self,
        unit: &Sentra,
        expected_version: Option<i64>,
        actor: &str,
        reason: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let at = t(at);
        let data = json(unit)?;
        let version = on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let current: Option<i64> =
                sqlx::query_scalar("SELECT version FROM sentra WHERE id = $1")
                    .bind(&unit.id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if let (Some(expected), Some(current)) = (expected_version, current)
                && expected != current
            {
                return Err(StoreError::StaleVersion { current });
            }
            let version = match current {
                Some(v) => {
                    sqlx::query("UPDATE sentra SET name = $1, data = $2, version = version + 1, updated_at = $3 WHERE id = $4")
                        .bind(&unit.name).bind(&data).bind(at).bind(&unit.id)
                        .execute(&mut *tx).await?;
                    v + 1
                }
                None => {
                    sqlx::query("INSERT INTO sentra (id, name, data, version, updated_at) VALUES ($1, $2, $3, 1, $4)")
                        .bind(&unit.id).bind(&unit.name).bind(&data).bind(at)
                        .execute(&mut *tx).await?;
                    1
                }
            };
            sqlx::query("INSERT INTO sentra_changes (sentra_id, at, actor, reason, data) VALUES ($1, $2, $3, $4, $5)")
                .bind(&unit.id).bind(at).bind(actor).bind(reason).bind(&data)
                .execute(&mut *tx).await?;
            tx.commit().await?;
            version
        });
        Ok(version)
    }

    /// The rules in force at `at` (now: `valid_to IS NULL`), of one unit or of all.
    pub async fn coverage_at(
        &self,
        sentra: Option<&str>,
        at: Option<DateTime<Utc>>,
    ) -> Result<Vec<StoredRule>, StoreError> {
        let rows: Vec<RuleRow> = on_pool!(self, read, |pool| {
            let mut q = sqlx::QueryBuilder::new(format!(
                "SELECT {RULE_COLUMNS} FROM coverage_rules WHERE "
            ));
            match at {
                None => {
                    q.push("valid_to IS NULL");
                }
                Some(at) => {
                    q.push("valid_from <= ")
                        .push_bind(t(at))
                        .push(" AND (valid_to IS NULL OR valid_to > ")
                        .push_bind(t(at))
                        .push(")");
                }
            }
            if let Some(s) = sentra {
                q.push(" AND sentra_id = ").push_bind(s.to_owned());
            }
            q.push(" ORDER BY region_code, priority DESC, sentra_id");
            q.build_query_as().fetch_all(pool).await?
        });
        rows.into_iter().map(RuleRow::into_stored).collect()
    }

    /// Every version of every rule of a unit, oldest first: the unit's coverage history.
    pub async fn coverage_history(&self, sentra: &str) -> Result<Vec<StoredRule>, StoreError> {
        let rows: Vec<RuleRow> = on_pool!(self, read, |pool| {
            sqlx::query_as(&format!(
                "SELECT {RULE_COLUMNS} FROM coverage_rules WHERE sentra_id = $1 ORDER BY id"
            ))
            .bind(sentra)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(RuleRow::into_stored).collect()
    }

    /// Adds a rule; an active rule of the same unit for the same region is ended by it.
    pub async fn add_rule(
        &self,
        rule: &CoverageRule,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<StoredRule, StoreError> {
        let at = t(at);
        let id: i64 = on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let unit: Option<String> = sqlx::query_scalar("SELECT id FROM sentra WHERE id = $1")
                .bind(&rule.sentra)
                .fetch_optional(&mut *tx)
                .await?;
            if unit.is_none() {
                return Err(StoreError::NotFound);
            }
            sqlx::query(
                "UPDATE coverage_rules SET valid_to = $1, ended_by = $2, end_reason = 'replaced' \
                         WHERE sentra_id = $3 AND region_code = $4 AND valid_to IS NULL",
            )
            .bind(at)
            .bind(actor)
            .bind(&rule.sentra)
            .bind(rule.region.as_str())
            .execute(&mut *tx)
            .await?;
            let id = insert_rule(&mut tx, rule, actor, at).await?;
            tx.commit().await?;
            id
        });
        let all = self.coverage_history(&rule.sentra).await?;
        all.into_iter()
            .find(|r| r.row == id)
            .ok_or(StoreError::NotFound)
    }

    /// Ends a rule (it stays in the history).
    pub async fn end_rule(
        &self,
        row: i64,
        actor: &str,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let at = t(at);
        let done = on_pool!(self, write, |pool| {
            sqlx::query("UPDATE coverage_rules SET valid_to = $1, ended_by = $2, end_reason = $3 WHERE id = $4 AND valid_to IS NULL")
                .bind(at).bind(actor).bind(reason).bind(row)
                .execute(pool).await?.rows_affected()
        });
        if done == 1 {
            Ok(())
        } else {
            Err(StoreError::NotFound)
        }
    }

    pub async fn create_surge(
        &self,
        surge: &Surge,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        let id = Uuid::now_v7();
        let sentra = json(&surge.sentra)?;
        on_pool!(self, write, |pool| {
            sqlx::query("INSERT INTO surges (id, region_code, sentra_ids, starts_at, ends_at, reason, created_by, created_at, routed) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0)")
                .bind(id).bind(surge.region.as_str()).bind(&sentra).bind(t(surge.starts_at)).bind(t(surge.ends_at))
                .bind(&surge.reason).bind(actor).bind(t(at))
                .execute(pool).await?;
        });
        Ok(id)
    }

    /// Surges that have not ended by `at` (active or still to start), soonest first.
    pub async fn surges(
        &self,
        current_at: Option<DateTime<Utc>>,
    ) -> Result<Vec<Surge>, StoreError> {
        let rows: Vec<SurgeRow> = on_pool!(self, read, |pool| {
            match current_at {
                Some(at) => sqlx::query_as("SELECT id, region_code, sentra_ids, starts_at, ends_at, reason FROM surges WHERE ends_at > $1 ORDER BY starts_at")
                    .bind(t(at)).fetch_all(pool).await?,
                None => sqlx::query_as("SELECT id, region_code, sentra_ids, starts_at, ends_at, reason FROM surges ORDER BY starts_at")
                    .fetch_all(pool).await?,
            }
        });
        rows.into_iter().map(SurgeRow::into_surge).collect()
    }

    /// Ends a surge now (it would end by itself at its `ends_at`).
    pub async fn end_surge(&self, id: Uuid, at: DateTime<Utc>) -> Result<(), StoreError> {
        let done = on_pool!(self, write, |pool| {
            sqlx::query("UPDATE surges SET ends_at = $1 WHERE id = $2 AND ends_at > $1")
                .bind(t(at))
                .bind(id)
                .execute(pool)
                .await?
                .rows_affected()
        });
        if done == 1 {
            Ok(())
        } else {
            Err(StoreError::NotFound)
        }
    }

    /// The number of cases already routed under a surge, counting this one: the rotation index.
    pub async fn next_surge_seq(&self, id: &str) -> Result<u64, StoreError> {
        let id = Uuid::try_parse(id).map_err(StoreError::corrupt)?;
        let n: Option<i64> = on_pool!(self, write, |pool| {
            sqlx::query_scalar(
                "UPDATE surges SET routed = routed + 1 WHERE id = $1 RETURNING routed",
            )
            .bind(id)
            .fetch_optional(pool)
            .await?
        });
        n.map(|n| (n - 1).max(0) as u64).ok_or(StoreError::NotFound)
    }

    /// Stores a new routing decision on a case (`cause`: reassigned, location_changed…), with
    /// its history entry, optionally changing the place in the same transaction.
    pub async fn set_assignment(
        &self,
        id: Uuid,
        assignment: &Assignment,
        location: Option<&Location>,
        note: Option<&str>,
        expected_version: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<Case, StoreError> {
        let at = t(at);
        let routing = json(assignment)?;
        let kind = match (location.is_some(), assignment.cause.as_str()) {
            (true, _) => EventKind::LocationChanged,
            (false, "reassigned") => EventKind::Reassigned,
            _ => EventKind::Routed,
        };
        let note = match note {
            Some(n) => format!("{n} — {}", assignment.explanation),
            None => assignment.explanation.clone(),
        };
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let version: i64 = sqlx::query_scalar("SELECT version FROM cases WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound)?;
            if let Some(expected) = expected_version
                && expected != version
            {
                return Err(StoreError::StaleVersion { current: version });
            }
            let mut q =
                sqlx::QueryBuilder::new("UPDATE cases SET version = version + 1, updated_at = ");
            q.push_bind(at)
                .push(", sentra_id = ")
                .push_bind(assignment.sentra.clone())
                .push(", routing = ")
                .push_bind(routing.clone());
            if let Some(l) = location {
                q.push(", address = ").push_bind(l.address.clone());
                q.push(", region_code = ")
                    .push_bind(l.region.as_ref().map(|r| r.as_str().to_owned()));
                q.push(", latitude = ")
                    .push_bind(l.coordinates.map(|c| c.latitude));
                q.push(", longitude = ")
                    .push_bind(l.coordinates.map(|c| c.longitude));
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
            sqlx::query("INSERT INTO case_events (case_id, at, actor, kind, note) VALUES ($1, $2, $3, $4, $5)")
                .bind(id).bind(at).bind(&assignment.by).bind(kind.as_str()).bind(&note)
                .execute(&mut *tx).await?;
            tx.commit().await?;
        });
        self.get_case(id).await
    }
}

async fn insert_rule<'c, DB>(
    tx: &mut sqlx::Transaction<'c, DB>,
    r: &CoverageRule,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<i64, StoreError>
where
    DB: sqlx::Database,
    for<'e> &'e mut DB::Connection: sqlx::Executor<'e, Database = DB>,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'q> String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Option<String>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> i32: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> DateTime<Utc>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    i64: for<'r> sqlx::Decode<'r, DB> + sqlx::Type<DB>,
    (i64,): for<'r> sqlx::FromRow<'r, DB::Row>,
{
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO coverage_rules (sentra_id, region_code, priority, confidence, source, as_of, note, \
         valid_from, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(r.sentra.clone())
    .bind(r.region.as_str().to_owned())
    .bind(r.priority)
    .bind(r.confidence.as_str().to_owned())
    .bind(r.source.clone())
    .bind(r.as_of.clone())
    .bind(r.note.clone())
    .bind(at)
    .bind(actor.to_owned())
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}
