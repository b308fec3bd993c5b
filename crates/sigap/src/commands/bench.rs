//! `sigap bench intake`: durable complaint intake over real HTTP on loopback. A server runs in
//! this process on a fresh database; `--clients` tasks file complaints as fast as they are
//! answered. A complaint counts only when answered `201`, which happens after its commit.

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

use anyhow::{Context, Result, bail};
use hdrhistogram::Histogram;
use serde_json::json;
use sigap_server::{AppState, ServerConfig};
use sigap_store::testing::TestDb;

use crate::cli::BenchIntakeArgs;

/// The backends a database benchmark runs on (`sqlite`, `postgres` or `both`), after warning
/// that a debug build gives no real figures.
pub(super) fn backends(bench: &str, choice: &str) -> Result<Vec<&'static str>> {
    if cfg!(debug_assertions) {
        eprintln!(
            "warning: this is a debug build; run `cargo run --release -- bench {bench}` for real figures"
        );
    }
    Ok(match choice {
        "both" => vec!["sqlite", "postgres"],
        "sqlite" => vec!["sqlite"],
        "postgres" => vec!["postgres"],
        other => bail!("unknown backend {other:?}: use sqlite, postgres or both"),
    })
}

pub async fn intake(args: BenchIntakeArgs) -> Result<()> {
    super::init_quiet_logging();
    let backends = backends("intake", &args.backend)?;
    println!(
        "Intake benchmark: {} clients, {} s per backend, {} cores",
        args.clients,
        args.seconds,
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    for backend in backends {
        let db = match backend {
            "sqlite" => TestDb::sqlite().await?,
            _ => TestDb::postgres_on(&args.postgres_url)
                .await
                .context("cannot create the PostgreSQL benchmark database")?,
        };
        let result = run_one(&db, &args).await;
        db.cleanup().await;
        let r = result?;
        println!(
            "{backend:<8}  {:>8.0} complaints/s   p50 {:>6.2} ms   p99 {:>6.2} ms   max {:>7.2} ms   ({} filed, {} errors)",
            r.per_second, r.p50_ms, r.p99_ms, r.max_ms, r.ok, r.errors
        );
        println!(
            "{}",
            json!({"bench": "intake", "backend": backend, "clients": args.clients, "seconds": args.seconds,
                   "per_second": r.per_second, "p50_ms": r.p50_ms, "p99_ms": r.p99_ms, "max_ms": r.max_ms,
                   "filed": r.ok, "errors": r.errors})
        );
    }
    Ok(())
}

struct Outcome {
    per_second: f64,
    p50_ms: f64,
    p99_ms: f64,
    max_ms: f64,
    ok: u64,
    errors: u64,
}

async fn run_one(db: &TestDb, args: &BenchIntakeArgs) -> Result<Outcome> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let state = AppState::new(
        db.store.clone(),
        ServerConfig {
            secure_cookies: false,
            body_limit: 64 * 1024,
            public_url: None,
        },
    );
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(sigap_server::serve(listener, state, async {
        let _ = stop_rx.await;
    }));
    let url = format!("http://{addr}/api/v1/complaints");
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.clients)
        .timeout(Duration::from_secs(30))
        .build()?;

    let measuring = Arc::new(AtomicBool::new(false));
    let running = Arc::new(AtomicBool::new(true));
    let mut tasks = Vec::new();
    for client_no in 0..args.clients {
        let (client, url, measuring, running) = (
            client.clone(),
            url.clone(),
            measuring.clone(),
            running.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut hist = Histogram::<u64>::new_with_bounds(1, 60_000_000, 3).expect("valid bounds");
            let (mut ok, mut errors, mut i) = (0u64, 0u64, 0u64);
            while running.load(Ordering::Relaxed) {
                i += 1;
                let body = json!({
                    "channel": "web",
                    "reporter": {"name": "Siti Aminah", "phone": "081234567890"},
                    "description": format!("Nenek 80 tahun hidup sendiri di gubuk reyot, sudah dua hari tidak makan. ({client_no}-{i})"),
                    "location": {"address": "Desa Sukamaju, Kec. Cibungbulang, Kab. Bogor", "region_code": "32.01"},
                    "categories": ["lansia", "fakir_miskin"], "urgency": "high"
                });
                let start = Instant::now();
                let response = client
                    .post(&url)
                    .header("idempotency-key", format!("bench-{client_no}-{i}"))
                    .json(&body)
                    .send()
                    .await;
                let micros = start.elapsed().as_micros() as u64;
                if !measuring.load(Ordering::Relaxed) {
                    continue;
                }
                match response {
                    Ok(r) if r.status() == reqwest::StatusCode::CREATED => {
                        ok += 1;
                        let _ = hist.record(micros.max(1));
                    }
                    _ => errors += 1,
                }
            }
            (hist, ok, errors)
        }));
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    measuring.store(true, Ordering::Relaxed);
    let started = Instant::now();
    tokio::time::sleep(Duration::from_secs(args.seconds)).await;
    measuring.store(false, Ordering::Relaxed);
    let elapsed = started.elapsed().as_secs_f64();
    running.store(false, Ordering::Relaxed);

    let mut hist = Histogram::<u64>::new_with_bounds(1, 60_000_000, 3)?;
    let (mut ok, mut errors) = (0, 0);
    for t in tasks {
        let (h, o, e) = t.await?;
        hist.add(h)?;
        ok += o;
        errors += e;
    }
    let _ = stop_tx.send(());
    server.await??;
    Ok(Outcome {
        per_second: ok as f64 / elapsed,
        p50_ms: hist.value_at_quantile(0.50) as f64 / 1000.0,
        p99_ms: hist.value_at_quantile(0.99) as f64 / 1000.0,
        max_ms: hist.max() as f64 / 1000.0,
        ok,
        errors,
    })
}
