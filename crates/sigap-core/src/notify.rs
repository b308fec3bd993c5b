//! Who is told about a case event, and in what words: the pure rules behind the notification
//! outbox. The store feeds every new history entry through [`plan`]; delivery (SMTP, signed
//! webhooks) lives in `sigap-server`.
//!
//! | event | told |
//! | --- | --- |
//! | `routed`, `reassigned` | the Sentra now responsible |
//! | `location_changed` while the case is `ditugaskan` or `ditangani` | the Sentra now responsible |
//! | `escalated` | the supervisors and the Sentra responsible |
//! | `transition` to `ditugaskan` | the Sentra responsible |
//! | `created`, `transition` | the complainant, when they may be contacted ([`Reporter::may_be_contacted`]) |
//!
//! Messages to a Sentra or to supervisors carry no personal data (an e-mail leaves Sigap's
//! control): the ticket, the status, the urgency and the reason; staff read the case in Sigap.

use uuid::Uuid;

use crate::{
    Status, TicketNumber, Urgency,
    case::{CaseEvent, EventKind, Reporter},
};

crate::slug_enum! {
    /// Who a notification is for.
    Audience, field = "audience", code = "unknown_audience", what = ("Penerima", "audience") {
        Sentra = "sentra", "Sentra", "A Sentra";
        Supervisors = "supervisors", "Supervisor", "Supervisors";
        Complainant = "complainant", "Pelapor", "The complainant";
    }
}

crate::slug_enum! {
    /// Whom a notification target (an address kept by the administrator) serves.
    TargetAudience, field = "audience", code = "unknown_audience", what = ("Penerima", "audience") {
        Sentra = "sentra", "Sentra", "A Sentra";
        Supervisors = "supervisors", "Supervisor", "Supervisors";
        /// A WhatsApp/SMS gateway that messages the complainant's phone number.
        ComplainantPhone = "complainant_phone", "Telepon pelapor (gateway WhatsApp/SMS)", "The complainant's phone (WhatsApp/SMS gateway)";
    }
}

crate::slug_enum! {
    /// How a notification travels.
    DeliveryChannel, field = "channel", code = "unknown_delivery_channel", what = ("Saluran kirim", "delivery channel") {
        Email = "email", "E-mail", "E-mail";
        Webhook = "webhook", "Webhook", "Webhook";
    }
}

crate::slug_enum! {
    /// What a notification is about.
    NoticeKind, field = "kind", code = "unknown_notice_kind", what = ("Jenis pemberitahuan", "notification kind") {
        CaseAssigned = "case_assigned", "Kasus ditugaskan", "Case assigned";
        CaseReassigned = "case_reassigned", "Kasus dialihkan", "Case reassigned";
        CaseEscalated = "case_escalated", "Kasus dieskalasi", "Case escalated";
        TicketUpdate = "ticket_update", "Kabar tiket untuk pelapor", "Ticket update for the complainant";
        /// Sent directly, not from the history (a survey link, say).
        Message = "message", "Pesan", "Message";
    }
}

crate::slug_enum! {
    /// Where a notification in the outbox stands.
    DeliveryStatus, field = "status", code = "unknown_delivery_status", what = ("Status kirim", "delivery status") {
        Pending = "pending", "Menunggu", "Pending";
        Sent = "sent", "Terkirim", "Sent";
        Failed = "failed", "Gagal", "Failed";
        /// Its target was removed before it could be delivered.
        Cancelled = "cancelled", "Dibatalkan", "Cancelled";
    }
}

crate::slug_enum! {
    /// The outcome of one delivery attempt.
    AttemptOutcome, field = "outcome", code = "unknown_outcome", what = ("Hasil", "outcome") {
        Sent = "sent", "Terkirim", "Sent";
        Retry = "retry", "Dicoba lagi", "Will retry";
        Failed = "failed", "Gagal, tidak dicoba lagi", "Failed, given up";
    }
}

impl Reporter {
    /// Whether Sigap may write to this complainant: not anonymous, agreed to be contacted,
    /// and left a phone number or an e-mail address.
    pub fn may_be_contacted(&self) -> bool {
        !self.anonymous && self.consent_contact && (self.phone.is_some() || self.email.is_some())
    }
}

/// What the planner knows about one history entry and its case (as stored when the entry is
/// read by the notifier).
#[derive(Debug, Clone, Copy)]
pub struct EventFacts<'a> {
    pub event: &'a CaseEvent,
    pub ticket: &'a TicketNumber,
    /// The case's status now.
    pub status: Status,
    pub urgency: Option<Urgency>,
    /// The Sentra responsible now, with its name.
    pub sentra: Option<(&'a str, &'a str)>,
    /// The complainant, unless the store found none.
    pub reporter: Option<&'a Reporter>,
}

/// One message for one audience; the store turns it into an outbox row per address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub audience: Audience,
    /// The Sentra, for [`Audience::Sentra`].
    pub sentra: Option<String>,
    pub subject: String,
    /// Plain text, short enough for WhatsApp; no personal data unless for the complainant.
    pub text: String,
    /// A public link (the ticket page), when the public address is known.
    pub link: Option<String>,
}

/// The notices that one history entry gives. `public_url` (no trailing slash) makes links.
pub fn plan(facts: &EventFacts<'_>, public_url: Option<&str>) -> Vec<Notice> {
    let event = facts.event;
    let mut out = Vec::new();
    let mut to_sentra = |kind: NoticeKind, headline: String| {
        if let Some((id, name)) = facts.sentra {
            out.push(staff_notice(
                facts,
                kind,
                Audience::Sentra,
                Some((id, name)),
                headline,
            ));
        }
    };
    match event.kind {
        EventKind::Routed => to_sentra(
            NoticeKind::CaseAssigned,
            "Kasus baru menjadi tanggung jawab Sentra Anda".into(),
        ),
        EventKind::Reassigned => to_sentra(
            NoticeKind::CaseReassigned,
            "Kasus dialihkan ke Sentra Anda".into(),
        ),
        EventKind::LocationChanged
            if matches!(facts.status, Status::Ditugaskan | Status::Ditangani) =>
        {
            to_sentra(
                NoticeKind::CaseReassigned,
                "Lokasi kasus diperbarui; kasus ini menjadi tanggung jawab Sentra Anda".into(),
            )
        }
        EventKind::Escalated => {
            to_sentra(
                NoticeKind::CaseEscalated,
                "Kasus terlambat dan dieskalasi ke supervisor".into(),
            );
            out.push(staff_notice(
                facts,
                NoticeKind::CaseEscalated,
                Audience::Supervisors,
                facts.sentra,
                "Kasus terlambat dan dieskalasi ke supervisor".into(),
            ));
        }
        EventKind::Transition if event.to_status == Some(Status::Ditugaskan) => to_sentra(
            NoticeKind::CaseAssigned,
            "Kasus ditugaskan ke Sentra Anda".into(),
        ),
        _ => {}
    }
    if matches!(event.kind, EventKind::Created | EventKind::Transition)
        && let Some(status) = event.to_status
        && facts.reporter.is_some_and(Reporter::may_be_contacted)
    {
        out.push(ticket_update(facts.ticket, status, public_url));
    }
    out
}

/// The complainant's message about their ticket, in plain Indonesian.
pub fn ticket_update(ticket: &TicketNumber, status: Status, public_url: Option<&str>) -> Notice {
    let link = public_url.map(|u| format!("{u}/lacak/{ticket}"));
    let mut text = format!(
        "Sigap Kemensos: status laporan Anda dengan nomor tiket {ticket} kini \"{}\".",
        status.public_label()
    );
    if let Some(l) = &link {
        text.push_str(&format!(" Ikuti perkembangannya di {l}"));
    }
    text.push_str("\n\nPesan ini dikirim otomatis; mohon tidak dibalas.");
    Notice {
        kind: NoticeKind::TicketUpdate,
        audience: Audience::Complainant,
        sentra: None,
        subject: format!("Laporan {ticket}: {}", status.public_label()),
        text,
        link,
    }
}

fn staff_notice(
    facts: &EventFacts<'_>,
    kind: NoticeKind,
    audience: Audience,
    sentra: Option<(&str, &str)>,
    headline: String,
) -> Notice {
    let ticket = facts.ticket;
    let mut text = format!(
        "{headline}.\n\nTiket: {ticket}\nID kasus: {}",
        case_id(facts)
    );
    if let Some((_, name)) = sentra {
        text.push_str(&format!("\nSentra: {name}"));
    }
    text.push_str(&format!("\nStatus: {}", facts.status.label()));
    if let Some(u) = facts.urgency {
        text.push_str(&format!("\nUrgensi: {}", u.label()));
    }
    if let Some(note) = facts.event.note.as_deref().filter(|n| !n.trim().is_empty()) {
        text.push_str(&format!("\nKeterangan: {}", note.trim()));
    }
    text.push_str("\n\nBuka kasus ini di Sigap untuk rinciannya.");
    Notice {
        kind,
        audience,
        sentra: sentra.map(|(id, _)| id.to_owned()),
        subject: format!("[Sigap] {ticket}: {}", kind.label()),
        text,
        link: None,
    }
}

fn case_id(facts: &EventFacts<'_>) -> Uuid {
    facts.event.case_id
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Email, PhoneNumber};
    use chrono::{TimeZone, Utc};

    fn event(kind: EventKind, to: Option<Status>) -> CaseEvent {
        CaseEvent {
            id: 7,
            case_id: Uuid::nil(),
            at: Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap(),
            actor: "operator-1".into(),
            kind,
            from_status: None,
            to_status: to,
            action: None,
            note: Some("tim terdekat".into()),
        }
    }

    fn reporter() -> Reporter {
        Reporter {
            name: Some("Siti".into()),
            phone: Some(PhoneNumber::parse("081234567890").unwrap()),
            email: Some(Email::parse("siti@contoh.id").unwrap()),
            consent_contact: true,
            ..Reporter::default()
        }
    }

    fn told(
        kind: EventKind,
        to: Option<Status>,
        status: Status,
        r: &Reporter,
    ) -> Vec<(NoticeKind, Audience)> {
        let ticket = TicketNumber::parse("SGP-2611-00001").unwrap();
        let e = event(kind, to);
        let facts = EventFacts {
            event: &e,
            ticket: &ticket,
            status,
            urgency: None,
            sentra: Some(("melati", "Sentra Melati")),
            reporter: Some(r),
        };
        plan(&facts, None)
            .into_iter()
            .map(|n| (n.kind, n.audience))
            .collect()
    }

    #[test]
    fn each_event_tells_the_people_the_rules_name() {
        use Audience as A;
        use NoticeKind as K;
        let r = reporter();
        assert_eq!(
            told(EventKind::Routed, None, Status::Baru, &r),
            [(K::CaseAssigned, A::Sentra)]
        );
        assert_eq!(
            told(EventKind::Reassigned, None, Status::Baru, &r),
            [(K::CaseReassigned, A::Sentra)]
        );
        assert_eq!(told(EventKind::LocationChanged, None, Status::Baru, &r), []);
        assert_eq!(
            told(EventKind::LocationChanged, None, Status::Ditangani, &r),
            [(K::CaseReassigned, A::Sentra)]
        );
        assert_eq!(
            told(EventKind::Escalated, None, Status::Ditugaskan, &r),
            [
                (K::CaseEscalated, A::Sentra),
                (K::CaseEscalated, A::Supervisors)
            ]
        );
        assert_eq!(
            told(
                EventKind::Transition,
                Some(Status::Ditugaskan),
                Status::Ditugaskan,
                &r
            ),
            [
                (K::CaseAssigned, A::Sentra),
                (K::TicketUpdate, A::Complainant)
            ]
        );
        assert_eq!(
            told(EventKind::Created, Some(Status::Baru), Status::Baru, &r),
            [(K::TicketUpdate, A::Complainant)]
        );
        assert_eq!(told(EventKind::Note, None, Status::Baru, &r), []);
    }

    #[test]
    fn an_anonymous_or_unconsenting_or_unreachable_complainant_is_never_told() {
        let anonymous = Reporter {
            anonymous: true,
            ..reporter()
        };
        let no_consent = Reporter {
            consent_contact: false,
            ..reporter()
        };
        let no_contact = Reporter {
            phone: None,
            email: None,
            ..reporter()
        };
        for r in [anonymous, no_consent, no_contact] {
            assert_eq!(
                told(
                    EventKind::Transition,
                    Some(Status::Selesai),
                    Status::Selesai,
                    &r
                ),
                []
            );
        }
    }

    #[test]
    fn the_complainant_reads_the_public_status_and_the_ticket_link() {
        let ticket = TicketNumber::parse("SGP-2611-00001").unwrap();
        let n = ticket_update(
            &ticket,
            Status::Ditangani,
            Some("https://sigap.kemensos.go.id"),
        );
        assert_eq!(
            n.subject,
            "Laporan SGP-2611-00001: Sedang ditangani petugas"
        );
        assert!(
            n.text.contains("\"Sedang ditangani petugas\""),
            "{}",
            n.text
        );
        assert_eq!(
            n.link.as_deref(),
            Some("https://sigap.kemensos.go.id/lacak/SGP-2611-00001")
        );
    }
}
