//! The staff web UI (`/staf/…`), server-rendered, and the pictures it shows.
//!
//! - [`staff`]: the signed-in user of a page, its menu by role, CSRF, language, the 403 page.
//! - [`dashboard`]: the supervisor dashboard and its province drill-down.
//! - [`map`], [`charts`]: the province map and the dashboard's charts, as SVG text made on the
//!   server — pure functions of their arguments; shapes are embedded, nothing is fetched.

pub mod charts;
pub mod dashboard;
pub mod map;
pub mod staff;
mod svg;
