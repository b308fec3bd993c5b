//! Kemendagri region codes in dotted form: province `31`, regency/city `31.72`,
//! district `31.72.05`, village `31.72.05.1002`.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::FieldError;

/// The four levels of Indonesian administration.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RegionLevel {
    Province,
    Regency,
    District,
    Village,
}

impl RegionLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            RegionLevel::Province => "province",
            RegionLevel::Regency => "regency",
            RegionLevel::District => "district",
            RegionLevel::Village => "village",
        }
    }
}

/// A region code whose shape is valid. Whether the region exists is the gazetteer's business.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RegionCode(String);

impl RegionCode {
    /// Parses a dotted code (`32.01.05`), or the undotted form people copy from forms
    /// (`320105`, `3201052001`), into the dotted form.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let s = input.trim();
        let invalid = || {
            FieldError::new(
                "region_code",
                "invalid_region_code",
                format!(
                    "Kode wilayah {s:?} tidak sah. Gunakan kode Kemendagri bertitik, misalnya 32.01 atau 31.72.05.1002."
                ),
                format!(
                    "Region code {s:?} is not valid. Use a dotted Kemendagri code such as 32.01 or 31.72.05.1002."
                ),
            )
        };
        let parts: Vec<&str> = if s.contains('.') {
            s.split('.').collect()
        } else {
            match s.len() {
                2 => vec![&s[..2]],
                4 if s.is_ascii() => vec![&s[..2], &s[2..4]],
                6 if s.is_ascii() => vec![&s[..2], &s[2..4], &s[4..6]],
                10 if s.is_ascii() => vec![&s[..2], &s[2..4], &s[4..6], &s[6..10]],
                _ => return Err(invalid()),
            }
        };
        let widths = [2, 2, 2, 4];
        if parts.is_empty() || parts.len() > 4 {
            return Err(invalid());
        }
        for (part, width) in parts.iter().zip(widths) {
            if part.len() != width || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid());
            }
        }
        if province_name(parts[0]).is_none() {
            return Err(FieldError::new(
                "region_code",
                "unknown_province",
                format!("Kode provinsi {:?} tidak ada.", parts[0]),
                format!("There is no province with code {:?}.", parts[0]),
            ));
        }
        Ok(RegionCode(parts.join(".")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn level(&self) -> RegionLevel {
        match self.0.matches('.').count() {
            0 => RegionLevel::Province,
            1 => RegionLevel::Regency,
            2 => RegionLevel::District,
            _ => RegionLevel::Village,
        }
    }

    /// The enclosing region, or `None` for a province.
    pub fn parent(&self) -> Option<RegionCode> {
        self.0
            .rfind('.')
            .map(|i| RegionCode(self.0[..i].to_owned()))
    }

    /// The two-digit province code.
    pub fn province(&self) -> &str {
        &self.0[..2]
    }

    /// True when `self` is `other` or lies inside it (`32.01.05` is within `32.01`).
    pub fn is_within(&self, other: &RegionCode) -> bool {
        self.0 == other.0
            || (self.0.starts_with(&other.0) && self.0.as_bytes().get(other.0.len()) == Some(&b'.'))
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RegionCode({})", self.0)
    }
}

impl Serialize for RegionCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl utoipa::PartialSchema for RegionCode {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$"))
            .description(Some(
                "A Kemendagri region code: province `32`, regency `32.04`, district `32.04.13`, \
                 village `32.04.13.2001`.",
            ))
            .examples([serde_json::json!("32.04")])
            .into()
    }
}

impl utoipa::ToSchema for RegionCode {}

impl<'de> Deserialize<'de> for RegionCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        RegionCode::parse(&s).map_err(|e| serde::de::Error::custom(e.message_en))
    }
}

/// The 38 provinces of Kepmendagri 300.2.2-2430/2025, by code. The full gazetteer (regencies,
/// districts, villages) lives in `data/regions/`; this list is what the domain needs on its own
/// (checking a NIK's province, refusing an impossible code).
pub const PROVINCES: [(&str, &str); 38] = [
    ("11", "Aceh"),
    ("12", "Sumatera Utara"),
    ("13", "Sumatera Barat"),
    ("14", "Riau"),
    ("15", "Jambi"),
    ("16", "Sumatera Selatan"),
    ("17", "Bengkulu"),
    ("18", "Lampung"),
    ("19", "Kepulauan Bangka Belitung"),
    ("21", "Kepulauan Riau"),
    ("31", "DKI Jakarta"),
    ("32", "Jawa Barat"),
    ("33", "Jawa Tengah"),
    ("34", "DI Yogyakarta"),
    ("35", "Jawa Timur"),
    ("36", "Banten"),
    ("51", "Bali"),
    ("52", "Nusa Tenggara Barat"),
    ("53", "Nusa Tenggara Timur"),
    ("61", "Kalimantan Barat"),
    ("62", "Kalimantan Tengah"),
    ("63", "Kalimantan Selatan"),
    ("64", "Kalimantan Timur"),
    ("65", "Kalimantan Utara"),
    ("71", "Sulawesi Utara"),
    ("72", "Sulawesi Tengah"),
    ("73", "Sulawesi Selatan"),
    ("74", "Sulawesi Tenggara"),
    ("75", "Gorontalo"),
    ("76", "Sulawesi Barat"),
    ("81", "Maluku"),
    ("82", "Maluku Utara"),
    ("91", "Papua"),
    ("92", "Papua Barat"),
    ("93", "Papua Selatan"),
    ("94", "Papua Tengah"),
    ("95", "Papua Pegunungan"),
    ("96", "Papua Barat Daya"),
];

/// The name of the province with this two-digit code.
pub fn province_name(code: &str) -> Option<&'static str> {
    PROVINCES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn dotted_and_undotted_codes_parse_to_the_dotted_form() {
        assert_eq!(RegionCode::parse("32.01").unwrap().as_str(), "32.01");
        assert_eq!(RegionCode::parse("3201").unwrap().as_str(), "32.01");
        assert_eq!(
            RegionCode::parse(" 3172051002 ").unwrap().as_str(),
            "31.72.05.1002"
        );
    }

    #[test]
    fn malformed_codes_and_unknown_provinces_are_refused() {
        for bad in [
            "",
            "3",
            "32.1",
            "32.01.5",
            "32.01.05.12",
            "ab.cd",
            "32.01.05.1002.1",
            "32..01",
        ] {
            assert_eq!(
                RegionCode::parse(bad).unwrap_err().code,
                "invalid_region_code",
                "{bad}"
            );
        }
        assert_eq!(
            RegionCode::parse("20").unwrap_err().code,
            "unknown_province"
        );
    }

    #[test]
    fn levels_parents_and_containment_follow_the_dots() {
        let v = RegionCode::parse("31.72.05.1002").unwrap();
        assert_eq!(v.level(), RegionLevel::Village);
        assert_eq!(v.parent().unwrap().as_str(), "31.72.05");
        assert_eq!(v.province(), "31");
        assert!(v.is_within(&RegionCode::parse("31.72").unwrap()));
        assert!(
            !RegionCode::parse("32.11")
                .unwrap()
                .is_within(&RegionCode::parse("32.01").unwrap())
        );
        assert!(RegionCode::parse("32").unwrap().parent().is_none());
    }

    #[test]
    fn thirty_eight_provinces_with_distinct_codes() {
        let mut codes: Vec<_> = PROVINCES.iter().map(|(c, _)| *c).collect();
        codes.dedup();
        assert_eq!(codes.len(), 38);
    }

    proptest! {
        #[test]
        fn parse_never_panics_and_accepted_codes_round_trip(s in "\\PC{0,16}") {
            if let Ok(code) = RegionCode::parse(&s) {
                prop_assert_eq!(RegionCode::parse(code.as_str()).unwrap(), code);
            }
        }
    }
}
