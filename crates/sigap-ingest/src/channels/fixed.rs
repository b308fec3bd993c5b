//! The ministry's old fixed message format for WhatsApp and SMS complaints,
//! `Nama lengkap NIK Alamat lengkap Isi aduan` (as the ministry announced it in 2020 for its
//! complaint number: the four fields one after another). People write it in many ways, so the
//! reader is tolerant:
//!
//! - fields separated by `#`, `;`, `|` or line breaks: `Siti#3201…#Jl. Mawar 7 Bogor#Nenek…`;
//!   a field may carry its label (`Nama: Siti`, `NIK: 3201…`, `Alamat: …`, `Aduan: …`);
//! - separated by spaces only: the 16-digit NIK is the anchor — the words before it are the
//!   name, the words after it the complaint (the address cannot be told apart from the
//!   complaint without separators, so it stays in the description).
//!
//! A message with no 16-digit number is not in the format ([`parse`] answers `None`). A NIK
//! that fails [`Nik::parse`] is reported in [`Fixed::nik_error`] and not kept.

use sigap_core::{FieldError, Nik};

/// The fields of a message in the fixed format.
#[derive(Debug, Clone, PartialEq)]
pub struct Fixed {
    pub name: Option<String>,
    pub nik: Option<Nik>,
    /// Why the 16-digit number is not a valid NIK.
    pub nik_error: Option<FieldError>,
    pub address: Option<String>,
    pub description: String,
}

const LABELS: &[&str] = &[
    "nama lengkap",
    "nama",
    "nik",
    "no ktp",
    "nomor ktp",
    "alamat lengkap",
    "alamat",
    "isi aduan",
    "isi pengaduan",
    "aduan",
    "pengaduan",
];

/// Drops a leading label (`Nama:`, `NIK :`, `Alamat -`) from a field.
fn unlabel(field: &str) -> &str {
    let f = field.trim();
    let lower = f.to_lowercase();
    for label in LABELS {
        if lower.starts_with(label) {
            let rest = f[label.len()..].trim_start();
            if let Some(r) = rest.strip_prefix([':', '=', '-']) {
                return r.trim();
            }
        }
    }
    f
}

fn is_nik_like(s: &str) -> bool {
    let digits: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-'))
        .collect();
    digits.len() == 16 && digits.bytes().all(|b| b.is_ascii_digit())
}

fn text(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// Reads a message in the fixed format; `None` when it is not in it.
pub fn parse(message: &str) -> Option<Fixed> {
    let fields: Vec<&str> = message
        .split(['#', ';', '|', '\n'])
        .map(|f| unlabel(f.trim_end_matches('\r')))
        .filter(|f| !f.is_empty())
        .collect();
    let (name, nik_raw, address, description) =
        if let Some(i) = fields.iter().position(|f| is_nik_like(f)) {
            let name = fields[..i].join(" ");
            let rest = &fields[i + 1..];
            let (address, description) = match rest {
                [] => (None, String::new()),
                [only] => (None, (*only).to_owned()),
                [address, more @ ..] => (text(address), more.join("\n")),
            };
            (text(&name), fields[i].to_owned(), address, description)
        } else {
            // Spaces only: the first 16-digit word is the NIK.
            let words: Vec<&str> = message.split_whitespace().collect();
            let i = words.iter().position(|w| is_nik_like(w))?;
            (
                text(&words[..i].join(" ")),
                words[i].to_owned(),
                None,
                words[i + 1..].join(" "),
            )
        };
    let (nik, nik_error) = match Nik::parse(&nik_raw) {
        Ok(n) => (Some(n), None),
        Err(e) => (None, Some(e)),
    };
    Some(Fixed {
        name,
        nik,
        nik_error,
        address,
        description: description.trim().to_owned(),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn hashes_semicolons_lines_and_labels_give_the_same_fields() {
        let forms = [
            "Siti Aminah#3201055208900003#Jl. Mawar 7, Bogor#Nenek saya sakit dan tinggal sendiri",
            "Siti Aminah; 3201055208900003; Jl. Mawar 7, Bogor; Nenek saya sakit dan tinggal sendiri",
            "Nama: Siti Aminah\nNIK: 3201055208900003\nAlamat: Jl. Mawar 7, Bogor\nIsi aduan: Nenek saya sakit dan tinggal sendiri",
        ];
        for f in forms {
            let p = parse(f).unwrap();
            assert_eq!(p.name.as_deref(), Some("Siti Aminah"), "{f}");
            assert_eq!(
                p.nik.as_ref().map(Nik::expose),
                Some("3201055208900003"),
                "{f}"
            );
            assert_eq!(p.address.as_deref(), Some("Jl. Mawar 7, Bogor"), "{f}");
            assert_eq!(p.description, "Nenek saya sakit dan tinggal sendiri", "{f}");
        }
    }

    #[test]
    fn spaces_only_anchor_on_the_nik_and_a_bad_nik_is_reported() {
        let p = parse("Siti Aminah 3201055208900003 Nenek saya sakit").unwrap();
        assert_eq!(
            (p.name.as_deref(), p.address, p.description.as_str()),
            (Some("Siti Aminah"), None, "Nenek saya sakit")
        );
        let bad = parse("Budi#9901055208900003#Jl. Kenanga#Anak terlantar di pasar").unwrap();
        assert!(bad.nik.is_none());
        assert_eq!(bad.nik_error.unwrap().code, "invalid_nik_province");
        assert!(parse("Tolong nenek saya sakit di Bogor").is_none());
    }
}
