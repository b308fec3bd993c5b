//! A place typed into a form, resolved against the Kemendagri list on the server, so that the
//! forms work without JavaScript: the public complaint form (`/lapor`) and the operator's 171
//! form (`/staf/aduan-baru`) share it, with the search of `GET /api/v1/regions?q=`.

use serde::Serialize;
use sigap_core::{FieldError, gazetteer::Gazetteer};

/// How many regions are offered when the name fits several.
const CANDIDATES: usize = 6;

/// What was typed as the place.
#[derive(Debug)]
pub enum Place {
    Unknown,
    /// One clear match of what was typed.
    Found(Candidate),
    /// Picked from the candidates: shown again, checked, if the form comes back.
    Picked(Candidate),
    /// Several regions fit: the person picks one on the re-rendered form.
    Ambiguous(Vec<Candidate>),
}

/// A region offered or taken: its code and its address line.
#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    pub code: String,
    pub path: String,
}

impl Place {
    /// The region code, when the place is known.
    pub fn code(&self) -> Option<&str> {
        match self {
            Place::Found(c) | Place::Picked(c) => Some(&c.code),
            _ => None,
        }
    }

    /// The choices to show when the form comes back: the candidates, or the one picked.
    pub fn into_choices(self) -> Vec<Candidate> {
        match self {
            Place::Ambiguous(c) => c,
            Place::Picked(c) => vec![c],
            _ => Vec::new(),
        }
    }
}

/// A form's complaint as a valid `NewCase`, or `None` with every problem in `errors` (those
/// of the place, found before, included).
pub fn checked_case(
    request: crate::api::v1::complaint_request::ComplaintRequest,
    errors: &mut Vec<sigap_core::FieldError>,
) -> Option<sigap_core::case::NewCase> {
    match request.into_new_case() {
        Ok(new) if errors.is_empty() => Some(new),
        Ok(_) => None,
        Err(more) => {
            errors.extend(more);
            None
        }
    }
}

/// The place of a form: a `picked` candidate code wins, then the code or name `typed`, found by
/// the region search. One clear best hit is taken; several close ones are offered (with a
/// problem under `location.region_code`, so the form comes back); none is a problem too.
/// Both blank is no place.
pub fn resolve_place(typed: &str, picked: &str, errors: &mut Vec<FieldError>) -> Place {
    let gazetteer = Gazetteer::embedded();
    let picked = picked.trim();
    if !picked.is_empty() {
        return match crate::api::v1::complaint_request::existing_region(
            errors,
            "location.region_code",
            picked,
        ) {
            Some(code) => Place::Picked(Candidate {
                path: gazetteer.path(&code).unwrap_or_else(|| code.to_string()),
                code: code.to_string(),
            }),
            None => Place::Unknown,
        };
    }
    let typed = typed.trim();
    if typed.is_empty() {
        return Place::Unknown;
    }
    let hits = gazetteer.search(typed, CANDIDATES);
    let clear_winner = match hits.as_slice() {
        [only] => Some(only),
        [best, second, ..] if best.score >= second.score + 0.75 => Some(best),
        _ => None,
    };
    if let Some(hit) = clear_winner {
        return Place::Found(Candidate {
            code: hit.code.to_string(),
            path: hit.path.clone(),
        });
    }
    if hits.is_empty() {
        errors.push(FieldError::new(
            "location.region_code",
            "region_not_found",
            format!(
                "Wilayah \"{typed}\" tidak kami temukan. Tulis nama desa/kelurahan beserta kecamatan atau kabupatennya, atau kosongkan isian ini."
            ),
            format!(
                "We could not find \"{typed}\". Write the village with its district or regency, or leave it empty."
            ),
        ));
        return Place::Unknown;
    }
    errors.push(FieldError::new(
        "location.region_code",
        "region_ambiguous",
        "Ada beberapa wilayah dengan nama itu. Pilih yang benar dari daftar di bawah isian wilayah.",
        "Several regions have that name. Choose the right one from the list below the region field.",
    ));
    Place::Ambiguous(
        hits.iter()
            .map(|h| Candidate {
                code: h.code.to_string(),
                path: h.path.clone(),
            })
            .collect(),
    )
}

/// The address line of a region code (`Kec. Cibungbulang, Kab. Bogor, Jawa Barat`), or the
/// code itself when it is not in the list.
pub fn region_path(code: &str) -> String {
    sigap_core::RegionCode::parse(code)
        .ok()
        .and_then(|c| Gazetteer::embedded().path(&c))
        .unwrap_or_else(|| code.to_owned())
}
