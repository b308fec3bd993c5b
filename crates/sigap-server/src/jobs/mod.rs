//! Background jobs that run beside the HTTP server in `sigap serve`. Each job is a loop over
//! the database that is safe with several instances, and stops at the shutdown signal after
//! finishing (and recording) the work in hand.
//!
//! - [`notify`]: the notifier (case history → outbox) and the delivery workers (outbox → SMTP
//!   and signed webhooks).
//! - [`sla`]: the SLA sweep (at risk, late, escalation, auto-close).
//! - [`scan`]: the media scanner (due sources → items → triage candidates).

pub mod notify;
pub mod scan;
pub mod sla;

use std::sync::Arc;

use tokio::{sync::watch, task::JoinHandle};

use crate::AppState;

/// Tells the jobs to stop; they finish what they hold first.
#[derive(Clone)]
pub struct Shutdown(watch::Receiver<bool>);

impl Shutdown {
    /// A sender to trigger, and the signal the jobs watch.
    pub fn new() -> (watch::Sender<bool>, Shutdown) {
        let (tx, rx) = watch::channel(false);
        (tx, Shutdown(rx))
    }

    /// Set, or its sender is gone (the server stopped).
    pub fn is_set(&self) -> bool {
        *self.0.borrow() || self.0.has_changed().is_err()
    }

    /// Resolves when the signal is set (or its sender is gone).
    pub async fn wait(&mut self) {
        let _ = self.0.wait_for(|stop| *stop).await;
    }
}

/// The running jobs.
pub struct Jobs(Vec<JoinHandle<()>>);

impl Jobs {
    /// Waits until every job has stopped.
    pub async fn join(self) {
        for handle in self.0 {
            if let Err(e) = handle.await {
                tracing::error!(error = %e, "a background job ended abnormally");
            }
        }
    }
}

/// Starts every background job of `serve`.
pub fn spawn(
    state: &AppState,
    notify: Arc<notify::NotifySettings>,
    sla_every: std::time::Duration,
    scan_in_background: bool,
    shutdown: Shutdown,
) -> Result<Jobs, notify::SetupError> {
    let mut handles = vec![tokio::spawn(sla::run(
        state.clone(),
        sla_every,
        shutdown.clone(),
    ))];
    if scan_in_background {
        handles.push(tokio::spawn(scan::run(state.clone(), shutdown.clone())));
    }
    if notify.smtp_url.is_none() {
        tracing::info!(
            "e-mail delivery is off (no --smtp-url): e-mail notifications stay queued in the outbox"
        );
    }
    let notifier = notify::Notifier::new(state.store.clone(), state.clock.clone(), notify.clone());
    handles.push(tokio::spawn(notifier.run(shutdown.clone())));
    for n in 1..=notify.workers.max(1) {
        let worker = notify::Worker::new(
            state.store.clone(),
            state.clock.clone(),
            notify.clone(),
            format!("{}/w{n}", std::process::id()),
        )?;
        handles.push(tokio::spawn(worker.run(shutdown.clone())));
    }
    Ok(Jobs(handles))
}
