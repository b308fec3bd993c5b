//! Signed outbound webhooks, for a WhatsApp or SMS gateway or any receiver: a JSON body in the
//! schema `sigap.notification.v1` (docs/API.md), and the headers `Sigap-Delivery-Id` (stable
//! per message), `Sigap-Timestamp` and `Sigap-Signature: sha256=<hex HMAC-SHA256 of
//! "timestamp.body">` under the target's secret.

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde_json::json;
use sha2::Sha256;
use sigap_store::notifications::{Claimed, Notification};

use super::{NotifySettings, Sent, SetupError};

/// The schema name in every body; a new, incompatible body gets a new one.
pub const SCHEMA: &str = "sigap.notification.v1";

/// The HTTP client for webhooks: timeouts, no redirects (a moved receiver is reconfigured, not
/// followed), a User-Agent that names Sigap.
pub fn client(settings: &NotifySettings) -> Result<reqwest::Client, SetupError> {
    reqwest::Client::builder()
        .timeout(settings.timeout)
        .connect_timeout(settings.timeout.min(std::time::Duration::from_secs(10)))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!(
            "Sigap/",
            env!("CARGO_PKG_VERSION"),
            " (notifications)"
        ))
        .build()
        .map_err(|e| SetupError::Http(e.to_string()))
}

/// The body of one message: the same bytes on every attempt.
pub fn body(n: &Notification) -> Vec<u8> {
    let data = &n.data;
    json!({
        "schema": SCHEMA,
        "id": n.id,
        "kind": n.kind,
        "audience": n.audience,
        "created_at": n.created_at,
        "to": n.phone.as_ref().map(|p| json!({"phone": p})),
        "subject": n.subject,
        "text": n.body,
        "link": n.link,
        "case": data.get("case"),
        "sentra": data.get("sentra"),
        "event": data.get("event"),
    })
    .to_string()
    .into_bytes()
}

/// `sha256=<hex>` of HMAC-SHA256(secret, `"<timestamp>.<body>"`).
pub fn sign(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let digest = mac(secret, timestamp, body).finalize().into_bytes();
    let mut hex = String::with_capacity(7 + 64);
    hex.push_str("sha256=");
    for b in digest {
        hex.push_str(&format!("{b:02x}"));
    }
    hex
}

/// Checks a `Sigap-Signature` header in constant time: what a receiver does.
pub fn verify(secret: &str, timestamp: i64, body: &[u8], header: &str) -> bool {
    let Some(hex) = header.trim().strip_prefix("sha256=") else {
        return false;
    };
    if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return false;
    }
    let bytes: Vec<u8> = (0..32)
        .filter_map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok())
        .collect();
    mac(secret, timestamp, body).verify_slice(&bytes).is_ok()
}

fn mac(secret: &str, timestamp: i64, body: &[u8]) -> Hmac<Sha256> {
    // HMAC takes a key of any length, so this cannot fail.
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap_or_else(|_| unreachable_mac());
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

#[allow(clippy::unwrap_used)] // an empty key is accepted by HMAC; never reached
fn unreachable_mac() -> Hmac<Sha256> {
    Hmac::<Sha256>::new_from_slice(&[0u8; 32]).unwrap()
}

/// Posts one message and says how it went.
pub(crate) async fn send(http: &reqwest::Client, claimed: &Claimed, now: DateTime<Utc>) -> Sent {
    let n = &claimed.notification;
    let body = body(n);
    let timestamp = now.timestamp();
    let mut request = http
        .post(&n.recipient)
        .header("content-type", "application/json")
        .header("sigap-delivery-id", n.id.to_string())
        .header("sigap-timestamp", timestamp.to_string())
        .header("sigap-attempt", claimed.attempt.to_string());
    if let Some(secret) = &claimed.secret {
        request = request.header("sigap-signature", sign(secret, timestamp, &body));
    }
    match request.body(body).send().await {
        Ok(response) => {
            let status = response.status();
            let code = status.as_u16();
            let wait = response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| super::retry_after(v, now));
            Sent {
                ok: status.is_success(),
                // A refusal (4xx) is final, except "too early", "timeout", "too many".
                retryable: !status.is_client_error() || matches!(code, 408 | 425 | 429),
                http_status: Some(code),
                smtp_reply: None,
                error: (!status.is_success()).then(|| format!("the receiver answered {status}")),
                retry_after: if matches!(code, 429 | 503) {
                    wait
                } else {
                    None
                },
            }
        }
        Err(e) => Sent {
            ok: false,
            retryable: true,
            http_status: None,
            smtp_reply: None,
            // Without the URL, which may carry a token.
            error: Some(e.without_url().to_string()),
            retry_after: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_verifies_only_with_its_secret_timestamp_and_body() {
        let s = sign("rahasia-webhook-0123", 1_795_000_000, b"{\"a\":1}");
        assert!(s.starts_with("sha256=") && s.len() == 71, "{s}");
        assert!(verify(
            "rahasia-webhook-0123",
            1_795_000_000,
            b"{\"a\":1}",
            &s
        ));
        assert!(!verify(
            "rahasia-lain-0123456",
            1_795_000_000,
            b"{\"a\":1}",
            &s
        ));
        assert!(!verify(
            "rahasia-webhook-0123",
            1_795_000_001,
            b"{\"a\":1}",
            &s
        ));
        assert!(!verify(
            "rahasia-webhook-0123",
            1_795_000_000,
            b"{\"a\":2}",
            &s
        ));
        assert!(!verify(
            "rahasia-webhook-0123",
            1_795_000_000,
            b"{\"a\":1}",
            "sha256=zz"
        ));
    }

    /// A fixed vector, so that a receiver in another language can check its implementation
    /// (the same as in docs/OPERATIONS.md).
    #[test]
    fn the_documented_example_signature_is_reproduced() {
        assert_eq!(
            sign(
                "contoh-rahasia",
                1_795_000_000,
                b"{\"schema\":\"sigap.notification.v1\"}"
            ),
            DOC_EXAMPLE
        );
    }

    const DOC_EXAMPLE: &str =
        "sha256=38024644f0282036d2b00515eebcc18c6f893cf527b4b1045843b7675615fbe7";
}
