//! E-mail addresses, checked for shape only (one `@`, a dotted domain, no spaces).

use std::fmt;

use crate::FieldError;

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let s = input.trim();
        let ok = s.len() <= 254
            && !s.chars().any(|c| c.is_whitespace() || c.is_control())
            && match s.split_once('@') {
                Some((local, domain)) => {
                    !local.is_empty()
                        && local.len() <= 64
                        && !domain.contains('@')
                        && domain.split('.').count() >= 2
                        && domain.split('.').all(|l| !l.is_empty())
                }
                None => false,
            };
        if ok {
            Ok(Email(s.to_owned()))
        } else {
            Err(FieldError::new(
                "email",
                "invalid_email",
                format!("Alamat e-mail {s:?} tidak sah."),
                format!("E-mail address {s:?} is not valid."),
            ))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `s***@contoh.id`
    pub fn masked(&self) -> String {
        let (local, domain) = self.0.split_once('@').unwrap_or((&self.0, ""));
        let first: String = local.chars().take(1).collect();
        format!("{first}***@{domain}")
    }
}

impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Email({})", self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_of_addresses() {
        assert_eq!(
            Email::parse(" siti@contoh.id ").unwrap().masked(),
            "s***@contoh.id"
        );
        for bad in [
            "",
            "siti",
            "siti@",
            "@contoh.id",
            "siti@contoh",
            "si ti@contoh.id",
            "a@b@c.id",
            "a@b..id",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }
}
