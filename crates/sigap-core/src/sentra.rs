//! The Sentra network: the ministry's service units (`data/sentra/sentra.toml`) and their
//! working areas as coverage rules (`data/sentra/coverage.toml`), read and checked against the
//! gazetteer. `data/sentra/SOURCE.md` says where each fact comes from.

use serde::{Deserialize, Serialize};
use thiserror::Error;
use toml::Spanned;

use crate::gazetteer::Gazetteer;
use crate::routing::{Confidence, CoverageRule};
use crate::{Category, RegionCode, RegionLevel};

crate::slug_enum! {
    /// A Sentra, or a Sentra Terpadu (an integrated unit formed by merging several).
    SentraKind, field = "kind", code = "unknown_sentra_kind", what = ("Jenis Sentra", "Sentra kind") {
        Sentra = "sentra", "Sentra", "Sentra";
        SentraTerpadu = "sentra_terpadu", "Sentra Terpadu", "Integrated Sentra";
    }
}

/// One service unit. Contacts are the office's public ones, so plain text rather than the
/// masked personal-data types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Sentra {
    /// A stable slug (`pangurangi`); coverage rules refer to it.
    pub id: String,
    pub name: String,
    pub kind: SentraKind,
    /// The regency/city of the seat.
    pub seat_region: RegionCode,
    /// The seat as people write it.
    pub seat: String,
    pub province: RegionCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// The group the unit served before the 2022 reorganisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub former_focus: Option<String>,
    /// The groups it serves now.
    pub groups: Vec<Category>,
    /// Other spellings and former names seen in sources.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Set when the unit's Sentra status is not confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The URLs relied on.
    pub sources: Vec<String>,
}

/// A problem in the Sentra data, with the file and the 1-based line of the table at fault.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SentraDataError {
    #[error("{file}: {message}")]
    Toml { file: &'static str, message: String },
    #[error("{file} line {line}: empty {field}")]
    Empty {
        file: &'static str,
        line: usize,
        field: &'static str,
    },
    #[error(
        "sentra.toml line {line}: id {id:?} is not a slug (lower-case letters, digits and hyphens)"
    )]
    InvalidId { line: usize, id: String },
    #[error("sentra.toml line {line}: the id {id:?} is used twice")]
    DuplicateSentra { line: usize, id: String },
    #[error("{file} line {line}: no region has the code {code}")]
    UnknownRegion {
        file: &'static str,
        line: usize,
        code: String,
    },
    #[error("sentra.toml line {line}: {field} {code} should be a {expected} code")]
    WrongLevel {
        line: usize,
        field: &'static str,
        code: String,
        expected: &'static str,
    },
    #[error(
        "sentra.toml line {line}: the seat {seat_region} of {id:?} is not in province {province}"
    )]
    SeatOutsideProvince {
        line: usize,
        id: String,
        seat_region: String,
        province: String,
    },
    #[error("coverage.toml line {line}: rule for unknown sentra {sentra:?}")]
    UnknownSentra { line: usize, sentra: String },
    #[error("coverage.toml line {line}: a second rule {id}; a unit names a region once")]
    DuplicateRule { line: usize, id: String },
    #[error(
        "coverage.toml line {line}: as_of {as_of:?} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
    )]
    InvalidDate { line: usize, as_of: String },
}

const SENTRA: &str = "sentra.toml";
const COVERAGE: &str = "coverage.toml";

/// The two files of `data/sentra/`, compiled in.
pub const SENTRA_TOML: &str = include_str!("../../../data/sentra/sentra.toml");
pub const COVERAGE_TOML: &str = include_str!("../../../data/sentra/coverage.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SentraFile {
    #[serde(default)]
    sentra: Vec<Spanned<Sentra>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CoverageFile {
    #[serde(default)]
    rule: Vec<Spanned<RuleToml>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleToml {
    sentra: String,
    region: RegionCode,
    #[serde(default)]
    priority: i32,
    confidence: Confidence,
    source: String,
    as_of: String,
    note: Option<String>,
}

/// The 1-based line where byte `offset` of `text` lies.
fn line_at(text: &str, offset: usize) -> usize {
    text.as_bytes()
        .iter()
        .take(offset)
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Reads the units and their coverage and checks them: ids unique slugs, every code known to
/// `gazetteer` (seats at regency level), every rule naming a known unit and a valid date, no
/// unit naming the same region twice. Rules that tie (two units, one code, one priority) are
/// not an error here: [`Router::check`](crate::routing::Router::check) reports them.
pub fn parse_network(
    sentra_toml: &str,
    coverage_toml: &str,
    gazetteer: &Gazetteer,
) -> Result<(Vec<Sentra>, Vec<CoverageRule>), SentraDataError> {
    let units = parse_units(sentra_toml, gazetteer)?;
    let file: CoverageFile = toml::from_str(coverage_toml).map_err(|e| SentraDataError::Toml {
        file: COVERAGE,
        message: e.to_string(),
    })?;
    let mut rules: Vec<CoverageRule> = Vec::with_capacity(file.rule.len());
    let mut seen = std::collections::HashSet::new();
    for spanned in file.rule {
        let line = line_at(coverage_toml, spanned.span().start);
        let raw = spanned.into_inner();
        if !units.iter().any(|u| u.id == raw.sentra) {
            return Err(SentraDataError::UnknownSentra {
                line,
                sentra: raw.sentra,
            });
        }
        if !gazetteer.contains(&raw.region) {
            return Err(SentraDataError::UnknownRegion {
                file: COVERAGE,
                line,
                code: raw.region.to_string(),
            });
        }
        for (field, value) in [("source", &raw.source), ("as_of", &raw.as_of)] {
            if value.trim().is_empty() {
                return Err(SentraDataError::Empty {
                    file: COVERAGE,
                    line,
                    field,
                });
            }
        }
        if !is_date(&raw.as_of) {
            return Err(SentraDataError::InvalidDate {
                line,
                as_of: raw.as_of,
            });
        }
        let id = CoverageRule::id_for(&raw.sentra, &raw.region);
        if !seen.insert(id.clone()) {
            return Err(SentraDataError::DuplicateRule { line, id });
        }
        rules.push(CoverageRule {
            id,
            sentra: raw.sentra,
            region: raw.region,
            priority: raw.priority,
            confidence: raw.confidence,
            source: raw.source,
            as_of: raw.as_of,
            note: raw.note,
        });
    }
    Ok((units, rules))
}

fn parse_units(text: &str, gazetteer: &Gazetteer) -> Result<Vec<Sentra>, SentraDataError> {
    let file: SentraFile = toml::from_str(text).map_err(|e| SentraDataError::Toml {
        file: SENTRA,
        message: e.to_string(),
    })?;
    let mut units: Vec<Sentra> = Vec::with_capacity(file.sentra.len());
    for spanned in file.sentra {
        let line = line_at(text, spanned.span().start);
        let unit = spanned.into_inner();
        let slug = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        };
        if !slug(&unit.id) {
            return Err(SentraDataError::InvalidId { line, id: unit.id });
        }
        if units.iter().any(|u| u.id == unit.id) {
            return Err(SentraDataError::DuplicateSentra { line, id: unit.id });
        }
        let empty = [
            ("name", unit.name.is_empty()),
            ("seat", unit.seat.is_empty()),
            ("sources", unit.sources.is_empty()),
        ];
        if let Some((field, _)) = empty.into_iter().find(|(_, e)| *e) {
            return Err(SentraDataError::Empty {
                file: SENTRA,
                line,
                field,
            });
        }
        for (field, code, expected) in [
            ("seat_region", &unit.seat_region, RegionLevel::Regency),
            ("province", &unit.province, RegionLevel::Province),
        ] {
            if code.level() != expected {
                let expected = expected.as_str();
                return Err(SentraDataError::WrongLevel {
                    line,
                    field,
                    code: code.to_string(),
                    expected,
                });
            }
            if !gazetteer.contains(code) {
                return Err(SentraDataError::UnknownRegion {
                    file: SENTRA,
                    line,
                    code: code.to_string(),
                });
            }
        }
        if !unit.seat_region.is_within(&unit.province) {
            return Err(SentraDataError::SeatOutsideProvince {
                line,
                id: unit.id,
                seat_region: unit.seat_region.to_string(),
                province: unit.province.to_string(),
            });
        }
        units.push(unit);
    }
    Ok(units)
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with a plausible month and day.
fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let number = |p: &str, len: usize| {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    match parts.as_slice() {
        [y] => number(y, 4).is_some(),
        [y, m] => number(y, 4).is_some() && number(m, 2).is_some_and(|m| (1..=12).contains(&m)),
        [y, m, d] => {
            number(y, 4).is_some()
                && number(m, 2).is_some_and(|m| (1..=12).contains(&m))
                && number(d, 2).is_some_and(|d| (1..=31).contains(&d))
        }
        _ => false,
    }
}

/// The units and rules compiled into the binary, checked against the embedded gazetteer.
pub fn embedded_network() -> Result<(Vec<Sentra>, Vec<CoverageRule>), SentraDataError> {
    parse_network(SENTRA_TOML, COVERAGE_TOML, Gazetteer::embedded())
}

#[cfg(test)]
mod tests;
