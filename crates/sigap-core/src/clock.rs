//! The SLA clock: how much of a time budget has been used between two instants, and the instant
//! at which a budget runs out, counting every second or only the seconds of working days in the
//! case's zone, and never the seconds of a pause.
//!
//! # Semantics
//!
//! - Time is counted in whole seconds: fractions of a second in the instants passed in are dropped.
//! - Under [`ClockUnit::AllDays`] every second counts. Under [`ClockUnit::WorkingDays`] a second
//!   counts only if it falls on a working day *in the case's local zone* ([`Zone`]): the whole
//!   local calendar day from 00:00 to 24:00, Monday to Friday, not a national holiday and not cuti
//!   bersama ([`Calendar::is_working_day`]). Office hours play no part.
//! - A second inside a [`Pause`] (`from` included, `to` excluded) never counts, under either unit.
//!   Pauses may overlap each other or the start; an open pause (no `to`) stops the clock for good.
//! - A budget is a number of counted seconds: N working days are N × 86 400 seconds counted under
//!   `WorkingDays`, N hours are N × 3 600 seconds counted under `AllDays`.
//! - [`Clock::deadline`] is the earliest instant at which the seconds counted since `start` reach
//!   the budget. A case received on Friday at 15:00 with 3 working days is due on Wednesday at
//!   15:00 (9 hours on Friday, Monday, Tuesday, 15 hours on Wednesday); one received on a Saturday
//!   starts counting on Monday at 00:00 and is due on Thursday at 00:00; a budget used up at the
//!   end of a Friday falls due at Saturday 00:00, not on Monday.
//! - Days of a year the calendar does not list ([`Calendar::years`]) are ordinary days: Monday to
//!   Friday count. So a deadline that reaches into a year whose holidays are not yet loaded comes
//!   out early, never late.
//!
//! The clock walks whole days, not seconds, and jumps whole weeks where the calendar lists no day
//! off, so a deadline 60 working days away takes a few microseconds.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, Zone};

const DAY: i64 = 86_400;
const WEEK: i64 = 7 * DAY;
/// The counted seconds of a week without a day off.
const WORK_WEEK: i64 = 5 * DAY;
/// 1970-01-01 counted from 0001-01-01 as day 1, as `NaiveDate::num_days_from_ce` does.
const EPOCH_DAYS_FROM_CE: i64 = 719_163;
/// Budgets above this (about 278,000 years) have no representable deadline.
const MAX_BUDGET_SECONDS: i64 = 1 << 43;

crate::slug_enum! {
    /// Which seconds a clock counts.
    ClockUnit, field = "unit", code = "unknown_clock_unit", what = ("Satuan waktu", "clock unit") {
        /// Every second (a time limit in hours or calendar days).
        AllDays = "all_days", "Semua hari", "All days";
        /// The seconds of working days in the case's zone (a time limit in working days).
        WorkingDays = "working_days", "Hari kerja", "Working days";
    }
}

/// A time limit: how many seconds of which kind may pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Budget {
    pub unit: ClockUnit,
    /// Counted seconds; zero or less is due at once.
    pub seconds: i64,
}

impl Budget {
    /// `n` hours, counted on all days (the clock of an urgent case).
    pub const fn hours(n: u32) -> Budget {
        Budget {
            unit: ClockUnit::AllDays,
            seconds: n as i64 * 3_600,
        }
    }

    /// `n` calendar days of 24 hours, counted on all days.
    pub const fn days(n: u32) -> Budget {
        Budget {
            unit: ClockUnit::AllDays,
            seconds: n as i64 * DAY,
        }
    }

    /// `n` working days of 24 counted hours each.
    pub const fn working_days(n: u32) -> Budget {
        Budget {
            unit: ClockUnit::WorkingDays,
            seconds: n as i64 * DAY,
        }
    }

    /// A fraction of this budget in the same unit, rounded to the whole second (half away from
    /// zero): `Budget::working_days(4).scaled(0.75)` is the "at risk" point after 3 working days.
    /// A negative or non-finite fraction gives an empty budget.
    pub fn scaled(self, fraction: f64) -> Budget {
        let seconds = (self.seconds as f64 * fraction).round();
        Budget {
            unit: self.unit,
            // `as` saturates; NaN and negatives become an empty budget.
            seconds: if seconds > 0.0 { seconds as i64 } else { 0 },
        }
    }
}

/// A stretch of time during which the clock stops (waiting for the complainant, say).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Pause {
    pub from: DateTime<Utc>,
    /// `None` while the pause lasts.
    pub to: Option<DateTime<Utc>>,
}

/// The SLA clock of one case: the calendar and the zone in which its days are read.
#[derive(Debug, Clone, Copy)]
pub struct Clock<'a> {
    calendar: &'a Calendar,
    zone: Zone,
}

impl<'a> Clock<'a> {
    pub fn new(calendar: &'a Calendar, zone: Zone) -> Self {
        Clock { calendar, zone }
    }

    pub fn zone(&self) -> Zone {
        self.zone
    }

    /// The seconds counted under `unit` from `start` to `end`, pauses left out; 0 if `end` is not
    /// after `start`.
    pub fn counted(
        &self,
        unit: ClockUnit,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        pauses: &[Pause],
    ) -> i64 {
        let (start, end) = (start.timestamp(), end.timestamp());
        if end <= start {
            return 0;
        }
        let days = self.days();
        let mut total = 0;
        for (from, until) in running(start, pauses) {
            if from >= end {
                break;
            }
            let until = until.map_or(end, |u| u.min(end));
            total += match unit {
                ClockUnit::AllDays => until - from,
                ClockUnit::WorkingDays => days.working_seconds(from, until),
            };
        }
        total
    }

    /// The earliest instant at which the seconds counted since `start` reach `budget`: `start`
    /// itself for an empty budget, `None` when an open pause stops the clock first (or, for an
    /// absurd budget, when the instant is beyond what a date can hold).
    pub fn deadline(
        &self,
        start: DateTime<Utc>,
        budget: Budget,
        pauses: &[Pause],
    ) -> Option<DateTime<Utc>> {
        if budget.seconds <= 0 {
            return Some(start);
        }
        if budget.seconds > MAX_BUDGET_SECONDS {
            return None;
        }
        let days = self.days();
        let mut left = budget.seconds;
        for (from, until) in running(start.timestamp(), pauses) {
            let reached = match budget.unit {
                ClockUnit::AllDays => match until {
                    Some(until) if until - from < left => Err(until - from),
                    _ => Ok(from + left),
                },
                ClockUnit::WorkingDays => days.advance(from, until, left),
            };
            match reached {
                Ok(at) => return DateTime::from_timestamp(at, 0),
                Err(used) => left -= used,
            }
        }
        None
    }

    fn days(&self) -> Days<'a> {
        Days {
            calendar: self.calendar,
            offset: i64::from(self.zone.offset().local_minus_utc()),
        }
    }
}

/// The stretches `[from, until)` of Unix seconds from `start` on during which the clock runs, in
/// order. The last is unbounded (`until` is `None`) unless an open pause stops the clock.
fn running(start: i64, pauses: &[Pause]) -> Vec<(i64, Option<i64>)> {
    let mut stops: Vec<(i64, Option<i64>)> = pauses
        .iter()
        .map(|p| (p.from.timestamp(), p.to.map(|t| t.timestamp())))
        .filter(|&(from, to)| to.is_none_or(|to| to > from.max(start)))
        .collect();
    stops.sort_unstable();
    let mut runs = Vec::with_capacity(stops.len() + 1);
    let mut cursor = start;
    for (from, to) in stops {
        if from > cursor {
            runs.push((cursor, Some(from)));
        }
        match to {
            Some(to) => cursor = cursor.max(to),
            None => return runs,
        }
    }
    runs.push((cursor, None));
    runs
}

/// Local days as numbers (days since 1970-01-01 in the zone) over Unix seconds.
struct Days<'a> {
    calendar: &'a Calendar,
    /// Seconds east of UTC.
    offset: i64,
}

impl Days<'_> {
    fn day_of(&self, t: i64) -> i64 {
        (t + self.offset).div_euclid(DAY)
    }

    /// The Unix second at which local day `day` starts.
    fn start_of(&self, day: i64) -> i64 {
        day * DAY - self.offset
    }

    fn date(day: i64) -> Option<NaiveDate> {
        i32::try_from(day + EPOCH_DAYS_FROM_CE)
            .ok()
            .and_then(NaiveDate::from_num_days_from_ce_opt)
    }

    /// Monday is 0 (1970-01-01 was a Thursday).
    fn weekday(day: i64) -> i64 {
        (day + 3).rem_euclid(7)
    }

    fn is_working(&self, day: i64) -> bool {
        Self::weekday(day) < 5 && Self::date(day).is_none_or(|d| self.calendar.holiday(d).is_none())
    }

    /// How many whole weeks from Monday `day` on hold no listed day off (each has exactly five
    /// working days).
    fn free_weeks(&self, day: i64) -> i64 {
        let next = Self::date(day).and_then(|d| self.calendar.next_listed(d));
        match next {
            Some(next) => (i64::from(next.num_days_from_ce()) - EPOCH_DAYS_FROM_CE - day) / 7,
            None => i64::MAX,
        }
    }

    /// The working seconds in `[from, until)`, `from < until`.
    fn working_seconds(&self, from: i64, until: i64) -> i64 {
        let last = self.day_of(until - 1);
        let mut day = self.day_of(from);
        let mut total = 0;
        while day <= last {
            let day_start = self.start_of(day);
            if Self::weekday(day) == 0 && day_start >= from && last - day >= 7 {
                // Whole weeks that end before the last (maybe partial) day.
                let weeks = ((last - day) / 7).min(self.free_weeks(day));
                if weeks > 0 {
                    total += weeks * WORK_WEEK;
                    day += weeks * 7;
                    continue;
                }
            }
            if self.is_working(day) {
                total += until.min(day_start + DAY) - from.max(day_start);
            }
            day += 1;
        }
        total
    }

    /// The earliest second `t` in `[from, until]` with `left` working seconds in `[from, t)`, or
    /// the working seconds of `[from, until)` when there are fewer. `left > 0`.
    fn advance(&self, from: i64, until: Option<i64>, mut left: i64) -> Result<i64, i64> {
        let wanted = left;
        let mut day = self.day_of(from);
        loop {
            let day_start = self.start_of(day);
            if until.is_some_and(|u| day_start >= u) {
                return Err(wanted - left);
            }
            if Self::weekday(day) == 0 && day_start >= from && left > WORK_WEEK {
                // Whole weeks that leave at least one second to find by walking.
                let mut weeks = ((left - 1) / WORK_WEEK).min(self.free_weeks(day));
                if let Some(u) = until {
                    weeks = weeks.min((u - day_start) / WEEK);
                }
                if weeks > 0 {
                    left -= weeks * WORK_WEEK;
                    day += weeks * 7;
                    continue;
                }
            }
            if self.is_working(day) {
                let lo = from.max(day_start);
                let hi = until.map_or(day_start + DAY, |u| u.min(day_start + DAY));
                if hi - lo >= left {
                    return Ok(lo + left);
                }
                left -= hi - lo;
            }
            day += 1;
        }
    }
}

#[cfg(test)]
mod tests;
