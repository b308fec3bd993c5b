//! `GET /api/v1/tickets/{ticket}`: the public status of a ticket, with no personal data.

use axum::{
    Json,
    extract::{Path, State},
};
use sigap_core::TicketNumber;
use sigap_store::StoreError;

use crate::{AppState, error::ApiError, views::PublicTicket};

pub async fn get_ticket(
    State(state): State<AppState>,
    Path(ticket): Path<String>,
) -> Result<Json<PublicTicket>, ApiError> {
    Ok(Json(load_public_ticket(&state, &ticket).await?))
}

/// Shared by the API and the `/lacak` page.
pub async fn load_public_ticket(state: &AppState, ticket: &str) -> Result<PublicTicket, ApiError> {
    let ticket = TicketNumber::parse(ticket).map_err(|e| ApiError::Validation(vec![e]))?;
    let case = match state.store.find_case_by_ticket(&ticket).await {
        Err(StoreError::NotFound) => return Err(ApiError::NotFound { what: "Tiket" }),
        other => other?,
    };
    let events = state.store.case_events(case.id).await?;
    Ok(PublicTicket::new(&case, &events))
}
