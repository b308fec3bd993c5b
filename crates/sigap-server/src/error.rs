//! The one error type of the HTTP side, and its mapping to RFC 9457 `application/problem+json`.
//! Codes are stable snake_case words documented in `docs/API.md`.

use axum::{
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Serialize;
use sigap_core::FieldError;
use sigap_store::StoreError;

#[derive(Debug)]
pub enum ApiError {
    /// The body is not JSON at all, or a header is malformed (400).
    BadRequest {
        code: &'static str,
        detail: String,
        detail_en: String,
    },
    /// Well-formed, but some fields are wrong (422), one message per field.
    Validation(Vec<FieldError>),
    Unauthorized,
    /// A signed delivery (a webhook) without a valid signature from a known sender (401).
    BadSignature,
    Forbidden {
        detail: String,
        detail_en: String,
    },
    NotFound {
        what: &'static str,
    },
    /// The request conflicts with the state of the resource (409).
    Conflict {
        code: &'static str,
        detail: String,
        detail_en: String,
        extra: serde_json::Value,
    },
    PayloadTooLarge {
        limit: usize,
    },
    UnsupportedMediaType,
    MethodNotAllowed,
    /// The database is unreachable or overloaded (503); safe to retry.
    Unavailable,
    /// Anything else (500). The cause is logged, never shown.
    Internal(String),
}

#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: String,
    title: &'a str,
    status: u16,
    code: &'a str,
    detail: String,
    detail_en: String,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    errors: &'a [FieldError],
    #[serde(flatten, skip_serializing_if = "serde_json::Value::is_null")]
    extra: serde_json::Value,
}

impl ApiError {
    pub fn validation(errors: Vec<FieldError>) -> Self {
        ApiError::Validation(errors)
    }

    pub fn bad_request(
        code: &'static str,
        detail: impl Into<String>,
        detail_en: impl Into<String>,
    ) -> Self {
        ApiError::BadRequest {
            code,
            detail: detail.into(),
            detail_en: detail_en.into(),
        }
    }

    fn parts(&self) -> (StatusCode, &'static str, String, String) {
        match self {
            ApiError::BadRequest { code, detail, detail_en } => {
                (StatusCode::BAD_REQUEST, code, detail.clone(), detail_en.clone())
            }
            ApiError::Validation(errors) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
                format!("Ada {} isian yang perlu diperbaiki.", errors.len()),
                format!("{} field(s) need to be corrected.", errors.len()),
            ),
            ApiError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "Perlu masuk dulu, atau token API (header Authorization: Bearer …).".into(),
                "Sign in first, or send an API token (Authorization: Bearer …).".into(),
            ),
            ApiError::BadSignature => (
                StatusCode::UNAUTHORIZED,
                "invalid_signature",
                "Tanda tangan kiriman tidak ada atau tidak cocok: periksa pengirim, waktu dan rahasianya."
                    .into(),
                "The delivery's signature is missing or does not match: check its sender, time and secret."
                    .into(),
            ),
            ApiError::Forbidden { detail, detail_en } => {
                (StatusCode::FORBIDDEN, "forbidden", detail.clone(), detail_en.clone())
            }
            ApiError::NotFound { what } => (
                StatusCode::NOT_FOUND,
                "not_found",
                format!("{what} tidak ditemukan."),
                format!("{what} not found."),
            ),
            ApiError::Conflict { code, detail, detail_en, .. } => {
                (StatusCode::CONFLICT, code, detail.clone(), detail_en.clone())
            }
            ApiError::PayloadTooLarge { limit } => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                format!("Isi permintaan terlalu besar (batas {limit} bita)."),
                format!("The request body is too large (limit {limit} bytes)."),
            ),
            ApiError::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "Kirim isi permintaan sebagai JSON (Content-Type: application/json).".into(),
                "Send the request body as JSON (Content-Type: application/json).".into(),
            ),
            ApiError::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "Metode HTTP ini tidak tersedia untuk alamat ini.".into(),
                "This HTTP method is not available for this address.".into(),
            ),
            ApiError::Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "Basis data sedang tidak dapat dijangkau. Coba lagi sebentar lagi.".into(),
                "The database cannot be reached right now. Try again shortly.".into(),
            ),
            ApiError::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal_error",
                "Terjadi kesalahan di server. Laporan Anda tidak hilang jika sudah mendapat nomor tiket.".into(),
                "Something went wrong on the server.".into(),
            ),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, detail, detail_en) = self.parts();
        if let ApiError::Internal(cause) = &self {
            tracing::error!(error = %cause, "request failed");
        }
        let errors: &[FieldError] = match &self {
            ApiError::Validation(e) => e,
            _ => &[],
        };
        let extra = match &self {
            ApiError::Conflict { extra, .. } => extra.clone(),
            _ => serde_json::Value::Null,
        };
        let problem = Problem {
            kind: format!("urn:sigap:problem:{code}"),
            title: status.canonical_reason().unwrap_or("Error"),
            status: status.as_u16(),
            code,
            detail,
            detail_en,
            errors,
            extra,
        };
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response = (status, body).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if code == "unauthorized" {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// Names what was not found: `store.get_case(id).await.or_not_found("Kasus")?` answers a 404
/// saying "Kasus tidak ditemukan." Other store errors map as usual.
pub trait OrNotFound<T> {
    fn or_not_found(self, what: &'static str) -> Result<T, ApiError>;
}

impl<T> OrNotFound<T> for Result<T, StoreError> {
    fn or_not_found(self, what: &'static str) -> Result<T, ApiError> {
        self.map_err(|e| match e {
            StoreError::NotFound => ApiError::NotFound { what },
            other => other.into(),
        })
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => ApiError::NotFound { what: "Data" },
            StoreError::Unavailable(_) => ApiError::Unavailable,
            StoreError::StaleVersion { current } => ApiError::Conflict {
                code: "stale_version",
                detail: format!(
                    "Kasus sudah diubah orang lain (sekarang versi {current}). Muat ulang lalu coba lagi."
                ),
                detail_en: format!(
                    "The case was changed by someone else (now version {current}). Reload and try again."
                ),
                extra: serde_json::json!({ "current_version": current }),
            },
            StoreError::Transition(t) => ApiError::Conflict {
                code: "invalid_transition",
                detail: format!(
                    "Tindakan '{}' tidak bisa dilakukan pada kasus berstatus '{}'.",
                    t.action, t.from
                ),
                detail_en: t.to_string(),
                extra: serde_json::json!({ "case_status": t.from, "allowed_actions": t.from.allowed_actions() }),
            },
            // As the IETF Idempotency-Key draft says: reuse with another payload is a 422.
            StoreError::IdempotencyMismatch => ApiError::Validation(vec![FieldError::new(
                "header.idempotency-key",
                "idempotency_key_reused",
                "Idempotency-Key ini sudah dipakai untuk permintaan yang berbeda.",
                "This Idempotency-Key was already used for a different request.",
            )]),
            StoreError::Refused {
                code,
                message,
                message_en,
            } => ApiError::Conflict {
                code,
                detail: message,
                detail_en: message_en,
                extra: serde_json::Value::Null,
            },
            StoreError::Conflict(msg) => ApiError::Conflict {
                code: "conflict",
                detail: "Permintaan bertabrakan dengan data yang ada.".into(),
                detail_en: msg,
                extra: serde_json::Value::Null,
            },
            other => ApiError::Internal(other.to_string()),
        }
    }
}
