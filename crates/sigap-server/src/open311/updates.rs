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
