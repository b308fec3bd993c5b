//! Sigap's persistence: one schema on SQLite (the embedded default) and PostgreSQL (for scale).
//!
//! # Layout
//!
//! - [`Store`]: the database, picked from the URL scheme; migrations run by [`Store::migrate`].
//! - [`accounts`]: users and roles, sessions, API tokens and the audit log.
//! - [`channels`]: inbound WhatsApp, SMS and e-mail messages taken (one effect per provider
//!   id), conversations and threads, their attachments, each channel's health.
//! - [`cases`]: creating, reading, listing cases and moving them through the workflow.
//! - [`network`]: the Sentra network, coverage with history, surges, routing decisions.
//! - [`notifications`]: notification targets, the outbox filled from the case history, leases
//!   and the delivery log.
//! - [`dashboard`]: the supervisor dashboard's figures — open cases by place and Sentra with
//!   those at risk or late, cases per day, per channel, the period's counters, the at-risk list.
//! - [`export`]: case lists page by page, for CSV exports of any size.
//! - [`scanning`]: the media scanner's sources (health, claims), items and triage candidates.
//! - [`scanning_report`]: the scanner's daily report — items, candidates, decisions, accepted
//!   cases by group and province, the biggest clusters, sources in trouble, items per hour.
//! - [`reports`]: the KPI report (volumes, backlog, percentiles, share within the SLA, IKM).
//! - [`response`]: the response record — assessments, interventions, referrals.
//! - [`sla`]: the SLA clock's facts, its stored evaluation, the sweep's due list,
//!   escalations, the policy in force and the holidays an administrator added.
//! - [`surveys`]: satisfaction surveys (SKM) behind one-time links.
//! - [`error`]: the small [`StoreError`] that callers map to their own errors.
//!
//! Queries are written once, with `$1` placeholders that both drivers understand, and run on
//! either pool by the `on_pool!` macro. Where the backends need different SQL, the code says so
//! at that spot.

pub mod accounts;
pub mod cases;
pub mod channels;
pub mod dashboard;
pub mod error;
pub mod export;
mod generate;
pub mod network;
pub mod notifications;
mod pool;
pub mod reports;
pub mod response;
mod rows;
pub mod scanning;
pub mod scanning_report;
pub mod sla;
mod sqlite_intake;
pub mod surveys;
pub mod testing;

pub use cases::{
    ActionRequest, CaseFilter, CasePage, Cursor, NewCaseOutcome, SentraFilter, StatusChange,
};
pub use error::StoreError;
pub use pool::{Backend, Store};
