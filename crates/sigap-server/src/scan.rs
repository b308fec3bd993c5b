//! The media scanner, wired to the command center: sources are claimed from the database,
//! fetched and read with `sigap-ingest`, their new items go through the pipeline into the
//! triage queue, and an operator's decision on a candidate makes, extends or dismisses a case.
//!
//! `sigap serve` runs [`round`] in the background (`jobs::scan`); `sigap scan --once` runs one
//! round over every enabled source; the API and the triage page call [`accept`], [`merge`] and
//! [`dismiss`]; the social webhook and `sigap import social` call [`ingest_posts`].

use std::{collections::BTreeMap, sync::Arc, time::Duration};

use chrono::{DateTime, Utc};
use sigap_core::{
    Category, Channel, ComplaintType, RegionCode, Urgency,
    case::{Location, NewCase, Reporter},
    gazetteer::Gazetteer,
};
use sigap_ingest::{
    extract,
    feed::{self, Entry, Listing},
    fetch::{FetchConfig, Fetched, Fetcher, Validators},
    pipeline::{self, Document, Processed, Reader, Route},
    social::Post,
};
use sigap_store::{
    StoreError,
    scanning::{Candidate, Decision, ScanResult, Source},
};
use sigap_text::classify::Model;
use uuid::Uuid;

use crate::{AppState, api::v1::complaints::file_complaint, error::ApiError, routing::Network};

/// How the scanner behaves; every figure is a setting.
#[derive(Debug, Clone)]
pub struct ScanSettings {
    pub fetch: FetchConfig,
    /// Failed scans in a row before a source is paused.
    pub max_failures: i32,
    /// How long a worker's claim on a source lasts (a crashed worker's claim runs out).
    pub lease: chrono::Duration,
    /// How often the background job looks for due sources.
    pub every: Duration,
    /// The most new articles one scan of a source fetches (the rest wait for the next scan).
    pub max_new_per_scan: usize,
    /// The most child sitemaps one scan of a sitemap index reads.
    pub max_child_sitemaps: usize,
    /// Auto-accept: a new candidate with one of these categories and an actionable score at
    /// or above its threshold becomes a case without an operator. Empty (off) by default.
    pub auto_accept: BTreeMap<Category, f32>,
}

impl Default for ScanSettings {
    fn default() -> Self {
        ScanSettings {
            fetch: FetchConfig::default(),
            max_failures: 5,
            lease: chrono::Duration::minutes(10),
            every: Duration::from_secs(30),
            max_new_per_scan: 100,
            max_child_sitemaps: 5,
            auto_accept: BTreeMap::new(),
        }
    }
}

/// Routing as the pipeline asks for it: the Sentra a place would go to now.
struct NetworkRoute {
    net: Arc<Network>,
    now: DateTime<Utc>,
}

impl Route for NetworkRoute {
    fn sentra_for(&self, place: &RegionCode) -> Option<(String, String)> {
        let place = Gazetteer::embedded().current(place)?;
        let d = self
            .net
            .router
            .route_at(&place, self.now, &self.net.surges, 0);
        d.sentra.map(|id| {
            let name = self
                .net
                .names
                .get(&id)
                .cloned()
                .unwrap_or_else(|| id.clone());
            (id, name)
        })
    }
}

fn model() -> Result<&'static Model, ApiError> {
    Model::embedded().map_err(|e| ApiError::Internal(format!("the shipped text model: {e}")))
}

/// Runs documents through the pipeline, then auto-accepts what the settings allow.
pub async fn process(state: &AppState, documents: Vec<Document>) -> Result<Processed, ApiError> {
    let now = state.clock.now();
    let net = state.routing.network(&state.store, now).await?;
    let route = NetworkRoute { net, now };
    let reader = Reader {
        model: model()?,
        gazetteer: Gazetteer::embedded(),
        route: &route,
    };
    let processed = pipeline::process(&state.store, &reader, documents, now).await?;
    if !state.scan.auto_accept.is_empty() {
        for id in &processed.new_candidates {
            let candidate = state.store.candidate(*id).await?;
            if auto_acceptable(&state.scan.auto_accept, &candidate) {
                accept(state, *id, "system", true).await?;
            }
        }
    }
    Ok(processed)
}

fn auto_acceptable(thresholds: &BTreeMap<Category, f32>, candidate: &Candidate) -> bool {
    candidate.categories().iter().any(|slug| {
        Category::parse(slug)
            .ok()
            .and_then(|c| thresholds.get(&c))
            .is_some_and(|t| candidate.row.score >= f64::from(*t))
    })
}

/// How the scan of one source went.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SourceReport {
    pub source_id: i64,
    pub name: String,
    pub url: String,
    /// `baru` (new content), `tidak_berubah` (304 or same body), `gagal`.
    pub outcome: &'static str,
    pub error: Option<String>,
    pub entries: usize,
    pub processed: Processed,
    /// Whether the source is paused after this scan.
    pub paused: bool,
}

/// One round: claims sources (the due ones, or every enabled one) and scans each.
/// `on_done` is told of each source as it finishes (for a progress bar).
pub async fn round(
    state: &AppState,
    fetcher: &Fetcher,
    worker: &str,
    due_only: bool,
    mut on_done: impl FnMut(&SourceReport, usize),
) -> Result<Vec<SourceReport>, ApiError> {
    let now = state.clock.now();
    let claimed = state
        .store
        .claim_sources(worker, now, state.scan.lease, due_only, 1000)
        .await?;
    let total = claimed.len();
    // Sources on different hosts are fetched side by side; the fetcher keeps one request at a
    // time per host.
    let mut tasks = tokio::task::JoinSet::new();
    for source in claimed {
        let state = state.clone();
        let fetcher = fetcher.clone();
        let worker = worker.to_owned();
        tasks.spawn(async move { scan_source(&state, &fetcher, &worker, source).await });
    }
    let mut reports = Vec::with_capacity(total);
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok(Ok(report)) => {
                on_done(&report, total);
                reports.push(report);
            }
            Ok(Err(e)) => return Err(e),
            Err(e) => return Err(ApiError::Internal(format!("scan task: {e}"))),
        }
    }
    reports.sort_by_key(|r| r.source_id);
    Ok(reports)
}

/// Scans one claimed source and records the outcome on it.
pub async fn scan_source(
    state: &AppState,
    fetcher: &Fetcher,
    worker: &str,
    source: Source,
) -> Result<SourceReport, ApiError> {
    let mut report = SourceReport {
        source_id: source.id,
        name: source.name.clone(),
        url: source.url.clone(),
        outcome: "tidak_berubah",
        error: None,
        entries: 0,
        processed: Processed::default(),
        paused: false,
    };
    let previous = Validators {
        etag: source.etag.clone(),
        last_modified: source.last_modified.clone(),
        body_hash: source.body_hash.clone(),
    };
    let result = match read_source(state, fetcher, &source, &previous).await {
        Ok((validators, documents, entries)) => {
            report.entries = entries;
            if let Some(documents) = documents {
                report.outcome = "baru";
                report.processed = process(state, documents).await?;
            }
            ScanResult::Ok {
                etag: validators.etag,
                last_modified: validators.last_modified,
                body_hash: validators.body_hash,
                new_items: report.processed.new_items as i64,
            }
        }
        Err(error) => {
            tracing::warn!(source.id = source.id, source.url = %source.url, %error, "scan failed");
            report.outcome = "gagal";
            report.error = Some(error.clone());
            ScanResult::Failed(error)
        }
    };
    let now = state.clock.now();
    state
        .store
        .finish_scan(source.id, worker, &result, state.scan.max_failures, now)
        .await?;
    report.paused = state.store.source(source.id).await?.paused_reason.is_some();
    Ok(report)
}

/// Fetches a source and turns it into documents: `None` when nothing changed.
async fn read_source(
    state: &AppState,
    fetcher: &Fetcher,
    source: &Source,
    previous: &Validators,
) -> Result<(Validators, Option<Vec<Document>>, usize), String> {
    let page = match fetcher.get(&source.url, previous).await {
        Ok(Fetched::NotModified) => return Ok((previous.clone(), None, 0)),
        Ok(Fetched::Unchanged(v)) => return Ok((v, None, 0)),
        Ok(Fetched::Body(page)) => page,
        Err(e) => return Err(e.to_string()),
    };
    let validators = page.validators.clone();
    if source.kind == "page" {
        let article = extract::extract(&page.text, &page.url);
        let doc = article_document(source.id, &page.url, None, article);
        return Ok((validators, Some(doc.into_iter().collect()), 1));
    }
    let mut entries = match feed::parse_listing(&page.text, &page.url).map_err(|e| e.to_string())? {
        Listing::Entries(entries) => entries,
        Listing::Sitemaps(children) => {
            let mut all = Vec::new();
            for child in children.iter().take(state.scan.max_child_sitemaps) {
                match fetcher.get(child, &Validators::default()).await {
                    Ok(Fetched::Body(p)) => {
                        if let Ok(Listing::Entries(e)) = feed::parse_listing(&p.text, &p.url) {
                            all.extend(e);
                        }
                    }
                    Ok(_) => {}
                    Err(e) => tracing::info!(sitemap = %child, error = %e, "child sitemap skipped"),
                }
            }
            all
        }
    };
    let count = entries.len();
    if source.kind == "social_feed" {
        // A feed of posts: each entry is a whole post; there is no page to fetch.
        let platform = platform_of(&source.url);
        let documents = entries
            .iter()
            .filter_map(|e| entry_document(source.id, e))
            .map(|mut d| {
                d.kind = "post";
                d.platform = Some(platform.clone());
                d
            })
            .collect();
        return Ok((validators, Some(documents), count));
    }
    // Only entries not kept yet are fetched: a feed repeats its items for days.
    let keys: Vec<String> = entries.iter().map(|e| item_key(&e.url)).collect();
    let known = state
        .store
        .known_item_keys(&keys)
        .await
        .map_err(|e| format!("basis data: {e}"))?;
    entries.retain(|e| !known.contains(&item_key(&e.url)));
    entries.truncate(state.scan.max_new_per_scan);
    let mut documents = Vec::with_capacity(entries.len());
    for entry in entries {
        match fetcher.get(&entry.url, &Validators::default()).await {
            Ok(Fetched::Body(p)) => {
                let article = extract::extract(&p.text, &p.url);
                documents.extend(article_document(
                    source.id,
                    &entry.url,
                    Some(&entry),
                    article,
                ));
            }
            Ok(_) => {}
            // An article that cannot be fetched is read from what the feed said of it.
            Err(e) => {
                tracing::info!(url = %entry.url, error = %e, "article not fetched; using the feed's summary");
                documents.extend(entry_document(source.id, &entry));
            }
        }
    }
    Ok((validators, Some(documents), count))
}

/// A platform name from a feed's host: `x.com` → `x`, `www.facebook.com` → `facebook`.
fn platform_of(url: &str) -> String {
    let slug = |name: &str| -> String {
        name.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .take(32)
            .collect()
    };
    let host = crate::api::v1::sources::host_of(url).unwrap_or("web");
    if let Some(v6) = host.strip_prefix('[') {
        // An address has no name to take: the whole address, as a slug.
        return slug(v6.split(']').next().unwrap_or(v6));
    }
    let host = host.split(':').next().unwrap_or(host);
    if host.parse::<std::net::Ipv4Addr>().is_ok() {
        return slug(host);
    }
    let labels: Vec<&str> = host
        .split('.')
        .filter(|l| *l != "www" && *l != "m")
        .collect();
    // The registered name: `facebook` of `www.facebook.com`, `lapor` of `lapor.go.id`
    // (second-level domains such as `go.id`, `co.id`, `or.id` are skipped).
    const SECOND_LEVEL: &[&str] = &[
        "ac", "co", "com", "go", "gov", "mil", "my", "net", "or", "org", "sch", "web",
    ];
    let n = labels.len();
    let name = match n {
        0 => "web",
        1 => labels[0],
        _ if n >= 3 && SECOND_LEVEL.contains(&labels[n - 2]) => labels[n - 3],
        _ => labels[n - 2],
    };
    let name = slug(name);
    if name.is_empty() { "web".into() } else { name }
}

/// The key an article is kept under: its address without the fragment.
pub fn item_key(url: &str) -> String {
    url.split('#').next().unwrap_or(url).trim().to_owned()
}

fn article_document(
    source_id: i64,
    url: &str,
    entry: Option<&Entry>,
    article: extract::Article,
) -> Option<Document> {
    let body = if article.text.trim().is_empty() {
        entry.and_then(|e| e.summary.clone()).unwrap_or_default()
    } else {
        article.text
    };
    if body.trim().is_empty() {
        return None;
    }
    Some(Document {
        key: item_key(url),
        source_id: Some(source_id),
        kind: "article",
        url: Some(article.canonical_url.unwrap_or_else(|| url.to_owned())),
        title: article
            .title
            .or_else(|| entry.and_then(|e| e.title.clone())),
        body,
        author: article
            .author
            .or_else(|| entry.and_then(|e| e.author.clone())),
        published_at: article
            .published
            .or_else(|| entry.and_then(|e| e.published)),
        ..Document::default()
    })
}

fn entry_document(source_id: i64, entry: &Entry) -> Option<Document> {
    let body = entry.summary.clone().filter(|s| !s.trim().is_empty())?;
    Some(Document {
        key: item_key(&entry.url),
        source_id: Some(source_id),
        kind: "article",
        url: Some(entry.url.clone()),
        title: entry.title.clone(),
        body,
        author: entry.author.clone(),
        published_at: entry.published,
        ..Document::default()
    })
}

/// Posts of a social source (the webhook, a file import) into the pipeline.
pub async fn ingest_posts(
    state: &AppState,
    source_id: Option<i64>,
    posts: Vec<Post>,
) -> Result<Processed, ApiError> {
    let documents = posts
        .into_iter()
        .map(|p| Document {
            key: format!("{}:{}", p.platform, p.post_id),
            source_id,
            kind: "post",
            url: p.url,
            title: None,
            body: p.text,
            author: p.author,
            platform: Some(p.platform),
            place: p.place,
            latitude: p.lat,
            longitude: p.lon,
            published_at: p.posted_at,
        })
        .collect();
    let processed = process(state, documents).await?;
    if let Some(id) = source_id {
        state
            .store
            .note_source_items(id, processed.new_items as i64, state.clock.now())
            .await?;
    }
    Ok(processed)
}

fn candidate_conflict(e: StoreError) -> ApiError {
    match e {
        StoreError::Conflict(detail) => ApiError::Conflict {
            code: "candidate_decided",
            detail_en: "This candidate has already been decided.".into(),
            detail,
            extra: serde_json::Value::Null,
        },
        StoreError::NotFound => ApiError::NotFound { what: "Kandidat" },
        other => other.into(),
    }
}

/// Accepts a candidate: a case is filed through the media channel, routed as usual, and the
/// candidate's items become its sources.
pub async fn accept(
    state: &AppState,
    id: i64,
    by: &str,
    auto: bool,
) -> Result<(Candidate, sigap_core::case::Case), ApiError> {
    let candidate = state
        .store
        .candidate(id)
        .await
        .map_err(candidate_conflict)?;
    if candidate.row.status != "baru" {
        return Err(candidate_conflict(StoreError::Conflict(format!(
            "kandidat ini sudah diputuskan ({}) oleh {}",
            candidate.row.status,
            candidate.row.decided_by.as_deref().unwrap_or("-")
        ))));
    }
    // The decision is taken first, so that two clicks never make two cases.
    let decided = state
        .store
        .decide_candidate(id, &Decision::Accepted(None), auto, by, state.clock.now())
        .await
        .map_err(candidate_conflict)?;
    let new = case_of(&decided);
    // The candidate's id is the idempotency key: a retry after a crash finds the same case.
    let key = format!("kandidat-{id}");
    match file_complaint(state, &new, Some((&key, &key)), by).await {
        Ok((case, _)) => {
            state.store.attach_case(id, case.id).await?;
            let candidate = state.store.candidate(id).await?;
            Ok((candidate, case))
        }
        Err(e) => {
            state.store.reopen_candidate(id).await?;
            Err(e)
        }
    }
}

fn case_of(candidate: &Candidate) -> NewCase {
    let row = &candidate.row;
    let mut description = format!("{}\n\n{}", row.title, row.excerpt);
    let urls: Vec<&str> = candidate
        .items
        .iter()
        .filter_map(|i| i.url.as_deref())
        .collect();
    if !urls.is_empty() {
        description.push_str("\n\nSumber: ");
        description.push_str(&urls.join(" ; "));
    }
    let evidence = row
        .location
        .as_deref()
        .and_then(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .and_then(|v| {
            v.get("evidence")
                .and_then(|e| e.as_str())
                .map(str::to_owned)
        });
    NewCase {
        channel: Channel::Media,
        complaint_type: ComplaintType::OrangRentan,
        reporter: Reporter::default(),
        beneficiary: None,
        description: description.chars().take(5000).collect(),
        location: Location {
            address: evidence,
            region: row
                .region_code
                .as_deref()
                .and_then(|c| RegionCode::parse(c).ok()),
            coordinates: None,
        },
        categories: candidate
            .categories()
            .iter()
            .filter_map(|c| Category::parse(c).ok())
            .collect(),
        urgency: row.urgency.as_deref().and_then(|u| Urgency::parse(u).ok()),
        confidential: false,
    }
}

/// Merges a candidate into an existing case: its items become that case's sources, and the
/// case's history says so.
pub async fn merge(
    state: &AppState,
    id: i64,
    case_id: Uuid,
    by: &str,
) -> Result<Candidate, ApiError> {
    let now = state.clock.now();
    let candidate = state
        .store
        .decide_candidate(id, &Decision::Merged(case_id), false, by, now)
        .await
        .map_err(candidate_conflict)?;
    let urls: Vec<&str> = candidate
        .items
        .iter()
        .filter_map(|i| i.url.as_deref())
        .collect();
    let note = format!(
        "Laporan media digabungkan dari kandidat #{id} ({}): {}",
        candidate.row.title,
        urls.join(" ; ")
    );
    state.store.add_note(case_id, by, &note, now).await?;
    Ok(candidate)
}

/// Dismisses a candidate with a reason.
pub async fn dismiss(
    state: &AppState,
    id: i64,
    reason: &str,
    by: &str,
) -> Result<Candidate, ApiError> {
    state
        .store
        .decide_candidate(
            id,
            &Decision::Dismissed(reason.to_owned()),
            false,
            by,
            state.clock.now(),
        )
        .await
        .map_err(candidate_conflict)
}

/// The fetcher the settings describe.
pub fn fetcher(settings: &ScanSettings) -> Result<Fetcher, ApiError> {
    Fetcher::new(settings.fetch.clone()).map_err(|e| ApiError::Internal(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::platform_of;

    #[test]
    fn a_feed_of_posts_is_named_after_its_site_or_its_address() {
        assert_eq!(
            platform_of("https://www.facebook.com/kemensos/feed"),
            "facebook"
        );
        assert_eq!(
            platform_of("https://m.tiktok.com:443/@dinsos.rss"),
            "tiktok"
        );
        assert_eq!(platform_of("http://rss.app/feeds/x.xml"), "rss");
        assert_eq!(platform_of("http://localhost:8080/f"), "localhost");
        assert_eq!(platform_of("http://127.0.0.1:8080/f"), "127_0_0_1");
        assert_eq!(platform_of("http://[::1]:8080/f"), "__1");
        assert_eq!(platform_of("http://pengguna@lapor.go.id/f"), "lapor");
    }
}
