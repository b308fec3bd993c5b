//! The media scanner's daily report: what was kept in one day, the candidates opened and
//! decided, the cases accepted from the queue by group and province, the biggest clusters, the
//! sources in trouble and the items per hour. The day is any `[start, end)` the caller gives
//! (the server makes it a calendar day in WIB).

use std::collections::BTreeMap;

use chrono::{DateTime, SubsecRound, Utc};
use serde::Serialize;
use sigap_core::gazetteer::Gazetteer;
use sqlx::FromRow;

use crate::{Store, StoreError, pool::on_pool};

/// How many clusters the report lists.
pub const CLUSTER_LIMIT: i64 = 10;

/// The figures of one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DailyReport {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// Items kept in the day, all and actionable.
    pub items: u64,
    pub actionable: u64,
    /// Per source, the most first (`source_id` none: items without a source, e.g. an import).
    pub by_source: Vec<SourceItems>,
    /// Candidates opened in the day.
    pub candidates_opened: u64,
    /// Decisions taken in the day, on candidates of any day.
    pub decisions: Decisions,
    /// Cases of the `media` channel created in the day.
    pub accepted_cases: u64,
    /// Those cases per group slug, the most first (`""`: without a group); a case with two
    /// groups counts in both.
    pub accepted_by_category: Vec<CategoryCount>,
    /// Those cases per province, the most first (`code` `""`: without a place).
    pub accepted_by_province: Vec<ProvinceCount>,
    /// The candidates updated in the day with the most items (of any day), at most
    /// [`CLUSTER_LIMIT`].
    pub clusters: Vec<Cluster>,
    /// Sources that failed their last scan or are paused, whatever the day: paused first.
    pub sources_in_trouble: Vec<SourceTrouble>,
    /// Items kept per hour since `from` (24 values; hour 0 starts at `from`).
    pub items_per_hour: Vec<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceItems {
    pub source_id: Option<i64>,
    pub source_name: Option<String>,
    pub items: u64,
    pub actionable: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Decisions {
    pub accepted: u64,
    pub merged: u64,
    pub dismissed: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CategoryCount {
    pub category: String,
    pub cases: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProvinceCount {
    /// Two digits (`"32"`), or `""` for cases without a place.
    pub code: String,
    /// From the gazetteer; the code when it is not known there.
    pub name: String,
    pub cases: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromRow)]
pub struct Cluster {
    pub id: i64,
    pub title: String,
    pub status: String,
    pub items: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, FromRow)]
pub struct SourceTrouble {
    pub id: i64,
    pub name: String,
    pub url: String,
    pub enabled: bool,
    /// Failed scans in a row.
    pub failures: i32,
    pub last_error: Option<String>,
    pub last_error_at: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
    pub paused_reason: Option<String>,
}

fn u(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

/// Sorts `(key, count)` pairs the most first, then by key.
fn most_first(counts: BTreeMap<String, u64>) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

impl Store {
    /// The scanner's report of `[from, to)`.
    pub async fn daily_scan_report(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<DailyReport, StoreError> {
        let (from, to) = (from.trunc_subsecs(6), to.trunc_subsecs(6));
        type SourceRow = (Option<i64>, Option<String>, i64, i64);
        let sources: Vec<SourceRow> = on_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT i.source_id, s.name, COUNT(*), \
                 SUM(CASE WHEN i.actionable THEN 1 ELSE 0 END) \
                 FROM media_items i LEFT JOIN sources s ON s.id = i.source_id \
                 WHERE i.fetched_at >= $1 AND i.fetched_at < $2 GROUP BY i.source_id, s.name",
            )
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await?
        });
        let mut by_source: Vec<SourceItems> = sources
            .into_iter()
            .map(|(source_id, source_name, items, actionable)| SourceItems {
                source_id,
                source_name,
                items: u(items),
                actionable: u(actionable),
            })
            .collect();
        by_source.sort_by(|a, b| {
            b.items
                .cmp(&a.items)
                .then_with(|| a.source_name.cmp(&b.source_name))
        });

        // Bucketed here rather than in SQL: exact at the hour's edge on both backends.
        let times: Vec<(DateTime<Utc>,)> = on_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT fetched_at FROM media_items WHERE fetched_at >= $1 AND fetched_at < $2",
            )
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await?
        });
        let mut items_per_hour = vec![0_u64; 24];
        for (t,) in times {
            let hour = usize::try_from((t - from).num_hours()).unwrap_or(0).min(23);
            items_per_hour[hour] += 1;
        }

        let candidates_opened: i64 = on_pool!(self, read, |pool| {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM candidates WHERE created_at >= $1 AND created_at < $2",
            )
            .bind(from)
            .bind(to)
            .fetch_one(pool)
            .await?
        });

        let decided: Vec<(String, i64)> = on_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT status, COUNT(*) FROM candidates WHERE decided_at >= $1 \
                 AND decided_at < $2 AND status <> 'baru' GROUP BY status",
            )
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await?
        });
        let mut decisions = Decisions::default();
        for (status, n) in decided {
            match status.as_str() {
                "diterima" => decisions.accepted = u(n),
                "digabung" => decisions.merged = u(n),
                "ditolak" => decisions.dismissed = u(n),
                _ => {}
            }
        }

        let categories: Vec<(Option<String>, i64)> = on_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT cc.category, COUNT(*) FROM cases c \
                 LEFT JOIN case_categories cc ON cc.case_id = c.id \
                 WHERE c.channel = 'media' AND c.created_at >= $1 AND c.created_at < $2 \
                 GROUP BY cc.category",
            )
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await?
        });
        let accepted_by_category = most_first(
            categories
                .into_iter()
                .map(|(c, n)| (c.unwrap_or_default(), u(n)))
                .collect(),
        )
        .into_iter()
        .map(|(category, cases)| CategoryCount { category, cases })
        .collect();

        let provinces: Vec<(Option<String>, i64)> = on_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT substr(c.region_code, 1, 2), COUNT(*) FROM cases c \
                 WHERE c.channel = 'media' AND c.created_at >= $1 AND c.created_at < $2 \
                 GROUP BY substr(c.region_code, 1, 2)",
            )
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await?
        });
        let mut per_province: BTreeMap<String, u64> = BTreeMap::new();
        for (code, n) in provinces {
            *per_province.entry(code.unwrap_or_default()).or_default() += u(n);
        }
        let accepted_cases = per_province.values().sum();
        let gazetteer = Gazetteer::embedded();
        let accepted_by_province = most_first(per_province)
            .into_iter()
            .map(|(code, cases)| ProvinceCount {
                name: gazetteer
                    .get_str(&code)
                    .map_or_else(|| code.clone(), |r| r.name.clone()),
                code,
                cases,
            })
            .collect();

        let clusters: Vec<Cluster> = on_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT c.id, c.title, c.status, COUNT(i.id) AS items FROM candidates c \
                 JOIN media_items i ON i.candidate_id = c.id \
                 WHERE c.updated_at >= $1 AND c.updated_at < $2 \
                 GROUP BY c.id, c.title, c.status ORDER BY items DESC, c.id LIMIT $3",
            )
            .bind(from)
            .bind(to)
            .bind(CLUSTER_LIMIT)
            .fetch_all(pool)
            .await?
        });

        let sources_in_trouble: Vec<SourceTrouble> = on_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT id, name, url, enabled, failures, last_error, last_error_at, \
                 last_success_at, paused_reason FROM sources \
                 WHERE failures > 0 OR paused_reason IS NOT NULL \
                 ORDER BY CASE WHEN paused_reason IS NULL THEN 1 ELSE 0 END, failures DESC, name, id",
            )
            .fetch_all(pool)
            .await?
        });

        Ok(DailyReport {
            from,
            to,
            items: by_source.iter().map(|s| s.items).sum(),
            actionable: by_source.iter().map(|s| s.actionable).sum(),
            by_source,
            candidates_opened: u(candidates_opened),
            decisions,
            accepted_cases,
            accepted_by_category,
            accepted_by_province,
            clusters,
            sources_in_trouble,
            items_per_hour,
        })
    }
}
