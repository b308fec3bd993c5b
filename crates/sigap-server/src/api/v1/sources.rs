//! The media scanner's sources (administrators).
//!
//! `GET /api/v1/sources` lists them with their health; `POST /api/v1/sources` registers one
//! (`{"url", "kind"?, "name"?, "every"?: "15m", "enabled"?: false}`; a `social` source gets a
//! webhook secret, shown once); `PUT /api/v1/sources/{id}` enables or disables one
//! (`{"enabled": true}`; enabling also lifts an automatic pause).

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sigap_core::FieldError;
use sigap_store::{
    Store, StoreError,
    scanning::{NewSource, Source},
};

use crate::{
    AppState,
    auth::{Can, need},
    error::{ApiError, OrNotFound},
    extract::ApiJson,
    secret,
};

/// The kinds of source, with what each one is.
pub const KINDS: &[(&str, &str)] = &[
    ("feed", "Feed RSS, Atom atau JSON"),
    ("sitemap", "Sitemap berita (termasuk Google News)"),
    ("page", "Satu halaman"),
    (
        "social",
        "Media sosial (webhook bertanda tangan atau impor berkas)",
    ),
    (
        "social_feed",
        "Feed unggahan media sosial (dibaca dari feed saja)",
    ),
];

#[derive(Serialize, utoipa::ToSchema)]
pub struct SourceView {
    #[serde(flatten)]
    pub source: Source,
    /// `aktif`, `nonaktif`, `dijeda` (paused after failures) or `bermasalah` (failing).
    pub health: &'static str,
    /// A social source's webhook secret: only in the answer that created it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

/// A source's health in one word.
pub fn health(s: &Source) -> &'static str {
    if s.paused_reason.is_some() {
        "dijeda"
    } else if !s.enabled {
        "nonaktif"
    } else if s.failures > 0 {
        "bermasalah"
    } else {
        "aktif"
    }
}

impl From<Source> for SourceView {
    fn from(source: Source) -> Self {
        SourceView {
            health: health(&source),
            source,
            secret: None,
        }
    }
}

#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSourceRequest {
    pub url: String,
    #[schema(value_type = Option<String>, pattern = "^(feed|sitemap|page|social|social_feed)$")]
    pub kind: Option<String>,
    pub name: Option<String>,
    /// `90s`, `15m`, `2h`, `1d`; at least one minute (default 15 minutes).
    #[schema(example = "15m")]
    pub every: Option<String>,
    #[serde(default)]
    pub enabled: bool,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateSourceRequest {
    pub enabled: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SourceList {
    pub items: Vec<SourceView>,
}

/// A scan interval: a number and a unit (`s`, `m`, `h`, `d`), from one minute to a week.
pub fn parse_every(s: &str) -> Result<i64, FieldError> {
    let s = s.trim();
    let bad = || {
        FieldError::new(
            "every",
            "invalid_interval",
            "Selang pemindaian ditulis angka dan satuan (mis. 90s, 15m, 2h, 1d), antara 1 menit dan 7 hari.",
            "The scan interval is a number and a unit (e.g. 90s, 15m, 2h, 1d), from 1 minute to 7 days.",
        )
    };
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (n, unit) = s.split_at(split);
    let n: i64 = n.parse().map_err(|_| bad())?;
    let secs = match unit {
        "s" => n,
        "m" | "" => n.saturating_mul(60),
        "h" => n.saturating_mul(3600),
        "d" => n.saturating_mul(86_400),
        _ => return Err(bad()),
    };
    if (60..=7 * 86_400).contains(&secs) {
        Ok(secs)
    } else {
        Err(bad())
    }
}

/// The host of an `http(s)://` address, when it is one.
pub fn host_of(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?;
    (!host.is_empty()).then_some(host)
}

/// Checks and registers a source (the API and `sigap sources add` alike). Returns the source
/// and, for a social source, its webhook secret.
pub async fn add_source(
    store: &Store,
    req: &NewSourceRequest,
    by: &str,
    now: DateTime<Utc>,
) -> Result<(Source, Option<String>), ApiError> {
    let mut errors = Vec::new();
    let url = req.url.trim();
    let host = host_of(url);
    if host.is_none()
        || url.len() > 2000
        || url.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        errors.push(FieldError::new(
            "url",
            "invalid_url",
            "Alamat sumber harus URL http:// atau https:// yang lengkap (paling panjang 2000 karakter).",
            "A source address must be a full http:// or https:// URL (at most 2000 characters).",
        ));
    }
    let kind = match req.kind.as_deref().map(str::trim) {
        Some(k) if KINDS.iter().any(|(slug, _)| *slug == k) => k.to_owned(),
        Some(k) => {
            errors.push(FieldError::new(
                "kind",
                "unknown_kind",
                format!("Jenis sumber {k:?} tidak dikenal: feed, sitemap, page, social atau social_feed."),
                format!("Unknown source kind {k:?}: feed, sitemap, page, social or social_feed."),
            ));
            String::new()
        }
        None if url.to_ascii_lowercase().contains("sitemap") => "sitemap".into(),
        None => "feed".into(),
    };
    let every = match req.every.as_deref() {
        Some(e) => parse_every(e).map_err(|e| errors.push(e)).unwrap_or(900),
        None => 900,
    };
    let name = req
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .or(host)
        .unwrap_or_default()
        .to_owned();
    if name.chars().count() > 120 || name.chars().any(char::is_control) {
        errors.push(FieldError::too_long("name", 120));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let secret = (kind == "social").then(secret::generate);
    let new = NewSource {
        name: &name,
        url,
        kind: &kind,
        every_secs: every,
        enabled: req.enabled,
        secret: secret.as_deref(),
    };
    match store.create_source(&new, by, now).await {
        Ok(source) => Ok((source, secret)),
        Err(StoreError::Conflict(_)) => Err(ApiError::Validation(vec![FieldError::new(
            "url",
            "source_exists",
            "Sumber dengan alamat ini sudah terdaftar.",
            "A source with this address is already registered.",
        )])),
        Err(e) => Err(e.into()),
    }
}

#[utoipa::path(
    get,
    path = "/sources",
    tag = "sumber",
    summary = "The media scanner's sources and their health",
    security(("token" = ["configure"])),
    responses((status = 200, description = "The sources.", body = SourceList)),
)]
pub async fn list_sources(
    State(state): State<AppState>,
    _caller: Can<need::Configure>,
) -> Result<Json<SourceList>, ApiError> {
    let sources = state.store.sources().await?;
    Ok(Json(SourceList {
        items: sources.into_iter().map(SourceView::from).collect(),
    }))
}

#[utoipa::path(
    post,
    path = "/sources",
    tag = "sumber",
    summary = "Add a source (a feed, sitemap, page or social collector)",
    request_body(content = NewSourceRequest, example = json!({"url": "https://www.antaranews.com/rss/terkini.xml", "kind": "feed", "name": "ANTARA terkini", "every": "30m", "enabled": true})),
    security(("token" = ["configure"])),
    responses(
        (status = 201, description = "The source (a social source's secret is shown this once).", body = SourceView),
        (status = 409, description = "The address is already a source."),
    ),
)]
pub async fn create_source(
    State(state): State<AppState>,
    caller: Can<need::Configure>,
    ApiJson(body): ApiJson<NewSourceRequest>,
) -> Result<(StatusCode, Json<SourceView>), ApiError> {
    let now = state.clock.now();
    let (source, secret) = add_source(&state.store, &body, caller.actor(), now).await?;
    state
        .store
        .audit(&caller.who, "tambah_sumber", None, Some(&source.url), now)
        .await?;
    let mut view = SourceView::from(source);
    view.secret = secret;
    Ok((StatusCode::CREATED, Json(view)))
}

#[utoipa::path(
    put,
    path = "/sources/{id}",
    tag = "sumber",
    summary = "Switch a source on or off (switching on clears a pause)",
    params(("id" = i64, Path, description = "The source's id.")),
    request_body(content = UpdateSourceRequest, example = json!({"enabled": false})),
    security(("token" = ["configure"])),
    responses(
        (status = 200, description = "The source.", body = SourceView),
        (status = 404, description = "No such source."),
    ),
)]
pub async fn update_source(
    State(state): State<AppState>,
    caller: Can<need::Configure>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<UpdateSourceRequest>,
) -> Result<Json<SourceView>, ApiError> {
    let now = state.clock.now();
    let source = state
        .store
        .set_source_enabled(id, body.enabled, now)
        .await
        .or_not_found("Sumber")?;
    let action = if body.enabled {
        "aktifkan_sumber"
    } else {
        "nonaktifkan_sumber"
    };
    state
        .store
        .audit(&caller.who, action, None, Some(&source.url), now)
        .await?;
    Ok(Json(source.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_are_read_with_their_unit_and_bounded() {
        assert_eq!(parse_every("15m").ok(), Some(900));
        assert_eq!(parse_every("90s").ok(), Some(90));
        assert_eq!(parse_every("2h").ok(), Some(7200));
        assert_eq!(parse_every("1d").ok(), Some(86_400));
        assert_eq!(parse_every("30").ok(), Some(1800));
        for bad in [
            "30s",
            "8d",
            "",
            "m",
            "15 menit",
            "-5m",
            "99999999999999999999m",
        ] {
            assert!(parse_every(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn hosts_come_from_http_addresses_only() {
        assert_eq!(
            host_of("https://www.antaranews.com/rss/terkini.xml"),
            Some("www.antaranews.com")
        );
        assert_eq!(
            host_of("http://u:p@contoh.id:8080/x"),
            Some("contoh.id:8080")
        );
        assert_eq!(host_of("ftp://contoh.id/"), None);
        assert_eq!(host_of("https:///x"), None);
    }
}
