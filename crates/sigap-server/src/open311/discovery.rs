//! `GET /open311/discovery.{json,xml}` (also under `/open311/v2/`): where the GeoReport v2
//! endpoint is, which formats it speaks and how to get a key.

use axum::{extract::State, http::StatusCode, response::Response};

use super::reply::{Doc, Format};
use crate::AppState;

/// When this endpoint last changed in a way clients could notice.
pub const CHANGESET: &str = "2026-12-05T00:00:00Z";

#[utoipa::path(
    get,
    path = "/open311/v2/discovery.{format}",
    tag = "open311",
    summary = "Discovery: the endpoints, their specification and formats",
    description = "Also at `/open311/discovery.{format}`.",
    params(("format" = String, Path, description = "`json` or `xml`.", pattern = "^(json|xml)$")),
    security(()),
    responses((status = 200, description = "The discovery document.", content((Object = "application/json"), (Object = "text/xml")))),
)]
pub async fn get_discovery(State(state): State<AppState>, format: Format) -> Response {
    let base = state
        .config
        .public_url
        .as_deref()
        .unwrap_or("")
        .trim_end_matches('/');
    let doc = Doc::Object(vec![
        ("changeset", Some(Doc::text(CHANGESET))),
        (
            "contact",
            Some(Doc::text(format!(
                "The command center of {}: use the public form at {base}/lapor or the 171 call center.",
                super::jurisdiction(&state)
            ))),
        ),
        (
            "key_service",
            Some(Doc::text(
                "api_key is a Sigap API token (sgp_…) of an admin, supervisor or operator \
                 account, issued by an administrator.",
            )),
        ),
        (
            "endpoints",
            Some(Doc::List {
                item: "endpoint",
                items: vec![Doc::Object(vec![
                    (
                        "specification",
                        Some(Doc::text("http://wiki.open311.org/GeoReport_v2")),
                    ),
                    ("url", Some(Doc::text(format!("{base}/open311/v2")))),
                    ("changeset", Some(Doc::text(CHANGESET))),
                    ("type", Some(Doc::text("production"))),
                    (
                        "formats",
                        Some(Doc::List {
                            item: "format",
                            items: vec![Doc::text("text/xml"), Doc::text("application/json")],
                        }),
                    ),
                ])],
            }),
        ),
    ]);
    doc.render(format, "discovery", StatusCode::OK)
}

#[utoipa::path(
    get,
    path = "/open311/discovery.{format}",
    tag = "open311",
    summary = "Discovery, at the address clients look first",
    params(("format" = String, Path, description = "`json` or `xml`.", pattern = "^(json|xml)$")),
    security(()),
    responses((status = 200, description = "The discovery document.", content((Object = "application/json"), (Object = "text/xml")))),
)]
pub async fn get_discovery_root(state: State<AppState>, format: Format) -> Response {
    get_discovery(state, format).await
}
