//! Routing a case to its Sentra at run time: the coverage and surges in the database, cached
//! for a few seconds, fed to the pure router of `sigap_core::routing`.
//!
//! Every instance caches the network for [`CACHE_TTL`]; a change made through this instance
//! takes effect at once, one made through another instance within that time.

use std::{
    collections::HashMap,
    sync::{Arc, RwLock},
    time::{Duration, Instant},
};

use chrono::{DateTime, Utc};
use serde::Serialize;
use sigap_core::{
    RegionCode, RegionLevel,
    case::Assignment,
    gazetteer::Gazetteer,
    routing::{CoverageRule, Router, Surge},
    sentra::embedded_network,
};
use sigap_store::{Store, StoreError};

use crate::views::SentraRef;

pub const CACHE_TTL: Duration = Duration::from_secs(5);

/// What the router needs from the database.
pub struct Network {
    pub router: Router<'static>,
    pub names: HashMap<String, String>,
    pub surges: Vec<Surge>,
}

#[derive(Default)]
pub struct Routing {
    cache: RwLock<Option<(Instant, Arc<Network>)>>,
}

/// Why a case is being routed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    Created,
    LocationChanged,
    Reassigned,
}

impl Cause {
    fn as_str(self) -> &'static str {
        match self {
            Cause::Created => "created",
            Cause::LocationChanged => "location_changed",
            Cause::Reassigned => "reassigned",
        }
    }
}

impl Routing {
    /// Loads the shipped Sentra network (data/sentra) into a database that has none yet.
    /// Returns whether it did.
    pub async fn ensure_seeded(store: &Store, at: DateTime<Utc>) -> Result<bool, StoreError> {
        if store.sentra_count().await? > 0 {
            return Ok(false);
        }
        let (units, rules) = embedded_network().map_err(|e| StoreError::Corrupt(e.to_string()))?;
        store.seed_network(&units, &rules, "system", at).await
    }

    /// Forgets the cached network (after a change to coverage, units or surges).
    pub fn invalidate(&self) {
        if let Ok(mut c) = self.cache.write() {
            *c = None;
        }
    }

    pub async fn network(
        &self,
        store: &Store,
        now: DateTime<Utc>,
    ) -> Result<Arc<Network>, StoreError> {
        if let Ok(c) = self.cache.read()
            && let Some((loaded, net)) = c.as_ref()
            && loaded.elapsed() < CACHE_TTL
        {
            return Ok(net.clone());
        }
        let rules = store
            .coverage_at(None, None)
            .await?
            .into_iter()
            .map(|r| r.rule)
            .collect();
        let names: HashMap<String, String> = store
            .list_sentra()
            .await?
            .into_iter()
            .map(|(u, _)| (u.id, u.name))
            .collect();
        let surges = store.surges(Some(now)).await?;
        let net = Arc::new(Network {
            router: Router::new(rules)
                .with_gazetteer(Gazetteer::embedded())
                .with_sentra_names(names.clone()),
            names,
            surges,
        });
        if let Ok(mut c) = self.cache.write() {
            *c = Some((Instant::now(), net.clone()));
        }
        Ok(net)
    }

    /// Where a new case at `place` (a current code) would go now, without advancing any surge's
    /// rotation: for previews, and for the usual rule kept beside a manual reassignment.
    pub async fn preview(
        &self,
        store: &Store,
        place: &RegionCode,
        now: DateTime<Utc>,
    ) -> Result<Preview, StoreError> {
        let net = self.network(store, now).await?;
        let d = net.router.route_at(place, now, &net.surges, 0);
        Ok(Preview {
            place: Place {
                code: place.clone(),
                path: Gazetteer::embedded().path(place),
            },
            sentra: d.sentra.map(|id| SentraRef {
                name: net.names.get(&id).cloned().unwrap_or_else(|| id.clone()),
                id,
            }),
            level: d.level,
            rule: d.rule,
            surge: d.surge,
            explanation: d.explanation,
        })
    }

    /// The routing decision for a place (none: the national queue), taking active surges into
    /// account. Under a surge the surge's rotation counter advances in the database.
    pub async fn decide(
        &self,
        store: &Store,
        place: Option<&RegionCode>,
        cause: Cause,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<Assignment, StoreError> {
        let national = |explanation: String| Assignment {
            sentra: None,
            sentra_name: None,
            level: None,
            rule: None,
            explanation,
            surge: None,
            decided_at: now,
            cause: cause.as_str().to_owned(),
            by: by.to_owned(),
        };
        let Some(place) = place else {
            return Ok(national(
                "Lokasi belum diketahui; laporan masuk antrean nasional command center sampai operator menentukan lokasinya.".into(),
            ));
        };
        let Some(place) = Gazetteer::embedded().current(place) else {
            return Ok(national(format!(
                "Kode wilayah {place} tidak ada dalam daftar Kemendagri; laporan masuk antrean nasional command center."
            )));
        };
        let net = self.network(store, now).await?;
        let mut decision = net.router.route_at(&place, now, &net.surges, 0);
        if let Some(surge) = decision.surge.clone() {
            let seq = store.next_surge_seq(&surge).await?;
            decision = net.router.route_at(&place, now, &net.surges, seq);
        }
        Ok(Assignment {
            sentra_name: decision
                .sentra
                .as_ref()
                .and_then(|id| net.names.get(id).cloned()),
            sentra: decision.sentra,
            level: decision.level,
            rule: decision.rule,
            explanation: decision.explanation,
            surge: decision.surge,
            decided_at: now,
            cause: cause.as_str().to_owned(),
            by: by.to_owned(),
        })
    }
}

/// A routing preview, as `GET /api/v1/route` and `sigap route --json` show it.
#[derive(Debug, Clone, Serialize)]
pub struct Preview {
    pub place: Place,
    /// `null`: the national command-center queue.
    pub sentra: Option<SentraRef>,
    pub level: Option<RegionLevel>,
    pub rule: Option<CoverageRule>,
    pub surge: Option<String>,
    pub explanation: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Place {
    pub code: RegionCode,
    pub path: Option<String>,
}
