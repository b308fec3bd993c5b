//! The staff web UI (`/staf/…`), server-rendered, and the pictures it shows.
//!
//! - [`staff`]: the signed-in user of a page, its menu by role, CSRF, language, the 403 page.
//! - [`admin`]: `/staf/admin/…` — users and API tokens, Sentra and the coverage check, the SLA
//!   policy and added holidays, the audit log.
//! - [`case_page`]: `/staf/kasus/{id}` — one case on one screen, its actions, who else has it open.
//! - [`map`], [`charts`]: the province map and the dashboard's charts, as SVG text made on the
//!   server — pure functions of their arguments; shapes are embedded, nothing is fetched.

pub mod admin;
pub mod case_page;
pub mod charts;
pub mod map;
pub mod staff;
mod svg;
