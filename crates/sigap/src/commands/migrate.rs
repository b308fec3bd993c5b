//! `sigap migrate`: bring the database schema up to date.

use anyhow::Result;

use crate::{
    cli::DbArgs,
    config::{Database, redact_url},
};

pub async fn run(args: DbArgs) -> Result<()> {
    super::init_quiet_logging();
    let db = Database::resolve(&args)?;
    let store = db.open().await?;
    let versions = sigap_store::Store::embedded_migrations(store.backend());
    println!(
        "Basis data {} mutakhir ({} migrasi):",
        redact_url(&db.url),
        versions.len()
    );
    for (version, description) in versions {
        println!("  {version:04} {description}");
    }
    store.close().await;
    Ok(())
}
