//! From new documents to the triage queue: each new article or post is kept once, read by the
//! text analyser, and, when it is a case, grouped with the incident it reports — joining the
//! candidate (or the case) that already holds a report of it, or opening a new candidate with
//! the Sentra that routing would choose.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use sigap_core::{RegionCode, gazetteer::Gazetteer};
use sigap_store::{
    Store, StoreError,
    scanning::{NewCandidate, NewItem},
};
use sigap_text::{
    analyse::{Input, Output, analyse_batch},
    classify::Model,
    locate::Location,
};
use uuid::Uuid;

/// How far back a new report is compared with known incidents.
pub const CLUSTER_WINDOW_DAYS: i64 = 14;

/// An article or a post, as fetched or received, before analysis.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The canonical address, or `platform:post_id` for a post: the same key is kept once.
    pub key: String,
    pub source_id: Option<i64>,
    /// `article` or `post`.
    pub kind: &'static str,
    pub url: Option<String>,
    pub title: Option<String>,
    pub body: String,
    pub author: Option<String>,
    pub platform: Option<String>,
    pub place: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub published_at: Option<DateTime<Utc>>,
}

/// Where routing would send a case at a place.
pub trait Route: Send + Sync {
    /// The Sentra (`id`, `name`) for a place; `None`: the national queue.
    fn sentra_for(&self, place: &RegionCode) -> Option<(String, String)>;
}

/// What one batch of documents gave.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Processed {
    /// Documents given.
    pub documents: usize,
    /// Kept for the first time (the others were known).
    pub new_items: usize,
    /// New items the analyser read as cases.
    pub actionable: usize,
    /// Candidates opened.
    pub new_candidates: Vec<i64>,
    /// New items that joined a candidate already in the queue (another report of its incident).
    pub joined_candidates: usize,
    /// New items linked to an existing case.
    pub joined_cases: usize,
}

/// The analyser and what it needs.
pub struct Reader<'a> {
    pub model: &'a Model,
    pub gazetteer: &'a Gazetteer,
    pub route: &'a dyn Route,
}

enum Group {
    Candidate(i64),
    Case(Uuid),
}

/// Keeps, reads and groups a batch of documents.
pub async fn process(
    store: &Store,
    reader: &Reader<'_>,
    documents: Vec<Document>,
    now: DateTime<Utc>,
) -> Result<Processed, StoreError> {
    let mut processed = Processed {
        documents: documents.len(),
        ..Processed::default()
    };
    // Known keys cost nothing more.
    let keys: Vec<String> = documents.iter().map(|d| d.key.clone()).collect();
    let known = store.known_item_keys(&keys).await?;
    let mut seen: std::collections::HashSet<String> = known.into_iter().collect();
    let fresh: Vec<Document> = documents
        .into_iter()
        .filter(|d| seen.insert(d.key.clone()))
        .collect();
    if fresh.is_empty() {
        return Ok(processed);
    }
    // The incidents already known, read with the new documents so that clusters span both.
    let recent = store
        .recent_grouped_items(now - Duration::days(CLUSTER_WINDOW_DAYS))
        .await?;
    let mut inputs: Vec<Input> = recent
        .iter()
        .map(|i| Input {
            id: serde_json::Value::Null,
            text: i.body.clone(),
            title: i.title.clone(),
            url: i.url.clone(),
            published_at: i.published_at.map(|t| t.to_rfc3339()),
        })
        .collect();
    inputs.extend(fresh.iter().map(input_of));
    let outputs = analyse_batch(reader.model, reader.gazetteer, &inputs);
    let (old, new) = outputs.split_at(recent.len());
    // Each cluster's known group: a candidate still in the queue first, else a case.
    let mut groups: HashMap<&str, Group> = HashMap::new();
    for (item, out) in recent.iter().zip(old) {
        let group = match (item.candidate_id, item.case_id) {
            (_, Some(case)) => Group::Case(case),
            (Some(c), None) => Group::Candidate(c),
            (None, None) => continue,
        };
        match (groups.get(out.cluster.as_str()), &group) {
            (Some(Group::Case(_)), Group::Candidate(_)) | (None, _) => {
                groups.insert(out.cluster.as_str(), group);
            }
            _ => {}
        }
    }
    for (doc, out) in fresh.iter().zip(new) {
        let item = item_of(doc, out);
        let Some(item_id) = store.insert_item(&item, now).await? else {
            continue; // another worker kept it meanwhile
        };
        processed.new_items += 1;
        if !out.actionable {
            continue;
        }
        processed.actionable += 1;
        match groups.get(out.cluster.as_str()) {
            Some(Group::Candidate(c)) => {
                store
                    .join_candidate(*c, item_id, &item.categories, item.urgency.as_deref(), now)
                    .await?;
                processed.joined_candidates += 1;
            }
            Some(Group::Case(case)) => {
                store.link_item_to_case(item_id, *case).await?;
                processed.joined_cases += 1;
            }
            None => {
                let candidate = new_candidate(doc, out, reader);
                let id = store.create_candidate(&candidate, item_id, now).await?;
                processed.new_candidates.push(id);
                groups.insert(out.cluster.as_str(), Group::Candidate(id));
            }
        }
    }
    Ok(processed)
}

fn input_of(doc: &Document) -> Input {
    // A post's stated place is read as part of its words.
    let text = match &doc.place {
        Some(place) if !place.trim().is_empty() => format!("{}\n\nLokasi: {place}", doc.body),
        _ => doc.body.clone(),
    };
    Input {
        id: serde_json::Value::Null,
        text,
        title: doc.title.clone(),
        url: doc.url.clone(),
        published_at: doc.published_at.map(|t| t.to_rfc3339()),
    }
}

fn item_of(doc: &Document, out: &Output) -> NewItem {
    NewItem {
        key: doc.key.clone(),
        source_id: doc.source_id,
        kind: doc.kind,
        url: doc.url.clone(),
        title: doc.title.clone(),
        body: doc.body.clone(),
        author: doc.author.clone(),
        platform: doc.platform.clone(),
        place: doc.place.clone(),
        latitude: doc.latitude,
        longitude: doc.longitude,
        published_at: doc.published_at,
        actionable: out.actionable,
        actionable_score: score(out),
        categories: out
            .categories
            .iter()
            .map(|c| c.as_str().to_owned())
            .collect(),
        urgency: out.urgency.map(str::to_owned),
        location: out
            .location
            .as_ref()
            .and_then(|l| serde_json::to_string(l).ok()),
    }
}

/// The analyser's score as it printed it (three decimals), not the float nearest to it
/// (`0.99`, never `0.9900000095367432`).
fn score(out: &Output) -> f64 {
    (f64::from(out.actionable_score) * 1000.0).round() / 1000.0
}

/// The most precise code of a location.
pub fn region_of(location: &Location) -> Option<RegionCode> {
    let code = location
        .village
        .as_deref()
        .or(location.district.as_deref())
        .or(location.regency.as_deref())
        .unwrap_or(&location.province);
    RegionCode::parse(code).ok()
}

fn new_candidate(doc: &Document, out: &Output, reader: &Reader<'_>) -> NewCandidate {
    let region = out.location.as_ref().and_then(region_of);
    let sentra = region.as_ref().and_then(|r| reader.route.sentra_for(r));
    NewCandidate {
        title: doc
            .title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| clip(&doc.body, 100)),
        excerpt: clip(&doc.body, 400),
        categories: out
            .categories
            .iter()
            .map(|c| c.as_str().to_owned())
            .collect(),
        urgency: out.urgency.map(str::to_owned),
        score: score(out),
        location: out
            .location
            .as_ref()
            .and_then(|l| serde_json::to_string(l).ok()),
        region_code: region.map(|r| r.to_string()),
        sentra_name: sentra.as_ref().map(|(_, name)| name.clone()),
        sentra_id: sentra.map(|(id, _)| id),
    }
}

/// The first `max` characters of a text, cut at a word and marked with an ellipsis.
pub fn clip(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', '.', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_cuts_at_a_word() {
        assert_eq!(clip("satu dua tiga", 20), "satu dua tiga");
        assert_eq!(clip("satu dua tiga empat", 12), "satu dua…");
        assert_eq!(
            clip("  banyak   spasi\n di sini ", 40),
            "banyak spasi di sini"
        );
    }
}
