//! Background jobs that run inside `sigap serve`: each one file, each safe with several
//! instances on one PostgreSQL database.
//!
//! - [`sla`]: the SLA sweep (at risk, late, escalation, auto-close).

pub mod sla;
