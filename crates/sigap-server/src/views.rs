//! API shapes. They are not domain types: each converts from the domain here, so renaming a
//! field in the domain never silently changes the public API.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sigap_core::{
    Action, Category, Channel, ComplaintType, Status, Urgency,
    case::{Assignment, Case, CaseEvent, EventKind, Person, Reporter},
    response::Outcome,
    sla::{Anchor, Evaluation, SlaState, Stage, StageState},
};
use uuid::Uuid;

/// The answer to a filed complaint.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ComplaintCreated {
    pub id: Uuid,
    pub ticket: String,
    pub status: Status,
    pub status_label: &'static str,
    pub created_at: DateTime<Utc>,
    /// Where the complainant follows the ticket (public page).
    pub tracking_url: String,
}

impl From<&Case> for ComplaintCreated {
    fn from(c: &Case) -> Self {
        ComplaintCreated {
            id: c.id,
            ticket: c.ticket.to_string(),
            status: c.status,
            status_label: c.status.public_label(),
            created_at: c.created_at,
            tracking_url: format!("/lacak/{}", c.ticket),
        }
    }
}

/// What anyone may see of a ticket: its status and history, no personal data, no content.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PublicTicket {
    pub ticket: String,
    pub status: Status,
    pub status_label: &'static str,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub history: Vec<PublicStep>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PublicStep {
    pub at: DateTime<Utc>,
    pub status: Status,
    pub label: &'static str,
}

impl PublicTicket {
    pub fn new(case: &Case, events: &[CaseEvent]) -> Self {
        PublicTicket {
            ticket: case.ticket.to_string(),
            status: case.status,
            status_label: case.status.public_label(),
            created_at: case.created_at,
            updated_at: case.updated_at,
            // Only status changes: notes and actors are internal.
            history: events
                .iter()
                .filter(|e| e.kind != EventKind::Note && e.from_status != e.to_status)
                .filter_map(|e| {
                    e.to_status.map(|s| PublicStep {
                        at: e.at,
                        status: s,
                        label: s.public_label(),
                    })
                })
                .collect(),
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct LocationView {
    pub address: Option<String>,
    pub region_code: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

/// A case for the command center.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseView {
    pub id: Uuid,
    pub ticket: String,
    pub status: Status,
    pub status_label: &'static str,
    pub channel: Channel,
    #[serde(rename = "type")]
    pub complaint_type: ComplaintType,
    pub description: String,
    pub location: LocationView,
    pub categories: Vec<Category>,
    pub urgency: Option<Urgency>,
    pub confidential: bool,
    pub duplicate_of: Option<Uuid>,
    /// The responsible Sentra (`null`: the national command-center queue).
    pub sentra: Option<SentraRef>,
    /// The routing decision and its explanation, as made at the time.
    pub routing: Option<Assignment>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub allowed_actions: Vec<Action>,
    /// How the case ended (closed cases).
    pub outcome: Option<OutcomeView>,
    /// Set while the case waits for the complainant (the SLA clock is paused).
    pub waiting_since: Option<DateTime<Utc>>,
    /// The deadlines of each stage and where the case stands against them.
    pub sla: Option<SlaView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reporter: Option<ReporterView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beneficiary: Option<PersonView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<Vec<EventView>>,
    /// Set when the caller's role may not see personal data and it was left out.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub personal_data_hidden: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct OutcomeView {
    pub outcome: Outcome,
    pub label: &'static str,
}

/// A case against its deadlines. Times are UTC; `*_local` show them in the case's zone.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SlaView {
    pub state: SlaState,
    pub state_label: &'static str,
    /// `WIB`, `WITA` or `WIT`: the zone of the case's place, in which working days count.
    pub zone: &'static str,
    pub stages: Vec<StageView>,
    /// When a case waiting for its complainant closes itself.
    pub auto_close_at: Option<DateTime<Utc>>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct StageView {
    pub stage: Stage,
    pub label: &'static str,
    pub state: StageState,
    pub state_label: &'static str,
    /// "3 hari kerja", "24 jam".
    pub budget: String,
    /// What starts the clock: `diterima`, `ditugaskan` or `dirujuk`.
    pub from: Anchor,
    pub started_at: Option<DateTime<Utc>>,
    pub at_risk_at: Option<DateTime<Utc>>,
    pub due_at: Option<DateTime<Utc>>,
    /// "2026-03-04 15:00 WIB".
    pub due_local: Option<String>,
    pub done_at: Option<DateTime<Utc>>,
}

impl From<&Evaluation> for SlaView {
    fn from(e: &Evaluation) -> Self {
        SlaView {
            state: e.state,
            state_label: e.state.label(),
            zone: e.zone.label(),
            stages: e
                .stages
                .iter()
                .map(|s| StageView {
                    stage: s.stage,
                    label: s.stage.label(),
                    state: s.state,
                    state_label: s.state.label(),
                    budget: s.budget.clone(),
                    from: s.from,
                    started_at: s.started_at,
                    at_risk_at: s.at_risk_at,
                    due_at: s.due_at,
                    due_local: s.due_at.map(|t| e.zone.local(t)),
                    done_at: s.done_at,
                })
                .collect(),
            auto_close_at: e.auto_close_at,
        }
    }
}

#[derive(Serialize, Clone, Debug, PartialEq, utoipa::ToSchema)]
pub struct SentraRef {
    pub id: String,
    pub name: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ReporterView {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub nik: Option<String>,
    pub anonymous: bool,
    pub consent_contact: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PersonView {
    pub name: Option<String>,
    pub age: Option<u8>,
    pub sex: Option<sigap_core::Sex>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct EventView {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub kind: EventKind,
    pub action: Option<Action>,
    pub from_status: Option<Status>,
    pub to_status: Option<Status>,
    pub note: Option<String>,
}

impl CaseView {
    pub fn new(case: &Case, events: Option<&[CaseEvent]>) -> Self {
        let people = case.people.as_ref();
        CaseView {
            id: case.id,
            ticket: case.ticket.to_string(),
            status: case.status,
            status_label: case.status.label(),
            channel: case.channel,
            complaint_type: case.complaint_type,
            description: case.description.clone(),
            location: LocationView {
                address: case.location.address.clone(),
                region_code: case.location.region.as_ref().map(|r| r.to_string()),
                latitude: case.location.coordinates.map(|c| c.latitude),
                longitude: case.location.coordinates.map(|c| c.longitude),
            },
            categories: case.categories.clone(),
            urgency: case.urgency,
            confidential: case.confidential,
            duplicate_of: case.duplicate_of,
            sentra: case.assignment.as_ref().and_then(|a| {
                a.sentra.as_ref().map(|id| SentraRef {
                    id: id.clone(),
                    name: a.sentra_name.clone().unwrap_or_else(|| id.clone()),
                })
            }),
            routing: case.assignment.clone(),
            version: case.version,
            created_at: case.created_at,
            updated_at: case.updated_at,
            allowed_actions: case
                .status
                .allowed_actions_when(case.waiting_since.is_some()),
            outcome: case.outcome.map(|o| OutcomeView {
                outcome: o,
                label: o.label(),
            }),
            waiting_since: case.waiting_since,
            sla: case.sla.as_ref().map(SlaView::from),
            reporter: people.map(|p| ReporterView::from(&p.reporter)),
            beneficiary: people
                .and_then(|p| p.beneficiary.as_ref())
                .map(PersonView::from),
            history: events.map(|es| es.iter().map(EventView::from).collect()),
            personal_data_hidden: false,
        }
    }
}

impl CaseView {
    /// The case for a role that may not see personal data: no people, no address or
    /// coordinates, no complaint text (it names people), no notes.
    pub fn without_personal_data(mut self) -> Self {
        self.reporter = None;
        self.beneficiary = None;
        self.description = String::new();
        self.location.address = None;
        self.location.latitude = None;
        self.location.longitude = None;
        self.personal_data_hidden = true;
        if let Some(history) = &mut self.history {
            for e in history {
                e.note = None;
            }
        }
        self
    }
}

impl From<&Reporter> for ReporterView {
    fn from(r: &Reporter) -> Self {
        ReporterView {
            name: r.name.clone(),
            phone: r.phone.as_ref().map(|p| p.expose().to_owned()),
            email: r.email.as_ref().map(|e| e.expose().to_owned()),
            nik: r.nik.as_ref().map(|n| n.expose().to_owned()),
            anonymous: r.anonymous,
            consent_contact: r.consent_contact,
        }
    }
}

impl From<&Person> for PersonView {
    fn from(p: &Person) -> Self {
        PersonView {
            name: p.name.clone(),
            age: p.age,
            sex: p.sex,
        }
    }
}

impl From<&CaseEvent> for EventView {
    fn from(e: &CaseEvent) -> Self {
        EventView {
            id: e.id,
            at: e.at,
            actor: e.actor.clone(),
            kind: e.kind,
            action: e.action,
            from_status: e.from_status,
            to_status: e.to_status,
            note: e.note.clone(),
        }
    }
}

/// A notification target as the API shows it: never its secret.
#[derive(Serialize, utoipa::ToSchema)]
pub struct TargetView {
    pub id: Uuid,
    pub audience: sigap_core::notify::TargetAudience,
    pub sentra: Option<String>,
    pub channel: sigap_core::notify::DeliveryChannel,
    pub address: String,
    pub label: Option<String>,
    /// Whether webhook messages are signed (always, for a webhook).
    pub signed: bool,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

impl From<&sigap_store::notifications::NotificationTarget> for TargetView {
    fn from(t: &sigap_store::notifications::NotificationTarget) -> Self {
        TargetView {
            id: t.id,
            audience: t.audience,
            sentra: t.sentra.clone(),
            channel: t.channel,
            address: t.address.clone(),
            label: t.label.clone(),
            signed: t.secret.is_some(),
            created_at: t.created_at,
            created_by: t.created_by.clone(),
        }
    }
}

/// An outbox row with its delivery log. A complainant's address and number are masked, and a
/// webhook URL is shown without its query (which may carry a token).
#[derive(Serialize, utoipa::ToSchema)]
pub struct NotificationView {
    pub id: Uuid,
    pub case_id: Option<Uuid>,
    pub event_id: Option<i64>,
    pub kind: sigap_core::notify::NoticeKind,
    pub audience: sigap_core::notify::Audience,
    pub sentra: Option<String>,
    pub channel: sigap_core::notify::DeliveryChannel,
    pub target_id: Option<Uuid>,
    pub recipient: String,
    pub phone: Option<String>,
    pub subject: String,
    pub status: sigap_core::notify::DeliveryStatus,
    pub attempts: i32,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub log: Vec<AttemptView>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct AttemptView {
    pub attempt: i32,
    pub started_at: DateTime<Utc>,
    pub duration_ms: i64,
    pub outcome: sigap_core::notify::AttemptOutcome,
    pub http_status: Option<u16>,
    pub smtp_reply: Option<String>,
    pub error: Option<String>,
    pub worker: String,
}

impl NotificationView {
    pub fn new(
        n: &sigap_store::notifications::Notification,
        log: &[sigap_store::notifications::DeliveryAttempt],
    ) -> Self {
        use sigap_core::notify::{DeliveryChannel, DeliveryStatus};
        let recipient = match n.channel {
            DeliveryChannel::Email => sigap_core::Email::parse(&n.recipient)
                .map(|e| e.masked())
                .unwrap_or_else(|_| "***".into()),
            DeliveryChannel::Webhook => n
                .recipient
                .split(['?', '#'])
                .next()
                .unwrap_or_default()
                .to_owned(),
        };
        NotificationView {
            id: n.id,
            case_id: n.case_id,
            event_id: n.event_id,
            kind: n.kind,
            audience: n.audience,
            sentra: n.sentra.clone(),
            channel: n.channel,
            target_id: n.target_id,
            recipient,
            phone: n.phone.as_deref().map(|p| {
                sigap_core::PhoneNumber::parse(p)
                    .map(|p| p.masked())
                    .unwrap_or_else(|_| "***".into())
            }),
            subject: n.subject.clone(),
            status: n.status,
            attempts: n.attempts,
            next_attempt_at: (n.status == DeliveryStatus::Pending).then_some(n.next_attempt_at),
            created_at: n.created_at,
            finished_at: n.finished_at,
            last_error: n.last_error.clone(),
            log: log
                .iter()
                .map(|a| AttemptView {
                    attempt: a.attempt,
                    started_at: a.started_at,
                    duration_ms: a.duration_ms,
                    outcome: a.outcome,
                    http_status: a.http_status,
                    smtp_reply: a.smtp_reply.clone(),
                    error: a.error.clone(),
                    worker: a.worker.clone(),
                })
                .collect(),
        }
    }
}
