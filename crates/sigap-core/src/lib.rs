//! The domain of Sigap, pure and synchronous: no I/O, no clock, no async.
//!
//! # Layout
//!
//! - [`access`]: roles, permissions and the scope of a Sentra user — who may do what.
//! - [`labels`]: the labels every text and case gets (categories, urgency, complaint type),
//!   as defined in `shared/domain/taxonomy.md`.
//! - [`case`]: a case, the complaint that makes one, and its history.
//! - [`channel`]: the channels a complaint arrives through.
//! - [`region`]: Kemendagri region codes (`31.72.05.1002`) and the province list.
//! - [`gazetteer`]: every province, regency/city, district and village of `data/regions/`,
//!   with aliases, the pre-2022 Papua codes, and a typo-tolerant search that understands the
//!   hierarchy (`sukamaju cibungbulang bogor`).
//! - [`sentra`]: the ministry's service units and their working areas, read from `data/sentra/`.
//! - [`routing`]: the router — the most specific coverage rule that encloses a place, surges,
//!   the national queue — and the coverage check.
//! - [`notify`]: who is told about a case event, and what the message says (pure; the outbox
//!   and the delivery are in `sigap-store` and `sigap-server`).
//! - [`nik`], [`phone`], [`email`]: parsed personal values; they print masked.
//! - [`ticket`]: the short human ticket number (`SGP-2611-00042`).
//! - [`workflow`]: case statuses and the one transition function between them.
//! - [`calendar`]: Indonesia's working days — the national holidays and cuti bersama of
//!   `data/calendar/`, days added by administrators — and the three time zones (WIB, WITA, WIT).
//! - [`clock`]: the SLA clock — seconds counted on all days or on working days in the case's zone,
//!   pauses left out — and the deadline of a budget.
//! - [`skm`]: the satisfaction survey of PermenPAN-RB 14/2017 — its nine elements and form
//!   questions, a respondent's answers, and the exact index (IKM) and grade.
//! - [`sla`]: the SLA policy (data/sla/policy.toml) and what it says about one case: each
//!   stage's deadline, at risk, late, paused, and the auto-close of a case left waiting.
//! - [`response`]: the response record — assessments, ATENSI interventions, referrals, outcomes.
//! - [`validation`]: the field error that every parser returns, in Bahasa Indonesia and English.
//!
//! Every value with rules is a newtype built by `parse`, so a `Nik` in hand is a valid NIK.

pub mod access;
pub mod calendar;
pub mod case;
pub mod channel;
pub mod clock;
pub mod email;
pub mod gazetteer;
pub mod labels;
pub mod nik;
pub mod notify;
pub mod phone;
pub mod region;
pub mod response;
pub mod routing;
pub mod sentra;
pub mod skm;
pub mod sla;
mod slug;
pub mod ticket;
pub mod validation;
pub mod workflow;

pub use channel::Channel;
pub use email::Email;
pub use labels::{Category, ComplaintType, Sex, Urgency};
pub use nik::Nik;
pub use phone::PhoneNumber;
pub use region::{RegionCode, RegionLevel};
pub use slug::Slug;
pub use ticket::TicketNumber;
pub use validation::FieldError;

// For `slug_enum!` used in other crates: the OpenAPI schema of its enums.
#[doc(hidden)]
pub use slug::schema_of as __slug_schema;
#[doc(hidden)]
pub use utoipa as __utoipa;
pub use workflow::{Action, Status, TransitionError};
