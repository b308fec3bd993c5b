//! Polite, robust fetching: the one HTTP client every source goes through. It obeys robots.txt,
//! sends one request at a time per host with a minimum interval, asks conditionally, caps time,
//! size and redirects, decodes the charset, and retries what is worth retrying.
//!
//! # Invariants
//!
//! - No body is read past [`FetchConfig::max_bytes`] (counted after decompression).
//! - Requests to one host (scheme, host and port) never overlap, and each starts at least
//!   `max(min_interval, Crawl-delay)` after the previous one ended (so a slow answer never
//!   shortens the pause the host sees); the robots.txt request counts as one of them.
//! - robots.txt: 2xx is obeyed; 4xx (missing) allows everything; 5xx or unreachable refuses the
//!   fetch ([`FetchError::RobotsUnavailable`], Google's convention) and is asked again next time.
//!   A robots.txt that was read is kept for an hour.
//! - Redirects within one origin are followed by the HTTP client; a redirect to another origin
//!   (another host, port or scheme, `http://` to `https://` included) is a new request to that
//!   origin, with its own robots.txt, its own turn and its own interval. At most
//!   [`FetchConfig::max_redirects`] redirects are followed within an origin, and as many moves
//!   from one origin to another. A robots.txt itself
//!   may redirect anywhere (as crawlers allow).

mod charset;
mod robots;

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use reqwest::header::{self, HeaderMap};
use sha2::{Digest, Sha256};

use robots::Robots;

/// What the last fetch of a URL left, so the next one costs nothing when nothing changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// SHA-256 of the decoded body, hex.
    pub body_hash: Option<String>,
}

/// How a [`Fetcher`] behaves. The defaults suit a news site.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    /// Sent with every request, robots.txt included; its first word is the robots.txt token.
    pub user_agent: String,
    /// The whole request, body included; connecting gets at most 10 s of it.
    pub timeout: Duration,
    /// The body cap, after decompression.
    pub max_bytes: usize,
    pub max_redirects: usize,
    /// The least time between two requests to one host (raised by robots.txt `Crawl-delay`).
    pub min_interval: Duration,
    /// Further attempts after a connection error, a 429 or a 5xx.
    pub retries: u32,
    /// The first wait between attempts when the server names none; doubled each time.
    pub retry_base: Duration,
    /// The longest `Retry-After` honoured; a longer one fails the fetch.
    pub max_retry_wait: Duration,
    pub obey_robots: bool,
}

/// `SigapBot/<version> (+<contact>; pemindai media Sigap)`: the name robots.txt groups match
/// (`SigapBot`), the version, and where a site's administrator can reach whoever runs the
/// scanner (`--crawler-contact`: a page or a `mailto:` address), when it is known.
pub fn user_agent(contact: Option<&str>) -> String {
    let version = env!("CARGO_PKG_VERSION");
    match contact.map(str::trim).filter(|c| !c.is_empty()) {
        Some(contact) => format!("SigapBot/{version} (+{contact}; pemindai media Sigap)"),
        None => format!("SigapBot/{version} (pemindai media Sigap)"),
    }
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            user_agent: user_agent(None),
            timeout: Duration::from_secs(20),
            max_bytes: 5 * 1024 * 1024,
            max_redirects: 5,
            min_interval: Duration::from_secs(1),
            retries: 2,
            retry_base: Duration::from_secs(1),
            max_retry_wait: Duration::from_secs(60),
            obey_robots: true,
        }
    }
}

/// What a fetch found.
#[derive(Debug, Clone, PartialEq)]
pub enum Fetched {
    /// The server answered 304: the previous copy stands.
    NotModified,
    /// A 200 whose body hashes the same as before; the validators are the new ones.
    Unchanged(Validators),
    /// A new or changed page.
    Body(Page),
}

/// A page read and decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The final URL, after redirects.
    pub url: String,
    pub status: u16,
    pub content_type: Option<String>,
    /// The body decoded to UTF-8.
    pub text: String,
    pub validators: Validators,
}

/// Why a fetch failed; the message is shown on the source's health line.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("alamat tidak sah: {0}")]
    InvalidUrl(String),
    #[error("dilarang robots.txt")]
    RobotsDisallowed,
    #[error("robots.txt tidak dapat dibaca ({0})")]
    RobotsUnavailable(String),
    #[error("batas waktu habis setelah {} dtk", Seconds(*.0))]
    Timeout(Duration),
    #[error("terlalu besar (> {})", Bytes(*.0))]
    TooLarge(usize),
    #[error("terlalu banyak pengalihan (> {0})")]
    TooManyRedirects(usize),
    #[error("HTTP {0}")]
    Status(u16),
    #[error("server meminta menunggu {} dtk, melebihi batas {} dtk", Seconds(*.wait), Seconds(*.cap))]
    RetryAfterTooLong { wait: Duration, cap: Duration },
    #[error("gagal terhubung: {0}")]
    Connect(String),
    #[error("gagal membaca jawaban: {0}")]
    Transport(String),
    #[error("klien HTTP tidak dapat dibuat: {0}")]
    Client(String),
}

impl FetchError {
    /// Whether another attempt may succeed: a connection error, a 429 or a 5xx.
    pub fn is_retryable(&self) -> bool {
        match self {
            FetchError::Connect(_) => true,
            FetchError::Status(code) => *code == 429 || (500..600).contains(code),
            _ => false,
        }
    }
}

/// Seconds for people: "20", "0,3".
struct Seconds(Duration);

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = self.0.as_millis();
        if ms.is_multiple_of(1000) {
            write!(f, "{}", ms / 1000)
        } else {
            let s = format!("{:.1}", self.0.as_secs_f64());
            f.write_str(&s.replace('.', ","))
        }
    }
}

/// Sizes for people: "5 MiB", "800 KiB", "100 B".
struct Bytes(usize);

impl fmt::Display for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const KIB: usize = 1024;
        const MIB: usize = 1024 * 1024;
        match self.0 {
            n if n >= MIB && n.is_multiple_of(MIB) => write!(f, "{} MiB", n / MIB),
            n if n >= KIB && n.is_multiple_of(KIB) => write!(f, "{} KiB", n / KIB),
            n => write!(f, "{n} B"),
        }
    }
}

const ROBOTS_TTL: Duration = Duration::from_secs(3600);
/// Google reads at most 500 KiB of a robots.txt.
const ROBOTS_MAX_BYTES: usize = 500 * 1024;
/// A Crawl-delay above this is taken as this.
const MAX_CRAWL_DELAY: Duration = Duration::from_secs(60);

/// The one polite HTTP client. Cheap to clone; clones share the per-host state.
///
/// The timeout is per attempt; retries wait with the host's turn held, so a host that asked
/// for a pause gets it from every caller.
#[derive(Clone)]
pub struct Fetcher {
    inner: Arc<Inner>,
}

struct Inner {
    /// Follows redirects within an origin only.
    client: reqwest::Client,
    /// For robots.txt, which may be redirected anywhere.
    robots_client: reqwest::Client,
    cfg: FetchConfig,
    /// robots.txt's product token: the user agent's first word, lowercase.
    robots_token: String,
    hosts: Mutex<HashMap<String, Arc<tokio::sync::Mutex<Host>>>>,
}

/// What one host's requests share; its lock is held for the whole of a fetch.
#[derive(Default)]
struct Host {
    /// When the last request to this host ended.
    last_request: Option<Instant>,
    robots: Option<(Robots, Instant)>,
}

impl Fetcher {
    /// A client with `cfg`.
    pub fn new(cfg: FetchConfig) -> Result<Fetcher, FetchError> {
        let max_redirects = cfg.max_redirects;
        let same_origin = reqwest::redirect::Policy::custom(move |attempt| {
            let from = attempt.previous().last().map(url::Url::origin);
            if attempt.previous().len() > max_redirects {
                attempt.error("too many redirects")
            } else if from.is_some_and(|from| from != attempt.url().origin()) {
                attempt.stop()
            } else {
                attempt.follow()
            }
        });
        let builder = || {
            reqwest::Client::builder()
                .user_agent(cfg.user_agent.clone())
                .timeout(cfg.timeout)
                .connect_timeout(cfg.timeout.min(Duration::from_secs(10)))
        };
        let client = builder()
            .redirect(same_origin)
            .build()
            .map_err(|e| FetchError::Client(e.to_string()))?;
        let robots_client = builder()
            .redirect(reqwest::redirect::Policy::limited(max_redirects))
            .build()
            .map_err(|e| FetchError::Client(e.to_string()))?;
        let robots_token = cfg
            .user_agent
            .split(['/', ' '])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        Ok(Fetcher {
            inner: Arc::new(Inner {
                client,
                robots_client,
                cfg,
                robots_token,
                hosts: Mutex::new(HashMap::new()),
            }),
        })
    }

    /// Fetches `url`, conditionally on `previous`, waiting for its host's turn, and follows a
    /// redirect to another origin as a fetch of its own.
    pub async fn get(&self, url: &str, previous: &Validators) -> Result<Fetched, FetchError> {
        let mut url = url.to_owned();
        for _ in 0..=self.inner.cfg.max_redirects {
            match self.get_from_origin(&url, previous).await? {
                Attempt::Done(fetched) => return Ok(fetched),
                Attempt::Moved(next) => {
                    tracing::debug!(from = %url, to = %next, "fetch.redirect_other_origin");
                    url = next;
                }
            }
        }
        Err(FetchError::TooManyRedirects(self.inner.cfg.max_redirects))
    }

    /// One origin's part of a fetch: its robots.txt, its turn, the request and its retries.
    async fn get_from_origin(
        &self,
        url: &str,
        previous: &Validators,
    ) -> Result<Attempt, FetchError> {
        let parsed = url::Url::parse(url).map_err(|e| FetchError::InvalidUrl(e.to_string()))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(FetchError::InvalidUrl(url.to_owned()));
        }
        let origin = parsed.origin().ascii_serialization();
        let host = self.host(&origin);
        let mut host = host.lock().await;

        if self.inner.cfg.obey_robots {
            let robots = self.robots(&mut host, &origin).await?;
            let mut path = parsed.path().to_owned();
            if let Some(query) = parsed.query() {
                path.push('?');
                path.push_str(query);
            }
            if !robots.allows(&path) {
                return Err(FetchError::RobotsDisallowed);
            }
        }

        let mut attempt = 0;
        loop {
            self.wait_turn(&mut host).await;
            let result = self.attempt(parsed.as_str(), previous).await;
            Self::ended(&mut host);
            let (err, retry_after) = match result {
                Ok(fetched) => return Ok(fetched),
                Err(failure) => failure,
            };
            if !err.is_retryable() || attempt >= self.inner.cfg.retries {
                return Err(err);
            }
            let wait = match retry_after {
                Some(wait) if wait > self.inner.cfg.max_retry_wait => {
                    return Err(FetchError::RetryAfterTooLong {
                        wait,
                        cap: self.inner.cfg.max_retry_wait,
                    });
                }
                Some(wait) => wait,
                None => self
                    .inner
                    .cfg
                    .retry_base
                    .saturating_mul(1 << attempt.min(16)),
            };
            tracing::debug!(source.url = url, error = %err, wait_ms = wait.as_millis() as u64, "fetch.retry");
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    fn host(&self, origin: &str) -> Arc<tokio::sync::Mutex<Host>> {
        let mut hosts = self
            .inner
            .hosts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        hosts.entry(origin.to_owned()).or_default().clone()
    }

    /// Sleeps until this host may be asked again; [`Fetcher::ended`] marks the request's end.
    async fn wait_turn(&self, host: &mut Host) {
        let crawl_delay = host
            .robots
            .as_ref()
            .and_then(|(robots, _)| robots.crawl_delay)
            .unwrap_or_default()
            .min(MAX_CRAWL_DELAY);
        let interval = self.inner.cfg.min_interval.max(crawl_delay);
        if let Some(last) = host.last_request {
            tokio::time::sleep_until((last + interval).into()).await;
        }
    }

    /// A request to this host has ended (answered or failed): the next waits from now.
    fn ended(host: &mut Host) {
        host.last_request = Some(Instant::now());
    }

    /// The host's robots.txt, read again when older than an hour.
    async fn robots(&self, host: &mut Host, origin: &str) -> Result<Robots, FetchError> {
        if let Some((robots, read_at)) = &host.robots
            && read_at.elapsed() < ROBOTS_TTL
        {
            return Ok(robots.clone());
        }
        self.wait_turn(host).await;
        let robots_url = format!("{origin}/robots.txt");
        let answer = self
            .read(
                &self.inner.robots_client,
                &robots_url,
                ROBOTS_MAX_BYTES,
                None,
            )
            .await;
        Self::ended(host);
        let robots = match answer {
            Ok(response) if response.status.is_success() => Robots::parse(
                &String::from_utf8_lossy(&response.body),
                &self.inner.robots_token,
            ),
            Ok(response) if response.status.is_client_error() => Robots::allow_all(),
            Ok(response) => {
                return Err(FetchError::RobotsUnavailable(format!(
                    "HTTP {}",
                    response.status.as_u16()
                )));
            }
            Err(err) => return Err(FetchError::RobotsUnavailable(err.to_string())),
        };
        host.robots = Some((robots.clone(), Instant::now()));
        Ok(robots)
    }

    /// One request; a failure carries the server's `Retry-After`, if any.
    async fn attempt(
        &self,
        url: &str,
        previous: &Validators,
    ) -> Result<Attempt, (FetchError, Option<Duration>)> {
        let response = self
            .read(
                &self.inner.client,
                url,
                self.inner.cfg.max_bytes,
                Some(previous),
            )
            .await
            .map_err(|err| (err, None))?;
        if response.status == StatusCode::NOT_MODIFIED {
            return Ok(Attempt::Done(Fetched::NotModified));
        }
        if response.status.is_redirection()
            && let Some(location) = header_text(&response.headers, header::LOCATION)
        {
            // The client stopped at a redirect to another origin.
            let next = url::Url::parse(&response.url)
                .and_then(|base| base.join(&location))
                .map_err(|e| (FetchError::InvalidUrl(format!("{location}: {e}")), None))?;
            return Ok(Attempt::Moved(next.into()));
        }
        if !response.status.is_success() {
            let retry_after = retry_after(&response.headers);
            return Err((FetchError::Status(response.status.as_u16()), retry_after));
        }
        let content_type = header_text(&response.headers, header::CONTENT_TYPE);
        let text = charset::decode(&response.body, content_type.as_deref());
        let validators = Validators {
            etag: header_text(&response.headers, header::ETAG),
            last_modified: header_text(&response.headers, header::LAST_MODIFIED),
            body_hash: Some(sha256_hex(text.as_bytes())),
        };
        if previous.body_hash.is_some() && previous.body_hash == validators.body_hash {
            return Ok(Attempt::Done(Fetched::Unchanged(validators)));
        }
        Ok(Attempt::Done(Fetched::Body(Page {
            url: response.url,
            status: response.status.as_u16(),
            content_type,
            text,
            validators,
        })))
    }

    /// Sends a GET and reads at most `max_bytes` of its (decompressed) body, all within the
    /// configured timeout.
    async fn read(
        &self,
        client: &reqwest::Client,
        url: &str,
        max_bytes: usize,
        previous: Option<&Validators>,
    ) -> Result<RawResponse, FetchError> {
        let timeout = self.inner.cfg.timeout;
        match tokio::time::timeout(
            timeout,
            self.send_and_read(client, url, max_bytes, previous),
        )
        .await
        {
            Ok(result) => result,
            Err(_) => Err(FetchError::Timeout(timeout)),
        }
    }

    /// The request and the capped body read, without a deadline of its own.
    async fn send_and_read(
        &self,
        client: &reqwest::Client,
        url: &str,
        max_bytes: usize,
        previous: Option<&Validators>,
    ) -> Result<RawResponse, FetchError> {
        let mut request = client.get(url);
        if let Some(previous) = previous {
            if let Some(etag) = &previous.etag {
                request = request.header(header::IF_NONE_MATCH, etag);
            }
            if let Some(last_modified) = &previous.last_modified {
                request = request.header(header::IF_MODIFIED_SINCE, last_modified);
            }
        }
        let mut response = request.send().await.map_err(|e| self.transport_error(e))?;
        let status = response.status();
        let final_url = response.url().to_string();
        let headers = response.headers().clone();
        if response
            .content_length()
            .is_some_and(|n| n > max_bytes as u64)
        {
            return Err(FetchError::TooLarge(max_bytes));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| self.transport_error(e))?
        {
            if body.len() + chunk.len() > max_bytes {
                return Err(FetchError::TooLarge(max_bytes));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(RawResponse {
            status,
            url: final_url,
            headers,
            body,
        })
    }

    fn transport_error(&self, err: reqwest::Error) -> FetchError {
        if err.is_timeout() {
            FetchError::Timeout(self.inner.cfg.timeout)
        } else if err.is_redirect() {
            FetchError::TooManyRedirects(self.inner.cfg.max_redirects)
        } else if err.is_connect() {
            FetchError::Connect(error_chain(&err))
        } else if err.is_builder() {
            FetchError::InvalidUrl(error_chain(&err))
        } else {
            FetchError::Transport(error_chain(&err))
        }
    }
}

impl fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fetcher")
            .field("cfg", &self.inner.cfg)
            .finish_non_exhaustive()
    }
}

/// What one origin answered: the end of the fetch, or a redirect to another origin.
enum Attempt {
    Done(Fetched),
    Moved(String),
}

struct RawResponse {
    status: StatusCode,
    url: String,
    headers: HeaderMap,
    body: Vec<u8>,
}

/// The innermost cause is what an administrator can act on ("connection refused").
fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut source = err;
    while let Some(next) = source.source() {
        source = next;
    }
    source.to_string()
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

/// `Retry-After` as seconds or as an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = header_text(headers, header::RETRY_AFTER)?;
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = chrono::DateTime::parse_from_rfc2822(&value).ok()?;
    let wait = date.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(wait.to_std().unwrap_or_default())
}

fn sha256_hex(bytes: &[u8]) -> String {
    use fmt::Write;
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for byte in digest {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_well_for_an_administrator() {
        assert_eq!(
            FetchError::TooLarge(5 * 1024 * 1024).to_string(),
            "terlalu besar (> 5 MiB)"
        );
        assert_eq!(
            FetchError::Timeout(Duration::from_secs(20)).to_string(),
            "batas waktu habis setelah 20 dtk"
        );
        assert_eq!(
            FetchError::Timeout(Duration::from_millis(300)).to_string(),
            "batas waktu habis setelah 0,3 dtk"
        );
        assert_eq!(
            FetchError::TooManyRedirects(5).to_string(),
            "terlalu banyak pengalihan (> 5)"
        );
        assert_eq!(FetchError::Status(503).to_string(), "HTTP 503");
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut headers = HeaderMap::new();
        headers.insert(header::RETRY_AFTER, header::HeaderValue::from_static("7"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        headers.insert(
            header::RETRY_AFTER,
            header::HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after(&headers), Some(Duration::ZERO));
        let later = (chrono::Utc::now() + chrono::Duration::seconds(120)).to_rfc2822();
        headers.insert(
            header::RETRY_AFTER,
            header::HeaderValue::from_str(&later).expect("a header value"),
        );
        let wait = retry_after(&headers).expect("a wait");
        assert!(wait > Duration::from_secs(100) && wait <= Duration::from_secs(120));
        headers.insert(
            header::RETRY_AFTER,
            header::HeaderValue::from_static("soon"),
        );
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn the_body_hash_is_sha256_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
