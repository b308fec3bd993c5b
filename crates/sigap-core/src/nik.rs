//! NIK, the 16-digit population number: `PP KK CC DDMMYY SSSS` — province, regency and district
//! of first registration, birth date (day + 40 for women), serial. Shape can be checked;
//! authenticity cannot without the civil registry.

use std::fmt;

use crate::{FieldError, Sex, region::province_name};

/// A NIK whose shape is valid. It prints masked everywhere (`Debug`, `Display`, logs).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Nik(String);

impl Nik {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        let err = |code: &'static str, id: String, en: String| FieldError::new("nik", code, id, en);
        if s.len() != 16 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err(
                "invalid_nik",
                "NIK harus 16 angka.".into(),
                "A NIK has exactly 16 digits.".into(),
            ));
        }
        let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
        if province_name(&s[..2]).is_none() {
            return Err(err(
                "invalid_nik_province",
                format!("Dua angka pertama NIK ({}) bukan kode provinsi.", &s[..2]),
                format!(
                    "The first two digits of the NIK ({}) are not a province code.",
                    &s[..2]
                ),
            ));
        }
        if num(2..4) == 0 || num(4..6) == 0 {
            return Err(err(
                "invalid_nik_region",
                "Kode kabupaten/kota atau kecamatan dalam NIK tidak sah.".into(),
                "The regency or district code inside the NIK is not valid.".into(),
            ));
        }
        let (day, month, year) = (num(6..8), num(8..10), num(10..12));
        let day = if day > 40 { day - 40 } else { day };
        if !is_valid_date(day, month, year) {
            return Err(err(
                "invalid_nik_birth_date",
                "Tanggal lahir dalam NIK (angka ke-7 sampai ke-12) tidak sah.".into(),
                "The birth date inside the NIK (digits 7 to 12) is not a valid date.".into(),
            ));
        }
        if num(12..16) == 0 {
            return Err(err(
                "invalid_nik_serial",
                "Nomor urut NIK (4 angka terakhir) tidak boleh 0000.".into(),
                "The NIK's serial (last four digits) cannot be 0000.".into(),
            ));
        }
        Ok(Nik(s))
    }

    /// The sixteen digits, for storage. Never log or show this.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The sex that the birth-date field encodes (day + 40 for women).
    pub fn sex(&self) -> Sex {
        if self.0[6..8].parse::<u32>().unwrap_or(0) > 40 {
            Sex::Perempuan
        } else {
            Sex::LakiLaki
        }
    }

    /// The region digits kept, the rest hidden: `3201**********`.
    pub fn masked(&self) -> String {
        format!("{}{}", &self.0[..4], "*".repeat(12))
    }
}

/// Two-digit years are ambiguous between centuries; 29 February is accepted whenever either
/// century makes it a leap day (any year divisible by 4, 00 included thanks to 2000).
fn is_valid_date(day: u32, month: u32, year: u32) -> bool {
    let max = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year.is_multiple_of(4) => 29,
        2 => 28,
        _ => return false,
    };
    (1..=max).contains(&day)
}

impl fmt::Debug for Nik {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Nik({})", self.masked())
    }
}

impl fmt::Display for Nik {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_well_formed_nik_is_accepted_and_prints_masked() {
        let nik = Nik::parse("3201 0512 0890 0003").unwrap();
        assert_eq!(nik.expose(), "3201051208900003");
        assert_eq!(format!("{nik:?}"), "Nik(3201************)");
        assert_eq!(nik.to_string(), "3201************");
        assert_eq!(nik.sex(), Sex::LakiLaki);
    }

    #[test]
    fn a_woman_s_birth_day_is_shifted_by_forty() {
        let nik = Nik::parse("3201055208900003").unwrap();
        assert_eq!(nik.sex(), Sex::Perempuan);
        assert_eq!(
            Nik::parse("3201057108900003").unwrap().sex(),
            Sex::Perempuan
        );
        assert_eq!(
            Nik::parse("3201057208900003").unwrap_err().code,
            "invalid_nik_birth_date"
        );
    }

    #[test]
    fn each_kind_of_malformed_nik_gets_its_own_code() {
        let cases = [
            ("123", "invalid_nik"),
            ("320105120890000a", "invalid_nik"),
            ("2001051208900003", "invalid_nik_province"),
            ("3200051208900003", "invalid_nik_region"),
            ("3201053208900003", "invalid_nik_birth_date"),
            ("3201051213900003", "invalid_nik_birth_date"),
            ("3201053002900003", "invalid_nik_birth_date"),
            ("3201051208900000", "invalid_nik_serial"),
        ];
        for (input, code) in cases {
            assert_eq!(Nik::parse(input).unwrap_err().code, code, "{input}");
        }
    }

    #[test]
    fn twenty_ninth_of_february_needs_a_year_divisible_by_four() {
        assert!(Nik::parse("3201052902000003").is_ok());
        assert!(Nik::parse("3201052902960003").is_ok());
        assert!(Nik::parse("3201052902970003").is_err());
    }

    proptest! {
        #[test]
        fn parse_never_panics(s in "\\PC{0,24}") {
            let _ = Nik::parse(&s);
        }

        #[test]
        fn any_sixteen_digits_either_parse_or_name_a_reason(s in "[0-9]{16}") {
            match Nik::parse(&s) {
                Ok(n) => prop_assert_eq!(n.expose(), s.as_str()),
                Err(e) => prop_assert!(e.code.starts_with("invalid_nik")),
            }
        }
    }
}
