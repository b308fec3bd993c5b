//! Synthetic cases for benchmarks (`sigap bench kpi`, `sigap bench pages`): many cases made inside the database in
//! one statement, with stage times, deadlines and outcomes spread deterministically.

use chrono::{DateTime, Utc};

use crate::{Store, StoreError, pool::on_pool};

impl Store {
    /// Adds `n` synthetic cases received evenly over `[from, from + days)`, over 30 Sentra
    /// (`bench-00` … `bench-29`), four in five closed. Never use on a real database: the cases
    /// carry tickets `SGP-0000-1000001…` (period 0000, which no real ticket has) and no people.
    pub async fn generate_bench_cases(
        &self,
        n: i64,
        from: DateTime<Utc>,
        days: i64,
    ) -> Result<u64, StoreError> {
        let start = from.timestamp();
        let span = days * 86_400;
        // Durations from receipt, in seconds, spread by multiplicative hashing of the serial.
        let body = |pg: bool| {
            let (t, idf, rnd) = if pg {
                (
                    "to_timestamp",
                    "gen_random_uuid()",
                    "(i::bigint * 2654435761 % 4294967296)",
                )
            } else {
                ("", "randomblob(16)", "(i * 2654435761 % 4294967296)")
            };
            let ts = |secs: &str| {
                if pg {
                    format!("{t}({secs})")
                } else {
                    format!("strftime('%Y-%m-%dT%H:%M:%S+00:00', {secs}, 'unixepoch')")
                }
            };
            let created = "($1 + i * $2 / $3)".to_owned();
            let v = format!("({rnd} % 259200)");
            let r = format!("({v} + {rnd} % 432000)");
            let c = format!("({r} + {rnd} % 2592000)");
            let closed = format!("({rnd} % 5 <> 0)");
            format!(
                "INSERT INTO cases (id, ticket, status, channel, complaint_type, description, urgency, \
                 confidential, version, created_at, updated_at, sentra_id, region_code, verified_at, \
                 responded_at, closed_at, verification_secs, response_secs, closure_secs, sla_state, \
                 due_verifikasi, due_respons, due_penyelesaian, outcome, sla_flags) \
                 SELECT {idf}, 'SGP-0000-' || (1000000 + i), CASE WHEN {closed} THEN 'selesai' ELSE 'ditangani' END, \
                 CASE i % 3 WHEN 0 THEN 'web' WHEN 1 THEN 'operator' ELSE 'whatsapp' END, 'orang_rentan', \
                 'bench', CASE WHEN i % 7 = 0 THEN 'high' ELSE 'normal' END, FALSE, 1, \
                 {created_ts}, {created_ts}, 'bench-' || {lpad_sentra}, '32.01', \
                 {v_ts}, {r_ts}, CASE WHEN {closed} THEN {c_ts} END, {v}, {r}, \
                 CASE WHEN {closed} THEN {c} END, CASE WHEN {closed} THEN 'selesai' ELSE 'terlambat' END, \
                 {dv_ts}, {dr_ts}, {dc_ts}, CASE WHEN {closed} THEN 'tertangani' END, \
                 CASE WHEN {closed} THEN 1 + 4 + 8 + 16 + (CASE WHEN {r} <= 432000 THEN 32 ELSE 0 END) \
                   + 64 + (CASE WHEN {c} <= 1728000 THEN 128 ELSE 0 END) \
                 ELSE 2 + 4 + 8 + 16 + (CASE WHEN {r} <= 432000 THEN 32 ELSE 0 END) END \
                 FROM {series}",
                created_ts = ts(&created),
                v_ts = ts(&format!("{created} + {v}")),
                r_ts = ts(&format!("{created} + {r}")),
                c_ts = ts(&format!("{created} + {c}")),
                dv_ts = ts(&format!("{created} + 259200")),
                dr_ts = ts(&format!("{created} + 432000")),
                dc_ts = ts(&format!("{created} + 1728000")),
                lpad_sentra = if pg {
                    "lpad((i % 30)::text, 2, '0')"
                } else {
                    "substr('0' || (i % 30), -2)"
                },
                series = if pg {
                    "generate_series(1::bigint, $3) AS g(i)"
                } else {
                    "s"
                },
            )
        };
        Ok(on_pool!(self, write, |pool, IS_PG| {
            let sql = if IS_PG {
                body(true)
            } else {
                format!(
                    "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $3) {}",
                    body(false)
                )
            };
            let added = sqlx::query(&sql)
                .bind(start)
                .bind(span)
                .bind(n)
                .execute(pool)
                .await?
                .rows_affected();
            // Fresh statistics and visibility, and on SQLite the write-ahead log folded back
            // into the database, as a long-lived database would be.
            sqlx::query(if IS_PG {
                "VACUUM ANALYZE cases"
            } else {
                "ANALYZE"
            })
            .execute(pool)
            .await?;
            // The bulk insert's pages are written out before any timing starts (best effort on
            // PostgreSQL: CHECKPOINT needs a privileged role).
            if IS_PG {
                let _ = sqlx::query("CHECKPOINT").execute(pool).await;
            } else {
                sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                    .execute(pool)
                    .await?;
            }
            added
        }))
    }
    /// Makes the generated cases look like a country for the dashboard (`sigap bench pages`):
    /// each case in one of `regencies` (spread by hashing its serial) and with the one Sentra
    /// of that regency, the open ones on
    /// track, at risk or late in turn, and one or two groups each (`case_categories`).
    pub async fn spread_bench_cases(
        &self,
        regencies: &[&str],
        categories: &[&str],
    ) -> Result<(), StoreError> {
        if regencies.is_empty() || categories.is_empty() {
            return Ok(());
        }
        let serial = "(CAST(substr(ticket, 10) AS BIGINT) - 1000000)";
        let hash = format!("({serial} * 2654435761 % 4294967296)");
        let group = |offset: usize| {
            let arms: String = categories
                .iter()
                .enumerate()
                .map(|(i, c)| format!(" WHEN {i} THEN '{}'", c.replace('\'', "")))
                .collect();
            format!(
                "CASE ({serial} + {offset}) % {n}{arms} END",
                n = categories.len()
            )
        };
        on_pool!(self, write, |pool, IS_PG| {
            let mut tx = pool.begin().await?;
            sqlx::query("CREATE TABLE bench_regencies (n BIGINT PRIMARY KEY, code TEXT NOT NULL)")
                .execute(&mut *tx)
                .await?;
            for (n, code) in regencies.iter().enumerate() {
                sqlx::query("INSERT INTO bench_regencies (n, code) VALUES ($1, $2)")
                    .bind(n as i64)
                    .bind(*code)
                    .execute(&mut *tx)
                    .await?;
            }
            // Each regency is served by one Sentra, as routing by coverage would have it.
            let place = format!("({hash} % {})", regencies.len());
            let sentra = if IS_PG {
                format!("lpad(({place} % 30)::text, 2, '0')")
            } else {
                format!("substr('0' || ({place} % 30), -2)")
            };
            sqlx::query(&format!(
                "UPDATE cases SET region_code = (SELECT r.code FROM bench_regencies r \
                 WHERE r.n = {place}), sentra_id = 'bench-' || {sentra} WHERE ticket LIKE 'SGP-0000-%'"
            ))
            .execute(&mut *tx)
            .await?;
            sqlx::query("DROP TABLE bench_regencies")
                .execute(&mut *tx)
                .await?;
            sqlx::query(&format!(
                "UPDATE cases SET sla_state = CASE {serial} % 3 WHEN 0 THEN 'aman' \
                 WHEN 1 THEN 'berisiko' ELSE 'terlambat' END, \
                 sla_flags = (sla_flags & ~2) | (CASE {serial} % 3 WHEN 2 THEN 2 ELSE 0 END) \
                 WHERE ticket LIKE 'SGP-0000-%' AND status <> 'selesai'"
            ))
            .execute(&mut *tx)
            .await?;
            sqlx::query(&format!(
                "INSERT INTO case_categories (case_id, category) \
                 SELECT id, {first} FROM cases WHERE ticket LIKE 'SGP-0000-%' \
                 UNION ALL SELECT id, {second} FROM cases WHERE ticket LIKE 'SGP-0000-%' AND {serial} % 4 = 0",
                first = group(0),
                second = group(categories.len() / 2),
            ))
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            sqlx::query(if IS_PG { "VACUUM ANALYZE" } else { "ANALYZE" })
                .execute(pool)
                .await?;
            if IS_PG {
                let _ = sqlx::query("CHECKPOINT").execute(pool).await;
            } else {
                sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                    .execute(pool)
                    .await?;
            }
        });
        Ok(())
    }
}
