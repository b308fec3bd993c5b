//! `sigap bench pages`: server-side rendering time of the main pages with many cases in the
//! database. Cases are generated as for `bench kpi` and spread over the country; each page is
//! requested through the real router (`oneshot`, no network) with a real session cookie.

use std::time::Instant;

use anyhow::{Context, Result, bail};
use axum::{
    body::{Body, to_bytes},
    http::{Method, Request, StatusCode, header},
};
use chrono::{Duration, Utc};
use serde_json::json;
use sigap_core::{Category, RegionLevel, gazetteer::Gazetteer};
use sigap_server::{AppState, ServerConfig, build_router};
use sigap_store::testing::TestDb;
use tower::ServiceExt;

use crate::cli::BenchPagesArgs;

pub async fn pages(args: BenchPagesArgs) -> Result<()> {
    super::init_quiet_logging();
    if cfg!(debug_assertions) {
        eprintln!(
            "warning: this is a debug build; run `cargo run --release -p sigap -- bench pages` for real figures"
        );
    }
    let (backend, db) = match &args.database_url {
        None => ("sqlite", TestDb::sqlite().await?),
        Some(url) if url.starts_with("postgres") => (
            "postgres",
            TestDb::postgres_on(url)
                .await
                .context("cannot create the PostgreSQL benchmark database")?,
        ),
        Some(other) => {
            bail!("--database-url must be a postgres:// URL (SQLite is the default), not {other:?}")
        }
    };
    let result = run(backend, &db, &args).await;
    db.cleanup().await;
    result
}

async fn run(backend: &str, db: &TestDb, args: &BenchPagesArgs) -> Result<()> {
    let now = Utc::now();
    let started = Instant::now();
    let n = db
        .store
        .generate_bench_cases(args.cases, now - Duration::days(365), 365)
        .await?;
    let regencies: Vec<&str> = Gazetteer::embedded()
        .level(RegionLevel::Regency)
        .iter()
        .map(|r| r.code.as_str())
        .collect();
    let categories: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
    db.store.spread_bench_cases(&regencies, &categories).await?;
    println!(
        "{backend}: {n} cases generated over the last year in {} regencies in {:.1} s",
        regencies.len(),
        started.elapsed().as_secs_f64()
    );

    let state = AppState::new(
        db.store.clone(),
        ServerConfig {
            secure_cookies: false,
            body_limit: 64 * 1024,
            public_url: None,
        },
    );
    sigap_server::routing::Routing::ensure_seeded(&db.store, now).await?;
    let router = build_router(state.clone());
    let send = |req: Request<Body>| {
        let router = router.clone();
        async move {
            let response = router.oneshot(req).await?;
            let status = response.status();
            let headers = response.headers().clone();
            let body = to_bytes(response.into_body(), 1 << 26).await?;
            anyhow::Ok((status, headers, body.len()))
        }
    };

    // One real complaint, for the ticket page and the case page.
    let complaint = json!({"channel": "web",
        "reporter": {"name": "Siti Aminah", "phone": "081234567890"},
        "description": "Nenek 80 tahun hidup sendiri di gubuk reyot, sudah dua hari tidak makan.",
        "location": {"address": "Desa Sukamaju, Kec. Cibungbulang, Kab. Bogor", "region_code": "32.01"},
        "categories": ["lansia"]});
    let response = router
        .clone()
        .oneshot(
            Request::post("/api/v1/complaints")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(complaint.to_string()))?,
        )
        .await?;
    let filed: serde_json::Value =
        serde_json::from_slice(&to_bytes(response.into_body(), 1 << 20).await?)?;
    let (id, ticket) = (
        filed["id"]
            .as_str()
            .context("the complaint has an id")?
            .to_owned(),
        filed["ticket"]
            .as_str()
            .context("the complaint has a ticket")?
            .to_owned(),
    );

    // A supervisor's session, signed in through the sign-in page.
    let user = sigap_server::api::v1::users::NewUserRequest {
        username: "bench.supervisor".into(),
        display_name: None,
        role: "supervisor".into(),
        sentra: Vec::new(),
        password: "kuda-lumping-2026".into(),
    };
    sigap_server::api::v1::users::add_user(&db.store, &user, "bench", now)
        .await
        .map_err(|e| anyhow::anyhow!("cannot add the benchmark user: {e:?}"))?;
    let (status, headers, _) = send(
        Request::post("/masuk")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(
                "username=bench.supervisor&password=kuda-lumping-2026",
            ))?,
    )
    .await?;
    if status != StatusCode::SEE_OTHER {
        bail!("signing in answered {status}");
    }
    let cookie = headers
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .context("signing in set no cookie")?
        .to_owned();

    // The KPI page over the whole generated year (WIB days).
    let year_ago = (now + Duration::hours(7)).date_naive() - Duration::days(364);
    println!(
        "{backend}: {} requests per page after {} warm-up; milliseconds from request to the whole body",
        args.requests, args.warmup
    );
    println!(
        "{:<44} {:>8} {:>8} {:>8} {:>8} {:>9}",
        "page", "median", "p90", "best", "worst", "bytes"
    );
    for uri in [
        "/staf/dasbor".to_owned(),
        "/staf/dasbor?periode=90&peta=terlambat".to_owned(),
        "/staf/dasbor/provinsi/32".to_owned(),
        "/staf/kasus".to_owned(),
        format!("/staf/kasus/{id}"),
        "/staf/kinerja".to_owned(),
        format!("/staf/kinerja?dari={year_ago}"),
        format!("/staf/kinerja?dari={year_ago}&per=month"),
        "/lapor".to_owned(),
        format!("/lacak/{ticket}"),
    ] {
        let request = || {
            Request::builder()
                .method(Method::GET)
                .uri(uri.as_str())
                .header(header::COOKIE, cookie.as_str())
                .body(Body::empty())
        };
        let (status, _, _) = send(request()?).await?;
        if status != StatusCode::OK {
            println!("{uri:<44} skipped: answered {status}");
            continue;
        }
        for _ in 1..args.warmup {
            send(request()?).await?;
        }
        let mut times = Vec::with_capacity(args.requests);
        let mut bytes = 0;
        for _ in 0..args.requests.max(1) {
            let t = Instant::now();
            let (status, _, len) = send(request()?).await?;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            if status != StatusCode::OK {
                bail!("{uri} answered {status}");
            }
            bytes = len;
        }
        times.sort_by(f64::total_cmp);
        let rank =
            |p: f64| times[((p * times.len() as f64).ceil() as usize).clamp(1, times.len()) - 1];
        println!(
            "{uri:<44} {:>8.1} {:>8.1} {:>8.1} {:>8.1} {:>9}",
            rank(0.5),
            rank(0.9),
            times[0],
            times[times.len() - 1],
            bytes
        );
    }
    queries(backend, db, now).await
}

/// Where the dashboard's time goes: each of its queries alone, one after the other (the page
/// runs them together), median of 10 runs, for a 30-day and a 90-day period.
async fn queries(backend: &str, db: &TestDb, now: chrono::DateTime<Utc>) -> Result<()> {
    use sigap_store::{
        dashboard::Period,
        reports::{KpiBy, KpiQuery},
    };
    let store = &db.store;
    for days in [30, 90] {
        let period = Period {
            from: now - Duration::days(days),
            to: now,
            today: now - Duration::hours(12),
        };
        let kpi = KpiQuery {
            from: period.from,
            to: period.to,
            by: KpiBy::Sentra,
            sentra: None,
            province: None,
            category: None,
            channel: None,
        };
        println!("{backend}: the dashboard's queries alone, {days} days, median of 10 runs (ms)");
        for name in [
            "open_backlog",
            "received",
            "period_counts",
            "cases_at_risk",
            "kpi_counts",
        ] {
            let mut times = Vec::new();
            for _ in 0..10 {
                let t = Instant::now();
                match name {
                    "open_backlog" => drop(store.open_backlog(None, None).await?),
                    "received" => drop(store.received(period.from, period.to, None).await?),
                    "period_counts" => {
                        store.period_counts(period, None).await?;
                    }
                    "cases_at_risk" => drop(store.cases_at_risk(None, 20).await?),
                    _ => drop(store.kpi_counts(&kpi).await?),
                }
                times.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            times.sort_by(f64::total_cmp);
            println!("  {name:<20} {:>7.1}", times[times.len() / 2]);
        }
    }
    Ok(())
}
