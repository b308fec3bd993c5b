//! Surges: in a disaster a supervisor sends the nearest units, not only the usual one. A surge
//! names a region, a period and the units that take its new cases in turn.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::RegionCode;

/// A declared surge. It is active while `starts_at <= now < ends_at` and ends by itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Surge {
    pub id: String,
    /// Every place within this region is covered.
    pub region: RegionCode,
    /// The units that take new cases, in the order they take them.
    pub sentra: Vec<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Why: `Gempa M6,4 Bantul`.
    pub reason: String,
}

impl Surge {
    pub fn is_active(&self, at: DateTime<Utc>) -> bool {
        self.starts_at <= at && at < self.ends_at
    }

    pub fn covers(&self, place: &RegionCode) -> bool {
        place.is_within(&self.region)
    }

    /// The unit that takes the case with this sequence number: `sentra[seq % len]`.
    pub fn unit_for(&self, seq: u64) -> Option<&str> {
        let len = self.sentra.len() as u64;
        if len == 0 {
            return None;
        }
        self.sentra.get((seq % len) as usize).map(String::as_str)
    }
}

/// The surge that decides for `place` at `at`, and the unit it sends: among active surges
/// covering the place and naming at least one unit, the most specific region, then the latest
/// start, then the smallest id.
pub(super) fn active<'s>(
    surges: &'s [Surge],
    place: &RegionCode,
    at: DateTime<Utc>,
    seq: u64,
) -> Option<(&'s Surge, &'s str)> {
    surges
        .iter()
        .filter(|s| s.is_active(at) && s.covers(place) && !s.sentra.is_empty())
        .max_by(|a, b| {
            a.region
                .level()
                .cmp(&b.region.level())
                .then(a.starts_at.cmp(&b.starts_at))
                .then_with(|| b.id.cmp(&a.id))
        })
        .and_then(|s| s.unit_for(seq).map(|unit| (s, unit)))
}
