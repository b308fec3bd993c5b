//! The media scanner in the background: every few seconds it claims the sources that are due
//! and scans them (see [`crate::scan`]). Safe with several instances: a source is claimed in
//! the database by one worker at a time, and a crashed worker's claim runs out.

use crate::{AppState, jobs::Shutdown, scan};

/// A worker name unique to this process (the claim records it).
pub fn worker_name() -> String {
    let id = uuid::Uuid::now_v7().simple().to_string();
    format!("scan/{}/{}", std::process::id(), &id[id.len() - 8..])
}

pub async fn run(state: AppState, mut shutdown: Shutdown) {
    let fetcher = match scan::fetcher(&state.scan) {
        Ok(f) => f,
        Err(e) => {
            tracing::error!(error = ?e, "the media scanner cannot start");
            return;
        }
    };
    let worker = worker_name();
    loop {
        if shutdown.is_set() {
            break;
        }
        match scan::round(&state, &fetcher, &worker, true, |_, _| {}).await {
            Ok(reports) if !reports.is_empty() => {
                let new: usize = reports.iter().map(|r| r.processed.new_items).sum();
                let failed = reports.iter().filter(|r| r.outcome == "gagal").count();
                tracing::info!(
                    sources = reports.len(),
                    new_items = new,
                    failed,
                    "media scan round"
                );
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = ?e, "media scan round failed"),
        }
        tokio::select! {
            () = tokio::time::sleep(state.scan.every) => {}
            () = shutdown.wait() => break,
        }
    }
}
