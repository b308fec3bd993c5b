//! Signed inbound deliveries (the social ingest, the SMS and e-mail webhooks): the same scheme
//! as Sigap's own outbound webhooks — `Sigap-Timestamp` (Unix seconds) and `Sigap-Signature:
//! sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">` under the sender's secret. One check and
//! one set of answers for every receiver; each keeps its own record of signatures taken
//! (the replay check), because each sender has its own secret.

use axum::http::HeaderMap;
use chrono::{DateTime, Utc};

use crate::{error::ApiError, jobs::notify::webhook};

/// The two headers of a signed delivery, as the OpenAPI document names them.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
#[allow(dead_code)] // documentation only: `headers` reads them
pub struct SignedHeaders {
    /// Unix seconds, within five minutes of Sigap's clock.
    #[param(rename = "Sigap-Timestamp")]
    timestamp: i64,
    /// `sha256=<hex>`: HMAC-SHA256 with the shared secret over `<timestamp>.<body>`.
    #[param(rename = "Sigap-Signature")]
    signature: String,
}

/// How far a delivery's timestamp may be from Sigap's clock.
pub const SKEW_SECS: i64 = 300;

/// A delivery's `Sigap-Timestamp` and `Sigap-Signature`, when both are there.
pub fn headers(headers: &HeaderMap) -> Option<(i64, &str)> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let timestamp = header("sigap-timestamp")?.trim().parse().ok()?;
    Some((timestamp, header("sigap-signature")?))
}

/// Why a delivery is refused, before any replay check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The signature does not match the body and timestamp under the secret.
    BadSignature,
    /// The timestamp is more than [`SKEW_SECS`] from `now`.
    Stale,
}

impl Refusal {
    /// For a channel's health line.
    pub fn reason(self) -> &'static str {
        match self {
            Refusal::BadSignature => "bad signature",
            Refusal::Stale => "stale timestamp",
        }
    }
}

impl From<Refusal> for ApiError {
    fn from(r: Refusal) -> ApiError {
        match r {
            Refusal::BadSignature => ApiError::BadSignature,
            Refusal::Stale => ApiError::BadRequest {
                code: "stale_timestamp",
                detail: "Sigap-Timestamp terlalu jauh dari waktu server (lebih dari 5 menit)."
                    .into(),
                detail_en:
                    "Sigap-Timestamp is too far from the server's clock (more than 5 minutes)."
                        .into(),
            },
        }
    }
}

/// The signature first (a stranger learns nothing about the clock), then the time.
pub fn check(
    secret: &str,
    timestamp: i64,
    signature: &str,
    body: &[u8],
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    if !webhook::verify(secret, timestamp, body, signature) {
        return Err(Refusal::BadSignature);
    }
    if (now.timestamp() - timestamp).abs() > SKEW_SECS {
        return Err(Refusal::Stale);
    }
    Ok(())
}

/// `409 replayed`: the receiver has taken this signature before.
pub fn replayed() -> ApiError {
    ApiError::Conflict {
        code: "replayed",
        detail: "Kiriman bertanda tangan ini sudah diterima sebelumnya.".into(),
        detail_en: "This signed delivery was received before.".into(),
        extra: serde_json::Value::Null,
    }
}
