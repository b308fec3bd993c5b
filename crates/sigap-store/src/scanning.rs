//! The media scanner's records: sources with their health and claims, the items they yielded
//! (articles and posts, with what the analyser read in them), and the candidates of the triage
//! queue that items of one incident are grouped into. Fetching and reading live in
//! `sigap-ingest`; this module only keeps what they found.

use chrono::{DateTime, Duration, SubsecRound, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Store, StoreError, pool::on_pool};

/// A registered source, with its health.
#[derive(Debug, Clone, PartialEq, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Source {
    pub id: i64,
    pub name: String,
    pub url: String,
    /// `feed`, `sitemap`, `page`, `social` (webhook and imports) or `social_feed` (posts in a feed).
    pub kind: String,
    pub every_secs: i64,
    pub enabled: bool,
    #[serde(skip)]
    pub secret: Option<String>,
    #[serde(skip)]
    pub etag: Option<String>,
    #[serde(skip)]
    pub last_modified: Option<String>,
    #[serde(skip)]
    pub body_hash: Option<String>,
    pub next_scan_at: DateTime<Utc>,
    pub claimed_by: Option<String>,
    pub claim_expires: Option<DateTime<Utc>>,
    pub last_scan_at: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub last_error_at: Option<DateTime<Utc>>,
    /// Failed scans in a row.
    pub failures: i32,
    /// Set when the scanner stopped trying (too many failures in a row); enabling clears it.
    pub paused_reason: Option<String>,
    pub items_seen: i64,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

const SOURCE_COLUMNS: &str = "id, name, url, kind, every_secs, enabled, secret, etag, last_modified, \
     body_hash, next_scan_at, claimed_by, claim_expires, last_scan_at, last_success_at, last_error, \
     last_error_at, failures, paused_reason, items_seen, created_at, created_by";

/// A source to register.
#[derive(Debug, Clone)]
pub struct NewSource<'a> {
    pub name: &'a str,
    pub url: &'a str,
    pub kind: &'a str,
    pub every_secs: i64,
    pub enabled: bool,
    pub secret: Option<&'a str>,
}

/// How one scan of a source ended.
#[derive(Debug, Clone)]
pub enum ScanResult {
    /// Fetched (or unchanged): the new validators and how many new items it gave.
    Ok {
        etag: Option<String>,
        last_modified: Option<String>,
        body_hash: Option<String>,
        new_items: i64,
    },
    Failed(String),
}

/// An article or post to keep, with what the analyser read in it.
#[derive(Debug, Clone, Default)]
pub struct NewItem {
    /// The canonical address, or `platform:post_id` for a post.
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
    pub actionable: bool,
    pub actionable_score: f64,
    /// Category slugs.
    pub categories: Vec<String>,
    pub urgency: Option<String>,
    /// The analyser's location, as JSON.
    pub location: Option<String>,
}

/// A kept item, as the triage queue and the clustering of new items read it.
#[derive(Debug, Clone, PartialEq, FromRow, serde::Serialize)]
pub struct Item {
    pub id: i64,
    pub key: String,
    pub source_id: Option<i64>,
    pub kind: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub body: String,
    pub author: Option<String>,
    pub platform: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    pub fetched_at: DateTime<Utc>,
    pub actionable: bool,
    pub candidate_id: Option<i64>,
    pub case_id: Option<Uuid>,
}

const ITEM_COLUMNS: &str = "id, key, source_id, kind, url, title, body, author, platform, \
     published_at, fetched_at, actionable, candidate_id, case_id";

/// A candidate of the triage queue.
#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct CandidateRow {
    pub id: i64,
    pub status: String,
    pub title: String,
    pub excerpt: String,
    pub categories: String,
    pub urgency: Option<String>,
    pub score: f64,
    pub location: Option<String>,
    pub region_code: Option<String>,
    pub sentra_id: Option<String>,
    pub sentra_name: Option<String>,
    pub case_id: Option<Uuid>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub reason: Option<String>,
    pub auto: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const CANDIDATE_COLUMNS: &str = "id, status, title, excerpt, categories, urgency, score, location, \
     region_code, sentra_id, sentra_name, case_id, decided_by, decided_at, reason, auto, version, \
     created_at, updated_at";

/// A candidate with the items that report it.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub row: CandidateRow,
    pub items: Vec<Item>,
}

impl Candidate {
    /// The category slugs.
    pub fn categories(&self) -> Vec<&str> {
        split_slugs(&self.row.categories)
    }
}

fn split_slugs(s: &str) -> Vec<&str> {
    s.split(',').filter(|c| !c.is_empty()).collect()
}

/// A new candidate, made from its first item.
#[derive(Debug, Clone)]
pub struct NewCandidate {
    pub title: String,
    pub excerpt: String,
    pub categories: Vec<String>,
    pub urgency: Option<String>,
    pub score: f64,
    pub location: Option<String>,
    pub region_code: Option<String>,
    pub sentra_id: Option<String>,
    pub sentra_name: Option<String>,
}

/// Which candidates to list.
#[derive(Debug, Clone, Default)]
pub struct CandidateFilter {
    /// `baru` (the default queue), `diterima`, `digabung`, `ditolak`; none: all.
    pub status: Option<String>,
    pub category: Option<String>,
    pub urgency: Option<String>,
    /// A region code: the candidate's place is it or inside it.
    pub region: Option<String>,
    pub sentra: Option<String>,
    pub limit: i64,
}

/// What an operator decided about a candidate.
#[derive(Debug, Clone)]
pub enum Decision {
    /// Accepted: a case is made from it (its id attached by [`Store::attach_case`] once filed).
    Accepted(Option<Uuid>),
    /// Merged into this existing case.
    Merged(Uuid),
    Dismissed(String),
}

/// One labelled example from the triage decisions.
#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct Feedback {
    pub url: Option<String>,
    pub title: Option<String>,
    pub body: String,
    pub status: String,
    pub categories: String,
    pub urgency: Option<String>,
    pub reason: Option<String>,
    pub candidate_id: i64,
}

impl Store {
    /// Registers a source; a known address is a [`StoreError::Conflict`].
    pub async fn create_source(
        &self,
        new: &NewSource<'_>,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<Source, StoreError> {
        let at = at.trunc_subsecs(6);
        let (id,): (i64,) = on_pool!(self, write, |pool| {
            sqlx::query_as(
                "INSERT INTO sources (name, url, kind, every_secs, enabled, secret, next_scan_at, \
                 created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8) RETURNING id",
            )
            .bind(new.name)
            .bind(new.url)
            .bind(new.kind)
            .bind(new.every_secs)
            .bind(new.enabled)
            .bind(new.secret)
            .bind(at)
            .bind(by)
            .fetch_one(pool)
            .await
            .map_err(|e| unique_to_conflict(e, "sumber dengan alamat ini sudah terdaftar"))?
        });
        self.source(id).await
    }

    pub async fn source(&self, id: i64) -> Result<Source, StoreError> {
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as(&format!(
                "SELECT {SOURCE_COLUMNS} FROM sources WHERE id = $1"
            ))
            .bind(id)
            .fetch_optional(pool)
            .await?
            .ok_or(StoreError::NotFound)?
        }))
    }

    /// Every source, by name.
    pub async fn sources(&self) -> Result<Vec<Source>, StoreError> {
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as(&format!(
                "SELECT {SOURCE_COLUMNS} FROM sources ORDER BY name, id"
            ))
            .fetch_all(pool)
            .await?
        }))
    }

    /// Enables or disables a source. Enabling clears a pause and its failure count and makes the
    /// source due at once.
    pub async fn set_source_enabled(
        &self,
        id: i64,
        enabled: bool,
        at: DateTime<Utc>,
    ) -> Result<Source, StoreError> {
        let at = at.trunc_subsecs(6);
        let done = on_pool!(self, write, |pool| {
            let sql = if enabled {
                "UPDATE sources SET enabled = TRUE, paused_reason = NULL, failures = 0, \
                 next_scan_at = $2 WHERE id = $1"
            } else {
                "UPDATE sources SET enabled = FALSE WHERE id = $1 AND $2 = $2"
            };
            sqlx::query(sql)
                .bind(id)
                .bind(at)
                .execute(pool)
                .await?
                .rows_affected()
        });
        if done == 0 {
            return Err(StoreError::NotFound);
        }
        self.source(id).await
    }

    /// Claims up to `limit` sources for `worker` until `now + lease`: enabled, not paused, not a
    /// webhook-fed social source, not claimed by a live worker, and due (or all of them when
    /// `due_only` is false). On PostgreSQL several instances can call this at once and each
    /// source goes to one of them (`FOR UPDATE SKIP LOCKED`); a crashed worker's claim runs out.
    pub async fn claim_sources(
        &self,
        worker: &str,
        now: DateTime<Utc>,
        lease: Duration,
        due_only: bool,
        limit: i64,
    ) -> Result<Vec<Source>, StoreError> {
        let now = now.trunc_subsecs(6);
        let until = now + lease;
        let due = if due_only {
            "AND next_scan_at <= $2"
        } else {
            "AND $2 = $2"
        };
        Ok(on_pool!(self, write, |pool, IS_PG| {
            let lock = if IS_PG { "FOR UPDATE SKIP LOCKED" } else { "" };
            sqlx::query_as(&format!(
                "UPDATE sources SET claimed_by = $1, claim_expires = $3, last_scan_at = $2 \
                 WHERE id IN (SELECT id FROM sources WHERE enabled AND paused_reason IS NULL \
                 AND kind <> 'social' AND (claim_expires IS NULL OR claim_expires < $2) {due} \
                 ORDER BY next_scan_at, id LIMIT $4 {lock}) RETURNING {SOURCE_COLUMNS}"
            ))
            .bind(worker)
            .bind(now)
            .bind(until)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Records how a claimed scan ended and releases the claim. A failure backs off (the
    /// interval doubled per failure in a row, at most six hours) and, at `max_failures` in a row,
    /// pauses the source with the reason. Returns false when the claim was no longer
    /// `worker`'s (it ran out and another worker took the source): nothing is written then.
    pub async fn finish_scan(
        &self,
        id: i64,
        worker: &str,
        result: &ScanResult,
        max_failures: i32,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let at = at.trunc_subsecs(6);
        let source = self.source(id).await?;
        if source.claimed_by.as_deref() != Some(worker) {
            return Ok(false);
        }
        let done = match result {
            ScanResult::Ok {
                etag,
                last_modified,
                body_hash,
                new_items,
            } => on_pool!(self, write, |pool| {
                sqlx::query(
                    "UPDATE sources SET claimed_by = NULL, claim_expires = NULL, failures = 0, \
                     last_success_at = $3, next_scan_at = $4, etag = $5, last_modified = $6, \
                     body_hash = $7, items_seen = items_seen + $8 WHERE id = $1 AND claimed_by = $2",
                )
                .bind(id)
                .bind(worker)
                .bind(at)
                .bind(at + Duration::seconds(source.every_secs))
                .bind(etag)
                .bind(last_modified)
                .bind(body_hash)
                .bind(new_items)
                .execute(pool)
                .await?
                .rows_affected()
            }),
            ScanResult::Failed(error) => {
                let failures = source.failures.saturating_add(1);
                let backoff = source
                    .every_secs
                    .saturating_mul(1_i64 << failures.clamp(0, 10))
                    .min(6 * 3600);
                let paused = (failures >= max_failures).then(|| {
                    format!("dijeda otomatis setelah {failures} kegagalan berturut-turut; terakhir: {error}")
                });
                on_pool!(self, write, |pool| {
                    sqlx::query(
                        "UPDATE sources SET claimed_by = NULL, claim_expires = NULL, failures = $3, \
                         last_error = $4, last_error_at = $5, next_scan_at = $6, \
                         paused_reason = COALESCE($7, paused_reason) WHERE id = $1 AND claimed_by = $2",
                    )
                    .bind(id)
                    .bind(worker)
                    .bind(failures)
                    .bind(error)
                    .bind(at)
                    .bind(at + Duration::seconds(backoff))
                    .bind(paused)
                    .execute(pool)
                    .await?
                    .rows_affected()
                })
            }
        };
        Ok(done == 1)
    }

    /// Counts items a webhook or file import added to a source, and marks it alive.
    pub async fn note_source_items(
        &self,
        id: i64,
        new_items: i64,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let at = at.trunc_subsecs(6);
        on_pool!(self, write, |pool| {
            sqlx::query(
                "UPDATE sources SET items_seen = items_seen + $2, last_success_at = $3, \
                 last_scan_at = $3 WHERE id = $1",
            )
            .bind(id)
            .bind(new_items)
            .bind(at)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Takes a webhook delivery's nonce; false when the source has seen it in the last day (a
    /// replay). Older nonces are forgotten on the way.
    pub async fn take_nonce(
        &self,
        source_id: i64,
        nonce: &str,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let at = at.trunc_subsecs(6);
        Ok(on_pool!(self, write, |pool| {
            sqlx::query("DELETE FROM webhook_nonces WHERE received_at < $1")
                .bind(at - Duration::days(1))
                .execute(pool)
                .await?;
            sqlx::query(
                "INSERT INTO webhook_nonces (source_id, nonce, received_at) VALUES ($1, $2, $3) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(source_id)
            .bind(nonce)
            .bind(at)
            .execute(pool)
            .await?
            .rows_affected()
                == 1
        }))
    }

    /// The keys among `keys` that are already kept (so their pages are not fetched again).
    pub async fn known_item_keys(&self, keys: &[String]) -> Result<Vec<String>, StoreError> {
        let mut known = Vec::new();
        for chunk in keys.chunks(200) {
            let marks = (1..=chunk.len())
                .map(|i| format!("${i}"))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!("SELECT key FROM media_items WHERE key IN ({marks})");
            let rows: Vec<(String,)> = on_pool!(self, read, |pool| {
                let mut q = sqlx::query_as(&sql);
                for k in chunk {
                    q = q.bind(k);
                }
                q.fetch_all(pool).await?
            });
            known.extend(rows.into_iter().map(|(k,)| k));
        }
        Ok(known)
    }

    /// Keeps an item; `None` when its key is already kept (the same article or post again).
    pub async fn insert_item(
        &self,
        item: &NewItem,
        at: DateTime<Utc>,
    ) -> Result<Option<i64>, StoreError> {
        let at = at.trunc_subsecs(6);
        let row: Option<(i64,)> = on_pool!(self, write, |pool| {
            sqlx::query_as(
                "INSERT INTO media_items (key, source_id, kind, url, title, body, author, platform, \
                 place, latitude, longitude, published_at, fetched_at, actionable, \
                 actionable_score, categories, urgency, location) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) \
                 ON CONFLICT (key) DO NOTHING RETURNING id",
            )
            .bind(&item.key)
            .bind(item.source_id)
            .bind(item.kind)
            .bind(&item.url)
            .bind(&item.title)
            .bind(&item.body)
            .bind(&item.author)
            .bind(&item.platform)
            .bind(&item.place)
            .bind(item.latitude)
            .bind(item.longitude)
            .bind(item.published_at.map(|t| t.trunc_subsecs(6)))
            .bind(at)
            .bind(item.actionable)
            .bind(item.actionable_score)
            .bind(item.categories.join(","))
            .bind(&item.urgency)
            .bind(&item.location)
            .fetch_optional(pool)
            .await?
        });
        Ok(row.map(|(id,)| id))
    }

    /// The actionable items of the last `days` that belong to a candidate or a case: what a
    /// new item is compared with to find the incident it reports.
    pub async fn recent_grouped_items(
        &self,
        since: DateTime<Utc>,
    ) -> Result<Vec<Item>, StoreError> {
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as(&format!(
                "SELECT {ITEM_COLUMNS} FROM media_items WHERE fetched_at >= $1 AND actionable \
                 AND (candidate_id IS NOT NULL OR case_id IS NOT NULL) ORDER BY id"
            ))
            .bind(since.trunc_subsecs(6))
            .fetch_all(pool)
            .await?
        }))
    }

    /// Makes a candidate from its first item.
    pub async fn create_candidate(
        &self,
        new: &NewCandidate,
        item_id: i64,
        at: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let at = at.trunc_subsecs(6);
        Ok(on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO candidates (title, excerpt, categories, urgency, score, location, \
                 region_code, sentra_id, sentra_name, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
            )
            .bind(&new.title)
            .bind(&new.excerpt)
            .bind(new.categories.join(","))
            .bind(&new.urgency)
            .bind(new.score)
            .bind(&new.location)
            .bind(&new.region_code)
            .bind(&new.sentra_id)
            .bind(&new.sentra_name)
            .bind(at)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query("UPDATE media_items SET candidate_id = $1 WHERE id = $2")
                .bind(id)
                .bind(item_id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            id
        }))
    }

    /// Adds an item to an existing candidate: its categories join the candidate's, a high
    /// urgency wins, and the candidate moves up the queue. If the candidate was already
    /// accepted or merged, the item is linked to that case as well.
    pub async fn join_candidate(
        &self,
        candidate_id: i64,
        item_id: i64,
        categories: &[String],
        urgency: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let at = at.trunc_subsecs(6);
        let current = self.candidate_row(candidate_id).await?;
        let mut merged: Vec<String> = split_slugs(&current.categories)
            .into_iter()
            .map(str::to_owned)
            .collect();
        for c in categories {
            if !merged.contains(c) {
                merged.push(c.clone());
            }
        }
        let urgency = match (current.urgency.as_deref(), urgency) {
            (Some("high"), _) | (_, Some("high")) => Some("high"),
            (Some(u), _) | (None, Some(u)) => Some(u),
            (None, None) => None,
        };
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "UPDATE candidates SET categories = $2, urgency = $3, updated_at = $4, \
                 version = version + 1 WHERE id = $1",
            )
            .bind(candidate_id)
            .bind(merged.join(","))
            .bind(urgency)
            .bind(at)
            .execute(&mut *tx)
            .await?;
            sqlx::query("UPDATE media_items SET candidate_id = $1, case_id = $2 WHERE id = $3")
                .bind(candidate_id)
                .bind(current.case_id)
                .bind(item_id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Links an item straight to a case (a new report of an incident whose case exists).
    pub async fn link_item_to_case(&self, item_id: i64, case_id: Uuid) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            sqlx::query("UPDATE media_items SET case_id = $1 WHERE id = $2")
                .bind(case_id)
                .bind(item_id)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    async fn candidate_row(&self, id: i64) -> Result<CandidateRow, StoreError> {
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as(&format!(
                "SELECT {CANDIDATE_COLUMNS} FROM candidates WHERE id = $1"
            ))
            .bind(id)
            .fetch_optional(pool)
            .await?
            .ok_or(StoreError::NotFound)?
        }))
    }

    /// One candidate with its items.
    pub async fn candidate(&self, id: i64) -> Result<Candidate, StoreError> {
        let row = self.candidate_row(id).await?;
        let mut items = self.items_of_candidates(&[id]).await?;
        items.retain(|i| i.candidate_id == Some(id));
        Ok(Candidate { row, items })
    }

    /// The triage queue: high urgency first, then the most recently updated.
    pub async fn candidates(&self, filter: &CandidateFilter) -> Result<Vec<Candidate>, StoreError> {
        let mut clauses = Vec::new();
        let mut binds: Vec<String> = Vec::new();
        let mut arg = |clauses: &mut Vec<String>, sql: &str, value: String| {
            binds.push(value);
            clauses.push(sql.replace('?', &format!("${}", binds.len())));
        };
        if let Some(s) = &filter.status {
            arg(&mut clauses, "status = ?", s.clone());
        }
        if let Some(c) = &filter.category {
            arg(
                &mut clauses,
                "(',' || categories || ',') LIKE ?",
                format!("%,{c},%"),
            );
        }
        if let Some(u) = &filter.urgency {
            arg(&mut clauses, "urgency = ?", u.clone());
        }
        if let Some(r) = &filter.region {
            // The place itself, or any place inside it (its code followed by a dot).
            arg(
                &mut clauses,
                "(region_code || '.') LIKE ?",
                format!("{r}.%"),
            );
        }
        if let Some(s) = &filter.sentra {
            arg(&mut clauses, "sentra_id = ?", s.clone());
        }
        let filter_sql = if clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", clauses.join(" AND "))
        };
        let limit = filter.limit.clamp(1, 500);
        let sql = format!(
            "SELECT {CANDIDATE_COLUMNS} FROM candidates {filter_sql} \
             ORDER BY CASE WHEN urgency = 'high' THEN 0 ELSE 1 END, updated_at DESC, id DESC \
             LIMIT {limit}"
        );
        let rows: Vec<CandidateRow> = on_pool!(self, read, |pool| {
            let mut q = sqlx::query_as(&sql);
            for b in &binds {
                q = q.bind(b);
            }
            q.fetch_all(pool).await?
        });
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let items = self.items_of_candidates(&ids).await?;
        Ok(rows
            .into_iter()
            .map(|row| Candidate {
                items: items
                    .iter()
                    .filter(|i| i.candidate_id == Some(row.id))
                    .cloned()
                    .collect(),
                row,
            })
            .collect())
    }

    async fn items_of_candidates(&self, ids: &[i64]) -> Result<Vec<Item>, StoreError> {
        let mut items = Vec::new();
        for chunk in ids.chunks(200) {
            let marks = (1..=chunk.len())
                .map(|i| format!("${i}"))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "SELECT {ITEM_COLUMNS} FROM media_items WHERE candidate_id IN ({marks}) ORDER BY id"
            );
            let rows: Vec<Item> = on_pool!(self, read, |pool| {
                let mut q = sqlx::query_as(&sql);
                for id in chunk {
                    q = q.bind(id);
                }
                q.fetch_all(pool).await?
            });
            items.extend(rows);
        }
        Ok(items)
    }

    /// The items linked to a case (its sources: articles and posts).
    pub async fn items_of_case(&self, case_id: Uuid) -> Result<Vec<Item>, StoreError> {
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as(&format!(
                "SELECT {ITEM_COLUMNS} FROM media_items WHERE case_id = $1 ORDER BY id"
            ))
            .bind(case_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Records a decision on a candidate still in the queue; a candidate already decided (by
    /// someone else, or by a click that came twice) is a [`StoreError::Conflict`] naming who
    /// decided it. Accepting or merging links its items to the case.
    pub async fn decide_candidate(
        &self,
        id: i64,
        decision: &Decision,
        auto: bool,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<Candidate, StoreError> {
        let at = at.trunc_subsecs(6);
        let (status, case_id, reason) = match decision {
            Decision::Accepted(c) => ("diterima", *c, None),
            Decision::Merged(c) => ("digabung", Some(*c), None),
            Decision::Dismissed(r) => ("ditolak", None, Some(r.as_str())),
        };
        let done = on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let n = sqlx::query(
                "UPDATE candidates SET status = $2, case_id = $3, reason = $4, decided_by = $5, \
                 decided_at = $6, auto = $7, updated_at = $6, version = version + 1 \
                 WHERE id = $1 AND status = 'baru'",
            )
            .bind(id)
            .bind(status)
            .bind(case_id)
            .bind(reason)
            .bind(by)
            .bind(at)
            .bind(auto)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 1 && case_id.is_some() {
                sqlx::query("UPDATE media_items SET case_id = $1 WHERE candidate_id = $2")
                    .bind(case_id)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            n
        });
        let candidate = self.candidate(id).await?;
        if done == 0 {
            return Err(StoreError::Conflict(format!(
                "kandidat ini sudah diputuskan ({}) oleh {}",
                candidate.row.status,
                candidate.row.decided_by.as_deref().unwrap_or("-")
            )));
        }
        Ok(candidate)
    }

    /// Attaches the case an accepted candidate became, and links its items to it.
    pub async fn attach_case(&self, id: i64, case_id: Uuid) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE candidates SET case_id = $2 WHERE id = $1 AND status = 'diterima'")
                .bind(id)
                .bind(case_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE media_items SET case_id = $1 WHERE candidate_id = $2")
                .bind(case_id)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Puts an accepted candidate whose case could not be filed back in the queue.
    pub async fn reopen_candidate(&self, id: i64) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            sqlx::query(
                "UPDATE candidates SET status = 'baru', decided_by = NULL, decided_at = NULL, \
                 auto = FALSE, version = version + 1 WHERE id = $1 AND status = 'diterima' \
                 AND case_id IS NULL",
            )
            .bind(id)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// The triage decisions as labelled examples, one per item, oldest first.
    pub async fn triage_feedback(&self) -> Result<Vec<Feedback>, StoreError> {
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT i.url, i.title, i.body, c.status, c.categories, c.urgency, c.reason, \
                 c.id AS candidate_id FROM media_items i JOIN candidates c ON c.id = i.candidate_id \
                 WHERE c.status <> 'baru' AND NOT c.auto ORDER BY c.decided_at, i.id",
            )
            .fetch_all(pool)
            .await?
        }))
    }
}

fn unique_to_conflict(e: sqlx::Error, message: &str) -> StoreError {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            StoreError::Conflict(message.to_owned())
        }
        _ => StoreError::from(e),
    }
}
