//! A case: what was reported, by whom, about whom, where, and where it stands.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{
    Category, Channel, ComplaintType, Email, Nik, PhoneNumber, RegionCode, Sex, Status,
    TicketNumber, Urgency,
};

/// The complainant. An anonymous reporter's identity is never stored: only the ticket links
/// them to the case.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reporter {
    pub name: Option<String>,
    pub phone: Option<PhoneNumber>,
    pub email: Option<Email>,
    pub nik: Option<Nik>,
    pub anonymous: bool,
    /// The reporter agreed to be contacted about this complaint (UU 27/2022: a purpose).
    pub consent_contact: bool,
}

/// The person in need, when it is not the reporter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Person {
    pub name: Option<String>,
    pub age: Option<u8>,
    pub sex: Option<Sex>,
}

/// Where the case is: free text, a region code, coordinates, or any of them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Location {
    pub address: Option<String>,
    pub region: Option<RegionCode>,
    pub coordinates: Option<Coordinates>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Coordinates {
    pub latitude: f64,
    pub longitude: f64,
}

/// A complaint that passed validation, ready to become a case.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCase {
    pub channel: Channel,
    pub complaint_type: ComplaintType,
    pub reporter: Reporter,
    pub beneficiary: Option<Person>,
    pub description: String,
    pub location: Location,
    pub categories: Vec<Category>,
    pub urgency: Option<Urgency>,
    /// The content must not be shown publicly (the ticket page never shows content anyway).
    pub confidential: bool,
}

impl NewCase {
    /// Applies the anonymity promise: an anonymous reporter's identity is dropped before
    /// anything is stored.
    pub fn protect_anonymous_reporter(mut self) -> Self {
        if self.reporter.anonymous {
            self.reporter = Reporter {
                anonymous: true,
                ..Reporter::default()
            };
        }
        self
    }
}

/// A stored case as the command center sees it (personal data included: callers decide what
/// to show to whom).
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub id: Uuid,
    pub ticket: TicketNumber,
    pub status: Status,
    pub channel: Channel,
    pub complaint_type: ComplaintType,
    pub description: String,
    pub location: Location,
    pub categories: Vec<Category>,
    pub urgency: Option<Urgency>,
    pub confidential: bool,
    /// The people: loaded only when a single case is read, never in lists.
    pub people: Option<People>,
    pub duplicate_of: Option<Uuid>,
    /// Who answers for the case and why, as decided when it was routed (kept as it was then,
    /// whatever later happens to the coverage).
    pub assignment: Option<Assignment>,
    /// How the case ended (closed cases).
    pub outcome: Option<crate::response::Outcome>,
    /// Set while the case waits for the complainant (its SLA clock is paused).
    pub waiting_since: Option<DateTime<Utc>>,
    /// What the SLA policy says about the case, as of the last evaluation.
    pub sla: Option<crate::sla::Evaluation>,
    /// Grows by one on every change; a change made on a stale copy is refused.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The routing decision stored on a case: the responsible Sentra (none: the national
/// command-center queue), the rule and level that decided it, and a readable explanation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Assignment {
    pub sentra: Option<String>,
    pub sentra_name: Option<String>,
    pub level: Option<crate::RegionLevel>,
    pub rule: Option<crate::routing::CoverageRule>,
    /// In Bahasa Indonesia.
    pub explanation: String,
    /// The surge under which the case was routed, if any.
    pub surge: Option<String>,
    pub decided_at: DateTime<Utc>,
    /// `created`, `location_changed` or `reassigned`.
    pub cause: String,
    /// Who decided: `system` for automatic routing, else the person who reassigned.
    pub by: String,
}

/// The personal data of a case.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct People {
    pub reporter: Reporter,
    pub beneficiary: Option<Person>,
}

/// One entry of a case's append-only history.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseEvent {
    pub id: i64,
    pub case_id: Uuid,
    pub at: DateTime<Utc>,
    /// Who did it: a user name, `public` for the complainant, `system` for Sigap itself.
    pub actor: String,
    pub kind: EventKind,
    pub from_status: Option<Status>,
    pub to_status: Option<Status>,
    pub action: Option<crate::Action>,
    /// Why (a reason or a note). Internal: never shown on the public ticket page.
    pub note: Option<String>,
}

crate::slug_enum! {
    /// The kinds of history entries.
    EventKind, field = "kind", code = "unknown_event_kind", what = ("Jenis riwayat", "event kind") {
        Created = "created", "Laporan dibuat", "Case created";
        Transition = "transition", "Status berubah", "Status changed";
        Note = "note", "Catatan", "Note";
        Routed = "routed", "Diteruskan ke Sentra", "Routed to a Sentra";
        Reassigned = "reassigned", "Dialihkan ke Sentra lain", "Reassigned";
        LocationChanged = "location_changed", "Lokasi diperbarui", "Location changed";
        Assessed = "assessed", "Asesmen dicatat", "Assessment recorded";
        Intervened = "intervened", "Intervensi dicatat", "Intervention recorded";
        Escalated = "escalated", "Dieskalasi ke supervisor", "Escalated to supervisors";
    }
}

/// Coordinates of Indonesia's extreme points, with a margin: a point outside is a mistake.
pub const INDONESIA_BOUNDS: (std::ops::RangeInclusive<f64>, std::ops::RangeInclusive<f64>) =
    (-11.5..=6.5, 94.5..=141.5);
