//! Writing CSV (RFC 4180): fields quoted when they hold a comma, a quote or a line break, and
//! text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) prefixed with `'`.

use std::fmt::Write;

/// Appends one field (without the separator).
pub fn field(out: &mut String, value: &str) {
    let formula =
        value.starts_with(['=', '+', '-', '@', '\t', '\r']) && value.parse::<f64>().is_err();
    let quote = formula || value.contains([',', '"', '\n', '\r']);
    if quote {
        out.push('"');
        if formula {
            out.push('\'');
        }
        for c in value.chars() {
            if c == '"' {
                out.push('"');
            }
            out.push(c);
        }
        out.push('"');
    } else {
        out.push_str(value);
    }
}

/// Appends one record and its CRLF.
pub fn record<'a>(out: &mut String, fields: impl IntoIterator<Item = &'a str>) {
    for (i, f) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        field(out, f);
    }
    out.push_str("\r\n");
}

/// A number as a field, empty when absent.
pub fn num<T: std::fmt::Display>(value: Option<T>) -> String {
    let mut s = String::new();
    if let Some(v) = value {
        let _ = write!(s, "{v}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_needed_and_formulas_are_defused() {
        let mut out = String::new();
        record(
            &mut out,
            ["a", "b,c", "say \"hi\"", "=SUM(A1)", "-3.5", "baris\nbaru"],
        );
        assert_eq!(
            out,
            "a,\"b,c\",\"say \"\"hi\"\"\",\"'=SUM(A1)\",-3.5,\"baris\nbaru\"\r\n"
        );
    }
}
