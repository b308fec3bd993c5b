//! The error a parser gives for one field: a stable code and a message in both languages.

use serde::Serialize;

/// One problem with one field of a request, shown to the person who sent it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    /// The field's path in the request, dotted (`reporter.phone`).
    pub field: String,
    /// A stable snake_case code (`invalid_phone`), documented in `docs/API.md`.
    pub code: &'static str,
    /// The message in Bahasa Indonesia.
    pub message: String,
    /// The same message in English.
    pub message_en: String,
}

impl FieldError {
    pub fn new(
        field: impl Into<String>,
        code: &'static str,
        message: impl Into<String>,
        message_en: impl Into<String>,
    ) -> Self {
        Self {
            field: field.into(),
            code,
            message: message.into(),
            message_en: message_en.into(),
        }
    }

    /// The same error for another field path (parsers do not know where their value sits).
    pub fn at(mut self, field: impl Into<String>) -> Self {
        self.field = field.into();
        self
    }

    pub fn required(field: impl Into<String>) -> Self {
        Self::new(field, "required", "Wajib diisi.", "This field is required.")
    }

    pub fn too_long(field: impl Into<String>, max: usize) -> Self {
        Self::new(
            field,
            "too_long",
            format!("Terlalu panjang (paling banyak {max} karakter)."),
            format!("Too long (at most {max} characters)."),
        )
    }
}

/// Keeps the parsed value, or records its error under `field` and gives `None`, so that a
/// request's problems are all reported at once.
pub fn take<T>(errors: &mut Vec<FieldError>, field: &str, r: Result<T, FieldError>) -> Option<T> {
    r.map_err(|e| errors.push(e.at(field))).ok()
}
