//! The public, read-only regions API over the embedded gazetteer: name search, one region,
//! its children and its ancestors. No database and no token: region data is public, so every
//! answer may be cached (`Cache-Control: public, max-age=3600`).

use axum::{
    Json,
    extract::Path,
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use sigap_core::{
    FieldError, RegionCode, RegionLevel,
    gazetteer::{Gazetteer, MatchedTerm, Region, SearchHit},
};

use crate::{error::ApiError, extract::ApiQuery};

/// Region data changes once a year at most; an hour in any cache is harmless.
const CACHE_CONTROL: &str = "public, max-age=3600";
const MAX_QUERY_CHARS: usize = 200;
const DEFAULT_LIMIT: usize = 10;
const MAX_LIMIT: usize = 50;
/// With a `level` filter, the best this many matches of any level are searched for it.
const LEVEL_FILTER_POOL: usize = 1000;

/// A region in a list: enough to show it and to ask for more.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RegionSummary {
    pub code: String,
    /// The bare name: `Bogor`.
    pub name: String,
    /// With its kind: `Kabupaten Bogor`.
    pub display_name: String,
    pub kind: &'static str,
    pub level: &'static str,
}

impl RegionSummary {
    fn new(region: &Region) -> RegionSummary {
        RegionSummary {
            code: region.code.to_string(),
            name: region.name.clone(),
            display_name: region.display_name(),
            kind: region.kind.as_str(),
            level: region.level().as_str(),
        }
    }
}

/// `GET /regions/{code}`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RegionView {
    pub code: String,
    pub name: String,
    pub display_name: String,
    pub kind: &'static str,
    pub level: &'static str,
    /// The enclosing region's code; `null` for a province.
    pub parent: Option<String>,
    /// The address line: `Desa Sukamaju, Kec. Cibungbulang, Kab. Bogor, Jawa Barat`.
    pub path: String,
    pub aliases: Vec<String>,
    pub children_count: usize,
    /// The pre-2022 Papua code asked for, when the answer is its current region.
    pub resolved_from: Option<String>,
}

/// `GET /regions/{code}/children` and `GET /regions/{code}/ancestors`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RegionList {
    /// The region asked about (its current code).
    pub code: String,
    pub resolved_from: Option<String>,
    pub items: Vec<RegionSummary>,
}

/// `GET /regions?q=…`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RegionSearch {
    pub query: String,
    pub level: Option<&'static str>,
    pub items: Vec<RegionHit>,
}

/// One search result, best first.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RegionHit {
    pub code: String,
    pub name: String,
    pub display_name: String,
    pub kind: &'static str,
    pub level: &'static str,
    pub path: String,
    /// What each query word matched, typos corrected included (for highlighting).
    pub matched: Vec<MatchedView>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MatchedView {
    pub query: String,
    pub matched: String,
    pub edits: u8,
}

impl RegionHit {
    fn new(gazetteer: &Gazetteer, hit: &SearchHit) -> RegionHit {
        RegionHit {
            code: hit.code.to_string(),
            name: gazetteer
                .get(&hit.code)
                .map_or_else(|| hit.name.clone(), |r| r.name.clone()),
            display_name: hit.name.clone(),
            kind: hit.kind.as_str(),
            level: hit.level.as_str(),
            path: hit.path.clone(),
            matched: hit.matched.iter().map(MatchedView::new).collect(),
        }
    }
}

impl MatchedView {
    fn new(m: &MatchedTerm) -> MatchedView {
        MatchedView {
            query: m.query.clone(),
            matched: m.matched.clone(),
            edits: m.edits,
        }
    }
}

/// A JSON answer that any cache may keep for an hour.
struct Cached<T>(T);

impl<T: Serialize> IntoResponse for Cached<T> {
    fn into_response(self) -> Response {
        let mut response = Json(self.0).into_response();
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(CACHE_CONTROL),
        );
        response
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    #[param(example = "sukamaju cibungbulang bogor", max_length = 200)]
    pub q: Option<String>,
    #[param(value_type = Option<u32>, minimum = 1, maximum = 50)]
    pub limit: Option<String>,
    /// `province`, `regency`, `district` or `village`.
    #[param(value_type = Option<String>, pattern = "^(province|regency|district|village)$")]
    pub level: Option<String>,
}

#[utoipa::path(
    get,
    path = "/regions",
    tag = "wilayah",
    summary = "Search regions by name: typo tolerant, hierarchy aware",
    description = "`q=sukamaju cibungbulang bogor` puts Desa Sukamaju in Kec. Cibungbulang first. Answers may be cached for an hour.",
    params(SearchQuery),
    security(()),
    responses((status = 200, description = "The best matches first.", body = RegionSearch)),
)]
pub async fn search_regions(
    ApiQuery(params): ApiQuery<SearchQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let mut errors = Vec::new();
    let q = params.q.as_deref().map(str::trim).unwrap_or_default();
    if q.is_empty() {
        errors.push(FieldError::required("q"));
    } else if q.chars().count() > MAX_QUERY_CHARS {
        errors.push(FieldError::too_long("q", MAX_QUERY_CHARS));
    }
    let limit = match params.limit.as_deref().map(str::trim) {
        None => Some(DEFAULT_LIMIT),
        Some(s) => match s.parse::<usize>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => Some(n),
            _ => {
                errors.push(FieldError::new(
                    "limit",
                    "out_of_range",
                    format!("limit harus bilangan antara 1 dan {MAX_LIMIT}."),
                    format!("limit must be a whole number between 1 and {MAX_LIMIT}."),
                ));
                None
            }
        },
    };
    let level = match params.level.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => match parse_level(s) {
            Ok(level) => Some(level),
            Err(e) => {
                errors.push(e);
                None
            }
        },
    };
    let Some(limit) = limit.filter(|_| errors.is_empty()) else {
        return Err(ApiError::Validation(errors));
    };

    let gazetteer = Gazetteer::embedded();
    let hits = match level {
        None => gazetteer.search(q, limit),
        Some(level) => {
            let mut hits = gazetteer.search(q, LEVEL_FILTER_POOL);
            hits.retain(|h| h.level == level);
            hits.truncate(limit);
            hits
        }
    };
    Ok(Cached(RegionSearch {
        query: q.to_owned(),
        level: level.map(RegionLevel::as_str),
        items: hits.iter().map(|h| RegionHit::new(gazetteer, h)).collect(),
    }))
}

fn parse_level(s: &str) -> Result<RegionLevel, FieldError> {
    match s {
        "province" => Ok(RegionLevel::Province),
        "regency" => Ok(RegionLevel::Regency),
        "district" => Ok(RegionLevel::District),
        "village" => Ok(RegionLevel::Village),
        _ => Err(FieldError::new(
            "level",
            "unknown_region_level",
            format!(
                "Tingkat wilayah tidak dikenal: {s:?}. Pilihan: province, regency, district, village."
            ),
            format!(
                "Unknown region level {s:?}. Choose one of: province, regency, district, village."
            ),
        )),
    }
}

/// A region found by its code, dotted or not, or by its pre-2022 Papua code.
struct Found<'g> {
    region: &'g Region,
    resolved_from: Option<String>,
}

fn find<'g>(gazetteer: &'g Gazetteer, code: &str) -> Result<Found<'g>, ApiError> {
    let parsed = RegionCode::parse(code).map_err(|e| ApiError::Validation(vec![e.at("code")]))?;
    if let Some(region) = gazetteer.get(&parsed) {
        return Ok(Found {
            region,
            resolved_from: None,
        });
    }
    gazetteer
        .resolve_legacy(parsed.as_str())
        .and_then(|current| gazetteer.get(&current))
        .map(|region| Found {
            region,
            resolved_from: Some(parsed.to_string()),
        })
        .ok_or(ApiError::NotFound { what: "Wilayah" })
}

#[utoipa::path(
    get,
    path = "/regions/{code}",
    tag = "wilayah",
    summary = "One region",
    params(("code" = sigap_core::RegionCode, Path, description = "A region code, dotted or not; a pre-2022 Papua code is resolved to its current region.")),
    security(()),
    responses(
        (status = 200, description = "The region.", body = RegionView),
        (status = 404, description = "No such region."),
    ),
)]
pub async fn get_region(Path(code): Path<String>) -> Result<impl IntoResponse, ApiError> {
    let gazetteer = Gazetteer::embedded();
    let Found {
        region,
        resolved_from,
    } = find(gazetteer, &code)?;
    let code = &region.code;
    Ok(Cached(RegionView {
        code: code.to_string(),
        name: region.name.clone(),
        display_name: region.display_name(),
        kind: region.kind.as_str(),
        level: region.level().as_str(),
        parent: code.parent().map(|p| p.to_string()),
        path: gazetteer.path(code).unwrap_or_default(),
        aliases: gazetteer
            .aliases(code)
            .into_iter()
            .map(str::to_owned)
            .collect(),
        children_count: gazetteer.children(code).len(),
        resolved_from,
    }))
}

#[utoipa::path(
    get,
    path = "/regions/{code}/children",
    tag = "wilayah",
    summary = "The regions directly below, by code",
    params(("code" = sigap_core::RegionCode, Path, description = "A region code, dotted or not; a pre-2022 Papua code is resolved to its current region.")),
    security(()),
    responses(
        (status = 200, description = "The children.", body = RegionList),
        (status = 404, description = "No such region."),
    ),
)]
pub async fn list_region_children(Path(code): Path<String>) -> Result<impl IntoResponse, ApiError> {
    let gazetteer = Gazetteer::embedded();
    let found = find(gazetteer, &code)?;
    let items = gazetteer.children(&found.region.code);
    Ok(Cached(region_list(found, items.iter())))
}

#[utoipa::path(
    get,
    path = "/regions/{code}/ancestors",
    tag = "wilayah",
    summary = "The enclosing regions, province first",
    params(("code" = sigap_core::RegionCode, Path, description = "A region code, dotted or not; a pre-2022 Papua code is resolved to its current region.")),
    security(()),
    responses(
        (status = 200, description = "The ancestors.", body = RegionList),
        (status = 404, description = "No such region."),
    ),
)]
pub async fn list_region_ancestors(
    Path(code): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let gazetteer = Gazetteer::embedded();
    let found = find(gazetteer, &code)?;
    let items = gazetteer.ancestors(&found.region.code);
    Ok(Cached(region_list(found, items.into_iter())))
}

fn region_list<'g>(found: Found<'g>, items: impl Iterator<Item = &'g Region>) -> RegionList {
    RegionList {
        code: found.region.code.to_string(),
        resolved_from: found.resolved_from,
        items: items.map(RegionSummary::new).collect(),
    }
}
