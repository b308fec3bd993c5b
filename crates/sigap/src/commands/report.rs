//! `sigap report kpi`, `sigap report daily`, `sigap sla sweep` and `sigap bench kpi`.

use std::time::Instant;

use anyhow::{Context, Result, anyhow, bail};
use chrono::{TimeZone, Utc};
use sigap_server::{
    api::v1::{
        export::{PAGE as EXPORT_PAGE, export_record},
        reports::{KpiParams, kpi_csv, kpi_query, kpi_report},
    },
    daily_report::{daily_csv, daily_html, daily_report, report_day},
    jobs,
    pages::Templates,
    sla::SlaEngine,
};
use sigap_store::{
    reports::{KpiBy, KpiQuery},
    testing::TestDb,
};

use crate::{
    cli::{BenchKpiArgs, DbArgs, ReportDailyArgs, ReportKpiArgs},
    config::Database,
};

pub async fn kpi(args: ReportKpiArgs) -> Result<()> {
    super::init_quiet_logging();
    let now = Utc::now();
    let params = KpiParams {
        from: args.from,
        to: args.to,
        by: Some(args.by),
        sentra: args.sentra,
        province: args.province,
        category: args.category,
        channel: args.channel,
        format: None,
    };
    let (q, from, to) = kpi_query(&params, now).map_err(|errors| {
        let lines: Vec<String> = errors
            .iter()
            .map(|e| format!("--{}: {}", e.field, e.message))
            .collect();
        anyhow!("{}", lines.join("\n"))
    })?;
    let store = Database::resolve(&args.db)?.open().await?;
    let report = kpi_report(&store, &q, from, to, now).await?;
    match args.format.as_str() {
        "json" => println!("{}", serde_json::to_string_pretty(&report)?),
        "csv" => print!("{}", kpi_csv(&report)),
        "table" => {
            println!("KPI {from} s.d. {to}, per {}", q.by.as_str());
            println!(
                "{:<34} {:>8} {:>8} {:>8} {:>7} | {:>9} {:>9} {:>6} | {:>9} {:>6} | {:>9} {:>6} | {:>6}",
                "",
                "masuk",
                "selesai",
                "backlog",
                "telat",
                "verif p50",
                "p90 (jam)",
                "SLA%",
                "resp p50",
                "SLA%",
                "tutup p50",
                "SLA%",
                "IKM"
            );
            let h =
                |s: Option<i64>| s.map_or("-".to_owned(), |s| format!("{:.1}", s as f64 / 3600.0));
            let p = |s: Option<f64>| s.map_or("-".to_owned(), |s| format!("{:.1}", s * 100.0));
            for r in &report.rows {
                let k = &r.row;
                let label: String = r.label.chars().take(34).collect();
                println!(
                    "{:<34} {:>8} {:>8} {:>8} {:>7} | {:>9} {:>9} {:>6} | {:>9} {:>6} | {:>9} {:>6} | {:>6}",
                    label,
                    k.received,
                    k.closed,
                    k.backlog,
                    k.late,
                    h(k.verification.median_secs),
                    h(k.verification.p90_secs),
                    p(k.verification.within_sla_share),
                    h(k.first_response.median_secs),
                    p(k.first_response.within_sla_share),
                    h(k.closure.median_secs),
                    p(k.closure.within_sla_share),
                    k.ikm.as_ref().map_or("-".to_owned(), |i| format!(
                        "{} {}",
                        i.converted_str(),
                        i.grade_letter
                    )),
                );
            }
            if report.rows.is_empty() {
                println!("(tidak ada kasus pada periode ini)");
            }
        }
        other => bail!("unknown format {other:?}: use table, csv or json"),
    }
    Ok(())
}

pub async fn daily(args: ReportDailyArgs) -> Result<()> {
    super::init_quiet_logging();
    let now = Utc::now();
    let date = report_day(args.date.as_deref(), now).map_err(|e| {
        anyhow!(
            "--date {:?}: {} ({})",
            args.date.as_deref().unwrap_or_default(),
            e.message,
            e.message_en
        )
    })?;
    let store = Database::resolve(&args.db)?.open().await?;
    let report = daily_report(&store, date, now).await?;
    match args.format.as_str() {
        "json" => println!("{}", serde_json::to_string_pretty(&report)?),
        "csv" => print!("{}", daily_csv(&report)),
        "html" => print!(
            "{}",
            daily_html(&Templates::new(), &report).context("rendering the daily report")?
        ),
        other => bail!("unknown format {other:?}: use json, csv or html"),
    }
    Ok(())
}

pub async fn sla_sweep(args: DbArgs) -> Result<()> {
    super::init_quiet_logging();
    let store = Database::resolve(&args)?.open().await?;
    let engine = SlaEngine::default();
    engine.reload(&store).await?;
    let started = Instant::now();
    let r = jobs::sla::sweep(&store, &engine, Utc::now()).await?;
    println!(
        "{} kasus dievaluasi, {} tahap dieskalasi, {} kasus ditutup otomatis ({} ms)",
        r.evaluated,
        r.escalated,
        r.auto_closed,
        started.elapsed().as_millis()
    );
    Ok(())
}

pub async fn bench_kpi(args: BenchKpiArgs) -> Result<()> {
    super::init_quiet_logging();
    let backends = super::bench::backends("kpi", &args.backend)?;
    let from = Utc
        .with_ymd_and_hms(2025, 1, 1, 0, 0, 0)
        .single()
        .context("a valid date")?;
    for backend in backends {
        let db = match backend {
            "sqlite" => TestDb::sqlite().await?,
            _ => TestDb::postgres_on(&args.postgres_url)
                .await
                .context("cannot create the PostgreSQL benchmark database")?,
        };
        let result = async {
            let started = Instant::now();
            let n = db.store.generate_bench_cases(args.cases, from, 365).await?;
            println!(
                "{backend}: {n} cases generated in {:.1} s",
                started.elapsed().as_secs_f64()
            );
            let q = KpiQuery {
                from,
                to: from + chrono::Duration::days(365),
                by: KpiBy::Sentra,
                sentra: None,
                province: None,
                category: None,
                channel: None,
            };
            let mut times = Vec::new();
            let mut rows = 0;
            for _ in 0..args.runs.max(1) {
                let t = Instant::now();
                rows = db.store.kpi(&q).await?.len();
                times.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            times.sort_by(f64::total_cmp);
            println!(
                "{backend}: KPI report for a year, all Sentra ({rows} rows): median {:.0} ms, best {:.0} ms, worst {:.0} ms over {} runs",
                times[times.len() / 2],
                times[0],
                times[times.len() - 1],
                times.len()
            );
            // The CSV export of every case, page by page as `GET /api/v1/cases/export.csv`
            // streams it (the bytes are counted, not kept).
            let t = Instant::now();
            let (mut rows, mut bytes, mut after) = (0usize, 0usize, None);
            let mut line = String::new();
            loop {
                let page = db
                    .store
                    .export_page(&sigap_store::CaseFilter::default(), after, EXPORT_PAGE)
                    .await?;
                for r in &page {
                    line.clear();
                    export_record(&mut line, r);
                    bytes += line.len();
                }
                rows += page.len();
                after = page.last().map(|r| sigap_store::Cursor {
                    created_at: r.created_at,
                    id: r.id,
                });
                if page.len() < EXPORT_PAGE as usize {
                    break;
                }
            }
            let secs = t.elapsed().as_secs_f64();
            println!(
                "{backend}: CSV export of every case: {rows} rows, {:.0} MB in {secs:.1} s ({:.0} rows/s)",
                bytes as f64 / 1e6,
                rows as f64 / secs
            );
            anyhow::Ok(())
        }
        .await;
        db.cleanup().await;
        result?;
    }
    Ok(())
}
