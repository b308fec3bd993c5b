//! Extractors that answer in Sigap's own error shape: a JSON body with per-field messages,
//! the admin token, and the idempotency key.

use axum::{
    body::Bytes,
    extract::{FromRequest, FromRequestParts, Request},
    http::{header, request::Parts},
};
use serde::de::DeserializeOwned;
use sigap_core::FieldError;

use crate::{AppState, error::ApiError};

/// A JSON body. Wrong content type → 415, too large → 413, not JSON → 400, JSON of the wrong
/// shape → 422 naming the field.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, ApiError> {
        let (value, _) = json_with_bytes(req, state).await?;
        Ok(ApiJson(value))
    }
}

/// A JSON body together with its raw bytes (for hashing an idempotent request).
pub struct ApiJsonBytes<T>(pub T, pub Bytes);

impl<T: DeserializeOwned> FromRequest<AppState> for ApiJsonBytes<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, ApiError> {
        let (value, bytes) = json_with_bytes(req, state).await?;
        Ok(ApiJsonBytes(value, bytes))
    }
}

async fn json_with_bytes<T: DeserializeOwned>(
    req: Request,
    state: &AppState,
) -> Result<(T, Bytes), ApiError> {
    let is_json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|m| {
            let m = m.trim().to_ascii_lowercase();
            m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
        })
        .unwrap_or(false);
    if !is_json {
        return Err(ApiError::UnsupportedMediaType);
    }
    let limit = state.config.body_limit;
    let bytes = Bytes::from_request(req, state)
        .await
        .map_err(|_| ApiError::PayloadTooLarge { limit })?;
    if bytes.len() > limit {
        return Err(ApiError::PayloadTooLarge { limit });
    }
    let de = &mut serde_json::Deserializer::from_slice(&bytes);
    match serde_path_to_error::deserialize(de) {
        Ok(v) => Ok((v, bytes)),
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            if inner.is_syntax() || inner.is_eof() || path == "." {
                Err(ApiError::bad_request(
                    "malformed_json",
                    format!("Isi permintaan bukan JSON yang sah: {inner}."),
                    format!("The request body is not valid JSON: {inner}."),
                ))
            } else {
                Err(ApiError::Validation(vec![FieldError::new(
                    path,
                    "invalid_type",
                    format!("Nilai isian ini tidak sesuai: {inner}."),
                    format!("This field has the wrong type or value: {inner}."),
                )]))
            }
        }
    }
}

/// The `Idempotency-Key` header, when present: 1–255 visible ASCII characters.
pub struct IdempotencyKey(pub Option<String>);

impl FromRequestParts<AppState> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, ApiError> {
        let Some(value) = parts.headers.get("idempotency-key") else {
            return Ok(IdempotencyKey(None));
        };
        let key = value.to_str().unwrap_or_default().trim().trim_matches('"');
        if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(ApiError::bad_request(
                "invalid_idempotency_key",
                "Header Idempotency-Key harus 1–255 karakter ASCII yang terlihat.",
                "The Idempotency-Key header must be 1–255 visible ASCII characters.",
            ));
        }
        Ok(IdempotencyKey(Some(key.to_owned())))
    }
}

/// Query parameters; a malformed or unknown parameter is a 400 in our error shape.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned + Send> FromRequestParts<AppState> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(ApiQuery(value)),
            Err(e) => Err(ApiError::bad_request(
                "invalid_query",
                format!("Parameter tidak sah: {}.", e.body_text()),
                format!("Invalid query parameters: {}.", e.body_text()),
            )),
        }
    }
}
