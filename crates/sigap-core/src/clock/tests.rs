use chrono::{Datelike, NaiveDateTime, TimeZone, Weekday};
use proptest::prelude::*;

use super::*;

/// An instant given as local time in `zone`, `YYYY-MM-DD HH:MM`.
fn at(zone: Zone, local: &str) -> DateTime<Utc> {
    let naive = NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M").unwrap();
    zone.offset()
        .from_local_datetime(&naive)
        .unwrap()
        .with_timezone(&Utc)
}

/// An instant in UTC, `YYYY-MM-DD HH:MM`.
fn utc(s: &str) -> DateTime<Utc> {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M")
        .unwrap()
        .and_utc()
}

/// How an instant reads in `zone`: `Wed 2026-10-07 15:00`.
fn local(zone: Zone, t: DateTime<Utc>) -> String {
    t.with_timezone(&zone.offset())
        .format("%a %Y-%m-%d %H:%M")
        .to_string()
}

fn clock(zone: Zone) -> Clock<'static> {
    Clock::new(Calendar::embedded(), zone)
}

fn due(zone: Zone, start: DateTime<Utc>, budget: Budget, pauses: &[Pause]) -> String {
    local(zone, clock(zone).deadline(start, budget, pauses).unwrap())
}

fn pause(zone: Zone, from: &str, to: &str) -> Pause {
    Pause {
        from: at(zone, from),
        to: Some(at(zone, to)),
    }
}

const HOUR: i64 = 3_600;

#[test]
fn a_case_received_on_friday_afternoon_with_three_working_days_is_due_on_wednesday_afternoon() {
    // No holiday in October 2026. Friday 15:00–24:00 (9 h), Monday and Tuesday (48 h), then 15 h
    // of Wednesday: 72 h.
    for zone in [Zone::Wib, Zone::Wita, Zone::Wit] {
        let start = at(zone, "2026-10-02 15:00");
        assert_eq!(
            due(zone, start, Budget::working_days(3), &[]),
            "Wed 2026-10-07 15:00"
        );
    }
}

#[test]
fn a_case_received_on_saturday_starts_counting_on_monday_and_is_due_on_thursday_at_midnight() {
    let start = at(Zone::Wib, "2026-10-03 10:00");
    assert_eq!(
        due(Zone::Wib, start, Budget::working_days(3), &[]),
        "Thu 2026-10-08 00:00"
    );
    assert_eq!(
        clock(Zone::Wib).counted(
            ClockUnit::WorkingDays,
            start,
            at(Zone::Wib, "2026-10-05 00:00"),
            &[]
        ),
        0
    );
}

#[test]
fn twenty_four_hours_from_friday_afternoon_are_up_on_saturday_afternoon() {
    let start = at(Zone::Wib, "2026-10-02 15:00");
    assert_eq!(
        due(Zone::Wib, start, Budget::hours(24), &[]),
        "Sat 2026-10-03 15:00"
    );
}

#[test]
fn a_budget_used_up_at_the_end_of_a_friday_falls_due_at_saturday_midnight() {
    let start = at(Zone::Wib, "2026-10-05 00:00");
    assert_eq!(
        due(Zone::Wib, start, Budget::working_days(5), &[]),
        "Sat 2026-10-10 00:00"
    );
}

#[test]
fn nyepi_and_idulfitri_2025_with_their_cuti_bersama_are_skipped() {
    // Received Thursday 27 March 2025, 09:00 WIB; 3 working days = 72 counted hours.
    //   Thu 27 Mar  working          09:00–24:00 → 15 h (15)
    //   Fri 28 Mar  cuti bersama Nyepi
    //   Sat 29 Mar  Nyepi (and a Saturday); Sun 30 Mar
    //   Mon 31 Mar, Tue 1 Apr  Idulfitri 1446 H
    //   Wed 2, Thu 3, Fri 4 Apr  cuti bersama Idulfitri; Sat 5, Sun 6
    //   Mon 7 Apr   cuti bersama Idulfitri
    //   Tue 8 Apr   working → 24 h (39)
    //   Wed 9 Apr   working → 24 h (63)
    //   Thu 10 Apr  working: 9 h more reach 72 at 09:00.
    let start = at(Zone::Wib, "2025-03-27 09:00");
    let end = clock(Zone::Wib).deadline(start, Budget::working_days(3), &[]);
    assert_eq!(end, Some(utc("2025-04-10 02:00")));
    assert_eq!(local(Zone::Wib, end.unwrap()), "Thu 2025-04-10 09:00");
    // Only the Tuesday and Wednesday count between the Friday and the Thursday.
    let counted = clock(Zone::Wib).counted(
        ClockUnit::WorkingDays,
        at(Zone::Wib, "2025-03-28 00:00"),
        at(Zone::Wib, "2025-04-10 00:00"),
        &[],
    );
    assert_eq!(counted, 48 * HOUR);
}

#[test]
fn nyepi_and_idulfitri_2026_are_skipped_in_wit() {
    // Received Tuesday 17 March 2026, 17:00 WIT (08:00 UTC); 3 working days.
    //   Tue 17 Mar  working          17:00–24:00 → 7 h (7)
    //   Wed 18 Mar  cuti bersama Nyepi; Thu 19 Nyepi; Fri 20 cuti bersama Idulfitri
    //   Sat 21, Sun 22  Idulfitri 1447 H; Mon 23, Tue 24  cuti bersama Idulfitri
    //   Wed 25 Mar  → 24 h (31); Thu 26 Mar → 24 h (55)
    //   Fri 27 Mar  17 h more reach 72 at 17:00 WIT (08:00 UTC).
    let start = at(Zone::Wit, "2026-03-17 17:00");
    assert_eq!(start, utc("2026-03-17 08:00"));
    let end = clock(Zone::Wit).deadline(start, Budget::working_days(3), &[]);
    assert_eq!(end, Some(utc("2026-03-27 08:00")));
}

#[test]
fn lebaran_2027_is_skipped_in_wib() {
    // Received Friday 5 March 2027, 10:00 WIB (03:00 UTC); 3 working days.
    //   Fri 5 Mar   working          10:00–24:00 → 14 h (14)
    //   Sat 6, Sun 7; Mon 8 Nyepi; Tue 9 cuti bersama; Wed 10, Thu 11 Idulfitri 1448 H;
    //   Fri 12 cuti bersama; Sat 13, Sun 14; Mon 15 cuti bersama
    //   Tue 16 Mar  → 24 h (38); Wed 17 Mar → 24 h (62)
    //   Thu 18 Mar  10 h more reach 72 at 10:00 WIB (03:00 UTC).
    let start = at(Zone::Wib, "2027-03-05 10:00");
    assert_eq!(start, utc("2027-03-05 03:00"));
    let end = clock(Zone::Wib).deadline(start, Budget::working_days(3), &[]);
    assert_eq!(end, Some(utc("2027-03-18 03:00")));
}

#[test]
fn the_same_utc_instant_is_still_friday_in_wib_but_already_saturday_in_wit() {
    // 15:30 UTC on Friday 2 October 2026 is Friday 22:30 WIB, Friday 23:30 WITA and Saturday 00:30
    // WIT. Of the next hour, WIB counts all, WITA half, WIT nothing.
    let start = utc("2026-10-02 15:30");
    let end = utc("2026-10-02 16:30");
    let counted = |zone| clock(zone).counted(ClockUnit::WorkingDays, start, end, &[]);
    assert_eq!(counted(Zone::Wib), HOUR);
    assert_eq!(counted(Zone::Wita), HOUR / 2);
    assert_eq!(counted(Zone::Wit), 0);
    // At 17:00 UTC it is Saturday everywhere in Indonesia.
    for zone in [Zone::Wib, Zone::Wita, Zone::Wit] {
        let saturday = clock(zone).counted(
            ClockUnit::WorkingDays,
            utc("2026-10-02 17:00"),
            utc("2026-10-02 18:00"),
            &[],
        );
        assert_eq!(saturday, 0, "{zone}");
    }
    // One working day: WIB uses 1.5 h of Friday and 22.5 h of Monday (due Monday 22:30 WIB);
    // WIT starts on Monday 00:00 WIT and is due at Tuesday 00:00 WIT, which is earlier in UTC.
    let one_day = Budget::working_days(1);
    assert_eq!(
        clock(Zone::Wib).deadline(start, one_day, &[]),
        Some(utc("2026-10-05 15:30"))
    );
    assert_eq!(
        clock(Zone::Wit).deadline(start, one_day, &[]),
        Some(utc("2026-10-05 15:00"))
    );
}

#[test]
fn a_pause_shifts_the_deadline_by_the_counted_time_it_covers() {
    let zone = Zone::Wib;
    let start = at(zone, "2026-10-02 15:00");
    let budget = Budget::working_days(3);
    // Two hours on Monday: two hours later.
    let monday = pause(zone, "2026-10-05 10:00", "2026-10-05 12:00");
    assert_eq!(due(zone, start, budget, &[monday]), "Wed 2026-10-07 17:00");
    // Friday 20:00 to Monday 02:00 covers 4 counted hours of Friday and 2 of Monday.
    let weekend = pause(zone, "2026-10-02 20:00", "2026-10-05 02:00");
    assert_eq!(due(zone, start, budget, &[weekend]), "Wed 2026-10-07 21:00");
    let used = clock(zone).counted(
        ClockUnit::WorkingDays,
        start,
        at(zone, "2026-10-06 00:00"),
        &[weekend],
    );
    assert_eq!(used, 33 * HOUR - 6 * HOUR);
}

#[test]
fn a_pause_on_a_weekend_shifts_nothing_under_working_days_but_does_on_all_days() {
    let zone = Zone::Wib;
    let start = at(zone, "2026-10-02 15:00");
    let saturday = pause(zone, "2026-10-03 10:00", "2026-10-03 12:00");
    assert_eq!(
        due(zone, start, Budget::working_days(3), &[saturday]),
        "Wed 2026-10-07 15:00"
    );
    assert_eq!(
        due(zone, start, Budget::hours(24), &[saturday]),
        "Sat 2026-10-03 17:00"
    );
}

#[test]
fn overlapping_pauses_count_once_and_pauses_before_the_start_do_not_count() {
    let zone = Zone::Wib;
    let start = at(zone, "2026-10-02 15:00");
    let pauses = [
        pause(zone, "2026-10-05 11:00", "2026-10-05 13:00"),
        pause(zone, "2026-10-05 10:00", "2026-10-05 12:00"),
        pause(zone, "2026-10-01 09:00", "2026-10-02 10:00"),
        // Inverted: empty.
        pause(zone, "2026-10-06 12:00", "2026-10-06 09:00"),
    ];
    assert_eq!(
        due(zone, start, Budget::working_days(3), &pauses),
        "Wed 2026-10-07 18:00"
    );
    // A pause under way when the case arrives: the clock starts when it ends.
    let straddling = pause(zone, "2026-10-02 12:00", "2026-10-02 18:00");
    assert_eq!(
        due(zone, start, Budget::hours(1), &[straddling]),
        "Fri 2026-10-02 19:00"
    );
}

#[test]
fn an_open_pause_stops_the_clock() {
    let zone = Zone::Wib;
    let start = at(zone, "2026-10-02 15:00");
    let open = Pause {
        from: at(zone, "2026-10-05 09:00"),
        to: None,
    };
    let c = clock(zone);
    assert_eq!(c.deadline(start, Budget::working_days(3), &[open]), None);
    // 66 hours run from Friday 15:00 to Monday 09:00.
    assert_eq!(c.deadline(start, Budget::hours(72), &[open]), None);
    // Short enough budgets are reached before it starts.
    assert_eq!(
        due(zone, start, Budget::hours(9), &[open]),
        "Sat 2026-10-03 00:00"
    );
    let later = at(zone, "2026-10-09 00:00");
    assert_eq!(
        c.counted(ClockUnit::WorkingDays, start, later, &[open]),
        18 * HOUR
    );
    // Open since before the start: nothing counts, but an empty budget is due at once.
    let before = Pause {
        from: at(zone, "2026-10-01 00:00"),
        to: None,
    };
    assert_eq!(c.counted(ClockUnit::AllDays, start, later, &[before]), 0);
    assert_eq!(c.deadline(start, Budget::hours(1), &[before]), None);
    assert_eq!(c.deadline(start, Budget::hours(0), &[before]), Some(start));
}

#[test]
fn an_empty_budget_is_due_at_once_and_time_running_backwards_counts_nothing() {
    let c = clock(Zone::Wib);
    let start = utc("2026-10-03 03:00");
    assert_eq!(c.deadline(start, Budget::working_days(0), &[]), Some(start));
    let negative = Budget {
        unit: ClockUnit::WorkingDays,
        seconds: -5,
    };
    assert_eq!(c.deadline(start, negative, &[]), Some(start));
    assert_eq!(
        c.counted(ClockUnit::AllDays, start, utc("2026-10-01 00:00"), &[]),
        0
    );
}

#[test]
fn budgets_count_seconds_and_scale_to_whole_seconds() {
    assert_eq!(Budget::hours(24).seconds, 86_400);
    assert_eq!(Budget::hours(24).unit, ClockUnit::AllDays);
    assert_eq!(Budget::days(60).seconds, 60 * 86_400);
    assert_eq!(Budget::working_days(3).seconds, 259_200);
    assert_eq!(Budget::working_days(3).unit, ClockUnit::WorkingDays);
    assert_eq!(
        Budget::working_days(4).scaled(0.75),
        Budget::working_days(3)
    );
    assert_eq!(Budget::hours(1).scaled(0.5).seconds, 1_800);
    let three = Budget {
        unit: ClockUnit::AllDays,
        seconds: 3,
    };
    assert_eq!(three.scaled(0.5).seconds, 2);
    assert_eq!(three.scaled(-1.0).seconds, 0);
    assert_eq!(three.scaled(f64::NAN).seconds, 0);
    assert_eq!(Budget::working_days(2).scaled(1.0 / 3.0).seconds, 57_600);
}

#[test]
fn days_beyond_the_listed_years_count_as_ordinary_weekdays() {
    // 2030 is not listed: 60 working days from Monday 7 January are twelve whole weeks, used up
    // at the end of Friday 29 March.
    let start = at(Zone::Wib, "2030-01-07 00:00");
    assert_eq!(
        due(Zone::Wib, start, Budget::working_days(60), &[]),
        "Sat 2030-03-30 00:00"
    );
    let c = clock(Zone::Wib);
    let year = c.counted(
        ClockUnit::WorkingDays,
        at(Zone::Wib, "2030-01-01 00:00"),
        at(Zone::Wib, "2031-01-01 00:00"),
        &[],
    );
    assert_eq!(year, 261 * 86_400);
}

#[test]
fn a_year_of_working_days_follows_the_decree() {
    // 2025 has 261 weekdays; 24 of its 28 days off fall on one (Nyepi, Easter, Pancasila day and
    // Independence Day fall on a weekend).
    let calendar = Calendar::embedded();
    let weekday_days_off = calendar
        .days_in(2025)
        .filter(|h| !matches!(h.date.weekday(), Weekday::Sat | Weekday::Sun))
        .count() as i64;
    let counted = clock(Zone::Wib).counted(
        ClockUnit::WorkingDays,
        at(Zone::Wib, "2025-01-01 00:00"),
        at(Zone::Wib, "2026-01-01 00:00"),
        &[],
    );
    assert_eq!(counted, (261 - weekday_days_off) * 86_400);
    assert_eq!(weekday_days_off, 24);
}

#[test]
fn an_absurd_budget_has_no_deadline() {
    let budget = Budget {
        unit: ClockUnit::WorkingDays,
        seconds: i64::MAX,
    };
    let start = utc("2026-01-01 00:00");
    assert_eq!(clock(Zone::Wib).deadline(start, budget, &[]), None);
    // Eleven million years of working days are past the last date chrono can hold.
    let largest = Budget::working_days(u32::MAX);
    assert_eq!(clock(Zone::Wit).deadline(start, largest, &[]), None);
    // A million working days (some 3,800 years) are fine, and quick thanks to the week jumps.
    let million = Budget::working_days(1_000_000);
    let c = clock(Zone::Wit);
    let due = c.deadline(start, million, &[]).unwrap();
    assert_eq!(
        c.counted(ClockUnit::WorkingDays, start, due, &[]),
        million.seconds
    );
}

/// Counted seconds by brute force: every local day from chrono, its window cut by the union of
/// the pauses.
fn reference_counted(zone: Zone, unit: ClockUnit, start: i64, end: i64, pauses: &[Pause]) -> i64 {
    if end <= start {
        return 0;
    }
    let offset = zone.offset();
    let calendar = Calendar::embedded();
    let mut date = DateTime::from_timestamp(start, 0)
        .unwrap()
        .with_timezone(&offset)
        .date_naive();
    let mut total = 0;
    loop {
        let day_start = offset
            .from_local_datetime(&date.and_hms_opt(0, 0, 0).unwrap())
            .unwrap()
            .timestamp();
        if day_start >= end {
            return total;
        }
        let (lo, hi) = (day_start.max(start), (day_start + 86_400).min(end));
        if hi > lo && (unit == ClockUnit::AllDays || calendar.is_working_day(date)) {
            let mut cuts: Vec<(i64, i64)> = pauses
                .iter()
                .map(|p| {
                    let to = p.to.map_or(hi, |t| t.timestamp().min(hi));
                    (p.from.timestamp().max(lo), to)
                })
                .filter(|(a, b)| b > a)
                .collect();
            cuts.sort_unstable();
            let (mut covered, mut cursor) = (0, lo);
            for (a, b) in cuts {
                let a = a.max(cursor);
                if b > a {
                    covered += b - a;
                    cursor = b;
                }
            }
            total += hi - lo - covered;
        }
        date = date.succ_opt().unwrap();
    }
}

/// The deadline by bisection over [`reference_counted`], looking at most `horizon` seconds ahead.
fn reference_deadline(
    zone: Zone,
    start: i64,
    budget: Budget,
    pauses: &[Pause],
    horizon: i64,
) -> Option<i64> {
    if budget.seconds <= 0 {
        return Some(start);
    }
    let count = |t| reference_counted(zone, budget.unit, start, t, pauses);
    let (mut lo, mut hi) = (start, start + horizon);
    if count(hi) < budget.seconds {
        return None;
    }
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if count(mid) >= budget.seconds {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Some(lo)
}

fn zone_strategy() -> impl Strategy<Value = Zone> {
    prop_oneof![Just(Zone::Wib), Just(Zone::Wita), Just(Zone::Wit)]
}

/// Unix seconds from December 2024 to January 2027: listed years and the edge of 2024.
fn start_strategy() -> impl Strategy<Value = i64> {
    1_733_011_200i64..1_800_000_000
}

fn pauses_strategy(start: i64) -> impl Strategy<Value = Vec<Pause>> {
    let one = (-5 * DAY..40 * DAY, prop::option::weighted(0.85, 0..6 * DAY)).prop_map(
        move |(offset, length)| {
            let from = start + offset;
            Pause {
                from: DateTime::from_timestamp(from, 0).unwrap(),
                to: length.map(|l| DateTime::from_timestamp(from + l, 0).unwrap()),
            }
        },
    );
    prop::collection::vec(one, 0..3)
}

fn budget_strategy() -> impl Strategy<Value = Budget> {
    prop_oneof![
        (0..30 * DAY).prop_map(|seconds| Budget {
            unit: ClockUnit::WorkingDays,
            seconds
        }),
        (0..20 * DAY).prop_map(|seconds| Budget {
            unit: ClockUnit::AllDays,
            seconds
        }),
    ]
}

fn case_strategy() -> impl Strategy<Value = (Zone, i64, Budget, Vec<Pause>)> {
    (zone_strategy(), start_strategy(), budget_strategy()).prop_flat_map(|(zone, start, budget)| {
        (
            Just(zone),
            Just(start),
            Just(budget),
            pauses_strategy(start),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn the_deadline_agrees_with_a_brute_force_clock((zone, start, budget, pauses) in case_strategy()) {
        let got = clock(zone)
            .deadline(DateTime::from_timestamp(start, 0).unwrap(), budget, &pauses)
            .map(|t| t.timestamp());
        let want = reference_deadline(zone, start, budget, &pauses, 120 * DAY);
        prop_assert_eq!(got, want);
    }

    #[test]
    fn counting_up_to_the_deadline_gives_back_the_budget((zone, start, budget, pauses) in case_strategy()) {
        let c = clock(zone);
        let start = DateTime::from_timestamp(start, 0).unwrap();
        if let Some(end) = c.deadline(start, budget, &pauses) {
            prop_assert_eq!(c.counted(budget.unit, start, end, &pauses), budget.seconds);
        }
    }

    #[test]
    fn counted_agrees_with_a_brute_force_clock(
        (zone, start, _, pauses) in case_strategy(),
        length in 0..90 * DAY,
        working in any::<bool>(),
    ) {
        let unit = if working { ClockUnit::WorkingDays } else { ClockUnit::AllDays };
        let c = clock(zone);
        let got = c.counted(
            unit,
            DateTime::from_timestamp(start, 0).unwrap(),
            DateTime::from_timestamp(start + length, 0).unwrap(),
            &pauses,
        );
        prop_assert_eq!(got, reference_counted(zone, unit, start, start + length, &pauses));
    }

    #[test]
    fn a_larger_budget_is_never_due_earlier(
        (zone, start, budget, pauses) in case_strategy(),
        more in 0..5 * DAY,
    ) {
        let c = clock(zone);
        let start = DateTime::from_timestamp(start, 0).unwrap();
        let larger = Budget { seconds: budget.seconds + more, ..budget };
        let (a, b) = (c.deadline(start, budget, &pauses), c.deadline(start, larger, &pauses));
        match (a, b) {
            (Some(a), Some(b)) => prop_assert!(a <= b),
            (None, Some(_)) => prop_assert!(false, "a smaller budget had no deadline"),
            _ => {}
        }
    }

    #[test]
    fn long_budgets_jump_weeks_without_changing_the_answer(
        zone in zone_strategy(),
        start in 1_700_000_000i64..1_950_000_000,
        days in 0u32..400,
    ) {
        let budget = Budget::working_days(days);
        let got = clock(zone)
            .deadline(DateTime::from_timestamp(start, 0).unwrap(), budget, &[])
            .map(|t| t.timestamp());
        prop_assert_eq!(got, reference_deadline(zone, start, budget, &[], 700 * DAY));
    }
}
