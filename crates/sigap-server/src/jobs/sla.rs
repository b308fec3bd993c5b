//! The SLA sweep: every case whose clock reaches a new moment (a stage turns at risk or late,
//! a waiting case's auto-close comes) is evaluated again; late stages escalate to supervisors
//! once; waiting cases without an answer close themselves.
//!
//! Safe with several instances: evaluation is pure, an escalation is a compare-and-set, and
//! the auto-close is a workflow move checked against the case's version.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sigap_core::{Action, sla::Evaluation};
use sigap_store::{ActionRequest, Store, StoreError};

use crate::{AppState, sla::SlaEngine};

/// What one sweep did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SweepReport {
    pub evaluated: u64,
    pub escalated: u64,
    pub auto_closed: u64,
}

/// The most cases one round takes; a sweep runs rounds until none is due.
const BATCH: i64 = 500;

/// Runs the clock of every case that is due at `now`.
pub async fn sweep(
    store: &Store,
    engine: &SlaEngine,
    now: DateTime<Utc>,
) -> Result<SweepReport, StoreError> {
    let mut report = SweepReport::default();
    loop {
        let due = store.sla_due(now, BATCH).await?;
        let round = due.len();
        for id in due {
            match one(store, engine, id, now, &mut report).await {
                Ok(()) | Err(StoreError::NotFound) => {}
                // Another instance moved the case meanwhile: its own refresh covers it.
                Err(StoreError::StaleVersion { .. } | StoreError::Transition(_)) => {}
                Err(StoreError::Refused { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        if round < BATCH as usize {
            return Ok(report);
        }
    }
}

async fn one(
    store: &Store,
    engine: &SlaEngine,
    id: uuid::Uuid,
    now: DateTime<Utc>,
    report: &mut SweepReport,
) -> Result<(), StoreError> {
    let eval = engine.refresh(store, id, now).await?;
    report.evaluated += 1;
    for stage in eval.late_stages() {
        if store
            .escalate(id, stage.stage, &escalation_note(&eval, stage), now)
            .await?
        {
            report.escalated += 1;
        }
    }
    if eval.auto_close_at.is_some_and(|t| t <= now) {
        let mut request = ActionRequest::new(Action::TutupOtomatis, "system");
        request.note =
            Some("Pelapor tidak menanggapi permintaan tindak lanjut dalam batas waktu.".to_owned());
        store.apply_action(id, &request, now).await?;
        engine.refresh(store, id, now).await?;
        report.auto_closed += 1;
    }
    Ok(())
}

fn escalation_note(eval: &Evaluation, stage: &sigap_core::sla::StageClock) -> String {
    let due = stage.due_at.map(|d| eval.zone.local(d)).unwrap_or_default();
    format!(
        "Tahap {} melewati batas waktu {} ({due}).",
        stage.stage.label(),
        stage.budget,
    )
}

/// Sweeps every `every` until `shutdown`; a failed round is logged and tried again.
pub async fn run(state: AppState, every: Duration, mut shutdown: super::Shutdown) {
    loop {
        if shutdown.is_set() {
            return;
        }
        match sweep(&state.store, &state.sla, state.clock.now()).await {
            Ok(r) if r.escalated + r.auto_closed > 0 => {
                tracing::info!(
                    evaluated = r.evaluated,
                    escalated = r.escalated,
                    auto_closed = r.auto_closed,
                    "sla sweep"
                );
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "sla sweep failed; trying again next round"),
        }
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = shutdown.wait() => return,
        }
    }
}
