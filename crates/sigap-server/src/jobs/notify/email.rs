//! E-mail through SMTP (`lettre`, tokio): plain SMTP for a local relay, STARTTLS
//! (`?tls=required`) or TLS (`smtps://`) with rustls and the system's CA certificates for a real
//! server. Every message has `Message-ID: <notification id@sender's domain>`, the same on
//! every attempt, so that a repeat after a crash can be recognised.

use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Mailbox, header::ContentType},
};
use sigap_store::notifications::Notification;

use super::{NotifySettings, Sent, SetupError};

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    pub fn new(url: &str, settings: &NotifySettings) -> Result<Mailer, SetupError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            // lettre's message may quote the URL, password and all: say only what is wrong.
            .map_err(|_| {
                SetupError::SmtpUrl(
                    "use smtp://HOST:PORT, smtp://USER:PASS@HOST:587?tls=required or smtps://USER:PASS@HOST:465".into(),
                )
            })?
            .timeout(Some(settings.timeout))
            .build();
        let from: Mailbox = settings
            .mail_from
            .parse()
            .map_err(|_| SetupError::MailFrom(settings.mail_from.clone()))?;
        Ok(Mailer { transport, from })
    }

    pub(crate) async fn send(&self, n: &Notification) -> Sent {
        let message = match self.message(n) {
            Ok(m) => m,
            Err(e) => {
                return Sent {
                    ok: false,
                    retryable: false,
                    http_status: None,
                    smtp_reply: None,
                    error: Some(format!("cannot build the e-mail: {e}")),
                    retry_after: None,
                };
            }
        };
        match self.transport.send(message).await {
            Ok(reply) => Sent {
                ok: true,
                retryable: false,
                http_status: None,
                smtp_reply: Some(reply_text(reply.code().to_string(), reply.message())),
                error: None,
                retry_after: None,
            },
            Err(e) => Sent {
                ok: false,
                // A 5xx reply is final; a 4xx, a timeout or a broken connection is not.
                retryable: !e.is_permanent(),
                http_status: None,
                smtp_reply: e.status().map(|c| c.to_string()),
                error: Some(e.to_string()),
                retry_after: None,
            },
        }
    }

    fn message(&self, n: &Notification) -> Result<Message, String> {
        let to: Mailbox = n.recipient.parse().map_err(|e| format!("recipient: {e}"))?;
        let domain = self.from.email.domain().to_owned();
        let mut text = n.body.clone();
        if !text.ends_with('\n') {
            text.push('\n');
        }
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(n.subject.clone())
            .message_id(Some(format!("<{}@{domain}>", n.id.simple())))
            .header(ContentType::TEXT_PLAIN)
            .body(text)
            .map_err(|e| e.to_string())
    }
}

fn reply_text<'a>(code: String, lines: impl Iterator<Item = &'a str>) -> String {
    let mut s = code;
    for l in lines {
        s.push(' ');
        s.push_str(l);
    }
    s.chars().take(500).collect()
}
