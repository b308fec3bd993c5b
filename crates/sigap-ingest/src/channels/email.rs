//! An inbound e-mail as raw MIME (RFC 5322, `message/rfc822`), read with `mail-parser`: the
//! sender, the subject, the plain text (the first text part, or the HTML part's text), the
//! thread headers (`Message-ID`, `In-Reply-To`, `References`) and the attachments.

use mail_parser::{MessageParser, MimeHeaders};

use super::PayloadError;

#[derive(Debug, Clone, PartialEq)]
pub struct Email {
    /// The message's own id, without `<>`; None when the sender set none.
    pub message_id: Option<String>,
    /// `In-Reply-To` then `References`, newest first, without `<>`: where to look for the thread.
    pub thread_refs: Vec<String>,
    pub from_name: Option<String>,
    pub from_address: Option<String>,
    pub subject: Option<String>,
    pub text: String,
    pub attachments: Vec<Part>,
}

/// One attachment.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub filename: Option<String>,
    /// `type/subtype`.
    pub content_type: Option<String>,
    pub content: Vec<u8>,
}

fn bare(id: &str) -> String {
    id.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_owned()
}

/// Reads a raw message. A body with no header at all is an error.
pub fn parse(raw: &[u8]) -> Result<Email, PayloadError> {
    let m = MessageParser::default()
        .parse(raw)
        .filter(|m| m.headers().iter().next().is_some())
        .ok_or_else(|| PayloadError("not an RFC 5322 message".into()))?;
    let mut thread_refs: Vec<String> = Vec::new();
    for list in [m.in_reply_to(), m.references()] {
        for r in list.as_text_list().unwrap_or_default().iter().rev() {
            let r = bare(r);
            if !r.is_empty() && !thread_refs.contains(&r) {
                thread_refs.push(r);
            }
        }
    }
    let from = m.from().and_then(|a| a.first());
    let text = m
        .body_text(0)
        .map(|t| t.trim().to_owned())
        .unwrap_or_default();
    let attachments = m
        .attachments()
        .map(|p| Part {
            filename: p.attachment_name().map(str::to_owned),
            content_type: p.content_type().map(|ct| match ct.subtype() {
                Some(sub) => format!("{}/{}", ct.ctype(), sub),
                None => ct.ctype().to_owned(),
            }),
            content: p.contents().to_vec(),
        })
        .collect();
    Ok(Email {
        message_id: m.message_id().map(bare).filter(|s| !s.is_empty()),
        thread_refs,
        from_name: from
            .and_then(|a| a.name())
            .map(str::to_owned)
            .filter(|n| !n.trim().is_empty()),
        from_address: from.and_then(|a| a.address()).map(str::to_owned),
        subject: m.subject().map(|s| s.trim().to_owned()),
        text,
        attachments,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_multipart_reply_gives_its_text_thread_and_attachment() {
        let raw = "From: Siti Aminah <siti@contoh.id>\r\nTo: aduan@kemensos.example\r\n\
Subject: Re: Laporan SGP-2611-00001\r\nMessage-ID: <b@contoh.id>\r\nIn-Reply-To: <a@contoh.id>\r\n\
References: <root@contoh.id> <a@contoh.id>\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"XX\"\r\n\r\n--XX\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
Nenek masih sakit.\r\n--XX\r\nContent-Type: image/jpeg; name=\"foto.jpg\"\r\n\
Content-Disposition: attachment; filename=\"foto.jpg\"\r\nContent-Transfer-Encoding: base64\r\n\r\n/9j/4AAQ\r\n--XX--\r\n";
        let e = parse(raw.as_bytes()).unwrap();
        assert_eq!(e.message_id.as_deref(), Some("b@contoh.id"));
        assert_eq!(e.thread_refs, ["a@contoh.id", "root@contoh.id"]);
        assert_eq!(
            (e.from_name.as_deref(), e.from_address.as_deref()),
            (Some("Siti Aminah"), Some("siti@contoh.id"))
        );
        assert_eq!(e.text, "Nenek masih sakit.");
        assert_eq!(e.attachments.len(), 1);
        assert_eq!(e.attachments[0].filename.as_deref(), Some("foto.jpg"));
        assert_eq!(e.attachments[0].content_type.as_deref(), Some("image/jpeg"));
        assert_eq!(
            e.attachments[0].content,
            [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]
        );
        assert!(parse(b"").is_err());
    }
}
