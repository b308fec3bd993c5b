//! Pictures for the web UI made on the server: the province map and the dashboard's charts, as
//! SVG text. Pure functions of their arguments; shapes are embedded, nothing is fetched.

pub mod charts;
pub mod map;
mod svg;
