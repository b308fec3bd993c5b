//! A generic SMS gateway's inbound message: `from`, `text`, `id` and an optional `timestamp`
//! (Unix seconds or RFC 3339), as a form (`application/x-www-form-urlencoded`) or JSON.
//! Common aliases are understood (`message`/`body` for `text`, `sender`/`msisdn` for `from`,
//! `message_id` for `id`).

use chrono::{DateTime, Utc};

use super::PayloadError;

#[derive(Debug, Clone, PartialEq)]
pub struct Sms {
    pub from: String,
    pub text: String,
    /// The gateway's id of the message: the idempotency key.
    pub id: String,
    pub sent_at: Option<DateTime<Utc>>,
}

fn pick(get: &impl Fn(&str) -> Option<String>, names: &[&str]) -> Option<String> {
    names
        .iter()
        .find_map(|n| get(n))
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// Reads a body; `json` says which form it is in.
pub fn parse(body: &[u8], json: bool) -> Result<Sms, PayloadError> {
    let fields: Vec<(String, String)> = if json {
        let v: serde_json::Value =
            serde_json::from_slice(body).map_err(|e| PayloadError(format!("not JSON: {e}")))?;
        let obj = v
            .as_object()
            .ok_or_else(|| PayloadError("the body is not a JSON object".into()))?;
        obj.iter()
            .filter_map(|(k, v)| {
                let s = match v {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Number(n) => n.to_string(),
                    _ => return None,
                };
                Some((k.to_ascii_lowercase(), s))
            })
            .collect()
    } else {
        url::form_urlencoded::parse(body)
            .map(|(k, v)| (k.to_ascii_lowercase(), v.into_owned()))
            .collect()
    };
    let get = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let missing = |f: &str| PayloadError(format!("the field `{f}` is missing or empty"));
    let from = pick(&get, &["from", "sender", "msisdn"]).ok_or_else(|| missing("from"))?;
    let text = pick(&get, &["text", "message", "body"]).ok_or_else(|| missing("text"))?;
    let id = pick(&get, &["id", "message_id"]).ok_or_else(|| missing("id"))?;
    let sent_at = match pick(&get, &["timestamp"]) {
        None => None,
        Some(t) => Some(
            t.parse::<i64>()
                .ok()
                .and_then(|s| DateTime::from_timestamp(s, 0))
                .or_else(|| DateTime::parse_from_rfc3339(&t).ok().map(|d| d.to_utc()))
                .ok_or_else(|| {
                    PayloadError(format!(
                        "`timestamp` {t:?} is neither Unix seconds nor RFC 3339"
                    ))
                })?,
        ),
    };
    Ok(Sms {
        from,
        text,
        id,
        sent_at,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_form_and_json_read_alike_and_a_missing_field_is_named() {
        let form = parse(
            b"from=%2B6281234567890&text=Tolong+nenek&id=sms-1&timestamp=1763863200",
            false,
        )
        .unwrap();
        let json = parse(br#"{"sender":"+6281234567890","message":"Tolong nenek","id":"sms-1","timestamp":"2025-11-23T02:00:00Z"}"#, true).unwrap();
        assert_eq!(form, json);
        assert_eq!(
            parse(b"from=1&id=2", false).unwrap_err().0,
            "the field `text` is missing or empty"
        );
        assert!(parse(b"[]", true).is_err());
    }
}
