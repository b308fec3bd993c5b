//! Row structs as the databases return them, and their conversion into domain values.

use chrono::{DateTime, Utc};
use sigap_core::{
    Action, Category, Channel, ComplaintType, Email, Nik, PhoneNumber, RegionCode, Sex, Status,
    TicketNumber, Urgency,
    case::{Case, CaseEvent, Coordinates, EventKind, Location, Person, Reporter},
    response::Outcome,
};
use uuid::Uuid;

use crate::StoreError;

/// Parses a stored slug; a failure means the row was changed outside Sigap.
fn slug<T>(
    parse: fn(&str) -> Result<T, sigap_core::FieldError>,
    value: &str,
) -> Result<T, StoreError> {
    parse(value).map_err(|e| StoreError::corrupt(e.message_en))
}

fn opt_slug<T>(
    parse: fn(&str) -> Result<T, sigap_core::FieldError>,
    value: Option<&str>,
) -> Result<Option<T>, StoreError> {
    value.map(|v| slug(parse, v)).transpose()
}

#[derive(sqlx::FromRow)]
pub(crate) struct CaseRow {
    pub id: Uuid,
    pub ticket: String,
    pub status: String,
    pub channel: String,
    pub complaint_type: String,
    pub description: String,
    pub urgency: Option<String>,
    pub confidential: bool,
    pub address: Option<String>,
    pub region_code: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub duplicate_of: Option<Uuid>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub routing: Option<String>,
    pub outcome: Option<String>,
    pub waiting_since: Option<DateTime<Utc>>,
    pub sla: Option<String>,
}

pub(crate) const CASE_COLUMNS: &str = "id, ticket, status, channel, complaint_type, description, \
    urgency, confidential, address, region_code, latitude, longitude, duplicate_of, version, \
    created_at, updated_at, routing, outcome, waiting_since, sla";

impl CaseRow {
    pub fn into_case(self, categories: Vec<Category>) -> Result<Case, StoreError> {
        Ok(Case {
            id: self.id,
            ticket: slug(TicketNumber::parse, &self.ticket)?,
            status: slug(Status::parse, &self.status)?,
            channel: slug(Channel::parse, &self.channel)?,
            complaint_type: slug(ComplaintType::parse, &self.complaint_type)?,
            description: self.description,
            location: Location {
                address: self.address,
                region: opt_slug(RegionCode::parse, self.region_code.as_deref())?,
                coordinates: match (self.latitude, self.longitude) {
                    (Some(latitude), Some(longitude)) => Some(Coordinates {
                        latitude,
                        longitude,
                    }),
                    _ => None,
                },
            },
            categories,
            urgency: opt_slug(Urgency::parse, self.urgency.as_deref())?,
            confidential: self.confidential,
            people: None,
            duplicate_of: self.duplicate_of,
            assignment: self
                .routing
                .as_deref()
                .map(serde_json::from_str)
                .transpose()
                .map_err(|e| StoreError::corrupt(format!("routing of case {}: {e}", self.id)))?,
            outcome: opt_slug(Outcome::parse, self.outcome.as_deref())?,
            waiting_since: self.waiting_since,
            sla: self
                .sla
                .as_deref()
                .map(serde_json::from_str)
                .transpose()
                .map_err(|e| StoreError::corrupt(format!("sla of case {}: {e}", self.id)))?,
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct PersonRow {
    pub role: String,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub nik: Option<String>,
    pub age: Option<i32>,
    pub sex: Option<String>,
    pub anonymous: bool,
    pub consent_contact: bool,
}

impl PersonRow {
    pub fn into_reporter(self) -> Result<Reporter, StoreError> {
        Ok(Reporter {
            name: self.name,
            phone: opt_slug(PhoneNumber::parse, self.phone.as_deref())?,
            email: opt_slug(Email::parse, self.email.as_deref())?,
            nik: opt_slug(Nik::parse, self.nik.as_deref())?,
            anonymous: self.anonymous,
            consent_contact: self.consent_contact,
        })
    }

    pub fn into_person(self) -> Result<Person, StoreError> {
        Ok(Person {
            name: self.name,
            age: self.age.and_then(|a| u8::try_from(a).ok()),
            sex: opt_slug(Sex::parse, self.sex.as_deref())?,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct EventRow {
    pub id: i64,
    pub case_id: Uuid,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub kind: String,
    pub action: Option<String>,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub note: Option<String>,
}

impl EventRow {
    pub fn into_event(self) -> Result<CaseEvent, StoreError> {
        Ok(CaseEvent {
            id: self.id,
            case_id: self.case_id,
            at: self.at,
            actor: self.actor,
            kind: slug(EventKind::parse, &self.kind)?,
            action: opt_slug(Action::parse, self.action.as_deref())?,
            from_status: opt_slug(Status::parse, self.from_status.as_deref())?,
            to_status: opt_slug(Status::parse, self.to_status.as_deref())?,
            note: self.note,
        })
    }
}
