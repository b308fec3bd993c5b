//! Request fields that many endpoints share, parsed one way: a calendar day, the acting
//! person's name, the expected version of a case, a page size.

use axum::http::HeaderMap;
use chrono::NaiveDate;
use sigap_core::FieldError;

/// `YYYY-MM-DD`.
pub fn day(field: &str, value: &str) -> Result<NaiveDate, FieldError> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| {
        FieldError::new(
            field,
            "invalid_date",
            "Tanggal harus berbentuk YYYY-MM-DD.",
            "The date must be YYYY-MM-DD.",
        )
    })
}

/// The version a change expects, from the body or from `If-Match: "3"` (or `3`).
pub fn expected_version(
    body: Option<i64>,
    headers: &HeaderMap,
    errors: &mut Vec<FieldError>,
) -> Option<i64> {
    if body.is_some() {
        return body;
    }
    let v = headers.get(axum::http::header::IF_MATCH)?;
    let parsed = v
        .to_str()
        .ok()
        .map(|s| s.trim().trim_start_matches("W/").trim_matches('"'))
        .and_then(|s| s.parse().ok());
    if parsed.is_none() {
        errors.push(FieldError::new(
            "header.if-match",
            "invalid_version",
            "If-Match harus berisi nomor versi kasus.",
            "If-Match must hold the case's version number.",
        ));
    }
    parsed
}

/// A page size of 1–500, `default` when absent.
pub fn limit(value: Option<u32>, default: u32, errors: &mut Vec<FieldError>) -> u32 {
    let limit = value.unwrap_or(default);
    if !(1..=500).contains(&limit) {
        errors.push(FieldError::new(
            "limit",
            "out_of_range",
            "limit harus antara 1 dan 500.",
            "limit must be between 1 and 500.",
        ));
    }
    limit
}
