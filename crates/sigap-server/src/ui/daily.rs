//! `/staf/laporan-harian?tanggal=YYYY-MM-DD`: the media scanner's daily report — figures, the
//! items per hour and the accepted cases by group as charts with their tables, the biggest
//! clusters and the sources in trouble, with links to the CSV and JSON forms.

use axum::{
    extract::{Query, State},
    response::Response,
};
use minijinja::context;
use serde::Deserialize;
use sigap_core::access::Permission;

use super::staff::{Lang, PageError, Staff};
use crate::{
    AppState,
    daily_report::{daily_report, report_day, today, view},
};

#[derive(Deserialize)]
pub struct DailyQuery {
    tanggal: Option<String>,
}

/// `GET /staf/laporan-harian`: today in WIB without `tanggal`; a malformed date shows today's
/// report with the reason.
pub async fn show_daily_report(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<DailyQuery>,
) -> Result<Response, PageError> {
    staff.require(&state, Permission::ReadReports)?;
    let now = state.clock.now();
    let (date, error) = match report_day(q.tanggal.as_deref(), now) {
        Ok(d) => (d, None),
        Err(e) => {
            let message = match staff.lang {
                Lang::Id => e.message,
                Lang::En => e.message_en,
            };
            (today(now), Some(message))
        }
    };
    let report = daily_report(&state.store, date, now).await?;
    Ok(staff.render(
        &state,
        "staf/laporan-harian.html",
        context! { error => error, ..view(&report, staff.lang) },
    ))
}
