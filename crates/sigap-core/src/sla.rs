//! The service-level policy and what it says about one case: the deadline of each stage, when
//! the stage becomes *at risk* and *late*, and when a case left waiting closes itself.
//!
//! The policy is data (`data/sla/policy.toml` ships the defaults of
//! `shared/domain/service-rules.md`; an administrator replaces it). [`evaluate`] is pure: the
//! case's facts, the policy, the calendar and `now` in, the stage clocks out. The store keeps
//! what it says; a background sweep calls it again when a stage's next moment comes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::calendar::{Calendar, Zone};
use crate::clock::{Budget, Clock, Pause};
use crate::{ComplaintType, Urgency};

crate::slug_enum! {
    /// A stage of the response, each with its own deadline.
    Stage, field = "stage", code = "unknown_stage", what = ("Tahap", "stage") {
        Verifikasi = "verifikasi", "Verifikasi", "Verification";
        Respons = "respons", "Respons pertama", "First response";
        Asesmen = "asesmen", "Asesmen", "Assessment";
        Penyelesaian = "penyelesaian", "Penyelesaian", "Closure";
        Rujukan = "rujukan", "Serah terima rujukan", "Referral hand-off";
    }
}

crate::slug_enum! {
    /// The moment a stage's clock starts.
    Anchor, field = "from", code = "unknown_anchor", what = ("Titik mulai", "start point") {
        Diterima = "diterima", "Laporan diterima", "Complaint received";
        Ditugaskan = "ditugaskan", "Ditugaskan ke Sentra", "Assigned to a Sentra";
        Dirujuk = "dirujuk", "Dirujuk", "Referred";
    }
}

crate::slug_enum! {
    /// Where one stage stands.
    StageState, field = "state", code = "unknown_stage_state", what = ("Keadaan tahap", "stage state") {
        BelumMulai = "belum_mulai", "Belum mulai", "Not started";
        Berjalan = "berjalan", "Berjalan", "Running";
        Berisiko = "berisiko", "Berisiko terlambat", "At risk";
        Terlambat = "terlambat", "Terlambat", "Late";
        Dijeda = "dijeda", "Dijeda (menunggu pelapor)", "Paused (waiting for the complainant)";
        TepatWaktu = "tepat_waktu", "Selesai tepat waktu", "Done in time";
        MelewatiBatas = "melewati_batas", "Selesai melewati batas", "Done late";
        TidakBerlaku = "tidak_berlaku", "Tidak berlaku", "Not applicable";
    }
}

crate::slug_enum! {
    /// Where a case stands against its deadlines, worst stage first.
    SlaState, field = "sla", code = "unknown_sla_state", what = ("Keadaan SLA", "SLA state") {
        Aman = "aman", "Sesuai jadwal", "On track";
        Berisiko = "berisiko", "Berisiko terlambat", "At risk";
        Terlambat = "terlambat", "Terlambat", "Late";
        Dijeda = "dijeda", "Dijeda (menunggu pelapor)", "Paused (waiting for the complainant)";
        Selesai = "selesai", "Selesai", "Closed";
    }
}

/// One rule of the policy: for `stage`, cases matching `urgency` and `complaint_type` (absent:
/// any) get `hours` (all days) or `working_days` counted from `from`. The first matching rule
/// of a stage wins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub stage: Stage,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgency: Option<Urgency>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complaint_type: Option<ComplaintType>,
    pub from: Anchor,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_days: Option<u32>,
    /// Where the figure comes from (a regulation, a published standard, or "Sigap's choice").
    #[serde(default)]
    pub basis: String,
}

impl Rule {
    pub fn budget(&self) -> Budget {
        match (self.hours, self.working_days) {
            (Some(h), _) => Budget::hours(h),
            (None, Some(d)) => Budget::working_days(d),
            (None, None) => Budget::hours(0),
        }
    }

    fn matches(&self, urgency: Urgency, complaint_type: ComplaintType) -> bool {
        self.urgency.is_none_or(|u| u == urgency)
            && self.complaint_type.is_none_or(|t| t == complaint_type)
    }
}

/// The whole policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// The share of a stage's time after which it is *at risk* (0 < at_risk < 1).
    pub at_risk: f64,
    /// A case waiting for the complainant closes itself after this many working days.
    pub auto_close_working_days: u32,
    #[serde(rename = "rule")]
    pub rules: Vec<Rule>,
}

/// A policy that cannot be used, with the place of the problem.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PolicyError {
    #[error("the SLA policy is not valid TOML/JSON: {0}")]
    Syntax(String),
    #[error("rule {index} ({stage}): give exactly one of `hours` or `working_days`")]
    Budget { index: usize, stage: Stage },
    #[error("rule {index} ({stage}): {what}")]
    Rule {
        index: usize,
        stage: Stage,
        what: &'static str,
    },
    #[error("`at_risk` must lie between 0 and 1 (exclusive)")]
    AtRisk,
    #[error("`auto_close_working_days` must be between 1 and 60")]
    AutoClose,
}

/// Sigap's default policy, from `data/sla/policy.toml`.
pub const DEFAULT_POLICY: &str = include_str!("../../../data/sla/policy.toml");

impl Policy {
    /// The shipped default policy.
    pub fn default_policy() -> Policy {
        #[allow(clippy::expect_used)]
        Policy::from_toml(DEFAULT_POLICY).expect("data/sla/policy.toml is checked by a test")
    }

    pub fn from_toml(text: &str) -> Result<Policy, PolicyError> {
        let p: Policy = toml::from_str(text).map_err(|e| PolicyError::Syntax(e.to_string()))?;
        p.validate()
    }

    pub fn from_json(text: &str) -> Result<Policy, PolicyError> {
        let p: Policy =
            serde_json::from_str(text).map_err(|e| PolicyError::Syntax(e.to_string()))?;
        p.validate()
    }

    /// Checks the rules: one budget each, at most 60 days (or 1 440 hours), anchors that fit
    /// their stage.
    pub fn validate(self) -> Result<Policy, PolicyError> {
        if !(self.at_risk > 0.0 && self.at_risk < 1.0) {
            return Err(PolicyError::AtRisk);
        }
        if !(1..=60).contains(&self.auto_close_working_days) {
            return Err(PolicyError::AutoClose);
        }
        for (i, r) in self.rules.iter().enumerate() {
            let index = i + 1;
            let stage = r.stage;
            match (r.hours, r.working_days) {
                (Some(h), None) if (1..=1440).contains(&h) => {}
                (None, Some(d)) if (1..=120).contains(&d) => {}
                (Some(_), None) | (None, Some(_)) => {
                    return Err(PolicyError::Rule {
                        index,
                        stage,
                        what: "hours must be 1–1440 and working_days 1–120",
                    });
                }
                _ => return Err(PolicyError::Budget { index, stage }),
            }
            let anchor_fits = match stage {
                Stage::Rujukan => r.from == Anchor::Dirujuk,
                _ => r.from != Anchor::Dirujuk,
            };
            if !anchor_fits {
                return Err(PolicyError::Rule {
                    index,
                    stage,
                    what: "the referral stage starts `dirujuk`; no other stage may",
                });
            }
        }
        Ok(self)
    }

    /// The rule that sets `stage` for a case, if any.
    pub fn rule_for(
        &self,
        stage: Stage,
        urgency: Urgency,
        complaint_type: ComplaintType,
    ) -> Option<&Rule> {
        self.rules
            .iter()
            .find(|r| r.stage == stage && r.matches(urgency, complaint_type))
    }
}

/// What Sigap knows about a case that matters to its clock.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Facts {
    /// Absent: treated as `normal`.
    pub urgency: Option<Urgency>,
    pub complaint_type: Option<ComplaintType>,
    /// The case's region code (its province sets the time zone); none: WIB.
    pub region: Option<String>,
    pub received_at: DateTime<Utc>,
    pub assigned_at: Option<DateTime<Utc>>,
    pub referred_at: Option<DateTime<Utc>>,
    pub verified_at: Option<DateTime<Utc>>,
    pub responded_at: Option<DateTime<Utc>>,
    pub assessed_at: Option<DateTime<Utc>>,
    pub referral_done_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    /// Every pause of the clock; the last may still be open (waiting now).
    pub pauses: Vec<Pause>,
}

/// One stage of one case against its deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageClock {
    pub stage: Stage,
    pub state: StageState,
    /// "3 hari kerja", "24 jam".
    pub budget: String,
    pub from: Anchor,
    pub started_at: Option<DateTime<Utc>>,
    pub at_risk_at: Option<DateTime<Utc>>,
    pub due_at: Option<DateTime<Utc>>,
    pub done_at: Option<DateTime<Utc>>,
}

/// Everything the policy says about a case now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub state: SlaState,
    pub zone: Zone,
    pub stages: Vec<StageClock>,
    /// When a waiting case closes itself (no answer from the complainant).
    pub auto_close_at: Option<DateTime<Utc>>,
    /// The next moment at which this evaluation changes by itself (a stage turns at risk or
    /// late, or the auto-close comes); none when nothing will change without a person.
    pub next_check_at: Option<DateTime<Utc>>,
}

impl Evaluation {
    pub fn stage(&self, stage: Stage) -> Option<&StageClock> {
        self.stages.iter().find(|s| s.stage == stage)
    }

    /// The case's standing as bits for fast KPI sums (see [`KPI_CLOSED`] and the others):
    /// closed; late now; and for verification, first response and closure whether the stage
    /// is judged (done, or past its deadline) and whether it met its deadline.
    pub fn kpi_flags(&self) -> i64 {
        let mut flags = 0;
        if self.state == SlaState::Selesai {
            flags |= KPI_CLOSED;
        }
        if self.state == SlaState::Terlambat {
            flags |= KPI_LATE;
        }
        for (stage, judged, met) in [
            (
                Stage::Verifikasi,
                KPI_VERIFICATION_JUDGED,
                KPI_VERIFICATION_MET,
            ),
            (Stage::Respons, KPI_RESPONSE_JUDGED, KPI_RESPONSE_MET),
            (Stage::Penyelesaian, KPI_CLOSURE_JUDGED, KPI_CLOSURE_MET),
        ] {
            let Some(c) = self.stage(stage).filter(|c| c.due_at.is_some()) else {
                continue;
            };
            match c.state {
                StageState::TepatWaktu => flags |= judged | met,
                StageState::MelewatiBatas | StageState::Terlambat => flags |= judged,
                _ => {}
            }
        }
        flags
    }

    /// The stages that are late now.
    pub fn late_stages(&self) -> impl Iterator<Item = &StageClock> {
        self.stages
            .iter()
            .filter(|s| s.state == StageState::Terlambat)
    }
}

/// Bits of [`Evaluation::kpi_flags`].
pub const KPI_CLOSED: i64 = 1;
pub const KPI_LATE: i64 = 2;
pub const KPI_VERIFICATION_JUDGED: i64 = 4;
pub const KPI_VERIFICATION_MET: i64 = 8;
pub const KPI_RESPONSE_JUDGED: i64 = 16;
pub const KPI_RESPONSE_MET: i64 = 32;
pub const KPI_CLOSURE_JUDGED: i64 = 64;
pub const KPI_CLOSURE_MET: i64 = 128;

/// "3 hari kerja" / "24 jam".
pub fn budget_label(rule: &Rule) -> String {
    match (rule.hours, rule.working_days) {
        (Some(h), _) => format!("{h} jam"),
        (None, Some(d)) => format!("{d} hari kerja"),
        (None, None) => String::new(),
    }
}

/// Applies `policy` to a case at `now`.
pub fn evaluate(
    policy: &Policy,
    facts: &Facts,
    calendar: &Calendar,
    now: DateTime<Utc>,
) -> Evaluation {
    let zone = Zone::for_region(facts.region.as_deref().unwrap_or(""));
    let clock = Clock::new(calendar, zone);
    let urgency = facts.urgency.unwrap_or(Urgency::Normal);
    let complaint_type = facts.complaint_type.unwrap_or(ComplaintType::OrangRentan);
    let waiting_since = facts.pauses.iter().find(|p| p.to.is_none()).map(|p| p.from);
    let mut stages = Vec::new();
    let mut next: Option<DateTime<Utc>> = None;
    let mut soonest = |t: DateTime<Utc>| {
        if t > now {
            next = Some(next.map_or(t, |n| n.min(t)));
        }
    };
    for &stage in Stage::ALL {
        let Some(rule) = policy.rule_for(stage, urgency, complaint_type) else {
            continue;
        };
        if stage == Stage::Rujukan && facts.referred_at.is_none() {
            continue;
        }
        let started_at = match rule.from {
            Anchor::Diterima => Some(facts.received_at),
            Anchor::Ditugaskan => facts.assigned_at,
            Anchor::Dirujuk => facts.referred_at,
        };
        let done_at = match stage {
            Stage::Verifikasi => facts.verified_at,
            Stage::Respons => facts.responded_at,
            Stage::Asesmen => facts.assessed_at,
            Stage::Penyelesaian => facts.closed_at,
            Stage::Rujukan => facts.referral_done_at,
        };
        let budget = rule.budget();
        let (due_at, at_risk_at) = match started_at {
            Some(start) => (
                clock.deadline(start, budget, &facts.pauses),
                clock.deadline(start, budget.scaled(policy.at_risk), &facts.pauses),
            ),
            None => (None, None),
        };
        let state = match (started_at, done_at) {
            (_, Some(done)) => match due_at {
                Some(due) if done > due => StageState::MelewatiBatas,
                _ => StageState::TepatWaktu,
            },
            _ if facts.closed_at.is_some() => StageState::TidakBerlaku,
            (None, None) => StageState::BelumMulai,
            (Some(_), None) => match (due_at, at_risk_at) {
                (Some(due), _) if now >= due => StageState::Terlambat,
                (Some(due), Some(risk)) if now >= risk => {
                    soonest(due);
                    StageState::Berisiko
                }
                (Some(due), Some(risk)) => {
                    soonest(risk);
                    soonest(due);
                    StageState::Berjalan
                }
                // An open pause stops the clock before the deadline is reached.
                _ => StageState::Dijeda,
            },
        };
        stages.push(StageClock {
            stage,
            state,
            budget: budget_label(rule),
            from: rule.from,
            started_at,
            at_risk_at,
            due_at,
            done_at,
        });
    }
    let auto_close_at = match (waiting_since, facts.closed_at) {
        (Some(since), None) => clock.deadline(
            since,
            Budget::working_days(policy.auto_close_working_days),
            &[],
        ),
        _ => None,
    };
    if let Some(t) = auto_close_at {
        soonest(t);
    }
    let any = |s: StageState| stages.iter().any(|c| c.state == s);
    let state = if facts.closed_at.is_some() {
        SlaState::Selesai
    } else if any(StageState::Terlambat) {
        SlaState::Terlambat
    } else if any(StageState::Berisiko) {
        SlaState::Berisiko
    } else if waiting_since.is_some() {
        SlaState::Dijeda
    } else {
        SlaState::Aman
    };
    Evaluation {
        state,
        zone,
        stages,
        auto_close_at,
        next_check_at: next,
    }
}

#[cfg(test)]
mod tests;
