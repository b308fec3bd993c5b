//! The WhatsApp Business Cloud API webhook body (`object: whatsapp_business_account`): the
//! messages of `entry[].changes[].value.messages[]`, with the sender's profile name from
//! `value.contacts[]`. Delivery statuses (`value.statuses[]`) carry no complaint and are
//! counted, not read. Only `text`, `location` and `image` are understood; another type is kept
//! as [`Content::Unsupported`] so that the server can answer it.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::PayloadError;

#[derive(Deserialize)]
struct Webhook {
    #[serde(default)]
    entry: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    #[serde(default)]
    changes: Vec<Change>,
}

#[derive(Deserialize)]
struct Change {
    #[serde(default)]
    value: Value,
}

#[derive(Deserialize, Default)]
struct Value {
    #[serde(default)]
    contacts: Vec<Contact>,
    #[serde(default)]
    messages: Vec<RawMessage>,
    #[serde(default)]
    statuses: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
struct Contact {
    wa_id: Option<String>,
    profile: Option<Profile>,
}

#[derive(Deserialize)]
struct Profile {
    name: Option<String>,
}

#[derive(Deserialize)]
struct RawMessage {
    from: String,
    id: String,
    timestamp: Option<String>,
    #[serde(rename = "type")]
    kind: String,
    text: Option<Text>,
    location: Option<RawLocation>,
    image: Option<Media>,
}

#[derive(Deserialize)]
struct Text {
    body: String,
}

#[derive(Deserialize)]
struct RawLocation {
    latitude: f64,
    longitude: f64,
    name: Option<String>,
    address: Option<String>,
}

#[derive(Deserialize)]
struct Media {
    id: String,
    caption: Option<String>,
    mime_type: Option<String>,
}

/// One inbound WhatsApp message.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// The sender's WhatsApp number, digits only with the country code (`6281234567890`).
    pub from: String,
    /// The message id (`wamid.…`), unique per message: the idempotency key.
    pub id: String,
    pub sent_at: Option<DateTime<Utc>>,
    /// The sender's profile name, when the payload carries it.
    pub profile_name: Option<String>,
    pub content: Content,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Text(String),
    Location {
        latitude: f64,
        longitude: f64,
        name: Option<String>,
        address: Option<String>,
    },
    /// An image by its media id (never downloaded here), with its caption.
    Image {
        media_id: String,
        caption: Option<String>,
        mime_type: Option<String>,
    },
    /// Another type (`audio`, `sticker`, `document`…), by name.
    Unsupported(String),
}

impl Content {
    /// The type's name, as WhatsApp spells it.
    pub fn kind(&self) -> &str {
        match self {
            Content::Text(_) => "text",
            Content::Location { .. } => "location",
            Content::Image { .. } => "image",
            Content::Unsupported(k) => k,
        }
    }
}

/// What one webhook delivery carried.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Delivery {
    pub messages: Vec<Message>,
    /// Delivery statuses of Sigap's own messages, ignored.
    pub statuses: usize,
}

/// Reads a webhook body. A body that is not the Cloud API's shape is an error; an unknown
/// message type is not.
pub fn parse(body: &[u8]) -> Result<Delivery, PayloadError> {
    let hook: Webhook = serde_json::from_slice(body)
        .map_err(|e| PayloadError(format!("not a WhatsApp Cloud API webhook body: {e}")))?;
    let mut out = Delivery::default();
    for change in hook.entry.into_iter().flat_map(|e| e.changes) {
        let value = change.value;
        out.statuses += value.statuses.len();
        for m in value.messages {
            let profile_name = value
                .contacts
                .iter()
                .find(|c| c.wa_id.as_deref() == Some(m.from.as_str()))
                .or(value.contacts.first())
                .and_then(|c| c.profile.as_ref()?.name.clone())
                .filter(|n| !n.trim().is_empty());
            let sent_at = m
                .timestamp
                .as_deref()
                .and_then(|t| t.trim().parse::<i64>().ok())
                .and_then(|s| DateTime::from_timestamp(s, 0));
            let content = match (m.kind.as_str(), m.text, m.location, m.image) {
                ("text", Some(t), _, _) => Content::Text(t.body),
                ("location", _, Some(l), _) => Content::Location {
                    latitude: l.latitude,
                    longitude: l.longitude,
                    name: l.name,
                    address: l.address,
                },
                ("image", _, _, Some(i)) => Content::Image {
                    media_id: i.id,
                    caption: i.caption,
                    mime_type: i.mime_type,
                },
                (kind, ..) => Content::Unsupported(kind.to_owned()),
            };
            out.messages.push(Message {
                from: m.from,
                id: m.id,
                sent_at,
                profile_name,
                content,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_text_a_location_and_an_image_are_read_and_statuses_counted() {
        let body = br#"{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Siti"},"wa_id":"6281234567890"}],"messages":[
            {"from":"6281234567890","id":"wamid.A","timestamp":"1763863200","type":"text","text":{"body":"Tolong"}},
            {"from":"6281234567890","id":"wamid.B","timestamp":"1763863260","type":"location","location":{"latitude":-6.59,"longitude":106.79,"name":"Rumah","address":"Bogor"}},
            {"from":"6281234567890","id":"wamid.C","timestamp":"1763863320","type":"image","image":{"caption":"Rumahnya","mime_type":"image/jpeg","sha256":"x","id":"1479537139650973"}},
            {"from":"6281234567890","id":"wamid.D","timestamp":"1763863380","type":"sticker","sticker":{"id":"9"}}],
            "statuses":[{"id":"wamid.Z","status":"delivered"}]}}]}]}"#;
        let d = parse(body).unwrap();
        assert_eq!(d.statuses, 1);
        assert_eq!(d.messages.len(), 4);
        assert_eq!(d.messages[0].profile_name.as_deref(), Some("Siti"));
        assert_eq!(d.messages[0].content, Content::Text("Tolong".into()));
        assert!(
            matches!(d.messages[1].content, Content::Location { latitude, .. } if latitude == -6.59)
        );
        assert_eq!(d.messages[2].content.kind(), "image");
        assert_eq!(d.messages[3].content.kind(), "sticker");
        assert!(parse(b"[1]").is_err() && parse(b"{").is_err());
    }
}
