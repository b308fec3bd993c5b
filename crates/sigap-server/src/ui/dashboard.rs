//! The supervisor dashboard (`/staf/dasbor`) and its province drill-down
//! (`/staf/dasbor/provinsi/{code}`): counters, the map shaded by open or late cases, charts with
//! their numbers as tables, and the open cases nearest their deadline — never personal data.
//!
//! Every role that reads reports may open it; a Sentra user sees its own units' cases only.

use std::collections::{BTreeMap, HashMap};

use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::Response,
};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};
use sigap_core::{
    Category, Channel, RegionCode, access::Permission, gazetteer::Gazetteer, sla::SlaState,
};
use sigap_store::{
    dashboard::{Backlog, OpenCount, Period},
    reports::{KpiBy, KpiQuery},
};

use super::{
    charts::{self, Chart, Series},
    map::{self, Measure, Palette},
    staff::{Lang, PageError, Staff},
};
use crate::{AppState, pages::format_wib};

/// How many cases the at-risk list shows.
const AT_RISK_LIMIT: i64 = 20;

#[derive(Deserialize)]
pub struct DashboardQuery {
    periode: Option<String>,
    peta: Option<String>,
}

/// What the map is shaded by (`?peta=terbuka|terlambat`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shade {
    Open,
    Late,
}

impl DashboardQuery {
    /// 7, 30 or 90 days; anything else is 30.
    fn days(&self) -> i64 {
        match self.periode.as_deref() {
            Some("7") => 7,
            Some("90") => 90,
            _ => 30,
        }
    }

    fn shade(&self) -> Shade {
        match self.peta.as_deref() {
            Some("terlambat") => Shade::Late,
            _ => Shade::Open,
        }
    }
}

fn wib() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset")
}

/// The start of `now`'s day in WIB, as a UTC instant.
fn start_of_day(now: DateTime<Utc>) -> DateTime<Utc> {
    let local = now.with_timezone(&wib()).date_naive();
    local
        .and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(wib()).single())
        .map_or(now, |t| t.to_utc())
}

/// One label/number pair of a chart, also a row of its data table.
#[derive(Serialize)]
struct Row {
    label: String,
    value: u64,
}

/// One row of a place table: its name, link and counts.
#[derive(Serialize)]
struct PlaceRow {
    code: String,
    name: String,
    href: Option<String>,
    open: u64,
    at_risk: u64,
    late: u64,
}

#[derive(Serialize)]
struct AtRiskRow {
    href: String,
    ticket: String,
    place: String,
    sentra: String,
    state: String,
    late: bool,
    due: String,
}

fn province_name(code: &str) -> String {
    if let Some(p) = map::find(code) {
        return p.name.to_owned();
    }
    Gazetteer::embedded()
        .get_str(code)
        .map_or_else(|| code.to_owned(), |r| r.name.clone())
}

/// `Kab. Bogor, Jawa Barat` for a region code (any level), from the gazetteer.
fn place_name(code: Option<&str>, lang: Lang) -> String {
    let Some(code) = code.filter(|c| !c.is_empty()) else {
        return lang.pick("Tanpa lokasi", "No place").to_owned();
    };
    let g = Gazetteer::embedded();
    let regency = code.get(..5).and_then(|c| g.get_str(c));
    let province = province_name(code.get(..2).unwrap_or(code));
    match regency {
        Some(r) => format!("{}, {province}", r.short_name()),
        None => province,
    }
}

fn sentra_name(names: &HashMap<String, String>, id: &str, lang: Lang) -> String {
    if id.is_empty() {
        return lang
            .pick(
                "Antrean nasional (belum dirutekan)",
                "National queue (not routed)",
            )
            .to_owned();
    }
    names.get(id).cloned().unwrap_or_else(|| id.to_owned())
}

fn category_label(code: &str, lang: Lang) -> String {
    match Category::parse(code) {
        Ok(c) => lang.pick(c.label(), c.label_en()).to_owned(),
        Err(_) if code.is_empty() => lang.pick("Tanpa kelompok", "No group").to_owned(),
        Err(_) => code.to_owned(),
    }
}

fn channel_label(code: &str, lang: Lang) -> String {
    Channel::parse(code).map_or_else(
        |_| code.to_owned(),
        |c| lang.pick(c.label(), c.label_en()).to_owned(),
    )
}

fn svg(markup: String) -> Value {
    // Made by ui::map and ui::charts, which escape every text they draw.
    Value::from_safe_string(markup)
}

fn measure(shade: Shade, lang: Lang) -> Measure<'static> {
    match shade {
        Shade::Open => Measure {
            title: lang.pick("Kasus terbuka per provinsi", "Open cases by province"),
            unit: lang.pick("kasus terbuka", "open cases"),
            palette: Palette::Blue,
        },
        Shade::Late => Measure {
            title: lang.pick("Kasus terlambat per provinsi", "Late cases by province"),
            unit: lang.pick("kasus terlambat", "late cases"),
            palette: Palette::Red,
        },
    }
}

fn pick(c: &OpenCount, shade: Shade) -> u64 {
    match shade {
        Shade::Open => c.open,
        Shade::Late => c.late,
    }
}

/// The bar chart and its rows, for the template.
fn bar_chart(title: &str, unit: &str, rows: Vec<Row>) -> Value {
    let pairs: Vec<(&str, u64)> = rows.iter().map(|r| (r.label.as_str(), r.value)).collect();
    let picture = charts::bars(&Chart { title, unit }, &pairs);
    context! { title => title, unit => unit, svg => svg(picture), rows => rows }
}

/// `GET /staf/dasbor?periode=7|30|90&peta=terbuka|terlambat`.
pub async fn show_dashboard(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<DashboardQuery>,
) -> Result<Response, PageError> {
    staff.require(&state, Permission::ReadReports)?;
    let lang = staff.lang;
    let scope = staff.who.scope();
    let now = state.clock.now();
    let days = q.days();
    let shade = q.shade();
    let today = start_of_day(now);
    let period = Period {
        from: today - Duration::days(days - 1),
        to: today + Duration::days(1),
        today,
    };
    let store = &state.store;
    let kpi_query = KpiQuery {
        from: period.from,
        to: period.to,
        by: KpiBy::Sentra,
        sentra: None,
        province: None,
        category: None,
        channel: None,
    };
    let (backlog, received, counts, at_risk, kpi, network) = tokio::try_join!(
        store.open_backlog(None, scope),
        store.received(period.from, period.to, scope),
        store.period_counts(period, scope),
        store.cases_at_risk(scope, AT_RISK_LIMIT),
        store.kpi_counts(&kpi_query),
        state.routing.network(store, now),
    )?;
    let names = &network.names;
    let totals = backlog.totals();

    // The map and its table.
    let provinces = backlog.by_province();
    let values: Vec<(&str, u64)> = provinces
        .iter()
        .map(|(code, c)| (code.as_str(), pick(c, shade)))
        .collect();
    let m = measure(shade, lang);
    let picture = map::indonesia(&values, &m, |code| format!("/staf/dasbor/provinsi/{code}"));
    let mut province_rows: Vec<PlaceRow> = map::provinces()
        .iter()
        .map(|p| {
            let c = provinces.get(p.code).cloned().unwrap_or_default();
            PlaceRow {
                code: p.code.to_owned(),
                name: p.name.to_owned(),
                href: Some(format!("/staf/dasbor/provinsi/{}", p.code)),
                open: c.open,
                at_risk: c.at_risk,
                late: c.late,
            }
        })
        .collect();
    province_rows.sort_by(|a, b| {
        pick_row(b, shade)
            .cmp(&pick_row(a, shade))
            .then_with(|| a.name.cmp(&b.name))
    });
    let unplaced = provinces.get("").cloned().unwrap_or_default();

    // Cases per day by group.
    let day_list: Vec<NaiveDate> = (0..days)
        .map(|i| {
            (period.from + Duration::days(i))
                .with_timezone(&wib())
                .date_naive()
        })
        .collect();
    let mut by_group: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for d in &received.per_day {
        let Ok(day) = NaiveDate::parse_from_str(&d.day, "%Y-%m-%d") else {
            continue;
        };
        let Some(i) = day_list.iter().position(|x| *x == day) else {
            continue;
        };
        by_group
            .entry(d.category.clone())
            .or_insert_with(|| vec![0; day_list.len()])[i] += d.cases;
    }
    let mut series: Vec<Series<String>> = by_group
        .into_iter()
        .map(|(code, values)| Series {
            name: category_label(&code, lang),
            values,
        })
        .collect();
    series.sort_by_key(|s| std::cmp::Reverse(s.values.iter().sum::<u64>()));
    let daily_title = lang.pick("Kasus per hari menurut kelompok", "Cases per day by group");
    let unit_cases = lang.pick("kasus", "cases");
    let daily_svg = charts::daily(
        &Chart {
            title: daily_title,
            unit: unit_cases,
        },
        &day_list,
        &series,
    );
    let daily_rows: Vec<Value> = series
        .iter()
        .map(|s| context! { label => &s.name, values => &s.values, total => s.values.iter().sum::<u64>() })
        .collect();
    let day_labels: Vec<String> = day_list
        .iter()
        .map(|d| d.format("%d/%m").to_string())
        .collect();

    // Backlog per Sentra.
    let mut sentra_rows: Vec<(String, OpenCount)> = backlog
        .by_sentra()
        .into_iter()
        .map(|(id, c)| (sentra_name(names, &id, lang), c))
        .collect();
    sentra_rows.sort_by(|a, b| b.1.open.cmp(&a.1.open).then_with(|| a.0.cmp(&b.0)));
    let backlog_chart = bar_chart(
        lang.pick("Tunggakan per Sentra", "Backlog by Sentra"),
        lang.pick("kasus terbuka", "open cases"),
        sentra_rows
            .iter()
            .map(|(name, c)| Row {
                label: name.clone(),
                value: c.open,
            })
            .collect(),
    );
    let sentra_table: Vec<Value> = sentra_rows
        .iter()
        .map(|(name, c)| context! { name => name, open => c.open, at_risk => c.at_risk, late => c.late })
        .collect();

    // Channels.
    let channel_chart = bar_chart(
        lang.pick("Kasus per kanal", "Cases by channel"),
        unit_cases,
        received
            .per_channel
            .iter()
            .map(|(c, n)| Row {
                label: channel_label(c, lang),
                value: *n,
            })
            .collect(),
    );

    // Share of first responses within the SLA, per Sentra, from the KPI report.
    let mut kpi_rows: Vec<Row> = kpi
        .iter()
        .filter(|r| scope.is_none_or(|s| s.contains(&r.key)))
        .filter_map(|r| {
            r.first_response.within_sla_share.map(|share| Row {
                label: sentra_name(names, &r.key, lang),
                value: (share * 100.0).round() as u64,
            })
        })
        .collect();
    kpi_rows.sort_by(|a, b| a.value.cmp(&b.value).then_with(|| a.label.cmp(&b.label)));
    let kpi_chart = bar_chart(
        lang.pick(
            "Respons pertama tepat waktu per Sentra",
            "First responses within the SLA by Sentra",
        ),
        lang.pick("% tepat waktu", "% on time"),
        kpi_rows,
    );

    let at_risk_rows: Vec<AtRiskRow> = at_risk
        .iter()
        .map(|c| {
            let state_label = SlaState::parse(&c.sla_state).map_or_else(
                |_| c.sla_state.clone(),
                |s| lang.pick(s.label(), s.label_en()).to_owned(),
            );
            AtRiskRow {
                href: format!("/staf/kasus/{}", c.id),
                ticket: c.ticket.clone(),
                place: place_name(c.region_code.as_deref(), lang),
                sentra: sentra_name(names, c.sentra_id.as_deref().unwrap_or(""), lang),
                state: state_label,
                late: c.sla_state == "terlambat",
                due: c.due_at.map(format_wib).unwrap_or_else(|| "—".into()),
            }
        })
        .collect();

    Ok(staff.render(
        &state,
        "staf/dasbor.html",
        context! {
            days => days,
            peta => match shade { Shade::Open => "terbuka", Shade::Late => "terlambat" },
            scoped => scope.is_some(),
            from => format_wib(period.from),
            counts => context! {
                new_today => counts.new_today,
                received => counts.received,
                closed => counts.closed,
                open => totals.open,
                at_risk => totals.at_risk,
                late => totals.late,
            },
            map_svg => svg(picture),
            map_title => m.title,
            provinces => province_rows,
            unplaced => unplaced,
            daily => context! { title => daily_title, svg => svg(daily_svg), days => day_labels, rows => daily_rows },
            backlog => backlog_chart,
            sentra_table => sentra_table,
            channels => channel_chart,
            kpi => kpi_chart,
            at_risk => at_risk_rows,
        },
    ))
}

fn pick_row(r: &PlaceRow, shade: Shade) -> u64 {
    match shade {
        Shade::Open => r.open,
        Shade::Late => r.late,
    }
}

/// `GET /staf/dasbor/provinsi/{code}`: one province, its regencies with open and late cases.
pub async fn show_province(
    State(state): State<AppState>,
    staff: Staff,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    staff.require(&state, Permission::ReadReports)?;
    let lang = staff.lang;
    let g = Gazetteer::embedded();
    let province = RegionCode::parse(&code)
        .ok()
        .filter(|c| c.as_str().len() == 2)
        .and_then(|c| g.get(&c).map(|r| (c, r)));
    let Some((region, _)) = province else {
        let mut page = staff.render(
            &state,
            "staf/dasbor-provinsi.html",
            context! { missing => true, asked => &code },
        );
        *page.status_mut() = StatusCode::NOT_FOUND;
        return Ok(page);
    };
    let scope = staff.who.scope();
    let backlog: Backlog = state
        .store
        .open_backlog(Some(region.as_str()), scope)
        .await?;
    let totals = backlog.totals();
    let counts = backlog.in_province(region.as_str());
    // Each regency leads on to its cases, for those who may list them.
    let lists_cases = staff.who.may(Permission::ReadCases);
    let mut rows: Vec<PlaceRow> = g
        .children(&region)
        .iter()
        .map(|r| {
            let c = counts.get(r.code.as_str()).cloned().unwrap_or_default();
            PlaceRow {
                code: r.code.as_str().to_owned(),
                name: r.short_name(),
                href: lists_cases.then(|| format!("/staf/kasus?region={}", r.code.as_str())),
                open: c.open,
                at_risk: c.at_risk,
                late: c.late,
            }
        })
        .collect();
    // Cases whose regency is the province alone or not (or no longer) in the gazetteer.
    let known: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
    let mut other = OpenCount::default();
    for (k, c) in &counts {
        if !known.contains(&k.as_str()) {
            other.open += c.open;
            other.at_risk += c.at_risk;
            other.late += c.late;
        }
    }
    rows.sort_by(|a, b| {
        b.open
            .cmp(&a.open)
            .then(b.late.cmp(&a.late))
            .then_with(|| a.name.cmp(&b.name))
    });
    let name = province_name(region.as_str());
    let title = format!("{} — {}", name, lang.pick("kasus terbuka", "open cases"));
    let m = Measure {
        title: &title,
        unit: lang.pick("kasus terbuka", "open cases"),
        palette: Palette::Blue,
    };
    let picture = map::province(region.as_str(), totals.open, &m);
    Ok(staff.render(
        &state,
        "staf/dasbor-provinsi.html",
        context! {
            code => region.as_str(),
            name => name,
            map_svg => picture.map(svg),
            totals => totals,
            regencies => rows,
            other => other,
        },
    ))
}
