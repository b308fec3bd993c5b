//! The REST API, version 1: intake, public tickets, and the command center's case endpoints.

pub mod assign;
pub mod candidates;
pub mod cases;
pub mod channels;
pub mod complaint_request;
pub mod complaints;
pub mod export;
pub mod fields;
pub mod ingest;
pub mod notifications;
pub mod regions;
pub mod reports;
pub mod response;
pub mod sentra;
pub mod signed;
pub mod sla;
pub mod sources;
pub mod surges;
pub mod surveys;
pub mod tickets;
pub mod users;
