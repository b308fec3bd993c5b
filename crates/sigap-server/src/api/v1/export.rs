//! `GET /api/v1/cases/export.csv`: every case that a list filter selects, as CSV, streamed
//! page by page — no row limit, memory bounded, a million rows fine.

use axum::{
    body::{Body, Bytes},
    extract::State,
    http::header,
    response::{IntoResponse, Response},
};
use sigap_store::{
    Cursor,
    export::{EXPORT_COLUMNS, ExportRow},
};
use tokio::sync::mpsc;

use super::cases::{ListQuery, case_filter};
use crate::{
    AppState,
    auth::{Can, need},
    csv::record,
    error::ApiError,
    extract::ApiQuery,
};

/// Rows fetched per query.
pub const PAGE: u32 = 5_000;

fn time(t: Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}

/// Appends one case as a CSV record.
pub fn export_record(out: &mut String, r: &ExportRow) {
    let id = r.id.to_string();
    let created = time(Some(r.created_at));
    let (v, f, c) = (time(r.verified_at), time(r.responded_at), time(r.closed_at));
    record(
        out,
        [
            id.as_str(),
            r.ticket.as_str(),
            created.as_str(),
            r.status.as_str(),
            r.channel.as_str(),
            r.complaint_type.as_str(),
            r.urgency.as_deref().unwrap_or(""),
            r.categories.as_deref().unwrap_or(""),
            r.region_code.as_deref().unwrap_or(""),
            r.sentra_id.as_deref().unwrap_or(""),
            r.sla_state.as_deref().unwrap_or(""),
            v.as_str(),
            f.as_str(),
            c.as_str(),
            r.outcome.as_deref().unwrap_or(""),
        ],
    );
}

#[utoipa::path(
    get,
    path = "/cases/export.csv",
    tag = "kasus",
    summary = "Every case a list filter selects, as CSV (streamed, no row limit)",
    description = "RFC 4180, UTF-8, spreadsheet formulas defused, no personal data. Columns: `id, ticket, created_at, status, channel, type, urgency, categories, region_code, sentra, sla_state, verified_at, responded_at, closed_at, outcome`. Takes the filters of `GET /cases` (`limit` and `cursor` are ignored).",
    params(super::cases::ListQuery),
    security(("token" = ["export_cases"])),
    responses((status = 200, description = "The CSV file.", content_type = "text/csv", body = String,
        example = "id,ticket,created_at,status,channel,type,urgency,categories,region_code,sentra,sla_state,verified_at,responded_at,closed_at,outcome\n")),
)]
pub async fn export_cases(
    State(state): State<AppState>,
    caller: Can<need::ExportCases>,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Response, ApiError> {
    let mut errors = Vec::new();
    let filter = case_filter(&q, &caller, &mut errors);
    if q.limit.is_some() || q.cursor.is_some() {
        errors.push(sigap_core::FieldError::new(
            "limit",
            "not_for_export",
            "Ekspor selalu memuat semua kasus yang cocok; limit dan cursor tidak dipakai.",
            "An export always holds every matching case; limit and cursor do not apply.",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    // The first page is read before answering, so that a database error is a proper error
    // response rather than a cut-off file.
    let first = state.store.export_page(&filter, None, PAGE).await?;
    let (tx, mut rx) = mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    let store = state.store.clone();
    tokio::spawn(async move {
        let mut page = first;
        let mut out = String::new();
        record(&mut out, EXPORT_COLUMNS);
        loop {
            for r in &page {
                export_record(&mut out, r);
            }
            let last = page.last().map(|r| Cursor {
                created_at: r.created_at,
                id: r.id,
            });
            if tx
                .send(Ok(Bytes::from(std::mem::take(&mut out))))
                .await
                .is_err()
            {
                return; // The client went away.
            }
            let (Some(after), true) = (last, page.len() == PAGE as usize) else {
                return;
            };
            page = match store.export_page(&filter, Some(after), PAGE).await {
                Ok(p) => p,
                Err(e) => {
                    tracing::error!(error = %e, "case export failed midway; the file is cut off");
                    let _ = tx.send(Err(std::io::Error::other(e.to_string()))).await;
                    return;
                }
            };
        }
    });
    let stream = futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx));
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"sigap-kasus.csv\"",
            ),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}
