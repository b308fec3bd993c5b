//! The supervisor dashboard's figures: the open cases by place and Sentra with how many are at
//! risk or late, cases per day by group, cases per channel, the period's counters, and the
//! open cases nearest their deadline.
//!
//! Every query takes an optional Sentra scope (a Sentra user sees its own units' cases only).
//! "Open" is every status but `selesai`, `ditolak` and `duplikat`; "at risk" and "late" are
//! the overall SLA state the sweep last stored (`sla_state`). The open-case queries read the
//! partial covering index `cases_open_idx` (migration 0008), so their cost follows the backlog,
//! not the archive; the period queries read the covering index `cases_received_idx` (migration
//! 0012), which holds each case's groups as the column `categories`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::{Store, StoreError, pool::on_pool};

/// The `WHERE` term that the partial index `cases_open_idx` is defined with, word for word (both
/// planners match a partial index by its predicate).
const OPEN: &str = "c.status NOT IN ('selesai', 'ditolak', 'duplikat')";

/// Open cases of one place (or Sentra), with how many of them are at risk or late.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OpenCount {
    pub open: u64,
    pub at_risk: u64,
    pub late: u64,
}

impl OpenCount {
    fn add(&mut self, other: &OpenCount) {
        self.open += other.open;
        self.at_risk += other.at_risk;
        self.late += other.late;
    }
}

/// The open cases grouped by regency and Sentra, as one pass over the open cases gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Backlog {
    /// `(regency code, Sentra id, counts)`. The regency code is the first five characters of
    /// the case's region (`"32.01"`), the province alone (`"32"`) when only that is known, or
    /// `""` for cases without a place; the Sentra id is `""` for the national queue.
    pub rows: Vec<(String, String, OpenCount)>,
}

impl Backlog {
    /// Everything together.
    pub fn totals(&self) -> OpenCount {
        let mut total = OpenCount::default();
        for (_, _, c) in &self.rows {
            total.add(c);
        }
        total
    }

    /// Per two-digit province code; `""` holds the cases without a place.
    pub fn by_province(&self) -> BTreeMap<String, OpenCount> {
        self.group(|regency, _| regency.get(..2).unwrap_or("").to_owned())
    }

    /// Per regency (`"32.01"`) of province `code`; the province's cases whose regency is not
    /// known are under the province code itself.
    pub fn in_province(&self, code: &str) -> BTreeMap<String, OpenCount> {
        let mut out = BTreeMap::new();
        for (regency, _, c) in &self.rows {
            if regency.get(..2) == Some(code) && !code.is_empty() {
                out.entry(regency.clone())
                    .or_insert_with(OpenCount::default)
                    .add(c);
            }
        }
        out
    }

    /// Per Sentra id; `""` is the national queue (not yet routed).
    pub fn by_sentra(&self) -> BTreeMap<String, OpenCount> {
        self.group(|_, sentra| sentra.to_owned())
    }

    fn group(&self, key: impl Fn(&str, &str) -> String) -> BTreeMap<String, OpenCount> {
        let mut out: BTreeMap<String, OpenCount> = BTreeMap::new();
        for (regency, sentra, c) in &self.rows {
            out.entry(key(regency, sentra)).or_default().add(c);
        }
        out
    }
}

/// How many cases were received in one day (WIB, `2026-11-23`) with one group (`""`: none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayCount {
    pub day: String,
    pub category: String,
    pub cases: u64,
}

/// The cases received in a period, as the dashboard's charts show them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Received {
    /// Per day (WIB) and group, sorted by day, then group; a case with two groups counts in
    /// both, a case without one under `""`.
    pub per_day: Vec<DayCount>,
    /// Per channel, most first, then by name.
    pub per_channel: Vec<(String, u64)>,
}

/// The period's counters that are not about the backlog.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PeriodCounts {
    /// Received since `today` (the start of the viewer's day).
    pub new_today: u64,
    /// Received in the period.
    pub received: u64,
    /// Closed in the period (whenever received).
    pub closed: u64,
}

/// An open case at risk of missing a deadline, or past one. No personal data: this list is
/// shown to every role that reads reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseAtRisk {
    pub id: Uuid,
    pub ticket: String,
    pub region_code: Option<String>,
    pub sentra_id: Option<String>,
    /// `berisiko` or `terlambat`.
    pub sla_state: String,
    /// The earliest deadline of a stage not yet done.
    pub due_at: Option<DateTime<Utc>>,
}

/// A period `[from, to)` and the start of today, for the counters.
#[derive(Debug, Clone, Copy)]
pub struct Period {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub today: DateTime<Utc>,
}

type Raw = (Option<String>, Option<String>, i64, i64, i64);

fn u(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

impl Store {
    /// The open cases by regency and Sentra (one pass over `cases_open_idx`); with `province`,
    /// only that province's.
    pub async fn open_backlog(
        &self,
        province: Option<&str>,
        scope: Option<&[String]>,
    ) -> Result<Backlog, StoreError> {
        let raw: Vec<Raw> = on_pool!(self, read, |pool| {
            let mut sql = sqlx::QueryBuilder::new(format!(
                "SELECT substr(c.region_code, 1, 5), c.sentra_id, COUNT(*), \
                 SUM(CASE WHEN c.sla_state = 'berisiko' THEN 1 ELSE 0 END), \
                 SUM(CASE WHEN c.sla_state = 'terlambat' THEN 1 ELSE 0 END) \
                 FROM cases c WHERE {OPEN}"
            ));
            if let Some(p) = province {
                sql.push(" AND substr(c.region_code, 1, 2) = ").push_bind(p);
            }
            push_scope(&mut sql, scope);
            sql.push(" GROUP BY substr(c.region_code, 1, 5), c.sentra_id");
            sql.build_query_as().fetch_all(pool).await?
        });
        Ok(Backlog {
            rows: raw
                .into_iter()
                .map(|(regency, sentra, open, at_risk, late)| {
                    (
                        regency.unwrap_or_default(),
                        sentra.unwrap_or_default(),
                        OpenCount {
                            open: u(open),
                            at_risk: u(at_risk),
                            late: u(late),
                        },
                    )
                })
                .collect(),
        })
    }

    /// The cases received in `[from, to)`: per day (WIB) and group, and per channel, from one
    /// pass over the covering index `cases_received_idx` (migration 0012). Each case's groups
    /// are its `categories` column, split here, so the query never joins `case_categories`.
    pub async fn received(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        scope: Option<&[String]>,
    ) -> Result<Received, StoreError> {
        let raw: Vec<(String, String, String, i64)> = on_pool!(self, read, |pool, IS_PG| {
            // SQLite's date() costs a third less than strftime() per case.
            let day = if IS_PG {
                "to_char(c.created_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD')"
            } else {
                "date(c.created_at, '+7 hours')"
            };
            let mut sql = sqlx::QueryBuilder::new(format!(
                "SELECT {day} AS d, c.categories AS g, c.channel AS ch, COUNT(*) FROM cases c \
                 WHERE c.created_at >= "
            ));
            sql.push_bind(from)
                .push(" AND c.created_at < ")
                .push_bind(to);
            push_scope(&mut sql, scope);
            sql.push(" GROUP BY d, g, ch");
            sql.build_query_as().fetch_all(pool).await?
        });
        let mut per_day: BTreeMap<(String, String), u64> = BTreeMap::new();
        let mut per_channel: BTreeMap<String, u64> = BTreeMap::new();
        for (day, groups, channel, n) in raw {
            let n = u(n);
            *per_channel.entry(channel).or_default() += n;
            if groups.is_empty() {
                *per_day.entry((day, String::new())).or_default() += n;
                continue;
            }
            for group in groups.split(',') {
                *per_day.entry((day.clone(), group.to_owned())).or_default() += n;
            }
        }
        let mut per_channel: Vec<(String, u64)> = per_channel.into_iter().collect();
        per_channel.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(Received {
            per_day: per_day
                .into_iter()
                .map(|((day, category), cases)| DayCount {
                    day,
                    category,
                    cases,
                })
                .collect(),
            per_channel,
        })
    }

    /// Received today and in the period (one range over `cases_created_idx`), and closed in
    /// the period (one range over `cases_closed_idx`).
    pub async fn period_counts(
        &self,
        period: Period,
        scope: Option<&[String]>,
    ) -> Result<PeriodCounts, StoreError> {
        let (received, new_today, closed): (i64, Option<i64>, i64) = on_pool!(self, read, |pool| {
            let mut sql =
                sqlx::QueryBuilder::new("SELECT COUNT(*), SUM(CASE WHEN c.created_at >= ");
            sql.push_bind(period.today)
                .push(" THEN 1 ELSE 0 END) FROM cases c WHERE c.created_at >= ")
                .push_bind(period.from)
                .push(" AND c.created_at < ")
                .push_bind(period.to);
            push_scope(&mut sql, scope);
            let (received, new_today): (i64, Option<i64>) =
                sql.build_query_as().fetch_one(pool).await?;
            let mut sql =
                sqlx::QueryBuilder::new("SELECT COUNT(*) FROM cases c WHERE c.closed_at >= ");
            sql.push_bind(period.from)
                .push(" AND c.closed_at < ")
                .push_bind(period.to);
            push_scope(&mut sql, scope);
            let closed: i64 = sql.build_query_scalar().fetch_one(pool).await?;
            (received, new_today, closed)
        });
        Ok(PeriodCounts {
            new_today: u(new_today.unwrap_or(0)),
            received: u(received),
            closed: u(closed),
        })
    }

    /// The open cases at risk or late, the earliest deadline of a stage not yet done first
    /// (cases without one last), at most `limit`.
    pub async fn cases_at_risk(
        &self,
        scope: Option<&[String]>,
        limit: i64,
    ) -> Result<Vec<CaseAtRisk>, StoreError> {
        type Row = (
            Uuid,
            String,
            Option<String>,
            Option<String>,
            String,
            Option<DateTime<Utc>>,
        );
        let due = [
            ("c.verified_at", "c.due_verifikasi"),
            ("c.responded_at", "c.due_respons"),
            ("c.assessed_at", "c.due_asesmen"),
            ("c.closed_at", "c.due_penyelesaian"),
        ];
        let rows: Vec<Row> = on_pool!(self, read, |pool, IS_PG| {
            // PostgreSQL's LEAST skips NULLs; SQLite's min() of several values is NULL if any
            // is, so there a missing deadline becomes '9' (after every ISO date) and back.
            let deadline = if IS_PG {
                let terms: Vec<String> = due
                    .iter()
                    .map(|(done, at)| format!("CASE WHEN {done} IS NULL THEN {at} END"))
                    .collect();
                format!("LEAST({})", terms.join(", "))
            } else {
                let terms: Vec<String> = due
                    .iter()
                    .map(|(done, at)| {
                        format!("COALESCE(CASE WHEN {done} IS NULL THEN {at} END, '9')")
                    })
                    .collect();
                format!("NULLIF(min({}), '9')", terms.join(", "))
            };
            let mut sql = sqlx::QueryBuilder::new(format!(
                "SELECT c.id, c.ticket, c.region_code, c.sentra_id, c.sla_state, {deadline} AS due \
                 FROM cases c WHERE {OPEN} AND c.sla_state IN ('berisiko', 'terlambat')"
            ));
            push_scope(&mut sql, scope);
            sql.push(" ORDER BY due NULLS LAST, c.ticket LIMIT ")
                .push_bind(limit);
            sql.build_query_as().fetch_all(pool).await?
        });
        Ok(rows
            .into_iter()
            .map(
                |(id, ticket, region_code, sentra_id, sla_state, due_at)| CaseAtRisk {
                    id,
                    ticket,
                    region_code,
                    sentra_id,
                    sla_state,
                    due_at,
                },
            )
            .collect())
    }
}

/// `AND c.sentra_id IN (…)` for a scoped user; an empty scope matches nothing.
fn push_scope<'a, DB: sqlx::Database>(
    sql: &mut sqlx::QueryBuilder<'a, DB>,
    scope: Option<&'a [String]>,
) where
    &'a str: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    let Some(scope) = scope else { return };
    if scope.is_empty() {
        sql.push(" AND 1 = 0");
        return;
    }
    sql.push(" AND c.sentra_id IN (");
    let mut list = sql.separated(", ");
    for s in scope {
        list.push_bind(s.as_str());
    }
    list.push_unseparated(")");
}
