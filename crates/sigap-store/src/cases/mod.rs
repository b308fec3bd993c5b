//! Cases: creating one from a complaint (idempotently, with its ticket number), reading,
//! listing with filters and a cursor; `actions.rs`: moving one through the workflow. Every
//! change writes its history entry in the same transaction.

mod actions;

pub use actions::ActionRequest;

use chrono::{DateTime, SubsecRound, Utc};
use sigap_core::{
    Category, Channel, RegionCode, Status, TicketNumber,
    case::{Assignment, Case, CaseEvent, EventKind, NewCase, People},
    sla::SlaState,
};
use uuid::Uuid;

use crate::{
    Store, StoreError,
    pool::on_pool,
    rows::{CASE_COLUMNS, CaseRow, EventRow, PersonRow},
};

/// What `create_case` did.
#[derive(Debug)]
pub enum NewCaseOutcome {
    Created(Case),
    /// The idempotency key was seen before with the same request: the earlier case.
    Replayed(Case),
}

impl NewCaseOutcome {
    pub fn case(&self) -> &Case {
        match self {
            NewCaseOutcome::Created(c) | NewCaseOutcome::Replayed(c) => c,
        }
    }
}

/// One public step of a case's history: its status changed (or the case was created).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    pub event_id: i64,
    pub ticket: TicketNumber,
    pub at: DateTime<Utc>,
    pub status: Status,
}

/// Which cases to list. Every field narrows the list; none set lists all.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    pub status: Option<Status>,
    pub category: Option<Category>,
    /// The region and everything inside it.
    pub region: Option<RegionCode>,
    pub channel: Option<Channel>,
    /// Created at or after.
    pub from: Option<DateTime<Utc>>,
    /// Created before.
    pub to: Option<DateTime<Utc>>,
    /// The responsible Sentra, or the national queue.
    pub sentra: Option<SentraFilter>,
    /// Where the case stands against its deadlines.
    pub sla: Option<SlaState>,
    /// Only cases of these Sentra (a Sentra user's units); `Some(empty)` matches nothing.
    pub scope: Option<Vec<String>>,
    /// Full-text search as a person types it: every word must occur in the ticket, the
    /// description, the address or the names of the people (the last word may be the start
    /// of one). Punctuation separates words and is otherwise ignored, so no input is an error;
    /// input without a single word does not narrow the list.
    pub q: Option<String>,
    /// Whether `q` also searches what is personal data (the description, the address, the
    /// names); without it only the ticket, so that a search cannot reveal what the list hides.
    pub search_personal: bool,
}

/// Cases of one Sentra, or of the national command-center queue (no Sentra).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SentraFilter {
    Unit(String),
    National,
}

/// Where a page of a newest-first list ends: the last case's creation time and id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub created_at: DateTime<Utc>,
    pub id: Uuid,
}

impl Cursor {
    /// An opaque token for clients: `<microseconds>.<uuid>`.
    pub fn encode(&self) -> String {
        format!(
            "{}.{}",
            self.created_at.timestamp_micros(),
            self.id.simple()
        )
    }

    pub fn decode(token: &str) -> Option<Cursor> {
        let (micros, id) = token.split_once('.')?;
        Some(Cursor {
            created_at: DateTime::from_timestamp_micros(micros.parse().ok()?)?,
            id: Uuid::try_parse(id).ok()?,
        })
    }
}

#[derive(Debug)]
pub struct CasePage {
    pub cases: Vec<Case>,
    pub next: Option<Cursor>,
}

/// Times are kept to the microsecond, the precision both databases store.
pub(crate) fn stored_time(at: DateTime<Utc>) -> DateTime<Utc> {
    at.trunc_subsecs(6)
}

impl Store {
    /// Creates a case from a validated complaint, with its ticket number and first history
    /// entry. With an idempotency key (and the hash of the request it came with), a repeat of
    /// the same request returns the earlier case instead of making a second one.
    #[tracing::instrument(skip_all, fields(case.channel = %new.channel))]
    pub async fn create_case(
        &self,
        new: &NewCase,
        assignment: Option<&Assignment>,
        idempotency: Option<(&str, &str)>,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<NewCaseOutcome, StoreError> {
        match self
            .try_create_case(new, assignment, idempotency, actor, at)
            .await
        {
            // Two requests with the same key raced (PostgreSQL): the loser sees the winner's case.
            Err(StoreError::Conflict(_)) if idempotency.is_some() => {
                let (key, hash) = idempotency.unwrap_or_default();
                match self.find_idempotent(key, hash).await? {
                    Some(case) => Ok(NewCaseOutcome::Replayed(case)),
                    None => Err(StoreError::Conflict("idempotency key in use".into())),
                }
            }
            other => other,
        }
    }

    /// The case an idempotency key already made, if any; the same key with another request
    /// hash is [`StoreError::IdempotencyMismatch`].
    pub async fn find_idempotent(&self, key: &str, hash: &str) -> Result<Option<Case>, StoreError> {
        let found: Option<(String, Uuid)> = on_pool!(self, read, |pool| {
            sqlx::query_as("SELECT request_hash, case_id FROM idempotency_keys WHERE key = $1")
                .bind(key)
                .fetch_optional(pool)
                .await?
        });
        match found {
            Some((stored, _)) if stored != hash => Err(StoreError::IdempotencyMismatch),
            Some((_, id)) => Ok(Some(self.get_case(id).await?)),
            None => Ok(None),
        }
    }

    async fn try_create_case(
        &self,
        new: &NewCase,
        assignment: Option<&Assignment>,
        idempotency: Option<(&str, &str)>,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<NewCaseOutcome, StoreError> {
        let at = stored_time(at);
        let id = Uuid::now_v7();
        // Categories are a set, kept in slug order as every read returns them.
        let mut categories = new.categories.clone();
        categories.sort_by_key(|c| c.as_str());
        categories.dedup();
        let routing = assignment
            .map(serde_json::to_string)
            .transpose()
            .map_err(StoreError::corrupt)?;
        let sentra_id = assignment.and_then(|a| a.sentra.clone());
        let period = TicketNumber::period(at);
        const NEXT_SERIAL: &str = "INSERT INTO ticket_counters (period, last_serial) VALUES ($1, 1) \
             ON CONFLICT (period) DO UPDATE SET last_serial = ticket_counters.last_serial + 1 \
             RETURNING last_serial";

        // A retry is answered from what is stored, without queueing for the writer. Two retries
        // racing past this check are caught by the key's unique constraint (see `create_case`).
        if let Some((key, hash)) = idempotency
            && let Some(existing) = self.find_idempotent(key, hash).await?
        {
            return Ok(NewCaseOutcome::Replayed(existing));
        }
        let ticket = match self {
            Store::Sqlite { intake, .. } => {
                let (reply, answer) = tokio::sync::oneshot::channel();
                let job = crate::sqlite_intake::IntakeJob {
                    new: new.clone(),
                    categories: categories.clone(),
                    id,
                    period: period.clone(),
                    idempotency: idempotency.map(|(k, h)| (k.to_owned(), h.to_owned())),
                    actor: actor.to_owned(),
                    at,
                    sentra_id: sentra_id.clone(),
                    routing: routing.clone(),
                    reply,
                };
                let closed = || StoreError::Unavailable(sqlx::Error::PoolClosed);
                intake.0.send(job).await.map_err(|_| closed())?;
                let ticket = answer.await.map_err(|_| closed())??;
                TicketNumber::parse(&ticket).map_err(|e| StoreError::corrupt(e.message_en))?
            }
            Store::Postgres(pool) => {
                // The serial in its own short statement, so that concurrent complaints do not
                // queue behind the counter row for a whole transaction (a failed insert leaves a
                // gap in the serials, as a sequence would).
                let serial: i64 = sqlx::query_scalar(NEXT_SERIAL)
                    .bind(&period)
                    .fetch_one(pool)
                    .await?;
                let mut tx = pool.begin().await?;
                let ticket = TicketNumber::new(&period, u64::try_from(serial).unwrap_or_default());
                let loc = &new.location;
                sqlx::query(
                    "INSERT INTO cases (id, ticket, status, channel, complaint_type, description, \
                     urgency, confidential, address, region_code, latitude, longitude, version, \
                     created_at, updated_at, sentra_id, routing, sla_check_at, categories) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $13, $14, $15, $13, $16)",
                )
                .bind(id)
                .bind(ticket.as_str())
                .bind(Status::Baru.as_str())
                .bind(new.channel.as_str())
                .bind(new.complaint_type.as_str())
                .bind(&new.description)
                .bind(new.urgency.map(|u| u.as_str()))
                .bind(new.confidential)
                .bind(loc.address.as_deref())
                .bind(loc.region.as_ref().map(|r| r.as_str()))
                .bind(loc.coordinates.map(|c| c.latitude))
                .bind(loc.coordinates.map(|c| c.longitude))
                .bind(at)
                .bind(sentra_id.as_deref())
                .bind(routing.as_deref())
                .bind(categories_column(&categories))
                .execute(&mut *tx)
                .await?;
                for category in &categories {
                    sqlx::query("INSERT INTO case_categories (case_id, category) VALUES ($1, $2)")
                        .bind(id)
                        .bind(category.as_str())
                        .execute(&mut *tx)
                        .await?;
                }
                let r = &new.reporter;
                sqlx::query(
                    "INSERT INTO case_people (case_id, role, name, phone, email, nik, anonymous, \
                     consent_contact) VALUES ($1, 'reporter', $2, $3, $4, $5, $6, $7)",
                )
                .bind(id)
                .bind(r.name.as_deref())
                .bind(r.phone.as_ref().map(|p| p.expose()))
                .bind(r.email.as_ref().map(|e| e.expose()))
                .bind(r.nik.as_ref().map(|n| n.expose()))
                .bind(r.anonymous)
                .bind(r.consent_contact)
                .execute(&mut *tx)
                .await?;
                if let Some(b) = &new.beneficiary {
                    sqlx::query(
                        "INSERT INTO case_people (case_id, role, name, age, sex) \
                         VALUES ($1, 'beneficiary', $2, $3, $4)",
                    )
                    .bind(id)
                    .bind(b.name.as_deref())
                    .bind(b.age.map(i32::from))
                    .bind(b.sex.map(|s| s.as_str()))
                    .execute(&mut *tx)
                    .await?;
                }
                sqlx::query(
                    "INSERT INTO case_events (case_id, at, actor, kind, to_status) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(id)
                .bind(at)
                .bind(actor)
                .bind(EventKind::Created.as_str())
                .bind(Status::Baru.as_str())
                .execute(&mut *tx)
                .await?;
                if let Some((key, hash)) = idempotency {
                    sqlx::query(
                        "INSERT INTO idempotency_keys (key, request_hash, case_id, created_at) \
                         VALUES ($1, $2, $3, $4)",
                    )
                    .bind(key)
                    .bind(hash)
                    .bind(id)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
                ticket
            }
        };
        Ok(NewCaseOutcome::Created(created_case(
            new, id, ticket, categories, assignment, at,
        )))
    }

    /// A case with its people. Callers decide who may see them.
    pub async fn get_case(&self, id: Uuid) -> Result<Case, StoreError> {
        let (row, categories, people) = on_pool!(self, read, |pool| {
            let row: CaseRow =
                sqlx::query_as(&format!("SELECT {CASE_COLUMNS} FROM cases WHERE id = $1"))
                    .bind(id)
                    .fetch_optional(pool)
                    .await?
                    .ok_or(StoreError::NotFound)?;
            let categories: Vec<String> = sqlx::query_scalar(
                "SELECT category FROM case_categories WHERE case_id = $1 ORDER BY category",
            )
            .bind(id)
            .fetch_all(pool)
            .await?;
            let people: Vec<PersonRow> = sqlx::query_as(
                "SELECT role, name, phone, email, nik, age, sex, anonymous, consent_contact \
                 FROM case_people WHERE case_id = $1",
            )
            .bind(id)
            .fetch_all(pool)
            .await?;
            (row, categories, people)
        });
        let mut case = row.into_case(parse_categories(&categories)?)?;
        let mut found = People::default();
        for p in people {
            match p.role.as_str() {
                "reporter" => found.reporter = p.into_reporter()?,
                _ => found.beneficiary = Some(p.into_person()?),
            }
        }
        case.people = Some(found);
        Ok(case)
    }

    /// The case behind a ticket, without its people (for the public ticket page).
    pub async fn find_case_by_ticket(&self, ticket: &TicketNumber) -> Result<Case, StoreError> {
        let id: Uuid = on_pool!(self, read, |pool| {
            sqlx::query_scalar("SELECT id FROM cases WHERE ticket = $1")
                .bind(ticket.as_str())
                .fetch_optional(pool)
                .await?
                .ok_or(StoreError::NotFound)?
        });
        let mut case = self.get_case(id).await?;
        case.people = None;
        Ok(case)
    }

    /// The whole history of a case, oldest first.
    pub async fn case_events(&self, id: Uuid) -> Result<Vec<CaseEvent>, StoreError> {
        let rows: Vec<EventRow> = on_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT id, case_id, at, actor, kind, action, from_status, to_status, note \
                 FROM case_events WHERE case_id = $1 ORDER BY id",
            )
            .bind(id)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(EventRow::into_event).collect()
    }

    /// The public status changes of every case (as a ticket page shows them: no notes, no
    /// actors) made in `[from, to)`, oldest first, at most `limit`; confidential cases are left
    /// out. For Open311's `servicerequestupdates`.
    pub async fn public_status_changes(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<StatusChange>, StoreError> {
        let rows: Vec<(i64, String, DateTime<Utc>, String)> = on_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT e.id, c.ticket, e.at, e.to_status FROM case_events e \
                 JOIN cases c ON c.id = e.case_id \
                 WHERE e.at >= $1 AND e.at < $2 AND e.kind <> 'note' AND e.to_status IS NOT NULL \
                 AND (e.from_status IS NULL OR e.from_status <> e.to_status) \
                 AND c.confidential = FALSE \
                 ORDER BY e.at, e.id LIMIT $3",
            )
            .bind(stored_time(from))
            .bind(stored_time(to))
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(event_id, ticket, at, status)| {
                Ok(StatusChange {
                    event_id,
                    ticket: TicketNumber::parse(&ticket)
                        .map_err(|e| StoreError::corrupt(e.message_en))?,
                    at,
                    status: Status::parse(&status)
                        .map_err(|e| StoreError::corrupt(e.message_en))?,
                })
            })
            .collect()
    }

    /// Cases newest first, `limit` at a time, after `cursor` when given. No personal data.
    pub async fn list_cases(
        &self,
        filter: &CaseFilter,
        limit: u32,
        cursor: Option<Cursor>,
    ) -> Result<CasePage, StoreError> {
        let limit = limit.clamp(1, 500);
        let rows: Vec<CaseRow> = on_pool!(self, read, |pool, IS_PG| {
            let mut q =
                sqlx::QueryBuilder::new(format!("SELECT {CASE_COLUMNS} FROM cases WHERE 1 = 1"));
            push_filter(&mut q, filter, IS_PG);
            if let Some(c) = cursor {
                q.push(" AND (created_at < ").push_bind(c.created_at);
                q.push(" OR (created_at = ").push_bind(c.created_at);
                q.push(" AND id < ").push_bind(c.id).push("))");
            }
            q.push(" ORDER BY created_at DESC, id DESC LIMIT ")
                .push_bind(i64::from(limit) + 1);
            q.build_query_as().fetch_all(pool).await?
        });
        let more = rows.len() > limit as usize;
        let rows: Vec<CaseRow> = rows.into_iter().take(limit as usize).collect();
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        let mut categories = self.categories_of(&ids).await?;
        let cases = rows
            .into_iter()
            .map(|r| {
                let cats = categories.remove(&r.id).unwrap_or_default();
                r.into_case(cats)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let next = if more {
            cases.last().map(|c| Cursor {
                created_at: c.created_at,
                id: c.id,
            })
        } else {
            None
        };
        Ok(CasePage { cases, next })
    }

    async fn categories_of(
        &self,
        ids: &[Uuid],
    ) -> Result<std::collections::HashMap<Uuid, Vec<Category>>, StoreError> {
        let mut map = std::collections::HashMap::<Uuid, Vec<Category>>::new();
        if ids.is_empty() {
            return Ok(map);
        }
        let rows: Vec<(Uuid, String)> = on_pool!(self, read, |pool| {
            let mut q = sqlx::QueryBuilder::new(
                "SELECT case_id, category FROM case_categories WHERE case_id IN (",
            );
            let mut list = q.separated(", ");
            for id in ids {
                list.push_bind(*id);
            }
            q.push(") ORDER BY category");
            q.build_query_as().fetch_all(pool).await?
        });
        for (id, category) in rows {
            let c = Category::parse(&category).map_err(|e| StoreError::corrupt(e.message_en))?;
            map.entry(id).or_default().push(c);
        }
        Ok(map)
    }

    /// How many cases there are (for demo seeding and metrics).
    pub async fn count_cases(&self) -> Result<i64, StoreError> {
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_scalar("SELECT COUNT(*) FROM cases")
                .fetch_one(pool)
                .await?
        }))
    }
}

/// The `AND …` clauses of a case filter, over `cases` (lists and exports alike).
pub(crate) fn push_filter<'a, DB: sqlx::Database>(
    q: &mut sqlx::QueryBuilder<'a, DB>,
    filter: &'a CaseFilter,
    is_pg: bool,
) where
    String: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    &'a str: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    DateTime<Utc>: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    if let Some(s) = filter.status {
        q.push(" AND status = ").push_bind(s.as_str());
    }
    if let Some(c) = filter.channel {
        q.push(" AND channel = ").push_bind(c.as_str());
    }
    if let Some(r) = &filter.region {
        q.push(" AND (region_code = ")
            .push_bind(r.as_str().to_owned());
        q.push(" OR region_code LIKE ")
            .push_bind(format!("{}.%", r.as_str()))
            .push(")");
    }
    if let Some(c) = filter.category {
        q.push(" AND EXISTS (SELECT 1 FROM case_categories cc WHERE cc.case_id = cases.id AND cc.category = ")
            .push_bind(c.as_str())
            .push(")");
    }
    match &filter.sentra {
        Some(SentraFilter::Unit(id)) => {
            q.push(" AND sentra_id = ").push_bind(id.clone());
        }
        Some(SentraFilter::National) => {
            q.push(" AND sentra_id IS NULL");
        }
        None => {}
    }
    if let Some(units) = &filter.scope {
        if units.is_empty() {
            q.push(" AND 1 = 0");
        } else {
            q.push(" AND sentra_id IN (");
            let mut list = q.separated(", ");
            for u in units {
                list.push_bind(u.as_str());
            }
            q.push(")");
        }
    }
    if let Some(from) = filter.from {
        q.push(" AND created_at >= ").push_bind(stored_time(from));
    }
    if let Some(to) = filter.to {
        q.push(" AND created_at < ").push_bind(stored_time(to));
    }
    if let Some(s) = filter.sla {
        q.push(" AND sla_state = ").push_bind(s.as_str());
    }
    if let Some(text) = filter.q.as_deref() {
        push_search(q, text, filter.search_personal, is_pg);
    }
}

/// The full-text clause of a search (see [`CaseFilter::q`]); nothing when it has no word.
fn push_search<'a, DB: sqlx::Database>(
    q: &mut sqlx::QueryBuilder<'a, DB>,
    text: &str,
    personal: bool,
    is_pg: bool,
) where
    String: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    let words = search_words(text);
    let Some((last, rest)) = words.split_last() else {
        return;
    };
    if is_pg {
        // Every word stemmed, and the last one also as the start of a word as written; weight
        // A is the ticket, B the personal data.
        let (word, prefix) = if personal { ("", ":*") } else { (":A", ":*A") };
        q.push(" AND cases.id IN (SELECT case_id FROM case_search WHERE document @@ (");
        if !rest.is_empty() {
            let all: Vec<String> = rest.iter().map(|w| format!("'{w}'{word}")).collect();
            q.push("to_tsquery('indonesian', ")
                .push_bind(all.join(" & "))
                .push(") && ");
        }
        q.push("(to_tsquery('indonesian', ")
            .push_bind(format!("'{last}'{word}"))
            .push(") || to_tsquery('simple', ")
            .push_bind(format!("'{last}'{prefix}"))
            .push("))))");
    } else {
        let columns = if personal { "" } else { "ticket : " };
        let mut all: Vec<String> = rest.iter().map(|w| format!("{columns}\"{w}\"")).collect();
        all.push(format!("{columns}\"{last}\"*"));
        q.push(
            " AND cases.id IN (SELECT s.case_id FROM case_search s WHERE s.row_id IN \
             (SELECT rowid FROM case_search_fts WHERE case_search_fts MATCH ",
        )
        .push_bind(all.join(" "))
        .push("))");
    }
}

/// At most this many words of a search are used, each at most this long (in characters).
const SEARCH_WORDS: usize = 16;
const SEARCH_WORD_CHARS: usize = 64;

/// The words of a search: runs of letters and digits, lowercased. Everything else (quotes,
/// `*`, `-`, parentheses, operators) only separates them, so a ticket `SGP-2611-00042` is
/// the words `sgp 2611 00042`, as both indexes split it.
pub fn search_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(SEARCH_WORDS)
        .map(|w| {
            w.chars()
                .take(SEARCH_WORD_CHARS)
                .collect::<String>()
                .to_lowercase()
        })
        .collect()
}

/// The case as it was just stored.
fn created_case(
    new: &NewCase,
    id: Uuid,
    ticket: TicketNumber,
    categories: Vec<Category>,
    assignment: Option<&Assignment>,
    at: DateTime<Utc>,
) -> Case {
    Case {
        id,
        ticket,
        status: Status::Baru,
        channel: new.channel,
        complaint_type: new.complaint_type,
        description: new.description.clone(),
        location: new.location.clone(),
        categories,
        urgency: new.urgency,
        confidential: new.confidential,
        people: Some(People {
            reporter: new.reporter.clone(),
            beneficiary: new.beneficiary.clone(),
        }),
        duplicate_of: None,
        assignment: assignment.cloned(),
        outcome: None,
        waiting_since: None,
        sla: None,
        version: 1,
        created_at: at,
        updated_at: at,
    }
}

/// The `cases.categories` column (migration 0012): the sorted slugs joined by commas, `""` for
/// none, as the triggers on `case_categories` would write it.
pub(crate) fn categories_column(sorted: &[Category]) -> String {
    sorted
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

fn parse_categories(raw: &[String]) -> Result<Vec<Category>, StoreError> {
    raw.iter()
        .map(|c| Category::parse(c).map_err(|e| StoreError::corrupt(e.message_en)))
        .collect()
}

#[cfg(test)]
mod search_tests {
    use super::*;

    #[test]
    fn a_search_keeps_only_letters_and_digits() {
        assert_eq!(search_words("SGP-2611-00042"), ["sgp", "2611", "00042"]);
        assert_eq!(search_words("\"*NEAR( ')' OR"), ["near", "or"]);
        assert_eq!(search_words("Mbah Karsih ÉLO"), ["mbah", "karsih", "élo"]);
        assert!(search_words(" \"*'() - ").is_empty());
    }
}
