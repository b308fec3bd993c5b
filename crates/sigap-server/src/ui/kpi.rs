//! `/staf/kinerja?dari=…&sampai=…&per=…&sentra=…`: the KPI report on a page — per Sentra,
//! province, group, channel or period, the volumes, backlog, median and 90th-percentile times to
//! verification, first response and closure, the share within the SLA and the IKM with its
//! grade, with links to the same report as CSV and JSON (`GET /api/v1/reports/kpi`).
//!
//! A Sentra user sees the figures of their own Sentra only, as on the dashboard.

use axum::{
    extract::{Query, State},
    response::Response,
};
use chrono::{Duration, NaiveDate};
use minijinja::context;
use serde::{Deserialize, Serialize};
use sigap_core::{access::Permission, calendar::Zone};
use sigap_store::reports::{KpiBy, StageKpi};

use super::staff::{Choice, Lang, PageError, Staff, choices};
use crate::{
    AppState,
    api::v1::reports::{KpiParams, kpi_label, kpi_query},
    error::ApiError,
};

#[derive(Deserialize)]
pub struct KpiPageQuery {
    dari: Option<String>,
    sampai: Option<String>,
    per: Option<String>,
    sentra: Option<String>,
}

/// One stage's figures as shown: hours with one decimal, the share in percent.
#[derive(Serialize)]
struct StageCells {
    median: String,
    p90: String,
    within: String,
    judged: u64,
}

#[derive(Serialize)]
struct Line {
    label: String,
    received: u64,
    closed: u64,
    backlog: u64,
    late: u64,
    stages: [StageCells; 3],
    ikm: Option<IkmCell>,
}

#[derive(Serialize)]
struct IkmCell {
    value: String,
    letter: char,
    grade: &'static str,
    responses: u64,
    /// `a` … `d`, for the cell's class.
    class: &'static str,
}

/// A number with one or two decimals, with the decimal comma in Bahasa Indonesia.
fn decimal(value: f64, places: usize, lang: Lang) -> String {
    let text = format!("{value:.places$}");
    match lang {
        Lang::Id => text.replace('.', ","),
        Lang::En => text,
    }
}

fn stage(s: &StageKpi, lang: Lang) -> StageCells {
    let hours = |secs: Option<i64>| {
        secs.map_or_else(|| "–".to_owned(), |s| decimal(s as f64 / 3600.0, 1, lang))
    };
    StageCells {
        median: hours(s.median_secs),
        p90: hours(s.p90_secs),
        within: s.within_sla_share.map_or_else(
            || "–".to_owned(),
            |x| format!("{} %", decimal(x * 100.0, 0, lang)),
        ),
        judged: s.judged,
    }
}

/// `GET /staf/kinerja`: the last 30 days (WIB), per Sentra, without parameters; parameters
/// that cannot be used are named above that default report.
pub async fn show_kpi(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<KpiPageQuery>,
) -> Result<Response, PageError> {
    staff.require(&state, Permission::ReadReports)?;
    let lang = staff.lang;
    let now = state.clock.now();
    let store = &state.store;
    let network = state.routing.network(store, now).await?;
    let scope = staff.who.scope();
    let blank = |v: Option<String>| v.as_deref().and_then(super::blank);
    // A Sentra user picks among their own Sentra (the first by default); others among all.
    let mut sentra = blank(q.sentra);
    let mut errors = Vec::new();
    if let Some(own) = scope {
        if sentra.as_ref().is_some_and(|s| !own.contains(s)) {
            errors.push(
                lang.pick(
                    "Sentra itu bukan Sentra Anda; angka Sentra Anda yang ditampilkan.",
                    "That Sentra is not yours; your Sentra's figures are shown.",
                )
                .to_owned(),
            );
            sentra = None;
        }
        if sentra.is_none() {
            sentra = own.first().cloned();
        }
    } else if sentra
        .as_ref()
        .is_some_and(|s| !network.names.contains_key(s))
    {
        errors.push(
            lang.pick("Sentra itu tidak dikenal.", "That Sentra is unknown.")
                .to_owned(),
        );
        sentra = None;
    }
    // The page opens on the last 30 days, as the dashboard does (the 30 days up to `sampai`
    // when only that is given); any period may be chosen.
    let today = now.with_timezone(&Zone::Wib.offset()).date_naive();
    let last_30 = Some((today - Duration::days(29)).to_string());
    let until = blank(q.sampai.clone())
        .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
        .map(|d| (d - Duration::days(29)).to_string());
    let params = KpiParams {
        from: blank(q.dari).or(until).or_else(|| last_30.clone()),
        to: blank(q.sampai),
        by: blank(q.per),
        sentra: sentra.clone(),
        ..KpiParams::default()
    };
    let (query, from, to) = match kpi_query(&params, now) {
        Ok(ok) => ok,
        Err(problems) => {
            errors.extend(problems.into_iter().map(|e| match lang {
                Lang::Id => e.message,
                Lang::En => e.message_en,
            }));
            let fallback = KpiParams {
                from: last_30,
                sentra: sentra.clone(),
                ..KpiParams::default()
            };
            // The default period and grouping are always valid.
            kpi_query(&fallback, now).map_err(ApiError::Validation)?
        }
    };
    // The rows alone: the page labels them in its reader's language with the network's
    // names it already holds.
    let rows = store.kpi(&query).await?;
    let lines: Vec<Line> = rows
        .iter()
        .map(|k| Line {
            label: kpi_label(query.by, &k.key, lang == Lang::En, |id| {
                network.names.get(id).cloned()
            }),
            received: k.received,
            closed: k.closed,
            backlog: k.backlog,
            late: k.late,
            stages: [
                stage(&k.verification, lang),
                stage(&k.first_response, lang),
                stage(&k.closure, lang),
            ],
            ikm: k.ikm.as_ref().map(|i| IkmCell {
                value: decimal(i.converted, 2, lang),
                letter: i.grade_letter,
                grade: lang.pick(i.grade.label(), i.grade.label_en()),
                responses: i.responses,
                class: i.grade.as_str(),
            }),
        })
        .collect();
    let mut sentra_choices: Vec<Choice> = network
        .names
        .iter()
        .filter(|(id, _)| scope.is_none_or(|own| own.contains(id)))
        .map(|(id, name)| Choice {
            value: id.clone(),
            label: name.clone(),
        })
        .collect();
    sentra_choices.sort_by(|a, b| a.label.cmp(&b.label));
    let mut download = format!(
        "/api/v1/reports/kpi?from={from}&to={to}&by={}",
        query.by.as_str()
    );
    if let Some(s) = &query.sentra {
        download.push_str("&sentra=");
        download.push_str(s);
    }
    let total = |f: fn(&Line) -> u64| lines.iter().map(f).sum::<u64>();
    Ok(staff.render(
        &state,
        "staf/kinerja.html",
        context! {
            errors => errors,
            from => from.to_string(),
            to => to.to_string(),
            by => query.by.as_str(),
            by_label => lang.pick(query.by.label(), query.by.label_en()),
            groupings => choices(KpiBy::ALL, lang),
            sentra => query.sentra.clone().unwrap_or_default(),
            sentra_choices => sentra_choices,
            scoped => scope.is_some(),
            lines => lines,
            // By group a case counts once per group it has, so the sums would mislead.
            totals => (query.by != KpiBy::Category).then(|| context! {
                received => total(|l| l.received),
                closed => total(|l| l.closed),
                backlog => total(|l| l.backlog),
                late => total(|l| l.late),
            }),
            csv => format!("{download}&format=csv"),
            json => download,
        },
    ))
}
