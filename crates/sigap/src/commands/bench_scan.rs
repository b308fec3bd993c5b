//! `sigap bench scan`: the whole media pipeline — feed, article pages, extraction, analysis,
//! clustering, candidates — from a loopback feed server into the database, in articles per
//! second. The articles are the labelled corpus's real texts (`data/corpus/raw/`) in a plain
//! news-page layout; each is served at its own address, so every one is fetched, read and kept.
//!
//! Politeness is what limits a real scan (one request at a time per host, a second apart); on
//! loopback the interval is set to zero so the figure measures Sigap's own work.

use std::{sync::Arc, time::Instant};

use anyhow::{Context, Result, bail};
use axum::{extract::Path, routing::get};
use sigap_server::{
    AppState, ServerConfig,
    api::v1::sources::{NewSourceRequest, add_source},
    scan::{self, ScanSettings},
};
use sigap_store::testing::TestDb;

use crate::cli::BenchScanArgs;

const CORPUS: [&str; 4] = [
    include_str!("../../../../data/corpus/raw/actionable.jsonl"),
    include_str!("../../../../data/corpus/raw/negatives.jsonl"),
    include_str!("../../../../data/corpus/raw/more-2026-12.jsonl"),
    include_str!("../../../../data/corpus/raw/social.jsonl"),
];

#[derive(serde::Deserialize)]
struct Text {
    title: Option<String>,
    text: String,
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn page(text: &Text, n: usize) -> String {
    let title = escape(text.title.as_deref().unwrap_or("Berita"));
    let paragraphs: String = text
        .text
        .split(". ")
        .collect::<Vec<_>>()
        .chunks(2)
        .map(|c| format!("<p>{}.</p>", escape(&c.join(". "))))
        .collect();
    format!(
        "<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <link rel=\"canonical\" href=\"/artikel/{n}\"></head><body>\
         <header><nav><a href=\"/\">Beranda</a> <a href=\"/nasional\">Nasional</a> \
         <a href=\"/daerah\">Daerah</a></nav></header><main><article><h1>{title}</h1>\
         <div class=\"byline\">Penulis: Redaksi</div>{paragraphs}\
         <p><strong>Baca juga:</strong> <a href=\"/artikel/0\">Berita lain</a></p></article>\
         <aside><h2>Terpopuler</h2><ul><li><a href=\"/1\">Satu</a></li><li><a href=\"/2\">Dua</a>\
         </li></ul></aside></main><footer>Hak cipta Redaksi Uji</footer></body></html>"
    )
}

pub async fn scan(args: BenchScanArgs) -> Result<()> {
    super::init_quiet_logging();
    if cfg!(debug_assertions) {
        eprintln!(
            "warning: this is a debug build; run `cargo run --release -p sigap -- bench scan` for real figures"
        );
    }
    let texts: Vec<Text> = CORPUS
        .iter()
        .flat_map(|f| f.lines())
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    if texts.is_empty() {
        bail!("the corpus is empty");
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
    let result = run(backend, &db, &args, texts).await;
    db.cleanup().await;
    result
}

async fn run(backend: &str, db: &TestDb, args: &BenchScanArgs, texts: Vec<Text>) -> Result<()> {
    let n = args.articles;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let later = args.later;
    let total = n + later;
    let titles: Arc<Vec<String>> = Arc::new(
        (0..total)
            .map(|i| escape(texts[i % texts.len()].title.as_deref().unwrap_or("Berita")))
            .collect(),
    );
    let feed_base = base.clone();
    let feed_of = move |from: usize, to: usize| {
        let items: String = (from..to)
            .map(|i| {
                format!(
                    "<item><title>{}</title><link>{feed_base}/artikel/{i}</link>\
                     <pubDate>Thu, 03 Dec 2026 08:00:00 +0700</pubDate></item>",
                    titles[i]
                )
            })
            .collect();
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>\
             <title>Uji</title><description>Uji</description>{items}</channel></rss>"
        )
    };
    let first = Arc::new(feed_of(0, n));
    let second = Arc::new(feed_of(n, total));
    let pages: Arc<Vec<String>> = Arc::new(
        (0..total)
            .map(|i| page(&texts[i % texts.len()], i))
            .collect(),
    );
    let app = axum::Router::new()
        .route("/robots.txt", get(|| async { "User-agent: *\nAllow: /\n" }))
        .route(
            "/feed.xml",
            get(move || {
                let feed = first.clone();
                async move {
                    (
                        [("content-type", "application/rss+xml")],
                        feed.as_str().to_owned(),
                    )
                }
            }),
        )
        .route(
            "/later.xml",
            get(move || {
                let feed = second.clone();
                async move {
                    (
                        [("content-type", "application/rss+xml")],
                        feed.as_str().to_owned(),
                    )
                }
            }),
        )
        .route(
            "/artikel/{i}",
            get(move |Path(i): Path<usize>| {
                let pages = pages.clone();
                async move {
                    (
                        [("content-type", "text/html; charset=utf-8")],
                        pages.get(i).cloned().unwrap_or_default(),
                    )
                }
            }),
        );
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });

    let now = chrono::Utc::now();
    sigap_server::routing::Routing::ensure_seeded(&db.store, now).await?;
    let mut state = AppState::new(db.store.clone(), ServerConfig::default());
    let mut settings = ScanSettings {
        max_new_per_scan: n,
        ..ScanSettings::default()
    };
    settings.fetch.min_interval = std::time::Duration::ZERO;
    state.scan = Arc::new(settings);
    let request = NewSourceRequest {
        url: format!("{base}/feed.xml"),
        kind: Some("feed".into()),
        name: Some("bench".into()),
        every: None,
        enabled: true,
    };
    add_source(&db.store, &request, "bench", now)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let fetcher = scan::fetcher(&state.scan).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let started = Instant::now();
    let reports = scan::round(&state, &fetcher, "bench", false, |_, _| {})
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let secs = started.elapsed().as_secs_f64();
    let r = reports.first().context("no source was scanned")?;
    if let Some(e) = &r.error {
        bail!("the scan failed: {e}");
    }
    let p = &r.processed;
    let grouped = p.actionable;
    println!(
        "{backend}: {} articles (feed + {} pages fetched, extracted, analysed, clustered, stored) in {secs:.2} s = {:.0} articles/s; {} read as cases, {} candidates, {} joined an existing candidate",
        p.new_items,
        r.entries,
        p.new_items as f64 / secs,
        p.actionable,
        p.new_candidates.len(),
        p.joined_candidates
    );
    if later > 0 {
        // A later, ordinary scan: a few new articles, read against every report already grouped.
        let request = NewSourceRequest {
            url: format!("{base}/later.xml"),
            kind: Some("feed".into()),
            name: Some("bench later".into()),
            every: None,
            enabled: true,
        };
        add_source(&db.store, &request, "bench", now)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let started = Instant::now();
        let reports = scan::round(&state, &fetcher, "bench", false, |_, _| {})
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let secs = started.elapsed().as_secs_f64();
        let fresh: usize = reports.iter().map(|r| r.processed.new_items).sum();
        println!(
            "{backend}: a later scan of {fresh} new articles, compared with the {grouped} reports already grouped, in {secs:.2} s = {:.0} articles/s",
            fresh as f64 / secs
        );
    }
    Ok(())
}

/// `sigap bench extract`: the extractor's F1 (the benchmark README's metric) and speed.
pub fn extract(args: crate::cli::BenchExtractArgs) -> Result<()> {
    if cfg!(debug_assertions) {
        eprintln!(
            "warning: this is a debug build; run `cargo run --release -p sigap -- bench extract` for real figures"
        );
    }
    for set in &args.sets {
        let mut best: Option<sigap_ingest::extract::bench::Report> = None;
        for _ in 0..args.runs.max(1) {
            let report = sigap_ingest::extract::bench::run_benchmark(set)
                .with_context(|| format!("cannot score {}", set.display()))?;
            if best
                .as_ref()
                .is_none_or(|b| report.pages_per_sec > b.pages_per_sec)
            {
                best = Some(report);
            }
        }
        if let Some(r) = best {
            println!(
                "{}: {} pages, precision {:.3}, recall {:.3}, F1 {:.3}; {:.0} pages/s on {} threads (extraction only, best of {})",
                set.display(),
                r.pages,
                r.precision,
                r.recall,
                r.f1,
                r.pages_per_sec,
                r.threads,
                args.runs.max(1)
            );
        }
    }
    Ok(())
}
