//! Open311 GeoReport v2 under `/open311/v2/`, in JSON and XML: services, filing a request
//! with an API key, public reads of requests, tokens, discovery, and the
//! `servicerequestupdates` extension. `docs/API.md` (section Open311) says what each does and
//! where Sigap deviates from the spec (no complaint text, address or coordinates in public
//! reads).
//!
//! - [`reply`]: one document model written as JSON or XML, and the spec's error array.
//! - [`services`]: the service list and definitions, from Sigap's labels.
//! - [`requests`]: `POST requests` (a normal Sigap complaint, channel `api`), the public
//!   `GET requests`, one request, and `tokens`.
//! - [`updates`]: `servicerequestupdates`, from the public history of cases.
//! - [`discovery`]: the discovery document.

pub mod discovery;
pub mod reply;
pub mod requests;
pub mod services;
pub mod updates;

use axum::{
    extract::OriginalUri,
    http::{Method, StatusCode, Uri},
    response::Response,
};
use reply::{Format, Open311Error};

use crate::AppState;

/// The parameters of a call: the query string, then (for a POST) the form body. The first
/// value of a name wins.
#[derive(Debug, Default)]
pub struct Params(Vec<(String, String)>);

impl Params {
    pub fn parse(query: Option<&str>, body: Option<&[u8]>) -> Result<Params, Open311Error> {
        let mut all = Vec::new();
        for part in [query.map(str::as_bytes), body].into_iter().flatten() {
            all.extend(
                url::form_urlencoded::parse(part).map(|(k, v)| (k.into_owned(), v.into_owned())),
            );
        }
        if all.len() > 200 {
            return Err(Open311Error::bad_request(
                "Too many parameters (at most 200).",
            ));
        }
        Ok(Params(all))
    }

    /// The parameter's value, trimmed; empty means absent.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// A comma-delimited list, possibly given several times.
    pub fn list(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect()
    }
}

/// The `jurisdiction_id` this Sigap answers for: the host of its public address (`public_url`),
/// or `sigap` when none is configured.
pub fn jurisdiction(state: &AppState) -> String {
    state
        .config
        .public_url
        .as_deref()
        .map(|u| u.split_once("://").map_or(u, |(_, rest)| rest))
        .and_then(|rest| rest.split(['/', ':']).next())
        .filter(|h| !h.is_empty())
        .unwrap_or("sigap")
        .to_ascii_lowercase()
}

/// A `jurisdiction_id` is optional (Sigap serves one); another than ours is the spec's 404.
pub fn check_jurisdiction(state: &AppState, params: &Params) -> Result<(), Open311Error> {
    match params.get("jurisdiction_id") {
        None => Ok(()),
        Some(j) if j.eq_ignore_ascii_case(&jurisdiction(state)) => Ok(()),
        Some(j) => Err(Open311Error::not_found(format!(
            "jurisdiction_id '{j}' was not found; this endpoint serves '{}'.",
            jurisdiction(state)
        ))),
    }
}

/// The format an address asks for; JSON when it names none.
fn format_of(uri: &Uri) -> Format {
    uri.path()
        .rsplit('/')
        .next()
        .and_then(Format::split)
        .map_or(Format::Json, |(_, f)| f)
}

/// Any other address under `/open311`: the spec's 404, in the format the address asks for.
pub async fn not_found(OriginalUri(uri): OriginalUri) -> Response {
    Open311Error::new(
        StatusCode::NOT_FOUND,
        format!("There is no Open311 resource at {}.", uri.path()),
    )
    .into_response_as(format_of(&uri))
}

/// A method the resource does not take (a `DELETE` of `services.json`): a 405 in the spec's
/// shape.
pub async fn method_not_allowed(method: Method, OriginalUri(uri): OriginalUri) -> Response {
    Open311Error::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("{} {} is not supported.", method, uri.path()),
    )
    .into_response_as(format_of(&uri))
}
