//! The media scanner's daily report in its three forms — JSON, CSV (one table per section) and
//! a self-contained HTML page — shared by `GET /api/v1/reports/daily`, the staff page
//! `/staf/laporan-harian` and `sigap report daily`. The day is a calendar day in WIB.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use minijinja::{Value, context};
use serde::Serialize;
use sigap_core::{Category, FieldError, calendar::Zone};
use sigap_store::{Store, StoreError, scanning_report::DailyReport};

use crate::{
    api::v1::fields::day,
    csv::{num, record},
    pages::{Templates, format_wib},
    ui::{
        charts::{self, Chart},
        staff::Lang,
    },
};

/// The report with its day.
#[derive(Debug, Serialize)]
pub struct DailyScanReport {
    /// The calendar day in WIB.
    pub date: NaiveDate,
    pub generated_at: DateTime<Utc>,
    #[serde(flatten)]
    pub report: DailyReport,
}

/// `now`'s calendar day in WIB.
pub fn today(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&Zone::Wib.offset()).date_naive()
}

/// The day asked for (`YYYY-MM-DD`), or today in WIB.
pub fn report_day(given: Option<&str>, now: DateTime<Utc>) -> Result<NaiveDate, FieldError> {
    match given.map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => day("date", d),
        None => Ok(today(now)),
    }
}

/// `[midnight, next midnight)` of `date` in WIB, as UTC instants.
pub fn day_bounds(date: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = date
        .and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(Zone::Wib.offset()).single())
        .map(|t| t.to_utc())
        .unwrap_or_default();
    (start, start + Duration::days(1))
}

/// Runs the report of `date`.
pub async fn daily_report(
    store: &Store,
    date: NaiveDate,
    now: DateTime<Utc>,
) -> Result<DailyScanReport, StoreError> {
    let (from, to) = day_bounds(date);
    Ok(DailyScanReport {
        date,
        generated_at: now,
        report: store.daily_scan_report(from, to).await?,
    })
}

/// A group slug's label (`""`: without a group).
pub fn category_label(slug: &str, lang: Lang) -> String {
    match Category::parse(slug) {
        Ok(c) => lang.pick(c.label(), c.label_en()).to_owned(),
        Err(_) if slug.is_empty() => lang.pick("Tanpa kelompok", "No group").to_owned(),
        Err(_) => slug.to_owned(),
    }
}

fn source_label(name: Option<&str>, lang: Lang) -> String {
    name.map_or_else(
        || {
            lang.pick("Tanpa sumber (impor)", "No source (import)")
                .to_owned()
        },
        str::to_owned,
    )
}

fn province_label(code: &str, name: &str, lang: Lang) -> String {
    if code.is_empty() {
        lang.pick("Tanpa lokasi", "No place").to_owned()
    } else {
        name.to_owned()
    }
}

fn time(t: Option<DateTime<Utc>>) -> String {
    t.map(|t| t.to_rfc3339()).unwrap_or_default()
}

/// The report as CSV: one table per section, each with its own header row (whose first
/// column names the section's key), a blank line between sections.
pub fn daily_csv(r: &DailyScanReport) -> String {
    let d = &r.report;
    let mut out = String::new();
    record(&mut out, ["figure", "value"]);
    let summary = [
        ("date", r.date.to_string()),
        ("from", d.from.to_rfc3339()),
        ("to", d.to.to_rfc3339()),
        ("items", d.items.to_string()),
        ("actionable", d.actionable.to_string()),
        ("candidates_opened", d.candidates_opened.to_string()),
        ("accepted", d.decisions.accepted.to_string()),
        ("merged", d.decisions.merged.to_string()),
        ("dismissed", d.decisions.dismissed.to_string()),
        ("accepted_cases", d.accepted_cases.to_string()),
    ];
    for (k, v) in &summary {
        record(&mut out, [*k, v.as_str()]);
    }

    out.push_str("\r\n");
    record(&mut out, ["source_id", "source", "items", "actionable"]);
    for s in &d.by_source {
        let cells = [
            num(s.source_id),
            source_label(s.source_name.as_deref(), Lang::Id),
            s.items.to_string(),
            s.actionable.to_string(),
        ];
        record(&mut out, cells.iter().map(String::as_str));
    }

    out.push_str("\r\n");
    record(&mut out, ["category", "label", "cases"]);
    for c in &d.accepted_by_category {
        let cells = [
            c.category.clone(),
            category_label(&c.category, Lang::Id),
            c.cases.to_string(),
        ];
        record(&mut out, cells.iter().map(String::as_str));
    }

    out.push_str("\r\n");
    record(&mut out, ["province", "name", "cases"]);
    for p in &d.accepted_by_province {
        let cells = [
            p.code.clone(),
            province_label(&p.code, &p.name, Lang::Id),
            p.cases.to_string(),
        ];
        record(&mut out, cells.iter().map(String::as_str));
    }

    out.push_str("\r\n");
    record(&mut out, ["candidate_id", "title", "status", "items"]);
    for c in &d.clusters {
        let cells = [
            c.id.to_string(),
            c.title.clone(),
            c.status.clone(),
            c.items.to_string(),
        ];
        record(&mut out, cells.iter().map(String::as_str));
    }

    out.push_str("\r\n");
    record(
        &mut out,
        [
            "trouble_source_id",
            "source",
            "url",
            "enabled",
            "failures",
            "last_error",
            "last_error_at",
            "last_success_at",
            "paused_reason",
        ],
    );
    for s in &d.sources_in_trouble {
        let cells = [
            s.id.to_string(),
            s.name.clone(),
            s.url.clone(),
            s.enabled.to_string(),
            s.failures.to_string(),
            s.last_error.clone().unwrap_or_default(),
            time(s.last_error_at),
            time(s.last_success_at),
            s.paused_reason.clone().unwrap_or_default(),
        ];
        record(&mut out, cells.iter().map(String::as_str));
    }

    out.push_str("\r\n");
    record(&mut out, ["hour", "items"]);
    for (h, n) in d.items_per_hour.iter().enumerate() {
        let cells = [format!("{h:02}"), n.to_string()];
        record(&mut out, cells.iter().map(String::as_str));
    }
    out
}

fn svg(markup: String) -> Value {
    // Made by ui::charts, which escapes every text it draws.
    Value::from_safe_string(markup)
}

/// What the page and the file show: the figures, tables, and the two charts with their rows.
pub fn view(r: &DailyScanReport, lang: Lang) -> Value {
    let d = &r.report;
    let hours: Vec<(String, u64)> = d
        .items_per_hour
        .iter()
        .enumerate()
        .map(|(h, n)| (format!("{h:02}"), *n))
        .collect();
    let hourly_title = lang.pick("Butir per jam (WIB)", "Items per hour (WIB)");
    let unit_items = lang.pick("butir", "items");
    let hourly_svg = charts::columns(
        &Chart {
            title: hourly_title,
            unit: unit_items,
        },
        &hours,
        3,
    );
    let categories: Vec<(String, u64)> = d
        .accepted_by_category
        .iter()
        .map(|c| (category_label(&c.category, lang), c.cases))
        .collect();
    let category_title = lang.pick("Kasus diterima menurut kelompok", "Accepted cases by group");
    let unit_cases = lang.pick("kasus", "cases");
    let category_svg = charts::bars(
        &Chart {
            title: category_title,
            unit: unit_cases,
        },
        &categories,
    );
    let row = |label: String, value: u64| context! { label => label, value => value };
    context! {
        date => r.date.to_string(),
        from => format_wib(d.from),
        to => format_wib(d.to),
        generated => format_wib(r.generated_at),
        items => d.items,
        actionable => d.actionable,
        candidates_opened => d.candidates_opened,
        decisions => &d.decisions,
        accepted_cases => d.accepted_cases,
        sources => d.by_source.iter().map(|s| context! {
            name => source_label(s.source_name.as_deref(), lang),
            items => s.items,
            actionable => s.actionable,
        }).collect::<Vec<_>>(),
        provinces => d.accepted_by_province.iter()
            .map(|p| row(province_label(&p.code, &p.name, lang), p.cases))
            .collect::<Vec<_>>(),
        clusters => d.clusters.iter().map(|c| context! {
            id => c.id,
            title => &c.title,
            status => &c.status,
            items => c.items,
        }).collect::<Vec<_>>(),
        trouble => d.sources_in_trouble.iter().map(|s| context! {
            name => &s.name,
            url => &s.url,
            enabled => s.enabled,
            failures => s.failures,
            last_error => &s.last_error,
            last_error_at => s.last_error_at.map(format_wib),
            paused_reason => &s.paused_reason,
        }).collect::<Vec<_>>(),
        hourly => context! {
            title => hourly_title,
            unit => unit_items,
            svg => svg(hourly_svg),
            rows => hours.into_iter().map(|(h, n)| row(format!("{h}.00"), n)).collect::<Vec<_>>(),
        },
        categories => context! {
            title => category_title,
            unit => unit_cases,
            svg => svg(category_svg),
            rows => categories.into_iter().map(|(l, n)| row(l, n)).collect::<Vec<_>>(),
        },
    }
}

/// The report as one self-contained HTML file (in Bahasa Indonesia): the stylesheet inline, no
/// script, nothing fetched.
pub fn daily_html(templates: &Templates, r: &DailyScanReport) -> Result<String, minijinja::Error> {
    templates.render_html(
        "laporan-harian-berkas.html",
        context! {
            lang => Lang::Id,
            css => Value::from_safe_string(include_str!("../static/sigap.css").to_owned()),
            ..view(r, Lang::Id)
        },
    )
}
