use chrono::{DateTime, Duration, FixedOffset, TimeZone, Utc};

use super::*;
use crate::clock::Pause;

fn calendar() -> &'static Calendar {
    Calendar::embedded()
}

/// A local time in a zone of fixed offset `hours`, as UTC.
fn at(hours: i32, y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    FixedOffset::east_opt(hours * 3600)
        .and_then(|z| z.with_ymd_and_hms(y, mo, d, h, mi, 0).single())
        .map(|t| t.with_timezone(&Utc))
        .expect("a valid local time")
}

fn wib(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    at(7, y, mo, d, h, mi)
}

fn wit(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    at(9, y, mo, d, h, mi)
}

fn stage(e: &Evaluation, s: Stage) -> &StageClock {
    e.stage(s).expect("the stage is in the evaluation")
}

/// A person in need in Kab. Garut (WIB), received on Friday 13 March 2026 at 09:00, just
/// before Nyepi and Idulfitri 1447 H: 18–24 March 2026 are all holidays or cuti bersama.
fn garut() -> Facts {
    Facts {
        urgency: Some(Urgency::Normal),
        complaint_type: Some(ComplaintType::OrangRentan),
        region: Some("32.05".into()),
        received_at: wib(2026, 3, 13, 9, 0),
        ..Facts::default()
    }
}

#[test]
fn the_default_policy_parses_and_every_stage_has_a_rule_for_every_case() {
    let p = Policy::default_policy();
    assert_eq!(p.auto_close_working_days, 10);
    for u in [Urgency::High, Urgency::Normal] {
        for t in ComplaintType::ALL {
            for s in Stage::ALL {
                assert!(p.rule_for(*s, u, *t).is_some(), "{s} {u} {t}");
            }
        }
    }
    // Its JSON form (what the API stores) reads back the same.
    let json = serde_json::to_string(&p).unwrap();
    assert_eq!(Policy::from_json(&json).unwrap(), p);
}

#[test]
fn a_policy_with_two_budgets_or_a_bad_anchor_or_fraction_is_refused() {
    let two = DEFAULT_POLICY.replacen("hours = 12", "hours = 12\nworking_days = 1", 1);
    assert!(matches!(
        Policy::from_toml(&two),
        Err(PolicyError::Budget { index: 1, .. })
    ));
    let anchor = DEFAULT_POLICY.replacen("from = \"dirujuk\"", "from = \"diterima\"", 1);
    assert!(matches!(
        Policy::from_toml(&anchor),
        Err(PolicyError::Rule {
            stage: Stage::Rujukan,
            ..
        })
    ));
    let risk = DEFAULT_POLICY.replacen("at_risk = 0.75", "at_risk = 1.5", 1);
    assert_eq!(Policy::from_toml(&risk), Err(PolicyError::AtRisk));
    let unknown = DEFAULT_POLICY.replacen("stage = \"asesmen\"", "stage = \"visit\"", 1);
    assert!(matches!(
        Policy::from_toml(&unknown),
        Err(PolicyError::Syntax(_))
    ));
}

#[test]
fn verification_counts_three_working_days_across_a_weekend_nyepi_and_idulfitri() {
    let p = Policy::default_policy();
    let e = evaluate(&p, &garut(), calendar(), wib(2026, 3, 13, 10, 0));
    let v = stage(&e, Stage::Verifikasi);
    assert_eq!(e.zone, Zone::Wib);
    assert_eq!(v.budget, "3 hari kerja");
    // Fri 13 from 09:00 counts 15 h, Mon 16 and Tue 17 count 48 h (63 h); 18–24 March are
    // cuti bersama, Nyepi, Idulfitri and a weekend; the last 9 h run on Wed 25 March.
    assert_eq!(v.due_at, Some(wib(2026, 3, 25, 9, 0)));
    // At risk after 54 h: 15 + 24 on Monday, then 15 h into Tuesday.
    assert_eq!(v.at_risk_at, Some(wib(2026, 3, 17, 15, 0)));
    assert_eq!(v.state, StageState::Berjalan);
    assert_eq!(e.state, SlaState::Aman);
    assert_eq!(e.next_check_at, Some(wib(2026, 3, 17, 15, 0)));
    // Respons and asesmen wait for the assignment.
    assert_eq!(stage(&e, Stage::Respons).state, StageState::BelumMulai);
    assert_eq!(stage(&e, Stage::Asesmen).due_at, None);
    // Closure: 60 working days from receipt.
    assert_eq!(stage(&e, Stage::Penyelesaian).budget, "60 hari kerja");

    let risky = evaluate(&p, &garut(), calendar(), wib(2026, 3, 17, 15, 0));
    assert_eq!(stage(&risky, Stage::Verifikasi).state, StageState::Berisiko);
    assert_eq!(risky.state, SlaState::Berisiko);
    assert_eq!(risky.next_check_at, Some(wib(2026, 3, 25, 9, 0)));
    let late = evaluate(&p, &garut(), calendar(), wib(2026, 3, 25, 9, 0));
    assert_eq!(stage(&late, Stage::Verifikasi).state, StageState::Terlambat);
    assert_eq!(late.state, SlaState::Terlambat);
    assert_eq!(late.late_stages().count(), 1);
}

#[test]
fn a_case_walked_through_its_stages_meets_or_misses_each_deadline() {
    let p = Policy::default_policy();
    let mut f = garut();
    f.verified_at = Some(wib(2026, 3, 17, 10, 0));
    f.assigned_at = Some(wib(2026, 3, 17, 11, 0));
    let e = evaluate(&p, &f, calendar(), wib(2026, 3, 17, 11, 0));
    assert_eq!(stage(&e, Stage::Verifikasi).state, StageState::TepatWaktu);
    // First response: 5 working days from the assignment. Tue 17 counts 13 h; 18–24 are off;
    // Wed 25, Thu 26, Fri 27 and Mon 30 count 96 h; the last 11 h run on Tue 31 March.
    let r = stage(&e, Stage::Respons);
    assert_eq!(r.started_at, f.assigned_at);
    assert_eq!(r.due_at, Some(wib(2026, 3, 31, 11, 0)));
    // Nobody responded: on 1 April the first response is late, the case too.
    let late = evaluate(&p, &f, calendar(), wib(2026, 4, 1, 9, 0));
    assert_eq!(stage(&late, Stage::Respons).state, StageState::Terlambat);
    assert_eq!(late.state, SlaState::Terlambat);
    // A response after the deadline, an assessment and the closure in time.
    f.responded_at = Some(wib(2026, 4, 1, 10, 0));
    f.assessed_at = Some(wib(2026, 4, 2, 10, 0));
    f.closed_at = Some(wib(2026, 4, 6, 10, 0));
    let done = evaluate(&p, &f, calendar(), wib(2026, 4, 6, 10, 0));
    assert_eq!(
        stage(&done, Stage::Respons).state,
        StageState::MelewatiBatas
    );
    assert_eq!(stage(&done, Stage::Asesmen).state, StageState::TepatWaktu);
    assert_eq!(
        stage(&done, Stage::Penyelesaian).state,
        StageState::TepatWaktu
    );
    assert_eq!(done.state, SlaState::Selesai);
    assert_eq!(done.next_check_at, None);
}

#[test]
fn the_same_instant_counts_in_the_case_s_own_zone_wib_or_wit() {
    let p = Policy::default_policy();
    // 16:30 UTC on Friday 13 March 2026 is Friday 23:30 in WIB but Saturday 01:30 in WIT.
    let received = Utc.with_ymd_and_hms(2026, 3, 13, 16, 30, 0).unwrap();
    let java = Facts {
        received_at: received,
        ..garut()
    };
    let papua = Facts {
        region: Some("94.71".into()),
        ..java.clone()
    };
    let e_java = evaluate(&p, &java, calendar(), received);
    let e_papua = evaluate(&p, &papua, calendar(), received);
    assert_eq!(e_papua.zone, Zone::Wit);
    // WIB: 30 min of Friday, Mon 16 and Tue 17, then 23 h 30 min of Wed 25 March.
    assert_eq!(
        stage(&e_java, Stage::Verifikasi).due_at,
        Some(wib(2026, 3, 25, 23, 30))
    );
    // WIT: the clock starts on Monday 00:00; Mon, Tue, then all of Wed 25 March.
    assert_eq!(
        stage(&e_papua, Stage::Verifikasi).due_at,
        Some(wit(2026, 3, 26, 0, 0))
    );
}

#[test]
fn an_urgent_case_runs_in_hours_on_holidays_and_a_pause_moves_its_deadlines() {
    let p = Policy::default_policy();
    // Kota Jayapura (WIT), Saturday 21 March 2026 — Idulfitri — at 20:00.
    let mut f = Facts {
        urgency: Some(Urgency::High),
        complaint_type: Some(ComplaintType::OrangRentan),
        region: Some("94.71".into()),
        received_at: wit(2026, 3, 21, 20, 0),
        ..Facts::default()
    };
    let e = evaluate(&p, &f, calendar(), f.received_at);
    assert_eq!(
        stage(&e, Stage::Verifikasi).due_at,
        Some(wit(2026, 3, 22, 8, 0))
    );
    assert_eq!(
        stage(&e, Stage::Respons).due_at,
        Some(wit(2026, 3, 22, 20, 0))
    );
    assert_eq!(
        stage(&e, Stage::Respons).at_risk_at,
        Some(wit(2026, 3, 22, 14, 0))
    );
    assert_eq!(stage(&e, Stage::Respons).budget, "24 jam");
    // Waiting for the complainant from 22:00 to 06:00 stops every clock for 8 hours.
    f.pauses = vec![Pause {
        from: wit(2026, 3, 21, 22, 0),
        to: Some(wit(2026, 3, 22, 6, 0)),
    }];
    let e = evaluate(&p, &f, calendar(), wit(2026, 3, 22, 6, 0));
    assert_eq!(
        stage(&e, Stage::Respons).due_at,
        Some(wit(2026, 3, 23, 4, 0))
    );
    assert_eq!(
        stage(&e, Stage::Verifikasi).due_at,
        Some(wit(2026, 3, 22, 16, 0))
    );
}

#[test]
fn a_case_waiting_for_its_complainant_is_paused_and_closes_itself_after_ten_working_days() {
    let p = Policy::default_policy();
    let asked = wib(2026, 3, 2, 10, 0);
    let f = Facts {
        received_at: wib(2026, 3, 2, 9, 0),
        pauses: vec![Pause {
            from: asked,
            to: None,
        }],
        ..garut()
    };
    let e = evaluate(&p, &f, calendar(), wib(2026, 3, 3, 10, 0));
    assert_eq!(e.state, SlaState::Dijeda);
    assert_eq!(stage(&e, Stage::Verifikasi).state, StageState::Dijeda);
    assert_eq!(stage(&e, Stage::Verifikasi).due_at, None);
    // Mon 2 March from 10:00 (14 h), then 9 full working days, then 10 h of Mon 16 March.
    assert_eq!(e.auto_close_at, Some(wib(2026, 3, 16, 10, 0)));
    assert_eq!(e.next_check_at, e.auto_close_at);
}

#[test]
fn a_referral_has_its_own_deadline_and_is_done_when_the_agency_takes_the_case() {
    let p = Policy::default_policy();
    let mut f = garut();
    f.verified_at = Some(wib(2026, 3, 13, 10, 0));
    f.referred_at = Some(wib(2026, 3, 13, 11, 0));
    f.responded_at = f.referred_at;
    let e = evaluate(&p, &f, calendar(), wib(2026, 3, 13, 11, 0));
    let r = stage(&e, Stage::Rujukan);
    assert_eq!(r.budget, "5 hari kerja");
    // Fri 13 (13 h), Mon 16 and Tue 17 (48 h), then 18–24 off, Wed 25 and Thu 26 (48 h);
    // the last 11 h on Fri 27 March.
    assert_eq!(r.due_at, Some(wib(2026, 3, 27, 11, 0)));
    f.referral_done_at = Some(wib(2026, 3, 16, 9, 0));
    f.closed_at = f.referral_done_at;
    let e = evaluate(&p, &f, calendar(), wib(2026, 3, 16, 9, 0));
    assert_eq!(stage(&e, Stage::Rujukan).state, StageState::TepatWaktu);
    assert_eq!(stage(&e, Stage::Asesmen).state, StageState::TidakBerlaku);
    // Without a referral there is no referral stage.
    let plain = evaluate(
        &p,
        &garut(),
        calendar(),
        garut().received_at + Duration::hours(1),
    );
    assert!(plain.stage(Stage::Rujukan).is_none());
}
