//! Opening the database: SQLite in a file (one writer connection, several readers) or a
//! PostgreSQL pool, chosen by the URL scheme.

use std::{path::Path, str::FromStr, time::Duration};

use sqlx::{
    PgPool, SqlitePool,
    postgres::{PgConnectOptions, PgPoolOptions},
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};

use crate::StoreError;

/// The database behind Sigap. Cheap to clone (pools are shared handles).
#[derive(Clone, Debug)]
pub enum Store {
    /// SQLite allows one writer at a time: writes queue on a one-connection pool instead of
    /// fighting over the file lock, reads use their own pool (WAL lets them run alongside).
    Sqlite {
        write: SqlitePool,
        read: SqlitePool,
        /// New complaints go to the group-commit writer (`sqlite_intake.rs`).
        intake: crate::sqlite_intake::IntakeWriter,
    },
    Postgres(PgPool),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs the same query code on whichever pool the store has. `$pg` is a `bool` constant that
/// says which backend the body runs on, for the few places whose SQL must differ.
macro_rules! on_pool {
    ($store:expr, $which:ident, |$pool:ident| $body:expr) => {
        $crate::pool::on_pool!($store, $which, |$pool, _IS_PG| $body)
    };
    ($store:expr, $which:ident, |$pool:ident, $pg:ident| $body:expr) => {
        match $store {
            $crate::Store::Sqlite { $which: $pool, .. } => {
                #[allow(unused)]
                const $pg: bool = false;
                $body
            }
            $crate::Store::Postgres($pool) => {
                #[allow(unused)]
                const $pg: bool = true;
                $body
            }
        }
    };
}
pub(crate) use on_pool;

impl Store {
    /// Opens `sqlite://path` (created if missing) or `postgres://…`.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let options = PgConnectOptions::from_str(url).map_err(StoreError::Other)?;
            let pool = PgPoolOptions::new()
                .max_connections(32)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await
                .map_err(StoreError::Unavailable)?;
            Ok(Store::Postgres(pool))
        } else if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)
                .map_err(StoreError::Other)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // In WAL mode NORMAL survives a crash of the process (the durability test kills
                // it with SIGKILL); only a power cut can lose the last commits.
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
                .pragma("temp_store", "memory")
                .pragma("cache_size", "-32768");
            let write = SqlitePoolOptions::new()
                .max_connections(1)
                .acquire_timeout(Duration::from_secs(30))
                .connect_with(options.clone())
                .await
                .map_err(StoreError::Unavailable)?;
            let read = SqlitePoolOptions::new()
                .max_connections(4)
                .acquire_timeout(Duration::from_secs(30))
                .connect_with(options)
                .await
                .map_err(StoreError::Unavailable)?;
            let intake = crate::sqlite_intake::spawn_writer(write.clone());
            Ok(Store::Sqlite {
                write,
                read,
                intake,
            })
        } else {
            Err(StoreError::Other(sqlx::Error::Configuration(
                format!("unsupported database URL {url:?}: use sqlite://FILE or postgres://…")
                    .into(),
            )))
        }
    }

    /// The SQLite file that `sigap` uses in a data directory.
    pub fn sqlite_url_in(data_dir: &Path) -> String {
        format!("sqlite://{}", data_dir.join("sigap.sqlite").display())
    }

    pub fn backend(&self) -> Backend {
        match self {
            Store::Sqlite { .. } => Backend::Sqlite,
            Store::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies the migrations this binary embeds that the database does not have yet.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match self {
            Store::Sqlite { write, .. } => {
                // A migration that rebuilds a table (0003) needs foreign keys off, which SQLite
                // allows only outside a transaction; sqlx runs each migration in one. So: off on
                // this connection, migrate, check every reference, on again.
                let mut conn = write.acquire().await?;
                sqlx::query("PRAGMA foreign_keys = OFF")
                    .execute(&mut *conn)
                    .await?;
                let migrated = sqlx::migrate!("./migrations/sqlite").run(&mut *conn).await;
                let broken: Vec<(String, i64)> =
                    sqlx::query_as("SELECT \"table\", rowid FROM pragma_foreign_key_check")
                        .fetch_all(&mut *conn)
                        .await
                        .unwrap_or_default();
                sqlx::query("PRAGMA foreign_keys = ON")
                    .execute(&mut *conn)
                    .await?;
                migrated?;
                if let Some((table, row)) = broken.first() {
                    return Err(StoreError::Corrupt(format!(
                        "after migrating, row {row} of {table} points at a missing row"
                    )));
                }
            }
            Store::Postgres(pool) => sqlx::migrate!("./migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    /// The migration versions this binary embeds for its backend.
    pub fn embedded_migrations(backend: Backend) -> Vec<(i64, String)> {
        let migrator = match backend {
            Backend::Sqlite => sqlx::migrate!("./migrations/sqlite"),
            Backend::Postgres => sqlx::migrate!("./migrations/postgres"),
        };
        migrator
            .iter()
            .map(|m| (m.version, m.description.to_string()))
            .collect()
    }

    /// A cheap round trip, for readiness checks.
    pub async fn ping(&self) -> Result<(), StoreError> {
        on_pool!(self, read, |pool| {
            sqlx::query("SELECT 1").execute(pool).await?;
        });
        Ok(())
    }

    pub async fn close(&self) {
        match self {
            Store::Sqlite { write, read, .. } => {
                write.close().await;
                read.close().await;
            }
            Store::Postgres(pool) => pool.close().await,
        }
    }
}
