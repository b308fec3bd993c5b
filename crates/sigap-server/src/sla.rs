//! The SLA policy and calendar in force, and [`SlaEngine::refresh`], which recomputes one
//! case's clock from its stored facts and keeps the result on the case.

use std::sync::{Arc, RwLock};

use chrono::{DateTime, Utc};
use sigap_core::{
    calendar::Calendar,
    sla::{self, Evaluation, Policy},
};
use sigap_store::{Store, StoreError};
use uuid::Uuid;

/// The policy and calendar that clocks run on, and which policy row they came from.
#[derive(Debug, Clone)]
pub struct SlaSettings {
    pub policy: Policy,
    pub calendar: Calendar,
    /// The stored policy's number; `None`: the shipped default (data/sla/policy.toml).
    pub policy_id: Option<i64>,
}

/// Shared by handlers and the sweep; [`SlaEngine::reload`] after an administrator changes
/// the policy or the holidays.
#[derive(Debug)]
pub struct SlaEngine {
    settings: RwLock<Arc<SlaSettings>>,
}

impl Default for SlaEngine {
    fn default() -> Self {
        SlaEngine {
            settings: RwLock::new(Arc::new(SlaSettings {
                policy: Policy::default_policy(),
                calendar: Calendar::embedded().clone(),
                policy_id: None,
            })),
        }
    }
}

impl SlaEngine {
    pub fn settings(&self) -> Arc<SlaSettings> {
        self.settings
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Reads the policy in force and the added holidays from the store.
    pub async fn reload(&self, store: &Store) -> Result<(), StoreError> {
        let stored = store.sla_policy().await?;
        let (policy, policy_id) = match stored {
            Some(p) => (
                Policy::from_json(&p.data).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                Some(p.id),
            ),
            None => (Policy::default_policy(), None),
        };
        let calendar = Calendar::embedded()
            .clone()
            .with_days(store.added_holidays().await?);
        *self.settings.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(SlaSettings {
            policy,
            calendar,
            policy_id,
        });
        Ok(())
    }

    /// Recomputes the clock of case `id` at `now` and stores it.
    pub async fn refresh(
        &self,
        store: &Store,
        id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<Evaluation, StoreError> {
        let facts = store.sla_facts(id).await?;
        let settings = self.settings();
        let eval = sla::evaluate(&settings.policy, &facts, &settings.calendar, now);
        store.save_sla(id, &eval).await?;
        Ok(eval)
    }
}
