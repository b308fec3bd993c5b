//! The SQLite intake writer: group commit for new complaints.
//!
//! SQLite has one writer, so the time a complaint holds the write connection bounds intake
//! throughput, and every statement sent to sqlx's SQLite worker thread costs a thread hand-off.
//! New complaints therefore go to one writer task that takes every complaint waiting (up to
//! [`MAX_BATCH`]) and inserts them all — ticket serial, case, people, categories, first history
//! entry, idempotency key — in one multi-statement query with its own `BEGIN IMMEDIATE … COMMIT`:
//! one hand-off and one commit for the whole batch. Each caller is answered only after that
//! commit. If the batch fails (a reused idempotency key, say), it is rolled back and each
//! complaint is retried alone, so one bad complaint never fails the others.
//!
//! The SQL is the same as the PostgreSQL path in `cases.rs`; the contract tests run both.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use sigap_core::{
    Category, Status,
    case::{EventKind, NewCase},
};
use sqlx::{Arguments, Sqlite, SqlitePool, sqlite::SqliteArguments};
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

use crate::StoreError;

/// The most complaints committed together.
pub(crate) const MAX_BATCH: usize = 128;

/// One complaint waiting for the writer.
pub(crate) struct IntakeJob {
    pub new: NewCase,
    pub categories: Vec<Category>,
    pub id: Uuid,
    pub period: String,
    pub idempotency: Option<(String, String)>,
    pub actor: String,
    pub at: DateTime<Utc>,
    pub sentra_id: Option<String>,
    /// The routing decision as JSON.
    pub routing: Option<String>,
    /// The ticket, sent after the commit.
    pub reply: oneshot::Sender<Result<String, StoreError>>,
}

/// The handle to the writer task; the task ends when the last handle is dropped.
#[derive(Clone, Debug)]
pub struct IntakeWriter(pub(crate) mpsc::Sender<IntakeJob>);

/// Starts the writer task for `pool` (the one-connection write pool).
pub(crate) fn spawn_writer(pool: SqlitePool) -> IntakeWriter {
    let (tx, rx) = mpsc::channel(4 * MAX_BATCH);
    tokio::spawn(writer(pool, rx));
    IntakeWriter(tx)
}

async fn writer(pool: SqlitePool, mut rx: mpsc::Receiver<IntakeJob>) {
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let result = if batch.len() == 1 {
            Err(StoreError::Conflict(String::new()))
        } else {
            insert(&pool, &batch).await
        };
        match result {
            Ok(tickets) => {
                for (job, ticket) in batch.into_iter().zip(tickets) {
                    let _ = job.reply.send(Ok(ticket));
                }
            }
            // One at a time: each complaint gets its own outcome.
            Err(_) => {
                for job in batch {
                    let outcome = insert(&pool, std::slice::from_ref(&job)).await;
                    let _ = job.reply.send(outcome.map(|mut t| t.remove(0)));
                }
            }
        }
    }
}

/// A query under construction: SQL text and its numbered arguments.
struct Query {
    sql: String,
    args: SqliteArguments<'static>,
    n: usize,
}

impl Query {
    /// Adds an argument and returns its placeholder (`$7`).
    fn arg<T>(&mut self, value: T) -> String
    where
        T: sqlx::Encode<'static, Sqlite> + sqlx::Type<Sqlite> + Send + 'static,
    {
        // Encoding into SQLite arguments does not fail for these plain values.
        let _ = self.args.add(value);
        self.n += 1;
        format!("${}", self.n)
    }
}

/// Inserts the complaints in one transaction and returns their tickets, in order.
async fn insert(pool: &SqlitePool, jobs: &[IntakeJob]) -> Result<Vec<String>, StoreError> {
    let mut q = Query {
        sql: String::from("BEGIN IMMEDIATE; "),
        args: SqliteArguments::default(),
        n: 0,
    };
    let mut ids = Vec::with_capacity(jobs.len());
    for job in jobs {
        ids.push(append(&mut q, job));
    }
    let _ = write!(
        q.sql,
        "SELECT id, ticket FROM cases WHERE id IN ({}); COMMIT;",
        ids.join(", ")
    );

    let mut conn = pool.acquire().await?;
    let rows: Vec<(Uuid, String)> = match sqlx::query_as_with(&q.sql, q.args)
        .fetch_all(&mut *conn)
        .await
    {
        Ok(rows) => rows,
        Err(e) => {
            let _ = sqlx::query("ROLLBACK").execute(&mut *conn).await;
            return Err(e.into());
        }
    };
    jobs.iter()
        .map(|job| {
            rows.iter()
                .find(|(id, _)| *id == job.id)
                .map(|(_, t)| t.clone())
                .ok_or_else(|| StoreError::corrupt("a new case was not found after its insert"))
        })
        .collect()
}

/// The statements of one complaint; returns the placeholder of its id.
fn append(q: &mut Query, job: &IntakeJob) -> String {
    let new = &job.new;
    let (loc, r) = (&new.location, &new.reporter);
    let id = q.arg(job.id);
    let period = q.arg(job.period.clone());
    let at = q.arg(job.at);
    let baru = q.arg(Status::Baru.as_str());
    let values = [
        q.arg(new.channel.as_str()),
        q.arg(new.complaint_type.as_str()),
        q.arg(new.description.clone()),
        q.arg(new.urgency.map(|u| u.as_str())),
        q.arg(new.confidential),
        q.arg(loc.address.clone()),
        q.arg(loc.region.as_ref().map(|r| r.as_str().to_owned())),
        q.arg(loc.coordinates.map(|c| c.latitude)),
        q.arg(loc.coordinates.map(|c| c.longitude)),
    ]
    .join(", ");
    let routing = [q.arg(job.sentra_id.clone()), q.arg(job.routing.clone())].join(", ");
    let reporter = [
        q.arg(r.name.clone()),
        q.arg(r.phone.as_ref().map(|p| p.expose().to_owned())),
        q.arg(r.email.as_ref().map(|e| e.expose().to_owned())),
        q.arg(r.nik.as_ref().map(|n| n.expose().to_owned())),
        q.arg(r.anonymous),
        q.arg(r.consent_contact),
    ]
    .join(", ");
    let categories = q.arg(crate::cases::categories_column(&job.categories));
    let actor = q.arg(job.actor.clone());
    let created = q.arg(EventKind::Created.as_str());
    let _ = write!(
        q.sql,
        "INSERT INTO ticket_counters (period, last_serial) VALUES ({period}, 1) \
           ON CONFLICT (period) DO UPDATE SET last_serial = ticket_counters.last_serial + 1; \
         INSERT INTO cases (id, ticket, status, channel, complaint_type, description, urgency, \
           confidential, address, region_code, latitude, longitude, version, created_at, updated_at, \
           sentra_id, routing, sla_check_at, categories) \
           VALUES ({id}, 'SGP-' || {period} || '-' || printf('%05d', \
             (SELECT last_serial FROM ticket_counters WHERE period = {period})), \
             {baru}, {values}, 1, {at}, {at}, {routing}, {at}, {categories}); \
         INSERT INTO case_people (case_id, role, name, phone, email, nik, anonymous, consent_contact) \
           VALUES ({id}, 'reporter', {reporter}); \
         INSERT INTO case_events (case_id, at, actor, kind, to_status) \
           VALUES ({id}, {at}, {actor}, {created}, {baru}); "
    );
    for c in &job.categories {
        let c = q.arg(c.as_str());
        let _ = write!(
            q.sql,
            "INSERT INTO case_categories (case_id, category) VALUES ({id}, {c}); "
        );
    }
    if let Some(b) = &new.beneficiary {
        let person = [
            q.arg(b.name.clone()),
            q.arg(b.age.map(i32::from)),
            q.arg(b.sex.map(|s| s.as_str())),
        ]
        .join(", ");
        let _ = write!(
            q.sql,
            "INSERT INTO case_people (case_id, role, name, age, sex) VALUES ({id}, 'beneficiary', {person}); "
        );
    }
    if let Some((key, hash)) = &job.idempotency {
        let (key, hash) = (q.arg(key.clone()), q.arg(hash.clone()));
        let _ = write!(
            q.sql,
            "INSERT INTO idempotency_keys (key, request_hash, case_id, created_at) \
             VALUES ({key}, {hash}, {id}, {at}); "
        );
    }
    id
}
