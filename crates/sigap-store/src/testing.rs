//! Fresh databases for tests: a temporary SQLite file, or a new PostgreSQL database on the
//! server named by `SIGAP_TEST_POSTGRES_URL` (default: the local server's `test` database).

use std::path::PathBuf;

use crate::{Store, StoreError};

/// The PostgreSQL server tests use. CI must run the PostgreSQL tests: they fail, never skip,
/// when the server cannot be reached.
pub fn postgres_admin_url() -> String {
    std::env::var("SIGAP_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

/// A database that lives as long as the test; dropped by [`TestDb::cleanup`].
pub struct TestDb {
    pub store: Store,
    pub url: String,
    pg_name: Option<String>,
    admin_url: String,
    dir: Option<PathBuf>,
}

impl TestDb {
    pub async fn sqlite() -> Result<TestDb, StoreError> {
        let dir =
            std::env::temp_dir().join(format!("sigap-test-{}", uuid::Uuid::now_v7().simple()));
        std::fs::create_dir_all(&dir).map_err(|e| StoreError::Other(sqlx::Error::Io(e)))?;
        let url = Store::sqlite_url_in(&dir);
        let store = Store::connect(&url).await?;
        store.migrate().await?;
        Ok(TestDb {
            store,
            url,
            pg_name: None,
            admin_url: String::new(),
            dir: Some(dir),
        })
    }

    pub async fn postgres() -> Result<TestDb, StoreError> {
        Self::postgres_on(&postgres_admin_url()).await
    }

    /// A new database on the server of `admin_url` (a role that may create databases).
    pub async fn postgres_on(admin_url: &str) -> Result<TestDb, StoreError> {
        let admin_url = admin_url.to_owned();
        let name = format!("sigap_t_{}", uuid::Uuid::now_v7().simple());
        let admin = Store::connect(&admin_url).await?;
        if let Store::Postgres(pool) = &admin {
            sqlx::query(&format!("CREATE DATABASE \"{name}\""))
                .execute(pool)
                .await?;
        }
        admin.close().await;
        let (base, _) = admin_url.rsplit_once('/').unwrap_or((&admin_url, ""));
        let url = format!("{base}/{name}");
        let store = Store::connect(&url).await?;
        store.migrate().await?;
        Ok(TestDb {
            store,
            url,
            pg_name: Some(name),
            admin_url,
            dir: None,
        })
    }

    /// Closes the pools and removes the database.
    pub async fn cleanup(self) {
        self.store.close().await;
        if let Some(name) = self.pg_name
            && let Ok(Store::Postgres(pool)) = Store::connect(&self.admin_url).await
        {
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .execute(&pool)
                .await;
            pool.close().await;
        }
        if let Some(dir) = self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}
