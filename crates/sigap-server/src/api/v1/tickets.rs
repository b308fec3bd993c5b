//! `GET /api/v1/tickets/{ticket}`: the public status of a ticket, with no personal data.

use axum::{
    Json,
    extract::{Path, State},
};
use sigap_core::TicketNumber;

use crate::{
    AppState,
    error::{ApiError, OrNotFound},
    views::PublicTicket,
};

#[utoipa::path(
    get,
    path = "/tickets/{ticket}",
    tag = "pengaduan",
    summary = "Follow a ticket: its status and history, without personal data",
    params(("ticket" = String, Path, description = "The ticket number, as given when filing.", example = "SGP-2611-00042")),
    security(()),
    responses(
        (status = 200, description = "The ticket.", body = crate::views::PublicTicket),
        (status = 404, description = "No such ticket."),
    ),
)]
pub async fn get_ticket(
    State(state): State<AppState>,
    Path(ticket): Path<String>,
) -> Result<Json<PublicTicket>, ApiError> {
    Ok(Json(load_public_ticket(&state, &ticket).await?))
}

/// Shared by the API and the `/lacak` page.
pub async fn load_public_ticket(state: &AppState, ticket: &str) -> Result<PublicTicket, ApiError> {
    let ticket = TicketNumber::parse(ticket).map_err(|e| ApiError::Validation(vec![e]))?;
    let case = state
        .store
        .find_case_by_ticket(&ticket)
        .await
        .or_not_found("Tiket")?;
    let events = state.store.case_events(case.id).await?;
    Ok(PublicTicket::new(&case, &events))
}
