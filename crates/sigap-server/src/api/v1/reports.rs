//! `GET /api/v1/reports/kpi`: the KPI report as JSON or CSV; `GET /api/v1/reports/daily`: the
//! media scanner's daily report as JSON or CSV. The same [`kpi_report`] and [`kpi_csv`] serve
//! `sigap report kpi`, and `crate::daily_report` serves `sigap report daily`.

use axum::{
    Json,
    extract::State,
    http::{HeaderMap, header},
    response::{IntoResponse, Response},
};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sigap_core::{
    Category, Channel, FieldError, RegionCode, calendar::Zone, gazetteer::Gazetteer,
    validation::take,
};
use sigap_store::{
    Store, StoreError,
    reports::{KpiBy, KpiQuery, KpiRow},
};

use super::fields::day;
use crate::{
    AppState,
    auth::{Can, need},
    csv::{num, record},
    daily_report,
    error::ApiError,
    extract::ApiQuery,
};

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct KpiParams {
    /// First day, `YYYY-MM-DD` in WIB (default: 1 January of this year).
    #[param(example = "2026-01-01")]
    pub from: Option<String>,
    /// Last day, included (default: today).
    pub to: Option<String>,
    /// `sentra` (default), `province`, `category`, `channel`, `day`, `week`, `month`, `year`.
    #[param(value_type = Option<sigap_store::reports::KpiBy>)]
    pub by: Option<String>,
    pub sentra: Option<String>,
    #[param(pattern = r"^\d{2}$", example = "32")]
    pub province: Option<String>,
    #[param(value_type = Option<sigap_core::Category>)]
    pub category: Option<String>,
    #[param(value_type = Option<sigap_core::Channel>)]
    pub channel: Option<String>,
    /// `json` (default) or `csv`.
    #[param(value_type = Option<String>, pattern = "^(json|csv)$")]
    pub format: Option<String>,
}

/// The report with its period and a label for each row.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct KpiReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub by: KpiBy,
    pub generated_at: DateTime<Utc>,
    pub rows: Vec<LabelledRow>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LabelledRow {
    pub label: String,
    #[serde(flatten)]
    pub row: KpiRow,
}

fn wib_midnight(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(Zone::Wib.offset()).single())
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

/// Checks the parameters and builds the query (every problem reported at once).
pub fn kpi_query(
    p: &KpiParams,
    now: DateTime<Utc>,
) -> Result<(KpiQuery, NaiveDate, NaiveDate), Vec<FieldError>> {
    let mut errors = Vec::new();
    let today = now.with_timezone(&Zone::Wib.offset()).date_naive();
    let from = match p.from.as_deref() {
        Some(v) => take(&mut errors, "from", day("from", v)),
        None => NaiveDate::from_ymd_opt(today.year(), 1, 1),
    };
    let to = match p.to.as_deref() {
        Some(v) => take(&mut errors, "to", day("to", v)),
        None => Some(today),
    };
    if let (Some(f), Some(t)) = (from, to)
        && (t < f || (t - f).num_days() > 3660)
    {
        errors.push(FieldError::new(
            "to",
            "invalid_period",
            "Periode harus 1 hari sampai 10 tahun, dengan 'to' tidak sebelum 'from'.",
            "The period must be 1 day to 10 years, with 'to' not before 'from'.",
        ));
    }
    let by = match p.by.as_deref() {
        None => Some(KpiBy::Sentra),
        Some(b) => take(&mut errors, "by", KpiBy::parse(b)),
    };
    let province = p.province.as_deref().and_then(|v| {
        take(&mut errors, "province", RegionCode::parse(v))
            .filter(|c| c.as_str().len() == 2)
            .map(|c| c.as_str().to_owned())
            .or_else(|| {
                if errors.last().is_none_or(|e| e.field != "province") {
                    errors.push(FieldError::new(
                        "province",
                        "invalid_province",
                        "Kode provinsi harus dua angka (mis. 32).",
                        "A province code is two digits (e.g. 32).",
                    ));
                }
                None
            })
    });
    let category = p
        .category
        .as_deref()
        .and_then(|v| take(&mut errors, "category", Category::parse(v)));
    let channel = p
        .channel
        .as_deref()
        .and_then(|v| take(&mut errors, "channel", Channel::parse(v)));
    if let Some(f) = p.format.as_deref()
        && f != "json"
        && f != "csv"
    {
        errors.push(FieldError::new(
            "format",
            "unknown_format",
            "Format harus json atau csv.",
            "The format must be json or csv.",
        ));
    }
    match (from, to, by) {
        (Some(f), Some(t), Some(by)) if errors.is_empty() => Ok((
            KpiQuery {
                from: wib_midnight(f),
                to: wib_midnight(t) + Duration::days(1),
                by,
                sentra: p.sentra.clone().filter(|s| !s.trim().is_empty()),
                province,
                category,
                channel,
            },
            f,
            t,
        )),
        _ => Err(errors),
    }
}

/// The label of a report row with key `key`: a Sentra's name (from `sentra_name`), a
/// province's, a group's or a channel's, in Bahasa Indonesia or, when `en`, English; a period
/// is its own key, and an unknown key stays as it is.
pub fn kpi_label(
    by: KpiBy,
    key: &str,
    en: bool,
    sentra_name: impl FnOnce(&str) -> Option<String>,
) -> String {
    let pick = |id: &str, english: &str| if en { english } else { id }.to_owned();
    match by {
        KpiBy::Sentra if key.is_empty() => Some(pick(
            "Antrean nasional (command center)",
            "National queue (command center)",
        )),
        KpiBy::Sentra => sentra_name(key),
        KpiBy::Province if key.is_empty() => Some(pick("Tanpa lokasi", "No location")),
        KpiBy::Province => Gazetteer::embedded().get_str(key).map(|r| r.name.clone()),
        KpiBy::Category => Category::parse(key)
            .ok()
            .map(|c| pick(c.label(), c.label_en())),
        KpiBy::Channel => Channel::parse(key)
            .ok()
            .map(|c| pick(c.label(), c.label_en())),
        _ => None,
    }
    .unwrap_or_else(|| key.to_owned())
}

/// Runs the report and labels its rows (Sentra names, province names, group labels).
pub async fn kpi_report(
    store: &Store,
    q: &KpiQuery,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> Result<KpiReport, StoreError> {
    let rows = store.kpi(q).await?;
    let sentra = if q.by == KpiBy::Sentra {
        store.list_sentra().await?
    } else {
        Vec::new()
    };
    let label = |key: &str| {
        kpi_label(q.by, key, false, |id| {
            sentra
                .iter()
                .find(|(s, _)| s.id == id)
                .map(|(s, _)| s.name.clone())
        })
    };
    Ok(KpiReport {
        from,
        to,
        by: q.by,
        generated_at: now,
        rows: rows
            .into_iter()
            .map(|row| LabelledRow {
                label: label(&row.key),
                row,
            })
            .collect(),
    })
}

/// The header of the CSV form.
pub const KPI_CSV_HEADER: [&str; 24] = [
    "key",
    "label",
    "received",
    "closed",
    "backlog",
    "late",
    "verification_done",
    "verification_median_hours",
    "verification_p90_hours",
    "verification_judged",
    "verification_within_sla",
    "verification_within_sla_pct",
    "first_response_done",
    "first_response_median_hours",
    "first_response_p90_hours",
    "first_response_judged",
    "first_response_within_sla",
    "first_response_within_sla_pct",
    "closure_done",
    "closure_median_hours",
    "closure_p90_hours",
    "closure_within_sla_pct",
    "ikm_responses",
    "ikm_converted",
];

fn hours(secs: Option<i64>) -> String {
    num(secs.map(|s| format!("{:.2}", s as f64 / 3600.0)))
}

fn pct(share: Option<f64>) -> String {
    num(share.map(|s| format!("{:.1}", s * 100.0)))
}

/// The report as CSV (hours with two decimals, shares in percent).
pub fn kpi_csv(report: &KpiReport) -> String {
    let mut out = String::new();
    record(&mut out, KPI_CSV_HEADER);
    for r in &report.rows {
        let k = &r.row;
        let (v, f, c) = (&k.verification, &k.first_response, &k.closure);
        let cells = [
            k.key.clone(),
            r.label.clone(),
            k.received.to_string(),
            k.closed.to_string(),
            k.backlog.to_string(),
            k.late.to_string(),
            v.done.to_string(),
            hours(v.median_secs),
            hours(v.p90_secs),
            v.judged.to_string(),
            v.within_sla.to_string(),
            pct(v.within_sla_share),
            f.done.to_string(),
            hours(f.median_secs),
            hours(f.p90_secs),
            f.judged.to_string(),
            f.within_sla.to_string(),
            pct(f.within_sla_share),
            c.done.to_string(),
            hours(c.median_secs),
            hours(c.p90_secs),
            pct(c.within_sla_share),
            num(k.ikm.as_ref().map(|i| i.responses)),
            num(k.ikm.as_ref().map(|i| i.converted_str())),
        ];
        record(&mut out, cells.iter().map(String::as_str));
    }
    out
}

#[utoipa::path(
    get,
    path = "/reports/kpi",
    tag = "laporan",
    summary = "KPIs per Sentra, province, group, channel or period",
    description = "Each row: `received`, `closed`, `backlog`, `late`; for `verification`, `first_response` and `closure`: `done`, `median_secs`, `p90_secs` (nearest rank, from receipt), `judged`, `within_sla`, `within_sla_share`; and the satisfaction index `ikm` (PermenPAN-RB 14/2017). `format=csv` or `Accept: text/csv` answers CSV.",
    params(KpiParams),
    security(("token" = ["read_reports"])),
    responses((status = 200, description = "The report (JSON, or CSV when asked).", content((KpiReport = "application/json"), (KpiReport = "text/csv")))),
)]
pub async fn get_kpi(
    State(state): State<AppState>,
    _caller: Can<need::ReadReports>,
    headers: HeaderMap,
    ApiQuery(params): ApiQuery<KpiParams>,
) -> Result<Response, ApiError> {
    let now = state.clock.now();
    let (q, from, to) = kpi_query(&params, now).map_err(ApiError::Validation)?;
    let report = kpi_report(&state.store, &q, from, to, now).await?;
    let wants_csv = params.format.as_deref() == Some("csv")
        || (params.format.is_none()
            && headers
                .get(header::ACCEPT)
                .and_then(|a| a.to_str().ok())
                .is_some_and(|a| a.contains("text/csv")));
    if wants_csv {
        let name = format!("kpi-{}-{}-{}.csv", q.by.as_str(), from, to);
        return Ok((
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
            ],
            kpi_csv(&report),
        )
            .into_response());
    }
    Ok(Json(report).into_response())
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DailyParams {
    /// The day, `YYYY-MM-DD` in WIB (default: today).
    #[param(example = "2026-12-01")]
    pub date: Option<String>,
    /// `json` (default) or `csv`.
    #[param(value_type = Option<String>, pattern = "^(json|csv)$")]
    pub format: Option<String>,
}

/// `GET /api/v1/reports/daily?date=YYYY-MM-DD&format=json|csv`.
#[utoipa::path(
    get,
    path = "/reports/daily",
    tag = "laporan",
    summary = "The media scanner's daily report",
    description = "A calendar day in WIB: what was scanned, found, accepted, merged and dismissed, per source and group.",
    params(DailyParams),
    security(("token" = ["read_reports"])),
    responses((status = 200, description = "The report (JSON, or CSV when asked).", content((Object = "application/json"), (Object = "text/csv")))),
)]
pub async fn get_daily(
    State(state): State<AppState>,
    _caller: Can<need::ReadReports>,
    ApiQuery(params): ApiQuery<DailyParams>,
) -> Result<Response, ApiError> {
    let now = state.clock.now();
    let mut errors = Vec::new();
    let date = take(
        &mut errors,
        "date",
        daily_report::report_day(params.date.as_deref(), now),
    );
    let csv = match params.format.as_deref() {
        None | Some("json") => false,
        Some("csv") => true,
        Some(_) => {
            errors.push(FieldError::new(
                "format",
                "unknown_format",
                "Format harus json atau csv.",
                "The format must be json or csv.",
            ));
            false
        }
    };
    let Some(date) = date.filter(|_| errors.is_empty()) else {
        return Err(ApiError::Validation(errors));
    };
    let report = daily_report::daily_report(&state.store, date, now).await?;
    if csv {
        return Ok((
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"laporan-harian-{date}.csv\""),
                ),
            ],
            daily_report::daily_csv(&report),
        )
            .into_response());
    }
    Ok(Json(report).into_response())
}
