//! Phone numbers, normalised to E.164 (`+6281234567890`). Indonesian forms (`0812…`, `62812…`,
//! `+62 812-…`) and landlines (`021…`) are understood; other countries need their `+` prefix.

use std::fmt;

use crate::FieldError;

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let s = input.trim();
        let invalid = || {
            FieldError::new(
                "phone",
                "invalid_phone",
                format!("Nomor telepon {s:?} tidak sah. Contoh: 081234567890 atau +6281234567890."),
                format!(
                    "Phone number {s:?} is not valid. Example: 081234567890 or +6281234567890."
                ),
            )
        };
        if s.chars()
            .any(|c| !(c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')' | '+')))
            || s.rfind('+').is_some_and(|i| i != 0)
        {
            return Err(invalid());
        }
        let digits: String = s.chars().filter(char::is_ascii_digit).collect();
        let e164 = if s.starts_with('+') {
            digits
        } else if let Some(rest) = digits.strip_prefix('0') {
            format!("62{rest}")
        } else if digits.starts_with("62") {
            digits
        } else {
            return Err(invalid());
        };
        let ok = if let Some(national) = e164.strip_prefix("62") {
            (8..=12).contains(&national.len()) && !national.starts_with('0')
        } else {
            (8..=15).contains(&e164.len()) && !e164.starts_with('0')
        };
        if !ok {
            return Err(invalid());
        }
        Ok(PhoneNumber(format!("+{e164}")))
    }

    /// The full number in E.164, for storage and for calling back. Never log it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `+62812****7890`: enough for a caller to recognise, not enough to call.
    pub fn masked(&self) -> String {
        let n = self.0.len();
        let keep_start = 6.min(n);
        let keep_end = 4.min(n - keep_start);
        format!(
            "{}{}{}",
            &self.0[..keep_start],
            "*".repeat(n - keep_start - keep_end),
            &self.0[n - keep_end..]
        )
    }
}

impl fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PhoneNumber({})", self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indonesian_forms_normalise_to_e164() {
        for input in [
            "081234567890",
            "6281234567890",
            "+62 812-3456-7890",
            "(0812) 3456 7890",
        ] {
            assert_eq!(
                PhoneNumber::parse(input).unwrap().expose(),
                "+6281234567890",
                "{input}"
            );
        }
        assert_eq!(
            PhoneNumber::parse("021 5551234").unwrap().expose(),
            "+62215551234"
        );
        assert_eq!(
            PhoneNumber::parse("+60123456789").unwrap().expose(),
            "+60123456789"
        );
    }

    #[test]
    fn garbage_and_wrong_lengths_are_refused() {
        for bad in [
            "",
            "0812",
            "abc",
            "08123456789012345",
            "812345678",
            "08+12345678",
            "0812345678x",
        ] {
            assert_eq!(
                PhoneNumber::parse(bad).unwrap_err().code,
                "invalid_phone",
                "{bad}"
            );
        }
    }

    #[test]
    fn a_phone_number_prints_masked() {
        let p = PhoneNumber::parse("081234567890").unwrap();
        assert_eq!(p.masked(), "+62812****7890");
        assert_eq!(format!("{p:?}"), "PhoneNumber(+62812****7890)");
    }
}
