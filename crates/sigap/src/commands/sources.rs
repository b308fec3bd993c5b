//! The media scanner from a terminal: `sigap sources add|list|enable|disable|starter`,
//! `sigap scan --once`, `sigap candidates list`, `sigap import social FILE`. Each calls the
//! same functions as the API and the background job.

use std::io::IsTerminal;

use anyhow::{Context, Result, anyhow, bail};
use serde::Deserialize;
use sigap_server::{
    AppState, ServerConfig,
    api::v1::{
        candidates::{CandidateQuery, CandidateView, candidate_filter},
        sources::{NewSourceRequest, SourceView, add_source, health},
    },
    error::ApiError,
    scan,
};
use sigap_store::{Store, StoreError};

use crate::{
    cli::{
        CandidateDecisionArgs, CandidatesFeedbackArgs, CandidatesListArgs, ImportSocialArgs,
        ScanOnceArgs, SourceIdArgs, SourcesAddArgs,
    },
    config::Database,
    output::print_json,
};

/// An API error as a terminal message: each field's problem on its own line.
fn explain(e: ApiError) -> anyhow::Error {
    match e {
        ApiError::Validation(errors) => anyhow!(
            "{}",
            errors
                .iter()
                .map(|f| format!("{}: {}", f.field, f.message))
                .collect::<Vec<_>>()
                .join("\n")
        ),
        other => anyhow!("{other:?}"),
    }
}

#[derive(Deserialize)]
struct StarterList {
    source: Vec<StarterSource>,
}

#[derive(Deserialize)]
struct StarterSource {
    name: String,
    url: String,
    kind: String,
    every: String,
}

const STARTER: &str = include_str!("../../../../data/sources/starter.toml");

/// Adds the shipped starter list (disabled) to a database that has no source yet; returns how
/// many were added.
pub async fn seed_starter(store: &Store) -> Result<usize> {
    if !store.sources().await?.is_empty() {
        return Ok(0);
    }
    add_starter(store).await
}

async fn add_starter(store: &Store) -> Result<usize> {
    let list: StarterList = toml::from_str(STARTER).context("data/sources/starter.toml")?;
    let mut added = 0;
    for s in list.source {
        let request = NewSourceRequest {
            url: s.url.clone(),
            kind: Some(s.kind),
            name: Some(s.name),
            every: Some(s.every),
            enabled: false,
        };
        match add_source(store, &request, "system", chrono::Utc::now()).await {
            Ok(_) => added += 1,
            Err(ApiError::Validation(e)) if e.iter().any(|f| f.code == "source_exists") => {}
            Err(e) => return Err(explain(e).context(format!("starter source {}", s.url))),
        }
    }
    Ok(added)
}

pub async fn add(args: SourcesAddArgs) -> Result<()> {
    super::init_quiet_logging();
    let store = Database::resolve(&args.db)?.open().await?;
    let request = NewSourceRequest {
        url: args.url.clone(),
        kind: args.kind.clone(),
        name: args.name.clone(),
        every: args.every.clone(),
        enabled: !args.disabled,
    };
    let (source, secret) = add_source(&store, &request, "cli", chrono::Utc::now())
        .await
        .map_err(explain)?;
    store.close().await;
    println!(
        "Sumber #{} ditambahkan: {} ({}, tiap {}, {}).",
        source.id,
        source.url,
        source.kind,
        every_label(source.every_secs),
        if source.enabled { "aktif" } else { "nonaktif" }
    );
    if let Some(secret) = secret {
        println!(
            "Kunci webhook (tampil sekali ini saja): {secret}\n\
             Kirim ke POST /api/v1/ingest/social dengan Sigap-Source: {}, Sigap-Timestamp dan \
             Sigap-Signature: sha256=HMAC(kunci, \"<timestamp>.<isi>\").",
            source.id
        );
    }
    Ok(())
}

fn every_label(secs: i64) -> String {
    match secs {
        s if s % 86_400 == 0 => format!("{}d", s / 86_400),
        s if s % 3600 == 0 => format!("{}h", s / 3600),
        s if s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

pub async fn list(args: crate::cli::DbJson) -> Result<()> {
    super::init_quiet_logging();
    let store = Database::resolve(&args.db)?.open().await?;
    let sources = store.sources().await?;
    store.close().await;
    if args.json {
        let views: Vec<SourceView> = sources.into_iter().map(Into::into).collect();
        return print_json(&views);
    }
    if sources.is_empty() {
        println!("Belum ada sumber (sigap sources add URL, atau sigap sources starter).");
    }
    for s in &sources {
        println!(
            "#{:<4} {:<10} {:<8} tiap {:<4} item {:<6} {}  {}",
            s.id,
            health(s),
            s.kind,
            every_label(s.every_secs),
            s.items_seen,
            s.name,
            s.url
        );
        let when = |t: Option<chrono::DateTime<chrono::Utc>>| {
            t.map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                .unwrap_or_else(|| "belum pernah".into())
        };
        if s.last_scan_at.is_some() {
            println!("       terakhir berhasil: {}", when(s.last_success_at));
        }
        if let Some(e) = &s.last_error {
            println!("       galat terakhir ({}): {e}", when(s.last_error_at));
        }
        if let Some(p) = &s.paused_reason {
            println!("       {p}");
        }
    }
    Ok(())
}

pub async fn set_enabled(args: SourceIdArgs, enabled: bool) -> Result<()> {
    super::init_quiet_logging();
    let store = Database::resolve(&args.db)?.open().await?;
    let source = match store
        .set_source_enabled(args.id, enabled, chrono::Utc::now())
        .await
    {
        Ok(s) => s,
        Err(StoreError::NotFound) => bail!("no source #{} (sigap sources list)", args.id),
        Err(e) => return Err(e.into()),
    };
    store.close().await;
    println!(
        "Sumber #{} {}: {}",
        source.id,
        if enabled {
            "diaktifkan"
        } else {
            "dinonaktifkan"
        },
        source.url
    );
    Ok(())
}

pub async fn starter(args: crate::cli::DbJson) -> Result<()> {
    super::init_quiet_logging();
    let store = Database::resolve(&args.db)?.open().await?;
    let added = add_starter(&store).await?;
    store.close().await;
    println!(
        "{added} sumber dari daftar awal ditambahkan (nonaktif; aktifkan dengan sigap sources enable ID)."
    );
    Ok(())
}

async fn state_for(store: Store, scan_args: &crate::cli::ScanArgs) -> Result<AppState> {
    let mut state = AppState::new(store, ServerConfig::default());
    state.scan = std::sync::Arc::new(crate::config::scan_settings(scan_args)?);
    Ok(state)
}

pub async fn scan_once(args: ScanOnceArgs) -> Result<()> {
    super::init_quiet_logging();
    if !args.once {
        bail!(
            "sigap scan runs one round: give --once (sigap serve scans on each source's interval)"
        );
    }
    let store = Database::resolve(&args.db)?.open().await?;
    let state = state_for(store.clone(), &args.scan).await?;
    let fetcher = scan::fetcher(&state.scan).map_err(explain)?;
    let worker = sigap_server::jobs::scan::worker_name();
    let bar = std::io::stderr().is_terminal() && !args.json;
    let started = std::time::Instant::now();
    let mut done = 0usize;
    let reports = scan::round(&state, &fetcher, &worker, false, |r, total| {
        done += 1;
        if bar {
            progress(done, total, &r.name);
        }
    })
    .await
    .map_err(explain)?;
    if bar {
        eprintln!();
    }
    store.close().await;
    let elapsed = started.elapsed();
    if args.json {
        return print_json(&serde_json::json!({
            "sources": reports,
            "seconds": elapsed.as_secs_f64(),
        }));
    }
    if reports.is_empty() {
        println!(
            "Tidak ada sumber aktif untuk dipindai (sigap sources list; sigap sources enable ID)."
        );
        return Ok(());
    }
    for r in &reports {
        let p = &r.processed;
        match r.outcome {
            "gagal" => println!(
                "#{:<4} GAGAL  {}: {}{}",
                r.source_id,
                r.name,
                r.error.as_deref().unwrap_or("-"),
                if r.paused { " (sumber dijeda)" } else { "" }
            ),
            "tidak_berubah" => println!("#{:<4} sama   {}: tidak berubah", r.source_id, r.name),
            _ => println!(
                "#{:<4} baru   {}: {} entri, {} item baru, {} kasus terbaca, {} kandidat baru, {} menyatu ke kandidat/kasus",
                r.source_id,
                r.name,
                r.entries,
                p.new_items,
                p.actionable,
                p.new_candidates.len(),
                p.joined_candidates + p.joined_cases
            ),
        }
    }
    let sum = |f: fn(&scan::SourceReport) -> usize| reports.iter().map(f).sum::<usize>();
    println!(
        "Ringkasan: {} sumber ({} gagal), {} item baru, {} kandidat baru, {} menyatu; {:.1} dtk.",
        reports.len(),
        reports.iter().filter(|r| r.outcome == "gagal").count(),
        sum(|r| r.processed.new_items),
        sum(|r| r.processed.new_candidates.len()),
        sum(|r| r.processed.joined_candidates + r.processed.joined_cases),
        elapsed.as_secs_f64()
    );
    Ok(())
}

/// One line of progress on standard error, redrawn in place.
fn progress(done: usize, total: usize, name: &str) {
    let width = 30;
    let filled = (done * width).checked_div(total).unwrap_or(width);
    let name: String = name.chars().take(40).collect();
    eprint!(
        "\r[{}{}] {done}/{total} {name:<40}",
        "#".repeat(filled),
        "-".repeat(width - filled)
    );
}

pub async fn candidates_list(args: CandidatesListArgs) -> Result<()> {
    super::init_quiet_logging();
    let store = Database::resolve(&args.db)?.open().await?;
    let query = CandidateQuery {
        status: args.status.clone(),
        category: args.category.clone(),
        urgency: args.urgency.clone(),
        region: args.region.clone(),
        sentra: args.sentra.clone(),
        limit: Some(args.limit),
    };
    let filter = candidate_filter(&query).map_err(explain)?;
    let candidates = store.candidates(&filter).await?;
    store.close().await;
    let views: Vec<CandidateView> = candidates.iter().map(CandidateView::from).collect();
    if args.json {
        return print_json(&views);
    }
    if views.is_empty() {
        println!("Antrean pemilahan kosong.");
    }
    for c in &views {
        println!(
            "#{:<5} {:<8} {:<6} {:<28} {}",
            c.id,
            c.status,
            c.urgency.as_deref().unwrap_or("-"),
            c.sentra
                .as_ref()
                .map(|s| s.name.as_str())
                .unwrap_or("antrean nasional"),
            c.title
        );
        println!(
            "       {} | {}",
            c.categories.join(","),
            c.sources.join(" ")
        );
    }
    Ok(())
}

pub async fn import_social(args: ImportSocialArgs) -> Result<()> {
    super::init_quiet_logging();
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let csv = match args.format.as_deref() {
        Some("csv") => true,
        Some("jsonl") => false,
        Some(other) => bail!("--format {other:?}: jsonl or csv"),
        None => args
            .file
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv")),
    };
    let rows = if csv {
        sigap_ingest::social::parse_csv(&text)
    } else {
        sigap_ingest::social::parse_jsonl(&text)
    };
    let mut posts = Vec::new();
    let mut bad = 0;
    for row in rows {
        match row {
            Ok(p) => posts.push(p),
            Err(e) => {
                bad += 1;
                eprintln!("{}: baris {}: {}", args.file.display(), e.line, e.message);
            }
        }
    }
    let store = Database::resolve(&args.db)?.open().await?;
    if let Some(id) = args.source {
        match store.source(id).await {
            Ok(s) if s.kind == "social" => {}
            Ok(s) => bail!("source #{id} is a {} source, not social", s.kind),
            Err(StoreError::NotFound) => bail!("no source #{id} (sigap sources list)"),
            Err(e) => return Err(e.into()),
        }
    }
    let state = state_for(store.clone(), &args.scan).await?;
    let count = posts.len();
    let processed = scan::ingest_posts(&state, args.source, posts)
        .await
        .map_err(explain)?;
    store.close().await;
    println!(
        "{count} kiriman dibaca ({bad} baris ditolak): {} baru, {} sudah ada, {} kasus terbaca, {} kandidat baru, {} menyatu ke kandidat/kasus.",
        processed.new_items,
        count - processed.new_items,
        processed.actionable,
        processed.new_candidates.len(),
        processed.joined_candidates + processed.joined_cases
    );
    if bad > 0 && count == 0 {
        bail!("no row of {} could be read", args.file.display());
    }
    Ok(())
}

/// Dismissal reasons that say the text is no case at all (a negative example); other reasons
/// ("already handled", "other") say nothing about the text and are left out.
const NOT_A_CASE: &[&str] = &[
    "bukan kasus",
    "berita program",
    "statistik",
    "di luar negeri",
    "luar negeri",
];

/// One triage decision as a labelled line of the corpus format, or `None` when it teaches
/// nothing about the text.
pub fn feedback_line(f: &sigap_store::scanning::Feedback) -> Option<serde_json::Value> {
    let (actionable, categories, urgency) = match f.status.as_str() {
        "diterima" | "digabung" => (
            true,
            f.categories
                .split(',')
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>(),
            f.urgency.clone(),
        ),
        "ditolak" => {
            let reason = f.reason.as_deref().unwrap_or_default().to_lowercase();
            if !NOT_A_CASE.iter().any(|r| reason.contains(r)) {
                return None;
            }
            (false, Vec::new(), None)
        }
        _ => return None,
    };
    Some(serde_json::json!({
        "url": f.url,
        "title": f.title,
        "text": f.body,
        "kind": "triage",
        "actionable": actionable,
        "categories": categories,
        "urgency": urgency,
        "cluster": format!("kandidat-{}", f.candidate_id),
    }))
}

pub async fn feedback(args: CandidatesFeedbackArgs) -> Result<()> {
    super::init_quiet_logging();
    let store = Database::resolve(&args.db)?.open().await?;
    let rows = store.triage_feedback().await?;
    store.close().await;
    let lines: Vec<String> = rows
        .iter()
        .filter_map(feedback_line)
        .map(|v| v.to_string())
        .collect();
    let text = if lines.is_empty() {
        String::new()
    } else {
        lines.join("\n") + "\n"
    };
    match &args.out {
        Some(path) => {
            std::fs::write(path, text)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!(
                "{} keputusan pemilahan ditulis ke {} ({} dilewati: alasan tolak yang tidak menilai teks).",
                lines.len(),
                path.display(),
                rows.len() - lines.len()
            );
        }
        None => print!("{text}"),
    }
    Ok(())
}

pub async fn decide(args: CandidateDecisionArgs, accept: bool) -> Result<()> {
    super::init_quiet_logging();
    let store = Database::resolve(&args.db)?.open().await?;
    let state = state_for(store.clone(), &crate::cli::ScanArgs::default()).await?;
    let result = if accept {
        scan::accept(&state, args.id, &args.actor, false)
            .await
            .map(|(_, case)| {
                format!(
                    "Kandidat #{} diterima: kasus {} ({}).",
                    args.id,
                    case.ticket,
                    case.assignment
                        .as_ref()
                        .and_then(|a| a.sentra_name.clone())
                        .unwrap_or_else(|| "antrean nasional".into())
                )
            })
    } else {
        let reason = sigap_server::api::v1::candidates::dismiss_reason(
            args.reason.as_deref().unwrap_or_default(),
        );
        match reason {
            Ok(reason) => scan::dismiss(&state, args.id, &reason, &args.actor)
                .await
                .map(|_| format!("Kandidat #{} ditolak: {reason}.", args.id)),
            Err(e) => Err(e),
        }
    };
    store.close().await;
    match result {
        Ok(message) => {
            println!("{message}");
            Ok(())
        }
        Err(ApiError::Conflict { detail, .. }) => bail!("{detail}"),
        Err(ApiError::NotFound { .. }) => {
            bail!("no candidate #{} (sigap candidates list)", args.id)
        }
        Err(e) => Err(explain(e)),
    }
}
