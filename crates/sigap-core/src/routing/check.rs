//! `sigap sentra check`: which regencies no unit covers, and where rules for the same code tie.

use serde::Serialize;

use super::Router;
use crate::gazetteer::Gazetteer;
use crate::{RegionCode, RegionLevel};

/// What `check` found. With the shipped data: 514 regencies, 514 covered, nothing else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoverageReport {
    pub regencies: usize,
    pub covered: usize,
    /// Codes of the regencies/cities no rule covers, sorted.
    pub uncovered: Vec<String>,
    pub conflicts: Vec<Conflict>,
}

/// Rules of different units that name the same code with the same, highest, priority. The
/// router still decides (by sentra id), but a person should.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    pub region: String,
    /// The tied units, sorted; the router picks the first.
    pub sentra: Vec<String>,
    pub priority: i32,
}

impl Router<'_> {
    /// Coverage of every regency/city of `gazetteer`, and the conflicts among the rules. A
    /// regency is covered when it or its province has a rule, or when all its districts are
    /// covered (a district by its own rule or by rules for all its villages).
    pub fn check(&self, gazetteer: &Gazetteer) -> CoverageReport {
        let regencies = gazetteer.level(RegionLevel::Regency);
        let uncovered: Vec<String> = regencies
            .iter()
            .filter(|r| !self.covered(gazetteer, &r.code, true))
            .map(|r| r.code.to_string())
            .collect();
        let mut conflicts: Vec<Conflict> = self
            .by_region
            .iter()
            .filter_map(|(code, list)| {
                let top = self.rules[list[0]].priority;
                let mut sentra: Vec<String> = list
                    .iter()
                    .map(|&i| &self.rules[i])
                    .take_while(|r| r.priority == top)
                    .map(|r| r.sentra.clone())
                    .collect();
                sentra.dedup();
                (sentra.len() > 1).then(|| Conflict {
                    region: code.clone(),
                    sentra,
                    priority: top,
                })
            })
            .collect();
        conflicts.sort_by(|a, b| a.region.cmp(&b.region));
        CoverageReport {
            regencies: regencies.len(),
            covered: regencies.len() - uncovered.len(),
            uncovered,
            conflicts,
        }
    }

    /// True when a rule names `code` or (if `upwards`) an enclosing code, or when every child
    /// of `code` is covered from below.
    fn covered(&self, gazetteer: &Gazetteer, code: &RegionCode, upwards: bool) -> bool {
        if upwards && self.deciding_code(code).is_some() {
            return true;
        }
        if !self.rules_at(code.as_str()).is_empty() {
            return true;
        }
        let children = gazetteer.children(code);
        !children.is_empty()
            && self.has_rules_below(code)
            && children
                .iter()
                .all(|c| self.covered(gazetteer, &c.code, false))
    }

    /// Whether any rule names a code strictly inside `code` (a quick way out for most regencies).
    fn has_rules_below(&self, code: &RegionCode) -> bool {
        self.rules
            .iter()
            .any(|r| r.region != *code && r.region.is_within(code))
    }
}
