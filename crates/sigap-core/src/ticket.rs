//! The short human ticket number: `SGP-2611-00042` — the year and month of filing in WIB
//! (UTC+7, the ministry's zone) and that month's serial, at least five digits.

use std::fmt;

use chrono::{DateTime, Datelike, FixedOffset, Utc};

use crate::FieldError;

#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TicketNumber(String);

impl TicketNumber {
    /// The ticket for the `serial`-th complaint of `period` (see [`TicketNumber::period`]).
    pub fn new(period: &str, serial: u64) -> Self {
        TicketNumber(format!("SGP-{period}-{serial:05}"))
    }

    /// The `YYMM` period a complaint filed at `at` belongs to, in WIB.
    pub fn period(at: DateTime<Utc>) -> String {
        let wib = FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset");
        let local = at.with_timezone(&wib);
        format!("{:02}{:02}", local.year() % 100, local.month())
    }

    /// Parses what a person types: case and surrounding spaces do not matter.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let s = input.trim().to_ascii_uppercase();
        let ok = s.len() <= 24
            && match s.split('-').collect::<Vec<_>>().as_slice() {
                ["SGP", period, serial] => {
                    period.len() == 4
                        && period.bytes().all(|b| b.is_ascii_digit())
                        && serial.len() >= 5
                        && serial.bytes().all(|b| b.is_ascii_digit())
                }
                _ => false,
            };
        if ok {
            Ok(TicketNumber(s))
        } else {
            Err(FieldError::new(
                "ticket",
                "invalid_ticket",
                format!(
                    "Nomor tiket {:?} tidak sah. Contoh: SGP-2611-00042.",
                    input.trim()
                ),
                format!(
                    "Ticket number {:?} is not valid. Example: SGP-2611-00042.",
                    input.trim()
                ),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TicketNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for TicketNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TicketNumber({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_period_is_the_month_in_wib() {
        let late_on_31_october_utc = Utc.with_ymd_and_hms(2026, 10, 31, 18, 0, 0).unwrap();
        assert_eq!(TicketNumber::period(late_on_31_october_utc), "2611");
        let t = TicketNumber::new("2611", 42);
        assert_eq!(t.as_str(), "SGP-2611-00042");
        assert_eq!(
            TicketNumber::new("2611", 123_456).as_str(),
            "SGP-2611-123456"
        );
    }

    #[test]
    fn typed_tickets_parse_whatever_the_case() {
        assert_eq!(
            TicketNumber::parse(" sgp-2611-00042 ").unwrap().as_str(),
            "SGP-2611-00042"
        );
        for bad in [
            "",
            "SGP-2611-42",
            "SGP-26X1-00042",
            "XYZ-2611-00042",
            "SGP-2611-00042-1",
        ] {
            assert!(TicketNumber::parse(bad).is_err(), "{bad}");
        }
    }
}
