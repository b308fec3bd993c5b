//! `GET /open311/v2/servicerequestupdates.{json,xml}` (the GeoReport v2 extension of service
//! request updates): every public status change of a case in `start_date`..`end_date`, oldest
//! first — what a ticket page shows, never notes, actors or personal data.

use axum::{
    extract::{RawQuery, State},
    http::StatusCode,
    response::Response,
};

use super::{
    Params, check_jurisdiction,
    reply::{Doc, Format, Open311Error, respond},
    requests::{LIST_LIMIT, range, w3c},
};
use crate::AppState;

#[utoipa::path(
    get,
    path = "/open311/v2/servicerequestupdates.{format}",
    tag = "open311",
    summary = "Service request updates (the update-history extension)",
    params(("format" = String, Path, description = "`json` or `xml`.", pattern = "^(json|xml)$"), ("jurisdiction_id" = Option<String>, Query, description = "Optional: Sigap serves one jurisdiction, the host of its public address; another is `404`."),
        ("service_request_id" = Option<String>, Query, description = "One request's updates."),
        ("start_date" = Option<String>, Query, description = "W3C date-time."),
        ("end_date" = Option<String>, Query, description = "W3C date-time."),
    ),
    security(()),
    responses(
        (status = 200, description = "The updates.", content((Vec<Object> = "application/json"), (Vec<Object> = "text/xml"))),
        (status = 400, description = "A filter is wrong.", content((crate::openapi::Open311Errors = "application/json"), (crate::openapi::Open311Errors = "text/xml"))),
    ),
)]
pub async fn list_updates(
    State(state): State<AppState>,
    format: Format,
    RawQuery(query): RawQuery,
) -> Response {
    let result = find_updates(&state, query.as_deref()).await;
    respond(format, "service_requests_updates", StatusCode::OK, result)
}

async fn find_updates(state: &AppState, query: Option<&str>) -> Result<Doc, Open311Error> {
    let p = Params::parse(query, None)?;
    check_jurisdiction(state, &p)?;
    let (start, end) = range(&p, state.clock.now())?;
    let end = end + chrono::Duration::microseconds(1);
    let limit = u32::try_from(LIST_LIMIT).unwrap_or(u32::MAX);
    let changes = state.store.public_status_changes(start, end, limit).await?;
    Ok(Doc::List {
        item: "request_update",
        items: changes
            .into_iter()
            .map(|c| {
                Doc::Object(vec![
                    ("update_id", Some(Doc::text(c.event_id.to_string()))),
                    ("service_request_id", Some(Doc::text(c.ticket.to_string()))),
                    (
                        "status",
                        Some(Doc::text(if c.status.is_closed() {
                            "closed"
                        } else {
                            "open"
                        })),
                    ),
                    ("updated_datetime", Some(Doc::text(w3c(c.at)))),
                    ("description", Some(Doc::text(c.status.label_en()))),
                ])
            })
            .collect(),
    })
}
