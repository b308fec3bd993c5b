//! `sigap demo`: fill the database with the demo data set.

use anyhow::Result;

use crate::{cli::DemoArgs, config::Database};

pub async fn run(args: DemoArgs) -> Result<()> {
    super::init_quiet_logging();
    let db = Database::resolve(&args.db)?;
    let store = db.open().await?;
    let n = crate::demo::seed(&store, args.count, args.seed).await?;
    println!(
        "{n} aduan demo tercatat. Total kasus: {}.",
        store.count_cases().await?
    );
    store.close().await;
    Ok(())
}
