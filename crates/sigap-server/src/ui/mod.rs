//! The staff web UI (`/staf/…`), server-rendered, and the pictures it shows.
//!
//! - [`staff`]: the signed-in user of a page, its menu by role, CSRF, language, the 403 page.
//! - [`admin`]: `/staf/admin/…` — users and API tokens, Sentra and the coverage check, the SLA
//!   policy and added holidays, the audit log.
//! - [`case_page`]: `/staf/kasus/{id}` — one case on one screen, its actions, who else has it open.
//! - [`dashboard`]: the supervisor dashboard and its province drill-down.
//! - [`daily`]: `/staf/laporan-harian`, the media scanner's daily report.
//! - [`kpi`]: `/staf/kinerja`, the KPI report (times, share within the SLA, IKM) on a page.
//! - [`cases`]: `/staf/kasus`, the case list with search and filters (a Sentra's queue).
//! - [`intake`]: `/staf/aduan-baru`, the operator's form for a 171 call.
//! - [`triage`]: `/staf/triase`, the media scanner's triage queue (accept, merge, dismiss).
//! - [`sources`]: `/staf/admin/sumber`, the scanner's sources and their health.
//! - [`channels`]: `/staf/admin/kanal`, the inbound channels (WhatsApp, SMS, e-mail) and their health.
//! - [`place`]: a place typed into a form, resolved against the Kemendagri list.
//! - [`map`], [`charts`]: the province map and the dashboard's charts, as SVG text made on the
//!   server — pure functions of their arguments; shapes are embedded, nothing is fetched.

pub mod admin;
pub mod case_page;
pub mod cases;
pub mod channels;
pub mod charts;
pub mod daily;
pub mod dashboard;
pub mod intake;
pub mod kpi;
pub mod map;
pub mod place;
pub mod sources;
pub mod staff;
pub(crate) mod svg;
pub mod triage;

/// A form or query field as the pages read it: trimmed, and `None` when nothing is left.
pub(crate) fn blank(s: &str) -> Option<String> {
    Some(s.trim().to_owned()).filter(|s| !s.is_empty())
}
