//! The KPI report: per Sentra, province, group, channel or period — volumes, backlog, the
//! median and 90th percentile of the time to verification, first response and closure, the
//! share within the SLA, and the IKM of the satisfaction surveys.
//!
//! Figures are as the SLA clock last left each case (`sla_flags`, kept by `save_sla`); the
//! percentiles are exact, nearest rank, like PostgreSQL's `percentile_disc`.

use chrono::{DateTime, Datelike, FixedOffset, Months, NaiveDate, Utc};
use serde::Serialize;
use sigap_core::{
    Category, Channel,
    skm::{Element, Grade, Ikm},
};

use crate::{Store, StoreError, pool::on_pool};

sigap_core::slug_enum! {
    /// What a KPI row is grouped by.
    KpiBy, field = "by", code = "unknown_grouping", what = ("Pengelompokan", "grouping") {
        Sentra = "sentra", "Sentra", "Sentra";
        Province = "province", "Provinsi", "Province";
        Category = "category", "Kelompok rentan", "Vulnerable group";
        Channel = "channel", "Kanal", "Channel";
        Day = "day", "Hari", "Day";
        Week = "week", "Minggu", "Week";
        Month = "month", "Bulan", "Month";
        Year = "year", "Tahun", "Year";
    }
}

impl KpiBy {
    /// The SQL expression of the group key over `cases c` (and `case_categories cc` for
    /// groups). Periods are calendar days, weeks (from Monday), months and years in WIB.
    fn key(self, pg: bool) -> &'static str {
        match (self, pg) {
            // The bare column, so that the grouping follows the covering index's order; the
            // national queue (NULL) becomes "" when read.
            (KpiBy::Sentra, _) => "c.sentra_id",
            (KpiBy::Province, _) => "COALESCE(substr(c.region_code, 1, 2), '')",
            (KpiBy::Category, _) => "cc.category",
            (KpiBy::Channel, _) => "c.channel",
            (KpiBy::Day, false) => "strftime('%Y-%m-%d', c.created_at, '+7 hours')",
            (KpiBy::Week, false) => "date(c.created_at, '+7 hours', 'weekday 0', '-6 days')",
            (KpiBy::Month, false) => "strftime('%Y-%m', c.created_at, '+7 hours')",
            (KpiBy::Year, false) => "strftime('%Y', c.created_at, '+7 hours')",
            (KpiBy::Day, true) => "to_char(c.created_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD')",
            (KpiBy::Week, true) => {
                "to_char(date_trunc('week', c.created_at AT TIME ZONE 'Asia/Jakarta'), 'YYYY-MM-DD')"
            }
            (KpiBy::Month, true) => "to_char(c.created_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM')",
            (KpiBy::Year, true) => "to_char(c.created_at AT TIME ZONE 'Asia/Jakarta', 'YYYY')",
        }
    }
}

/// Which cases a report covers: received in `[from, to)`, optionally narrowed.
#[derive(Debug, Clone)]
pub struct KpiQuery {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub by: KpiBy,
    pub sentra: Option<String>,
    /// A two-digit province code.
    pub province: Option<String>,
    pub category: Option<Category>,
    pub channel: Option<Channel>,
}

/// One stage's figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct StageKpi {
    /// Cases that reached the stage.
    pub done: u64,
    /// Nearest-rank median and 90th percentile of the time from receipt, in seconds.
    pub median_secs: Option<i64>,
    pub p90_secs: Option<i64>,
    /// Cases judged against a deadline: done, or past their deadline at the report's time.
    pub judged: u64,
    /// Of those, done by the deadline.
    pub within_sla: u64,
    /// `within_sla / judged`, none when nothing was judged.
    pub within_sla_share: Option<f64>,
}

/// One row of the report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct KpiRow {
    /// The group's key: a Sentra id (`""`: the national queue), a province code, a category,
    /// a channel, or a period (`2026-03-02`, `2026-03`, `2026`).
    pub key: String,
    pub received: u64,
    pub closed: u64,
    /// Received in the period and still open.
    pub backlog: u64,
    /// Open and late now.
    pub late: u64,
    pub verification: StageKpi,
    pub first_response: StageKpi,
    pub closure: StageKpi,
    /// The satisfaction index of surveys answered in the period for the group's cases.
    pub ikm: Option<IkmSummary>,
}

/// The satisfaction index (PermenPAN-RB 14/2017) of a group, for reports.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct IkmSummary {
    pub responses: u64,
    /// The mean answer (NRR, 1–4) of each element, U1–U9.
    pub nrr: Vec<ElementScore>,
    /// Σ NRR × 1/9, 1–4.
    pub ikm: f64,
    /// IKM × 25, 25–100, two decimals.
    pub converted: f64,
    pub grade: Grade,
    pub grade_letter: char,
    pub grade_label: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ElementScore {
    pub element: Element,
    pub code: &'static str,
    pub nrr: f64,
}

impl From<&Ikm> for IkmSummary {
    fn from(i: &Ikm) -> Self {
        IkmSummary {
            responses: i.responses(),
            nrr: Element::ALL
                .iter()
                .map(|e| ElementScore {
                    element: *e,
                    code: e.code(),
                    nrr: i.nrr(*e),
                })
                .collect(),
            ikm: i.ikm(),
            converted: i.converted(),
            grade: i.grade(),
            grade_letter: i.grade().letter(),
            grade_label: i.grade().label(),
        }
    }
}

impl IkmSummary {
    /// `88.30`: the converted index as the regulation prints it.
    pub fn converted_str(&self) -> String {
        format!("{:.2}", self.converted)
    }
}

/// Key, received, closed (as the clock last saw it), the seven other flag sums (late, then judged and met for verification,
/// first response and closure), and how many cases reached each stage.
type CountRow = (
    String,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
);
/// A count row followed by the three stages' durations in some form (flat: sqlx decodes
/// tuples of at most 16 columns).
type KpiRaw<T> = (
    Option<String>,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    T,
    T,
    T,
);

/// The counts and the three duration columns of a raw row.
fn split<T>(r: KpiRaw<T>) -> (CountRow, [T; 3]) {
    let (k, a, b, c, d, e, f, g, h, i, j, l, m, v, w, x) = r;
    (
        (k.unwrap_or_default(), a, b, c, d, e, f, g, h, i, j, l, m),
        [v, w, x],
    )
}
type SurveyRow = (
    Option<String>,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
);

fn kpi_row(counts: CountRow, percentiles: [(Option<i64>, Option<i64>); 3]) -> KpiRow {
    let (key, received, closed, late, vj, vm, rj, rm, cj, cm, vd, rd, cd) = counts;
    let u = |v: i64| u64::try_from(v).unwrap_or(0);
    let stage =
        |done: i64, judged: i64, within: i64, (median, p90): (Option<i64>, Option<i64>)| StageKpi {
            done: u(done),
            median_secs: median,
            p90_secs: p90,
            judged: u(judged),
            within_sla: u(within),
            within_sla_share: (judged > 0).then(|| within as f64 / judged as f64),
        };
    let [v, r, c] = percentiles;
    KpiRow {
        key,
        received: u(received),
        closed: u(closed),
        backlog: u(received - closed),
        late: u(late),
        verification: stage(vd, vj, vm, v),
        first_response: stage(rd, rj, rm, r),
        closure: stage(cd, cj, cm, c),
        ikm: None,
    }
}

/// The `n`-th smallest after sorting, nearest rank: the smallest value with at least `p` of
/// the values at or below it.
pub fn nearest_rank(values: &mut [i64], p: f64) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    let rank = ((p * values.len() as f64).ceil() as usize).clamp(1, values.len());
    let (_, v, _) = values.select_nth_unstable(rank - 1);
    Some(*v)
}

/// One group's figures as read from part of the period: the count row and the three stages'
/// durations in seconds.
type Partial = (CountRow, [Vec<i64>; 3]);

/// Adds `b`'s counts and durations to `a` (the two halves of the period of one group).
fn merge_into(a: &mut Partial, b: Partial) {
    let (x, dx) = a;
    let (y, dy) = b;
    x.1 += y.1;
    x.2 += y.2;
    x.3 += y.3;
    x.4 += y.4;
    x.5 += y.5;
    x.6 += y.6;
    x.7 += y.7;
    x.8 += y.8;
    x.9 += y.9;
    x.10 += y.10;
    x.11 += y.11;
    x.12 += y.12;
    for (into, from) in dx.iter_mut().zip(dy) {
        into.extend(from);
    }
}

/// For a report by month or year, each month (`2026-03`) or year (`2026`) that `q`'s period
/// touches with the instant it ends (its last WIB midnight, in UTC), in order; the last one
/// ends at or after `q.to`. None for the other groupings.
fn period_bounds(q: &KpiQuery) -> Option<Vec<(String, DateTime<Utc>)>> {
    let wib = FixedOffset::east_opt(7 * 3600)?;
    let first = q.from.with_timezone(&wib).date_naive();
    let (mut start, label): (NaiveDate, fn(NaiveDate) -> String) = match q.by {
        KpiBy::Month => (first.with_day(1)?, |d| d.format("%Y-%m").to_string()),
        KpiBy::Year => (NaiveDate::from_ymd_opt(first.year(), 1, 1)?, |d| {
            d.format("%Y").to_string()
        }),
        _ => return None,
    };
    let mut bounds = Vec::new();
    loop {
        let next = match q.by {
            KpiBy::Month => start.checked_add_months(Months::new(1))?,
            _ => start.with_year(start.year() + 1)?,
        };
        let end = next
            .and_hms_opt(0, 0, 0)?
            .and_local_timezone(wib)
            .single()?
            .with_timezone(&Utc);
        bounds.push((label(start), end));
        if end >= q.to {
            return Some(bounds);
        }
        start = next;
    }
}

impl Store {
    /// The KPI report for `q`, as the cases' last evaluation by the SLA clock left them.
    ///
    /// One pass over the covering index `cases_kpi_idx`: counts and SLA shares from each
    /// case's `sla_flags`, and each group's durations gathered in the same pass
    /// (`group_concat` / `string_agg`) and ranked here for exact nearest-rank percentiles.
    /// The period is read as two halves at once, on two connections (the database works on
    /// both cores), and the halves' counts and durations are joined before ranking, so the
    /// figures are those of one pass.
    pub async fn kpi(&self, q: &KpiQuery) -> Result<Vec<KpiRow>, StoreError> {
        let mut rows = self.kpi_figures(q, true).await?;
        let surveys: Vec<SurveyRow> = on_pool!(self, read, |pool, IS_PG| {
            let key = q.by.key(IS_PG);
            let mut sql = sqlx::QueryBuilder::new(format!(
                "SELECT {key} AS k, COUNT(*), SUM(s.u1), SUM(s.u2), SUM(s.u3), SUM(s.u4), \
                 SUM(s.u5), SUM(s.u6), SUM(s.u7), SUM(s.u8), SUM(s.u9) \
                 FROM surveys s CROSS JOIN cases c"
            ));
            // CROSS JOIN keeps SQLite from scanning every case to probe the few surveys.
            Self::kpi_where(&mut sql, q, Some("c.id = s.case_id"), "s.answered_at");
            sql.push(" GROUP BY k");
            sql.build_query_as().fetch_all(pool).await?
        });
        for (key, n, s1, s2, s3, s4, s5, s6, s7, s8, s9) in surveys {
            let key = key.unwrap_or_default();
            let sums = [s1, s2, s3, s4, s5, s6, s7, s8, s9].map(|s| u64::try_from(s).unwrap_or(0));
            let ikm = Ikm::from_sums(sums, u64::try_from(n).unwrap_or(0))
                .ok()
                .map(|i| IkmSummary::from(&i));
            match rows.iter_mut().find(|r| r.key == key) {
                Some(row) => row.ikm = ikm,
                None => rows.push(KpiRow {
                    key,
                    ikm,
                    ..KpiRow::default()
                }),
            }
        }
        rows.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(rows)
    }

    /// The KPI report's counts and shares within the SLA for `q`, without the percentiles and
    /// the IKM (`median_secs` and `p90_secs` are none, `ikm` is none): what the dashboard
    /// shows, at the cost of the counts alone.
    pub async fn kpi_counts(&self, q: &KpiQuery) -> Result<Vec<KpiRow>, StoreError> {
        let mut rows = self.kpi_figures(q, false).await?;
        rows.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(rows)
    }

    /// The rows of the report but the IKM: the two halves of the period read at once and
    /// joined per group; the durations ranked when `durations`.
    async fn kpi_figures(&self, q: &KpiQuery, durations: bool) -> Result<Vec<KpiRow>, StoreError> {
        let middle = q.from + (q.to - q.from) / 2;
        let (first, second) = tokio::try_join!(
            self.kpi_pass(q, q.from, middle, durations),
            self.kpi_pass(q, middle, q.to, durations),
        )?;
        let mut groups: Vec<Partial> = first;
        for part in second {
            match groups.iter_mut().find(|g| g.0.0 == part.0.0) {
                Some(g) => merge_into(g, part),
                None => groups.push(part),
            }
        }
        Ok(groups
            .into_iter()
            .map(|(counts, [mut v, mut r, mut c])| {
                let rank =
                    |values: &mut Vec<i64>| (nearest_rank(values, 0.5), nearest_rank(values, 0.9));
                let percentiles = [rank(&mut v), rank(&mut r), rank(&mut c)];
                kpi_row(counts, percentiles)
            })
            .collect())
    }

    /// One pass of the report over the cases received in `[from, to)` (within `q`'s period).
    async fn kpi_pass(
        &self,
        q: &KpiQuery,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        durations: bool,
    ) -> Result<Vec<Partial>, StoreError> {
        // Bit 0 of `sla_flags` is "closed", 1 "late", then judged/met per stage. PostgreSQL sums
        // a bigint into a numeric, hence the cast there.
        let head = |pg: bool| {
            let sums = (0..8)
                .map(|bit| {
                    // A group whose cases the clock has not seen yet sums NULLs: 0.
                    if pg {
                        format!("COALESCE(SUM(CAST((c.sla_flags >> {bit}) & 1 AS INTEGER)), 0)")
                    } else {
                        format!("COALESCE(SUM((c.sla_flags >> {bit}) & 1), 0)")
                    }
                })
                .collect::<Vec<_>>()
                .join(", ");
            format!(
                " AS k, COUNT(*), {sums}, COUNT(c.verification_secs), \
                 COUNT(c.response_secs), COUNT(c.closure_secs), "
            )
        };
        let part = KpiQuery {
            from,
            to,
            ..q.clone()
        };
        // Each group's durations come back as one comma-separated list per stage (built by
        // the database in one pass, no sort).
        let raw: Vec<KpiRaw<Option<String>>> = on_pool!(self, read, |pool, IS_PG| {
            let list = |column: &str| {
                if !durations {
                    "CAST(NULL AS TEXT)".to_owned()
                } else if IS_PG {
                    format!("string_agg(CAST({column} AS TEXT), ',')")
                } else {
                    format!("group_concat({column})")
                }
            };
            let mut sql = sqlx::QueryBuilder::new("SELECT ");
            match period_bounds(&part) {
                // Months and years by comparing each row's time with the period's WIB
                // boundaries: formatting every row's time in WIB costs more than the rest.
                Some(bounds) if bounds.len() == 1 => {
                    sql.push(format_args!("'{}'", bounds[0].0));
                }
                Some(bounds) => {
                    sql.push("CASE");
                    for (label, end) in &bounds[..bounds.len() - 1] {
                        sql.push(" WHEN c.created_at < ")
                            .push_bind(*end)
                            .push(format_args!(" THEN '{label}'"));
                    }
                    let last = &bounds[bounds.len() - 1].0;
                    sql.push(format_args!(" ELSE '{last}' END"));
                }
                None => {
                    sql.push(q.by.key(IS_PG));
                }
            }
            sql.push(head(IS_PG));
            sql.push(format_args!(
                "{}, {}, {} FROM cases c",
                list("c.verification_secs"),
                list("c.response_secs"),
                list("c.closure_secs")
            ));
            Self::kpi_where(&mut sql, &part, None, "c.created_at");
            sql.push(" GROUP BY k");
            sql.build_query_as().fetch_all(pool).await?
        });
        Ok(raw
            .into_iter()
            .map(split)
            .map(|(counts, lists)| {
                let parse = |list: Option<String>| -> Vec<i64> {
                    list.as_deref()
                        .unwrap_or("")
                        .split(',')
                        .filter_map(|x| x.parse().ok())
                        .collect()
                };
                (counts, lists.map(parse))
            })
            .collect())
    }

    /// The joins and `WHERE` of a report: the join condition `on` if any, the column `time`
    /// within the period, and the query's filters.
    fn kpi_where<'a, DB: sqlx::Database>(
        sql: &mut sqlx::QueryBuilder<'a, DB>,
        q: &'a KpiQuery,
        on: Option<&str>,
        time: &str,
    ) where
        DateTime<Utc>: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
        String: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
        &'a str: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    {
        if q.by == KpiBy::Category {
            sql.push(" JOIN case_categories cc ON cc.case_id = c.id");
        }
        sql.push(" WHERE ");
        if let Some(on) = on {
            sql.push(format_args!("{on} AND "));
        }
        sql.push(format_args!("{time} >= "))
            .push_bind(q.from)
            .push(format_args!(" AND {time} < "))
            .push_bind(q.to);
        Self::kpi_filters(sql, q);
    }

    fn kpi_filters<'a, DB: sqlx::Database>(sql: &mut sqlx::QueryBuilder<'a, DB>, q: &'a KpiQuery)
    where
        String: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
        &'a str: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    {
        if let Some(s) = &q.sentra {
            sql.push(" AND c.sentra_id = ").push_bind(s.as_str());
        }
        if let Some(p) = &q.province {
            sql.push(" AND substr(c.region_code, 1, 2) = ")
                .push_bind(p.as_str());
        }
        if let Some(c) = q.category {
            sql.push(" AND EXISTS (SELECT 1 FROM case_categories f WHERE f.case_id = c.id AND f.category = ")
                .push_bind(c.as_str())
                .push(")");
        }
        if let Some(ch) = q.channel {
            sql.push(" AND c.channel = ").push_bind(ch.as_str());
        }
    }
}
