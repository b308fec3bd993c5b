//! Routing a case to the one Sentra whose working area (wilayah kerja) holds its place: the
//! coverage rule at the most specific enclosing level wins (village < district < regency <
//! province), the highest priority among rules for the same code, and a place no rule covers
//! goes to the national command-center queue. A declared surge overrides this for a while.
//!
//! Pure: the rules, the gazetteer (for names), the time and the surges are all passed in.

mod check;
mod explain;
mod surge;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::gazetteer::Gazetteer;
use crate::sentra::Sentra;
use crate::{RegionCode, RegionLevel};

pub use check::{Conflict, CoverageReport};
pub use surge::Surge;

crate::slug_enum! {
    /// How sure we are that a unit serves a place.
    Confidence, field = "confidence", code = "unknown_confidence", what = ("Tingkat keyakinan", "confidence") {
        /// A public source says the unit serves, or works in, that place.
        Documented = "documented", "terdokumentasi", "documented";
        /// A routing decision (nearest unit, only unit in the province…); `source` says why.
        Inferred = "inferred", "disimpulkan", "inferred";
    }
}

/// One line of a working area: this unit answers for this region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CoverageRule {
    /// Stable: `<sentra>@<region>` (`pangurangi@73.07`).
    pub id: String,
    pub sentra: String,
    pub region: RegionCode,
    /// Higher wins among rules naming the same code.
    pub priority: i32,
    pub confidence: Confidence,
    /// A URL, the research notes, or `inferred: <reason>`.
    pub source: String,
    /// The date of the source (`2022`, `2023-10-20`), or of the decision for an inferred rule.
    pub as_of: String,
    pub note: Option<String>,
}

impl CoverageRule {
    /// The stable id of the rule for this unit and region.
    pub fn id_for(sentra: &str, region: &RegionCode) -> String {
        format!("{sentra}@{region}")
    }
}

/// Where a case goes and why. `sentra: None` is the national command-center queue.
///
/// Under a surge, `sentra` is the surge's unit and `surge` its id, while `rule` and `level` still
/// describe the usual coverage, so the record shows both who usually answers and who did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RouteDecision {
    pub sentra: Option<String>,
    pub rule: Option<CoverageRule>,
    pub level: Option<RegionLevel>,
    /// In Bahasa Indonesia, for anyone to read: which rule, from which source, at which level.
    pub explanation: String,
    pub surge: Option<String>,
}

impl RouteDecision {
    /// The decision for a case whose place is not known yet: the national queue.
    pub fn unplaced() -> RouteDecision {
        RouteDecision {
            sentra: None,
            rule: None,
            level: None,
            explanation: "Lokasi kasus belum diketahui; diteruskan ke antrean nasional command center agar operator menentukan lokasinya.".to_owned(),
            surge: None,
        }
    }
}

/// The coverage rules, indexed by region code, with what it takes to explain a decision.
#[derive(Debug, Clone)]
pub struct Router<'g> {
    rules: Vec<CoverageRule>,
    /// Rule indices per region code, the winner first: highest priority, then sentra id, then
    /// rule id, so that even a conflict resolves the same way every time.
    by_region: HashMap<String, Vec<usize>>,
    gazetteer: Option<&'g Gazetteer>,
    sentra_names: HashMap<String, String>,
}

impl<'g> Router<'g> {
    pub fn new(rules: Vec<CoverageRule>) -> Router<'g> {
        let mut by_region: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, rule) in rules.iter().enumerate() {
            by_region
                .entry(rule.region.to_string())
                .or_default()
                .push(i);
        }
        for list in by_region.values_mut() {
            list.sort_by(|&a, &b| {
                let (a, b) = (&rules[a], &rules[b]);
                b.priority
                    .cmp(&a.priority)
                    .then_with(|| a.sentra.cmp(&b.sentra))
                    .then_with(|| a.id.cmp(&b.id))
            });
        }
        Router {
            rules,
            by_region,
            gazetteer: None,
            sentra_names: HashMap::new(),
        }
    }

    /// Region names for the explanations (`Kab. Sinjai (73.07)` rather than `73.07`).
    pub fn with_gazetteer(mut self, gazetteer: &'g Gazetteer) -> Router<'g> {
        self.gazetteer = Some(gazetteer);
        self
    }

    /// Unit names for the explanations (`Sentra Pangurangi` rather than `pangurangi`).
    pub fn with_sentra(self, units: &[Sentra]) -> Router<'g> {
        self.with_sentra_names(units.iter().map(|s| (s.id.clone(), s.name.clone())))
    }

    pub fn with_sentra_names(
        mut self,
        names: impl IntoIterator<Item = (String, String)>,
    ) -> Router<'g> {
        self.sentra_names.extend(names);
        self
    }

    pub fn rules(&self) -> &[CoverageRule] {
        &self.rules
    }

    /// The rules naming exactly this code, the one that wins first.
    pub fn rules_for(&self, code: &RegionCode) -> Vec<&CoverageRule> {
        self.rules_at(code.as_str())
            .iter()
            .map(|&i| &self.rules[i])
            .collect()
    }

    fn rules_at(&self, code: &str) -> &[usize] {
        self.by_region.get(code).map_or(&[], Vec::as_slice)
    }

    /// The most specific code enclosing `place` (itself included) that some rule names.
    fn deciding_code<'p>(&self, place: &'p RegionCode) -> Option<&'p str> {
        let code = place.as_str();
        let prefixes = code.match_indices('.').map(|(i, _)| &code[..i]).rev();
        std::iter::once(code)
            .chain(prefixes)
            .find(|c| !self.rules_at(c).is_empty())
    }

    /// The unit responsible for `place` under the coverage rules alone.
    pub fn route(&self, place: &RegionCode) -> RouteDecision {
        let Some(code) = self.deciding_code(place) else {
            return RouteDecision {
                sentra: None,
                rule: None,
                level: None,
                explanation: self.explain_national_queue(place),
                surge: None,
            };
        };
        let candidates = self.rules_at(code);
        let rule = &self.rules[candidates[0]];
        RouteDecision {
            sentra: Some(rule.sentra.clone()),
            rule: Some(rule.clone()),
            level: Some(rule.region.level()),
            explanation: self.explain_rule(place, candidates),
            surge: None,
        }
    }

    /// Like [`route`](Router::route), at time `at` and with the declared surges. When an active
    /// surge (`starts_at <= at < ends_at`) covers the place, the case goes to the surge's units
    /// in turn: `sentra[seq % len]`, in the declared order. Pass as `seq` the number of cases
    /// already routed under that surge (or any counter that grows by one per new case) and new
    /// cases spread evenly over the units. If several surges cover the place, the one on the
    /// most specific region wins, then the one that started last, then the smallest id. A surge
    /// with no units is ignored. Surges end by themselves: past `ends_at` they no longer match.
    pub fn route_at(
        &self,
        place: &RegionCode,
        at: DateTime<Utc>,
        surges: &[Surge],
        seq: u64,
    ) -> RouteDecision {
        let usual = self.route(place);
        let Some((surge, unit)) = surge::active(surges, place, at, seq) else {
            return usual;
        };
        let explanation = self.explain_surge(place, surge, unit, seq, &usual);
        RouteDecision {
            sentra: Some(unit.to_owned()),
            surge: Some(surge.id.clone()),
            explanation,
            ..usual
        }
    }
}

#[cfg(test)]
mod tests;
