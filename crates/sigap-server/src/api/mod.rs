//! The JSON API under `/api`.

pub mod v1;
