//! `/staf/admin/kanal`, for administrators: the inbound channels (WhatsApp, SMS, e-mail) with
//! their health — set up or not, last message, last refusal, counters — from the same
//! figures as `GET /api/v1/channels`.

use axum::{extract::State, response::Response};
use minijinja::context;
use serde::Serialize;
use sigap_core::access::Permission;

use super::staff::{Lang, PageError, Staff};
use crate::{AppState, api::v1::channels::channel_views, pages::format_wib};

#[derive(Serialize)]
struct Row {
    channel: String,
    name: &'static str,
    endpoint: &'static str,
    state: &'static str,
    state_label: &'static str,
    received: i64,
    cases_created: i64,
    joined: i64,
    duplicates: i64,
    rejected: i64,
    last_message: Option<String>,
    last_error: Option<String>,
    last_error_at: Option<String>,
}

fn state_label(slug: &str, lang: Lang) -> &'static str {
    match slug {
        "aktif" => lang.pick("Aktif", "Active"),
        "menunggu" => lang.pick("Belum ada pesan", "No message yet"),
        "bermasalah" => lang.pick("Bermasalah", "Failing"),
        _ => lang.pick("Belum dikonfigurasi", "Not set up"),
    }
}

/// `GET /staf/admin/kanal`.
pub async fn channels(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    staff.require(&state, Permission::Configure)?;
    let lang = staff.lang;
    let rows: Vec<Row> = channel_views(&state)
        .await?
        .into_iter()
        .map(|v| {
            let h = v.health;
            Row {
                name: match h.channel.as_str() {
                    "whatsapp" => "WhatsApp",
                    "sms" => "SMS",
                    _ => "E-mail",
                },
                channel: h.channel,
                endpoint: v.endpoint,
                state: v.state,
                state_label: state_label(v.state, lang),
                received: h.received,
                cases_created: h.cases_created,
                joined: h.joined,
                duplicates: h.duplicates,
                rejected: h.rejected,
                last_message: h.last_message_at.map(format_wib),
                last_error: h.last_error,
                last_error_at: h.last_error_at.map(format_wib),
            }
        })
        .collect();
    Ok(staff.render(
        &state,
        "staf/admin-kanal.html",
        context! { rows => rows, tab => "kanal" },
    ))
}
