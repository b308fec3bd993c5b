//! The staff web UI (`/staf/…`), server-rendered, and the pictures it shows.
//!
//! - [`staff`]: the signed-in user of a page, its menu by role, CSRF, language, the 403 page.
//! - [`case_page`]: `/staf/kasus/{id}` — one case on one screen, its actions, who else has it open.
//! - [`map`], [`charts`]: the province map and the dashboard's charts, as SVG text made on the
//!   server — pure functions of their arguments; shapes are embedded, nothing is fetched.

pub mod case_page;
pub mod charts;
pub mod map;
pub mod staff;
mod svg;
