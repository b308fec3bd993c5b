//! Reading the three tab-separated files of `data/regions/`, with errors that name the file
//! and the line.

use thiserror::Error;

use super::{Region, RegionKind};
use crate::{RegionCode, RegionLevel};

/// A problem in the region data, with the file and the 1-based line (the header is line 1).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum GazetteerError {
    #[error("{file}: the header should be {expected:?}, found {found:?}")]
    Header {
        file: &'static str,
        expected: &'static str,
        found: String,
    },
    #[error("{file} line {line}: expected {expected} tab-separated fields, found {found}")]
    Fields {
        file: &'static str,
        line: usize,
        expected: usize,
        found: usize,
    },
    #[error("{file} line {line}: empty {field}")]
    Empty {
        file: &'static str,
        line: usize,
        field: &'static str,
    },
    #[error("{file} line {line}: invalid region code {code:?}: {reason}")]
    InvalidCode {
        file: &'static str,
        line: usize,
        code: String,
        reason: String,
    },
    #[error("{file} line {line}: unknown region kind {kind:?}")]
    UnknownKind {
        file: &'static str,
        line: usize,
        kind: String,
    },
    #[error("{file} line {line}: {code} is a {level} code but its kind is {kind}")]
    KindMismatch {
        file: &'static str,
        line: usize,
        code: String,
        level: &'static str,
        kind: String,
    },
    #[error(
        "{file} line {line}: {code} does not come after {previous}; codes must be sorted and unique"
    )]
    Unsorted {
        file: &'static str,
        line: usize,
        code: String,
        previous: String,
    },
    #[error("{file} line {line}: the parent {parent} of {code} is missing")]
    MissingParent {
        file: &'static str,
        line: usize,
        code: String,
        parent: String,
    },
    #[error("{file} line {line}: no region has the code {code}")]
    UnknownRegion {
        file: &'static str,
        line: usize,
        code: String,
    },
    #[error("{file} line {line}: {code} is not a regency/city code")]
    NotRegency {
        file: &'static str,
        line: usize,
        code: String,
    },
    #[error("{file} line {line}: the old code {code} is still in use by a current region")]
    LegacyCodeInUse {
        file: &'static str,
        line: usize,
        code: String,
    },
    #[error("{file} line {line}: the old code {code} is listed twice")]
    DuplicateLegacy {
        file: &'static str,
        line: usize,
        code: String,
    },
}

const REGIONS: &str = "regions.tsv";
const ALIASES: &str = "aliases.tsv";
const PAPUA: &str = "papua-2022.tsv";

/// The data lines of a TSV file after its header, as (1-based line number, fields).
fn rows<'a, const N: usize>(
    file: &'static str,
    text: &'a str,
    header: &'static str,
) -> Result<Vec<(usize, [&'a str; N])>, GazetteerError> {
    let mut lines = text.lines().map(|l| l.strip_suffix('\r').unwrap_or(l));
    let first = lines.next().unwrap_or("");
    if first.trim_start_matches('\u{feff}') != header {
        return Err(GazetteerError::Header {
            file,
            expected: header,
            found: first.to_owned(),
        });
    }
    let mut out = Vec::new();
    for (n, line) in lines.enumerate() {
        let line_no = n + 2;
        let fields: Vec<&str> = line.split('\t').collect();
        let fields: [&str; N] =
            fields
                .try_into()
                .map_err(|f: Vec<&str>| GazetteerError::Fields {
                    file,
                    line: line_no,
                    expected: N,
                    found: f.len(),
                })?;
        out.push((line_no, fields));
    }
    Ok(out)
}

fn code(file: &'static str, line: usize, text: &str) -> Result<RegionCode, GazetteerError> {
    let invalid = |reason: String| GazetteerError::InvalidCode {
        file,
        line,
        code: text.to_owned(),
        reason,
    };
    let code = RegionCode::parse(text).map_err(|e| invalid(e.message_en))?;
    if code.as_str() != text {
        return Err(invalid("not in dotted form".to_owned()));
    }
    Ok(code)
}

fn non_empty<'a>(
    file: &'static str,
    line: usize,
    field: &'static str,
    text: &'a str,
) -> Result<&'a str, GazetteerError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(GazetteerError::Empty { file, line, field });
    }
    Ok(text)
}

/// `regions.tsv`: every region in code order, each parent before its children.
pub(super) fn regions(text: &str) -> Result<Vec<Region>, GazetteerError> {
    let file = REGIONS;
    let rows = rows::<3>(file, text, "code\tname\tkind")?;
    let mut regions: Vec<Region> = Vec::with_capacity(rows.len());
    let mut lines: Vec<usize> = Vec::with_capacity(rows.len());
    for (line, [code_text, name, kind_text]) in rows {
        let code = code(file, line, code_text)?;
        let name = non_empty(file, line, "name", name)?;
        let kind = RegionKind::parse(kind_text).map_err(|_| GazetteerError::UnknownKind {
            file,
            line,
            kind: kind_text.to_owned(),
        })?;
        if kind.level() != code.level() {
            return Err(GazetteerError::KindMismatch {
                file,
                line,
                code: code.to_string(),
                level: code.level().as_str(),
                kind: kind.to_string(),
            });
        }
        if let Some(previous) = regions.last().filter(|p| p.code.as_str() >= code.as_str()) {
            return Err(GazetteerError::Unsorted {
                file,
                line,
                code: code.to_string(),
                previous: previous.code.to_string(),
            });
        }
        regions.push(Region {
            code,
            name: name.to_owned(),
            kind,
        });
        lines.push(line);
    }
    for (region, line) in regions.iter().zip(&lines) {
        if let Some(parent) = region.code.parent() {
            let found = regions
                .binary_search_by(|r| r.code.as_str().cmp(parent.as_str()))
                .is_ok();
            if !found {
                return Err(GazetteerError::MissingParent {
                    file,
                    line: *line,
                    code: region.code.to_string(),
                    parent: parent.to_string(),
                });
            }
        }
    }
    Ok(regions)
}

/// `aliases.tsv`: (alias as written, index of the region), for codes that exist.
pub(super) fn aliases(
    text: &str,
    lookup: impl Fn(&RegionCode) -> Option<usize>,
) -> Result<Vec<(String, u32)>, GazetteerError> {
    let file = ALIASES;
    let mut out = Vec::new();
    for (line, [alias, code_text, _note]) in rows::<3>(file, text, "alias\tcode\tnote")? {
        let alias = non_empty(file, line, "alias", alias)?;
        let code = code(file, line, code_text)?;
        let index = lookup(&code).ok_or_else(|| GazetteerError::UnknownRegion {
            file,
            line,
            code: code.to_string(),
        })?;
        out.push((alias.to_owned(), index as u32));
    }
    Ok(out)
}

/// `papua-2022.tsv`: (old regency code, current regency code), sorted by the old code.
pub(super) fn legacy(
    text: &str,
    lookup: impl Fn(&RegionCode) -> Option<usize>,
) -> Result<Vec<(RegionCode, RegionCode)>, GazetteerError> {
    let file = PAPUA;
    let mut out: Vec<(RegionCode, RegionCode, usize)> = Vec::new();
    for (line, [old_text, new_text, name]) in rows::<3>(file, text, "old_code\tnew_code\tname")? {
        non_empty(file, line, "name", name)?;
        let old = code(file, line, old_text)?;
        let new = code(file, line, new_text)?;
        for c in [&old, &new] {
            if c.level() != RegionLevel::Regency {
                return Err(GazetteerError::NotRegency {
                    file,
                    line,
                    code: c.to_string(),
                });
            }
        }
        if lookup(&old).is_some() {
            return Err(GazetteerError::LegacyCodeInUse {
                file,
                line,
                code: old.to_string(),
            });
        }
        if lookup(&new).is_none() {
            return Err(GazetteerError::UnknownRegion {
                file,
                line,
                code: new.to_string(),
            });
        }
        out.push((old, new, line));
    }
    out.sort();
    if let Some(w) = out.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(GazetteerError::DuplicateLegacy {
            file,
            line: w[1].2,
            code: w[1].0.to_string(),
        });
    }
    Ok(out.into_iter().map(|(old, new, _)| (old, new)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "code\tname\tkind\n";

    fn err(body: &str) -> GazetteerError {
        regions(&format!("{HEADER}{body}")).unwrap_err()
    }

    #[test]
    fn a_wrong_header_is_refused() {
        let e = regions("kode\tnama\tjenis\n").unwrap_err();
        assert!(
            matches!(
                e,
                GazetteerError::Header {
                    file: "regions.tsv",
                    ..
                }
            ),
            "{e}"
        );
    }

    #[test]
    fn errors_name_the_line() {
        assert_eq!(
            err("32\tJawa Barat\tprovinsi\n32.01\tBogor\n"),
            GazetteerError::Fields {
                file: "regions.tsv",
                line: 3,
                expected: 3,
                found: 2
            }
        );
        let e = err("32\tJawa Barat\tprovinsi\n3201\tBogor\tkabupaten\n");
        assert!(
            matches!(e, GazetteerError::InvalidCode { line: 3, .. }),
            "{e}"
        );
        let e = err("32\tJawa Barat\tprovinsi\n32.01\tBogor\tkota_besar\n");
        assert!(
            matches!(e, GazetteerError::UnknownKind { line: 3, .. }),
            "{e}"
        );
        let e = err("32\tJawa Barat\tkabupaten\n");
        assert!(
            matches!(e, GazetteerError::KindMismatch { line: 2, .. }),
            "{e}"
        );
        let e = err("32\tJawa Barat\tprovinsi\n32\tJawa Barat\tprovinsi\n");
        assert!(matches!(e, GazetteerError::Unsorted { line: 3, .. }), "{e}");
        let e = err("32\tJawa Barat\tprovinsi\n32.01.01\tX\tkecamatan\n");
        assert!(
            matches!(e, GazetteerError::MissingParent { line: 3, .. }),
            "{e}"
        );
        let e = err("32\t \tprovinsi\n");
        assert!(
            matches!(
                e,
                GazetteerError::Empty {
                    line: 2,
                    field: "name",
                    ..
                }
            ),
            "{e}"
        );
    }

    #[test]
    fn aliases_and_legacy_codes_must_point_at_existing_regions() {
        let lookup = |c: &RegionCode| (c.as_str() == "93.01").then_some(0);
        let e = aliases("alias\tcode\tnote\nJaksel\t31.74\tx\n", lookup).unwrap_err();
        assert!(
            matches!(e, GazetteerError::UnknownRegion { line: 2, .. }),
            "{e}"
        );
        let ok = legacy(
            "old_code\tnew_code\tname\n91.01\t93.01\tKabupaten Merauke\n",
            lookup,
        )
        .unwrap();
        assert_eq!(ok[0].1.as_str(), "93.01");
        let e = legacy("old_code\tnew_code\tname\n91.01.01\t93.01\tX\n", lookup).unwrap_err();
        assert!(
            matches!(e, GazetteerError::NotRegency { line: 2, .. }),
            "{e}"
        );
        let e = legacy("old_code\tnew_code\tname\n93.01\t93.01\tX\n", lookup).unwrap_err();
        assert!(matches!(e, GazetteerError::LegacyCodeInUse { .. }), "{e}");
    }
}
