//! Sigap's persistence: one schema on SQLite (the embedded default) and PostgreSQL (for scale).
//!
//! # Layout
//!
//! - [`Store`]: the database, picked from the URL scheme; migrations run by [`Store::migrate`].
//! - [`cases`]: creating, reading, listing cases and moving them through the workflow.
//! - [`network`]: the Sentra network, coverage with history, surges, routing decisions.
//! - [`notifications`]: notification targets, the outbox filled from the case history, leases
//!   and the delivery log.
//! - [`error`]: the small [`StoreError`] that callers map to their own errors.
//!
//! Queries are written once, with `$1` placeholders that both drivers understand, and run on
//! either pool by the `on_pool!` macro. Where the backends need different SQL, the code says so
//! at that spot.

pub mod cases;
pub mod error;
pub mod network;
pub mod notifications;
mod pool;
mod rows;
mod sqlite_intake;
pub mod testing;

pub use cases::{ActionRequest, CaseFilter, CasePage, Cursor, NewCaseOutcome, SentraFilter};
pub use error::StoreError;
pub use pool::{Backend, Store};
