//! The SQLite fast path for filing a complaint. SQLite has one writer, so the time a complaint
//! holds the write connection bounds intake throughput; every statement sent to sqlx's SQLite
//! worker thread costs a thread hand-off. Here the whole insert — ticket serial, case,
//! categories, people, first history entry, idempotency key — is one multi-statement query
//! with its own `BEGIN IMMEDIATE … COMMIT`: one hand-off instead of a dozen. The SQL is the same as the
//! portable path in `cases.rs`; the contract tests run both.

use chrono::{DateTime, Utc};
use sigap_core::{
    Category, Status,
    case::{EventKind, NewCase},
};
use sqlx::SqlitePool;
use uuid::Uuid;

use crate::StoreError;

/// Inserts the case and returns its ticket. A reused idempotency key fails the whole
/// transaction with a unique violation ([`StoreError::Conflict`]), which the caller resolves.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn insert_case(
    pool: &SqlitePool,
    new: &NewCase,
    categories: &[Category],
    id: Uuid,
    period: &str,
    idempotency: Option<(&str, &str)>,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<String, StoreError> {
    // Parameters: $1 id, $2 period, $3 at, then the case's values; each statement names the
    // ones it uses (sqlx binds `$N` by number in every statement of the query).
    let mut sql = String::from(
        "BEGIN IMMEDIATE; \
         INSERT INTO ticket_counters (period, last_serial) VALUES ($2, 1) \
           ON CONFLICT (period) DO UPDATE SET last_serial = ticket_counters.last_serial + 1; \
         INSERT INTO cases (id, ticket, status, channel, complaint_type, description, urgency, \
           confidential, address, region_code, latitude, longitude, version, created_at, updated_at) \
           VALUES ($1, 'SGP-' || $2 || '-' || printf('%05d', \
             (SELECT last_serial FROM ticket_counters WHERE period = $2)), \
             $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1, $3, $3); \
         INSERT INTO case_people (case_id, role, name, phone, email, nik, anonymous, consent_contact) \
           VALUES ($1, 'reporter', $14, $15, $16, $17, $18, $19); \
         INSERT INTO case_events (case_id, at, actor, kind, to_status) VALUES ($1, $3, $20, $21, $4); ",
    );
    let mut next = 22;
    let mut param = |sql: &mut String| {
        let n = next;
        next += 1;
        sql.push_str(&format!("${n}"));
    };
    if !categories.is_empty() {
        sql.push_str("INSERT INTO case_categories (case_id, category) VALUES ");
        for (i, _) in categories.iter().enumerate() {
            sql.push_str(if i == 0 { "($1, " } else { ", ($1, " });
            param(&mut sql);
            sql.push(')');
        }
        sql.push_str("; ");
    }
    if new.beneficiary.is_some() {
        sql.push_str(
            "INSERT INTO case_people (case_id, role, name, age, sex) VALUES ($1, 'beneficiary', ",
        );
        param(&mut sql);
        sql.push_str(", ");
        param(&mut sql);
        sql.push_str(", ");
        param(&mut sql);
        sql.push_str("); ");
    }
    if idempotency.is_some() {
        sql.push_str(
            "INSERT INTO idempotency_keys (key, request_hash, case_id, created_at) VALUES (",
        );
        param(&mut sql);
        sql.push_str(", ");
        param(&mut sql);
        sql.push_str(", $1, $3); ");
    }
    sql.push_str("SELECT ticket FROM cases WHERE id = $1; COMMIT;");

    let loc = &new.location;
    let r = &new.reporter;
    let mut q = sqlx::query_scalar::<_, String>(&sql)
        .bind(id)
        .bind(period)
        .bind(at)
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
        .bind(r.name.as_deref())
        .bind(r.phone.as_ref().map(|p| p.expose()))
        .bind(r.email.as_ref().map(|e| e.expose()))
        .bind(r.nik.as_ref().map(|n| n.expose()))
        .bind(r.anonymous)
        .bind(r.consent_contact)
        .bind(actor)
        .bind(EventKind::Created.as_str());
    for c in categories {
        q = q.bind(c.as_str());
    }
    if let Some(b) = &new.beneficiary {
        q = q
            .bind(b.name.as_deref())
            .bind(b.age.map(i32::from))
            .bind(b.sex.map(|s| s.as_str()));
    }
    if let Some((key, hash)) = idempotency {
        q = q.bind(key).bind(hash);
    }
    // BEGIN and COMMIT travel in the same query: one hand-off to the worker thread. On any
    // error the transaction is rolled back on the same connection before it goes back to the pool.
    let mut conn = pool.acquire().await?;
    match q.fetch_all(&mut *conn).await {
        Ok(rows) => rows
            .into_iter()
            .next()
            .ok_or_else(|| StoreError::corrupt("the new case was not found after its insert")),
        Err(e) => {
            let _ = sqlx::query("ROLLBACK").execute(&mut *conn).await;
            Err(e.into())
        }
    }
}
