//! Notifications: the [`Notifier`] turns new case history into outbox rows
//! (`Store::fill_outbox`, with `sigap_core::notify::plan` deciding who is told), and each
//! [`Worker`] delivers due rows under a lease — e-mail through SMTP ([`email`]), signed webhooks
//! ([`webhook`]) — logging every attempt and retrying with backoff.
//!
//! Restart safety: a stopping worker finishes the message in flight, records it, and gives
//! back the rest of its batch. A crash between sending and recording resends the message once
//! its lease has expired, with the same `Sigap-Delivery-Id` (and e-mail `Message-ID`), so a
//! receiver can drop the repeat.

pub mod email;
pub mod webhook;

use std::{sync::Arc, time::Duration as StdDuration};

use chrono::{DateTime, Duration, Utc};
use sigap_core::notify::{AttemptOutcome, DeliveryChannel};
use sigap_store::{
    Store, StoreError,
    notifications::{AttemptResult, Claimed},
};

use super::Shutdown;
use crate::Clock;

/// Everything the notification jobs need to know; every field is a `sigap serve` flag.
#[derive(Debug, Clone)]
pub struct NotifySettings {
    /// Sigap's public address (no trailing slash), for links in messages.
    pub public_url: Option<String>,
    /// `smtp://host:port` (plain, for a local relay), `smtp://user:pass@host:587?tls=required`
    /// (STARTTLS) or `smtps://user:pass@host:465` (TLS). None: e-mail stays queued.
    pub smtp_url: Option<String>,
    /// The sender of e-mails, `Name <address>` or an address.
    pub mail_from: String,
    /// Names this instance in the delivery log.
    pub instance: String,
    /// How often the jobs look for new work when idle.
    pub poll_interval: StdDuration,
    /// History entries read per notifier pass, rows claimed per worker batch.
    pub batch: u32,
    /// Delivery workers per instance.
    pub workers: u32,
    /// Attempts before a message is given up (`failed`).
    pub max_attempts: i32,
    pub backoff_base: Duration,
    pub backoff_max: Duration,
    /// Randomise retries (off in tests, so that times are exact).
    pub jitter: bool,
    /// The limit on one SMTP conversation or one webhook request.
    pub timeout: StdDuration,
}

impl Default for NotifySettings {
    fn default() -> Self {
        NotifySettings {
            public_url: None,
            smtp_url: None,
            mail_from: "Sigap <sigap@localhost>".into(),
            instance: "sigap".into(),
            poll_interval: StdDuration::from_secs(2),
            batch: 16,
            workers: 1,
            max_attempts: 8,
            backoff_base: Duration::seconds(30),
            backoff_max: Duration::hours(2),
            jitter: true,
            timeout: StdDuration::from_secs(15),
        }
    }
}

impl NotifySettings {
    /// A worker holds a batch for this long: every message of it may take the whole timeout.
    fn lease(&self) -> Duration {
        let per_message = Duration::from_std(self.timeout).unwrap_or(Duration::seconds(15));
        per_message * i32::try_from(self.batch.max(1)).unwrap_or(16) + Duration::seconds(30)
    }
}

/// A setting that makes delivery impossible (a malformed SMTP URL or sender).
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("invalid SMTP URL: {0}")]
    SmtpUrl(String),
    #[error("invalid sender address {0:?} (--mail-from)")]
    MailFrom(String),
    #[error("cannot build the HTTP client for webhooks: {0}")]
    Http(String),
}

/// Reads the case history after its cursor and fills the outbox.
pub struct Notifier {
    store: Store,
    clock: Clock,
    settings: Arc<NotifySettings>,
}

impl Notifier {
    pub fn new(store: Store, clock: Clock, settings: Arc<NotifySettings>) -> Notifier {
        Notifier {
            store,
            clock,
            settings,
        }
    }

    /// One pass: maps up to one batch of new history entries.
    pub async fn fill_once(&self) -> Result<sigap_store::notifications::FillReport, StoreError> {
        let public_url = self.settings.public_url.clone();
        let plan = move |facts: &sigap_core::notify::EventFacts<'_>| {
            sigap_core::notify::plan(facts, public_url.as_deref())
        };
        let report = self
            .store
            .fill_outbox(self.settings.batch.max(1) * 4, self.clock.now(), &plan)
            .await?;
        if report.events > 0 {
            tracing::info!(
                notify.events = report.events,
                notify.queued = report.queued,
                notify.unaddressed = report.unaddressed,
                "notifications queued from the case history"
            );
        }
        Ok(report)
    }

    /// Runs until `shutdown`.
    pub async fn run(self, mut shutdown: Shutdown) {
        let mut failing = false;
        while !shutdown.is_set() {
            let busy = match self.fill_once().await {
                Ok(r) => {
                    failing = false;
                    r.events > 0
                }
                Err(e) => {
                    if !failing {
                        tracing::warn!(error = %e, "notifier cannot read the case history; will retry");
                    }
                    failing = true;
                    false
                }
            };
            if !busy {
                tokio::select! {
                    _ = tokio::time::sleep(self.settings.poll_interval) => {}
                    _ = shutdown.wait() => {}
                }
            }
        }
    }
}

/// How one attempt ended, before the retry policy is applied.
#[derive(Debug)]
pub(crate) struct Sent {
    pub ok: bool,
    /// False for a refusal that repeating will not change (a 4xx, a permanent SMTP reply).
    pub retryable: bool,
    pub http_status: Option<u16>,
    pub smtp_reply: Option<String>,
    pub error: Option<String>,
    /// What the receiver asked for (`Retry-After`).
    pub retry_after: Option<Duration>,
}

/// Delivers due outbox rows.
pub struct Worker {
    store: Store,
    clock: Clock,
    settings: Arc<NotifySettings>,
    mailer: Option<email::Mailer>,
    http: reqwest::Client,
    name: String,
}

impl Worker {
    pub fn new(
        store: Store,
        clock: Clock,
        settings: Arc<NotifySettings>,
        name: String,
    ) -> Result<Worker, SetupError> {
        let mailer = match &settings.smtp_url {
            Some(url) => Some(email::Mailer::new(url, &settings)?),
            None => None,
        };
        let http = webhook::client(&settings)?;
        Ok(Worker {
            store,
            clock,
            name: format!("{}/{name}", settings.instance),
            settings,
            mailer,
            http,
        })
    }

    /// The channels this worker can deliver: webhooks always, e-mail when SMTP is set.
    fn channels(&self) -> Vec<DeliveryChannel> {
        let mut c = vec![DeliveryChannel::Webhook];
        if self.mailer.is_some() {
            c.push(DeliveryChannel::Email);
        }
        c
    }

    /// Claims one batch and delivers it in order; stops early (giving back the rest) when
    /// `shutdown` is set. Returns how many messages were attempted.
    pub async fn deliver_batch(&self, shutdown: Option<&Shutdown>) -> Result<usize, StoreError> {
        let now = self.clock.now();
        let batch = self
            .store
            .claim_notifications(
                &self.channels(),
                self.settings.batch,
                now,
                now + self.settings.lease(),
            )
            .await?;
        let mut done = 0;
        for claimed in &batch {
            if shutdown.is_some_and(Shutdown::is_set) {
                let released = self.store.release_claims(claimed.token).await?;
                tracing::info!(
                    notify.released = released,
                    "stopping: messages not yet attempted go back to the outbox"
                );
                break;
            }
            self.deliver(claimed).await?;
            done += 1;
        }
        Ok(done)
    }

    async fn deliver(&self, claimed: &Claimed) -> Result<(), StoreError> {
        let n = &claimed.notification;
        let started_at = self.clock.now();
        let timer = std::time::Instant::now();
        let sent = match (n.channel, &self.mailer) {
            (DeliveryChannel::Email, Some(mailer)) => mailer.send(n).await,
            (DeliveryChannel::Webhook, _) => {
                webhook::send(&self.http, claimed, self.clock.now()).await
            }
            (DeliveryChannel::Email, None) => Sent {
                ok: false,
                retryable: true,
                http_status: None,
                smtp_reply: None,
                error: Some("no SMTP server configured".into()),
                retry_after: None,
            },
        };
        let duration_ms = i64::try_from(timer.elapsed().as_millis()).unwrap_or(i64::MAX);
        let now = self.clock.now();
        let (outcome, retry_at) = if sent.ok {
            (AttemptOutcome::Sent, None)
        } else if !sent.retryable || claimed.attempt >= self.settings.max_attempts {
            (AttemptOutcome::Failed, None)
        } else {
            let wait = match sent.retry_after {
                // The receiver's own wish, within reason.
                Some(w) => w.clamp(Duration::zero(), Duration::hours(24)),
                None => backoff(
                    self.settings.backoff_base,
                    self.settings.backoff_max,
                    claimed.attempt,
                    if self.settings.jitter {
                        rand::random::<f64>()
                    } else {
                        1.0
                    },
                ),
            };
            (AttemptOutcome::Retry, Some(now + wait))
        };
        let error = match (&outcome, &sent.error) {
            (AttemptOutcome::Failed, Some(e)) if sent.retryable => {
                Some(format!("gave up after {} attempts: {e}", claimed.attempt))
            }
            _ => sent.error.clone(),
        };
        let result = AttemptResult {
            outcome,
            started_at,
            duration_ms,
            http_status: sent.http_status,
            smtp_reply: sent.smtp_reply.clone(),
            error,
            retry_at,
        };
        let recorded = self
            .store
            .record_attempt(claimed, &result, &self.name, now)
            .await?;
        let fields = (n.id, n.channel, claimed.attempt);
        match outcome {
            AttemptOutcome::Sent => {
                tracing::info!(notification.id = %fields.0, notification.channel = %fields.1,
                notification.attempt = fields.2, duration_ms, "notification delivered")
            }
            AttemptOutcome::Retry => {
                tracing::warn!(notification.id = %fields.0, notification.channel = %fields.1,
                notification.attempt = fields.2, retry_at = ?retry_at, error = result.error.as_deref().unwrap_or(""),
                "notification not delivered; will retry")
            }
            AttemptOutcome::Failed => {
                tracing::error!(notification.id = %fields.0, notification.channel = %fields.1,
                notification.attempt = fields.2, error = result.error.as_deref().unwrap_or(""),
                "notification failed; giving up")
            }
        }
        if !recorded {
            tracing::warn!(notification.id = %n.id, "the lease had passed to another worker; outcome logged only");
        }
        Ok(())
    }

    /// Runs until `shutdown`: claims, delivers, sleeps when nothing is due.
    pub async fn run(self, mut shutdown: Shutdown) {
        let mut failing = false;
        while !shutdown.is_set() {
            let busy = match self.deliver_batch(Some(&shutdown)).await {
                Ok(n) => {
                    failing = false;
                    n > 0
                }
                Err(e) => {
                    if !failing {
                        tracing::warn!(error = %e, "delivery worker cannot reach the outbox; will retry");
                    }
                    failing = true;
                    false
                }
            };
            if !busy {
                tokio::select! {
                    _ = tokio::time::sleep(self.settings.poll_interval) => {}
                    _ = shutdown.wait() => {}
                }
            }
        }
        tracing::debug!(worker = %self.name, "delivery worker stopped");
    }
}

/// The delay before the next attempt after attempt `attempt` failed: `base · 2^(attempt-1)`, at
/// most `max`, with "equal jitter": half of it fixed, the other half scaled by `jitter` (0..=1).
pub fn backoff(base: Duration, max: Duration, attempt: i32, jitter: f64) -> Duration {
    let exp = u32::try_from(attempt.saturating_sub(1))
        .unwrap_or(0)
        .min(30);
    let full = base
        .num_milliseconds()
        .saturating_mul(1_i64 << exp)
        .min(max.num_milliseconds())
        .max(0);
    let half = full / 2;
    Duration::milliseconds(half + ((full - half) as f64 * jitter.clamp(0.0, 1.0)) as i64)
}

/// `Retry-After`: seconds, or an HTTP date, as a wait from `now`.
pub(crate) fn retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<i64>() {
        return Some(Duration::seconds(secs.max(0)));
    }
    DateTime::parse_from_rfc2822(v)
        .ok()
        .map(|at| (at.to_utc() - now).max(Duration::zero()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap_with_jitter_in_the_upper_half() {
        let (b, m) = (Duration::seconds(30), Duration::hours(1));
        assert_eq!(backoff(b, m, 1, 1.0), Duration::seconds(30));
        assert_eq!(backoff(b, m, 1, 0.0), Duration::seconds(15));
        assert_eq!(backoff(b, m, 3, 1.0), Duration::seconds(120));
        assert_eq!(backoff(b, m, 20, 1.0), Duration::hours(1));
        assert_eq!(backoff(b, m, 200, 0.0), Duration::minutes(30));
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = DateTime::parse_from_rfc3339("2026-11-23T02:00:00Z")
            .unwrap()
            .to_utc();
        assert_eq!(retry_after("120", now), Some(Duration::seconds(120)));
        assert_eq!(
            retry_after("Mon, 23 Nov 2026 02:05:00 GMT", now),
            Some(Duration::minutes(5))
        );
        assert_eq!(retry_after("soon", now), None);
    }
}
