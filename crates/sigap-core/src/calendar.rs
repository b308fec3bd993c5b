//! Indonesia's working-day calendar: the national holidays and cuti bersama of
//! `data/calendar/holidays.tsv` (origin in its `SOURCE.md`), days that administrators add, and the
//! three time zones in which a case's local day is read.

use std::collections::{BTreeMap, BTreeSet, btree_map};
use std::sync::LazyLock;

use chrono::{Datelike, FixedOffset, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use thiserror::Error;

crate::slug_enum! {
    /// Why a weekday is not a working day.
    DayKind, field = "kind", code = "unknown_day_kind", what = ("Jenis hari libur", "kind of day off") {
        /// A national holiday, fixed each year by the joint decree of the Ministers of Religious
        /// Affairs, Manpower and PANRB (SKB 3 Menteri) under the presidential decree on holidays.
        LiburNasional = "libur_nasional", "Libur nasional", "National holiday";
        /// Collective leave, fixed by the same joint decree; government offices close.
        CutiBersama = "cuti_bersama", "Cuti bersama", "Collective leave";
    }
}

/// One day off.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Holiday {
    pub date: NaiveDate,
    pub kind: DayKind,
    /// The day's name in Indonesian, as the decree words it (`Idulfitri 1447 Hijriah`).
    pub name: String,
}

/// A problem in a holiday list, with its 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CalendarError {
    #[error(
        "holiday list line {line}: expected 3 tab-separated fields (date, kind, name), found {found}"
    )]
    Fields { line: usize, found: usize },
    #[error("holiday list line {line}: {value:?} is not a date in the form YYYY-MM-DD")]
    BadDate { line: usize, value: String },
    #[error("holiday list line {line}: unknown kind {value:?} (libur_nasional or cuti_bersama)")]
    UnknownKind { line: usize, value: String },
    #[error("holiday list line {line}: the name is empty")]
    EmptyName { line: usize },
    #[error("holiday list line {line}: {date} is already listed on line {first}")]
    DuplicateDate {
        line: usize,
        date: NaiveDate,
        first: usize,
    },
}

/// `data/calendar/holidays.tsv`, compiled in.
pub const HOLIDAYS_TSV: &str = include_str!("../../../data/calendar/holidays.tsv");

static EMBEDDED: LazyLock<Calendar> = LazyLock::new(|| match Calendar::parse_tsv(HOLIDAYS_TSV) {
    Ok(calendar) => calendar,
    Err(e) => panic!("the holiday list compiled into sigap-core is invalid: {e}"),
});

/// The days off of some years. A working day is Monday to Friday and not listed here.
///
/// Days of a year the list does not cover are ordinary days: only Saturdays and Sundays are off.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    days: BTreeMap<NaiveDate, Holiday>,
    /// The years of the official lists read by [`Calendar::parse_tsv`].
    years: BTreeSet<i32>,
}

impl Calendar {
    /// The shipped calendar (`data/calendar/holidays.tsv`), parsed on first use.
    pub fn embedded() -> &'static Calendar {
        &EMBEDDED
    }

    /// Reads a holiday list: one `date<TAB>kind<TAB>name` row a day, `#` comments and blank
    /// lines ignored (format in `data/calendar/SOURCE.md`). Errors name the line.
    pub fn parse_tsv(tsv: &str) -> Result<Calendar, CalendarError> {
        let mut days = BTreeMap::new();
        let mut line_of: BTreeMap<NaiveDate, usize> = BTreeMap::new();
        for (i, raw) in tsv.lines().enumerate() {
            let line = i + 1;
            let text = raw.trim_end_matches('\r');
            if text.trim().is_empty() || text.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = text.split('\t').collect();
            let [date, kind, name] = fields[..] else {
                return Err(CalendarError::Fields {
                    line,
                    found: fields.len(),
                });
            };
            let date = parse_date(date.trim()).ok_or_else(|| CalendarError::BadDate {
                line,
                value: date.to_owned(),
            })?;
            let kind = DayKind::parse(kind.trim()).map_err(|_| CalendarError::UnknownKind {
                line,
                value: kind.to_owned(),
            })?;
            let name = name.trim();
            if name.is_empty() {
                return Err(CalendarError::EmptyName { line });
            }
            if let Some(&first) = line_of.get(&date) {
                return Err(CalendarError::DuplicateDate { line, date, first });
            }
            line_of.insert(date, line);
            days.insert(
                date,
                Holiday {
                    date,
                    kind,
                    name: name.to_owned(),
                },
            );
        }
        let years = days.keys().map(|d| d.year()).collect();
        Ok(Calendar { days, years })
    }

    /// The same calendar with days that administrators added (a local holiday, a decree's late
    /// amendment). An added day replaces a listed one of the same date. Added days do not change
    /// [`Calendar::years`].
    pub fn with_days(mut self, extra: impl IntoIterator<Item = Holiday>) -> Calendar {
        for holiday in extra {
            self.days.insert(holiday.date, holiday);
        }
        self
    }

    /// True on Monday to Friday unless the day is a national holiday or cuti bersama.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !self.days.contains_key(&date)
    }

    /// The holiday or cuti bersama on `date`, if any (weekends included: a holiday may fall on one).
    pub fn holiday(&self, date: NaiveDate) -> Option<&Holiday> {
        self.days.get(&date)
    }

    /// The days off of `year`, in date order.
    pub fn days_in(&self, year: i32) -> impl Iterator<Item = &Holiday> + '_ {
        let bounds = NaiveDate::from_ymd_opt(year, 1, 1).zip(NaiveDate::from_ymd_opt(year, 12, 31));
        bounds
            .into_iter()
            .flat_map(move |(first, last)| self.days.range(first..=last).map(|(_, h)| h))
    }

    /// Every day off, in date order.
    pub fn iter(&self) -> btree_map::Values<'_, NaiveDate, Holiday> {
        self.days.values()
    }

    /// The years whose official list this calendar holds, in order. Other years are counted as
    /// ordinary years (weekends only), so a caller can warn when a deadline reaches past them.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.iter().copied()
    }

    /// The first listed day on or after `date`.
    pub(crate) fn next_listed(&self, date: NaiveDate) -> Option<NaiveDate> {
        self.days.range(date..).next().map(|(d, _)| *d)
    }
}

/// `YYYY-MM-DD` with four, two and two digits.
fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

crate::slug_enum! {
    /// Indonesia's three time zones, by Keputusan Presiden (Keppres) No. 41 of 1987 on the division
    /// of Indonesia into three time zones, in force since 1 January 1988. Indonesia has no
    /// daylight saving time, so each zone is a fixed offset from UTC.
    Zone, field = "zone", code = "unknown_zone", what = ("Zona waktu", "time zone") {
        /// Waktu Indonesia Barat, UTC+7: Sumatra, Java, West and Central Kalimantan.
        Wib = "wib", "WIB", "Western Indonesia Time (UTC+7)";
        /// Waktu Indonesia Tengah, UTC+8: Bali, Nusa Tenggara, South, East and North Kalimantan,
        /// Sulawesi.
        Wita = "wita", "WITA", "Central Indonesia Time (UTC+8)";
        /// Waktu Indonesia Timur, UTC+9: Maluku and the Papua provinces.
        Wit = "wit", "WIT", "Eastern Indonesia Time (UTC+9)";
    }
}

const fn hours_east(hours: i32) -> FixedOffset {
    match FixedOffset::east_opt(hours * 3600) {
        Some(offset) => offset,
        None => panic!("an offset of fewer than 24 hours is valid"),
    }
}

const WIB: FixedOffset = hours_east(7);
const WITA: FixedOffset = hours_east(8);
const WIT: FixedOffset = hours_east(9);

impl Zone {
    /// An instant as people in this zone read it: `2026-03-25 09:00 WIB`.
    pub fn local(self, at: chrono::DateTime<chrono::Utc>) -> String {
        format!(
            "{} {}",
            at.with_timezone(&self.offset()).format("%Y-%m-%d %H:%M"),
            self.label()
        )
    }

    /// The zone's fixed offset from UTC.
    pub fn offset(self) -> FixedOffset {
        match self {
            Zone::Wib => WIB,
            Zone::Wita => WITA,
            Zone::Wit => WIT,
        }
    }

    /// The zone of a place, from the two-digit province prefix of its Kemendagri code
    /// (`31.72.05.1002` is DKI Jakarta, so WIB), following Keppres 41/1987: WIB for Sumatra
    /// (11–21), Java (31–36), West and Central Kalimantan (61, 62); WITA for Bali and Nusa Tenggara
    /// (51–53), South, East and North Kalimantan (63–65) and Sulawesi (71–76); WIT for Maluku,
    /// North Maluku (81, 82) and the Papua provinces (91–97). An empty or unknown code gives WIB,
    /// the zone of the ministry's seat.
    pub fn for_region(code: &str) -> Zone {
        let province = code
            .trim()
            .get(..2)
            .filter(|p| p.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|p| p.parse::<u8>().ok());
        match province {
            Some(51..=53 | 63..=65 | 71..=76) => Zone::Wita,
            Some(81 | 82 | 91..=97) => Zone::Wit,
            _ => Zone::Wib,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::region::PROVINCES;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn count(calendar: &Calendar, year: i32, kind: DayKind) -> usize {
        calendar.days_in(year).filter(|h| h.kind == kind).count()
    }

    #[test]
    fn the_shipped_list_parses_and_holds_the_decreed_counts_of_2025_to_2027() {
        let calendar = Calendar::embedded();
        assert_eq!(calendar.years().collect::<Vec<_>>(), [2025, 2026, 2027]);
        // 2025: 17 + 10 days by SKB 1017/2024, plus 18 August by the amendment of 7 August 2025.
        assert_eq!(count(calendar, 2025, DayKind::LiburNasional), 17);
        assert_eq!(count(calendar, 2025, DayKind::CutiBersama), 11);
        // 2026: 17 + 8 days by SKB 1497/2025.
        assert_eq!(count(calendar, 2026, DayKind::LiburNasional), 17);
        assert_eq!(count(calendar, 2026, DayKind::CutiBersama), 8);
        // 2027: 18 + 8 days (Isra Mikraj twice: 1448 and 1449 H).
        assert_eq!(count(calendar, 2027, DayKind::LiburNasional), 18);
        assert_eq!(count(calendar, 2027, DayKind::CutiBersama), 8);
        assert_eq!(calendar.days_in(2028).count(), 0);
        assert_eq!(calendar.iter().count(), 79);
    }

    #[test]
    fn every_cuti_bersama_is_named_as_one_and_falls_on_a_weekday() {
        for h in Calendar::embedded().iter() {
            if h.kind == DayKind::CutiBersama {
                assert!(h.name.starts_with("Cuti bersama "), "{h:?}");
                assert!(
                    !matches!(h.date.weekday(), Weekday::Sat | Weekday::Sun),
                    "{h:?}"
                );
            } else {
                assert!(!h.name.starts_with("Cuti"), "{h:?}");
            }
        }
    }

    #[test]
    fn weekdays_holidays_and_cuti_bersama_decide_a_working_day() {
        let calendar = Calendar::embedded();
        assert!(
            calendar.is_working_day(date("2025-04-08")),
            "Tuesday after Lebaran"
        );
        assert!(!calendar.is_working_day(date("2025-04-05")), "a Saturday");
        assert!(!calendar.is_working_day(date("2025-03-31")), "Idulfitri");
        assert!(!calendar.is_working_day(date("2025-04-07")), "cuti bersama");
        assert!(
            !calendar.is_working_day(date("2025-08-18")),
            "added in August 2025"
        );
        let nyepi = calendar.holiday(date("2025-03-29")).unwrap();
        assert_eq!(nyepi.kind, DayKind::LiburNasional);
        assert_eq!(nyepi.name, "Hari Suci Nyepi (Tahun Baru Saka 1947)");
        assert!(calendar.holiday(date("2025-04-08")).is_none());
        // 2027: Lebaran week (Nyepi Monday, cuti bersama, Idulfitri) and the Monday after it.
        for day in [
            "2027-03-08",
            "2027-03-09",
            "2027-03-10",
            "2027-03-11",
            "2027-03-12",
            "2027-03-15",
        ] {
            assert!(!calendar.is_working_day(date(day)), "{day}");
        }
        assert!(
            calendar.is_working_day(date("2027-03-16")),
            "Tuesday after Lebaran 2027"
        );
        assert_eq!(
            calendar.holiday(date("2027-03-10")).unwrap().name,
            "Idulfitri 1448 Hijriah"
        );
    }

    #[test]
    fn days_of_an_unlisted_year_are_ordinary_days() {
        let calendar = Calendar::embedded();
        assert!(calendar.is_working_day(date("2030-01-01")), "a Tuesday");
        assert!(!calendar.is_working_day(date("2030-01-05")), "a Saturday");
    }

    #[test]
    fn comments_blank_lines_and_crlf_are_accepted() {
        let calendar =
            Calendar::parse_tsv("# header\r\n\r\n2025-01-01\tlibur_nasional\tTahun Baru\r\n")
                .unwrap();
        assert_eq!(
            calendar.holiday(date("2025-01-01")).unwrap().name,
            "Tahun Baru"
        );
    }

    #[test]
    fn parse_errors_name_the_line() {
        let cases = [
            (
                "# c\n2025-01-01\tlibur_nasional\n",
                CalendarError::Fields { line: 2, found: 2 },
            ),
            (
                "2025-02-30\tlibur_nasional\tX\n",
                CalendarError::BadDate {
                    line: 1,
                    value: "2025-02-30".into(),
                },
            ),
            (
                "\n2025-1-01\tlibur_nasional\tX\n",
                CalendarError::BadDate {
                    line: 2,
                    value: "2025-1-01".into(),
                },
            ),
            (
                "2025-01-01\tlibur\tX\n",
                CalendarError::UnknownKind {
                    line: 1,
                    value: "libur".into(),
                },
            ),
            (
                "2025-01-01\tcuti_bersama\t \n",
                CalendarError::EmptyName { line: 1 },
            ),
            (
                "2025-01-01\tlibur_nasional\tA\n# c\n2025-01-01\tcuti_bersama\tB\n",
                CalendarError::DuplicateDate {
                    line: 3,
                    date: date("2025-01-01"),
                    first: 1,
                },
            ),
        ];
        for (tsv, want) in cases {
            assert_eq!(Calendar::parse_tsv(tsv).unwrap_err(), want, "{tsv:?}");
        }
        let message = Calendar::parse_tsv("2025-01-01\tlibur\tX")
            .unwrap_err()
            .to_string();
        assert!(message.contains("line 1"), "{message}");
    }

    #[test]
    fn an_added_day_replaces_a_listed_one_and_adds_no_year() {
        let local = Holiday {
            date: date("2028-03-10"),
            kind: DayKind::LiburNasional,
            name: "Libur daerah".into(),
        };
        let replaced = Holiday {
            date: date("2026-12-24"),
            kind: DayKind::LiburNasional,
            name: "Malam Natal (ditetapkan ulang)".into(),
        };
        let calendar = Calendar::embedded()
            .clone()
            .with_days([local.clone(), replaced.clone()]);
        assert!(!calendar.is_working_day(local.date));
        assert_eq!(calendar.holiday(replaced.date), Some(&replaced));
        assert_eq!(calendar.days_in(2026).count(), 25);
        assert_eq!(calendar.years().collect::<Vec<_>>(), [2025, 2026, 2027]);
    }

    #[test]
    fn zones_follow_the_province_prefix() {
        assert_eq!(Zone::for_region("31.72.05.1002"), Zone::Wib);
        assert_eq!(Zone::for_region("3172051002"), Zone::Wib);
        assert_eq!(Zone::for_region("51.71"), Zone::Wita);
        assert_eq!(Zone::for_region("64"), Zone::Wita);
        assert_eq!(Zone::for_region("62.01"), Zone::Wib);
        assert_eq!(Zone::for_region("94.01"), Zone::Wit);
        assert_eq!(Zone::for_region(""), Zone::Wib);
        assert_eq!(Zone::for_region("x1.02"), Zone::Wib);
        assert_eq!(Zone::for_region("+9.01"), Zone::Wib);
        assert_eq!(Zone::for_region("99"), Zone::Wib);
    }

    #[test]
    fn every_province_has_the_zone_of_keppres_41_1987() {
        let wita = [
            "51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76",
        ];
        let wit = ["81", "82", "91", "92", "93", "94", "95", "96"];
        let mut by_zone = [0; 3];
        for (code, name) in PROVINCES {
            let want = if wita.contains(&code) {
                Zone::Wita
            } else if wit.contains(&code) {
                Zone::Wit
            } else {
                Zone::Wib
            };
            assert_eq!(Zone::for_region(code), want, "{code} {name}");
            by_zone[want as usize] += 1;
        }
        assert_eq!(by_zone, [18, 12, 8]);
    }

    #[test]
    fn zone_offsets_and_labels() {
        assert_eq!(Zone::Wib.offset().local_minus_utc(), 7 * 3600);
        assert_eq!(Zone::Wita.offset().local_minus_utc(), 8 * 3600);
        assert_eq!(Zone::Wit.offset().local_minus_utc(), 9 * 3600);
        assert_eq!(Zone::Wita.label(), "WITA");
        assert_eq!(Zone::parse("wit"), Ok(Zone::Wit));
        assert_eq!(DayKind::parse("cuti_bersama"), Ok(DayKind::CutiBersama));
    }
}
