//! A small keyed token bucket for the public form (`/lapor`: at most `burst` complaints per
//! client address, one more every `window / burst`) and for failed sign-ins per address. In memory, so each instance of Sigap limits
//! on its own (behind a load balancer of N instances a client may file up to N times as many).
//! The map is bounded: buckets that have refilled are forgotten first, then the least recent.

use std::{
    collections::HashMap,
    net::{IpAddr, Ipv6Addr, SocketAddr},
    sync::Mutex,
};

use axum::{
    extract::{ConnectInfo, FromRequestParts},
    http::request::Parts,
};

use crate::AppState;
use chrono::{DateTime, Duration, Utc};

/// How many complaints one address may file, and how fast it earns them back.
#[derive(Debug, Clone)]
pub struct RateLimit {
    /// Complaints allowed at once.
    pub burst: u32,
    /// The time in which a full `burst` is earned back.
    pub window: Duration,
    /// Addresses remembered at most.
    pub max_clients: usize,
    /// Take the client address from the last `X-Forwarded-For` entry. Only behind a proxy that
    /// Sigap's operator runs and that appends that header; otherwise anyone could pick their own
    /// address and escape the limit.
    pub trust_forwarded_for: bool,
}

impl Default for RateLimit {
    fn default() -> Self {
        RateLimit {
            burst: 5,
            window: Duration::minutes(10),
            max_clients: 10_000,
            trust_forwarded_for: false,
        }
    }
}

/// The key a client is limited under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientKey {
    Ip(IpAddr),
    /// No connection address is known (a router called without `serve`, as in tests): every
    /// such request shares one bucket.
    Unknown,
}

impl ClientKey {
    /// The connection's address (`ConnectInfo`, set by [`crate::serve`]), or the last
    /// `X-Forwarded-For` entry when `trust_forwarded_for` is on. An IPv6 client is limited by
    /// its /64, which one household or phone usually holds whole.
    pub fn of(parts: &Parts, limit: &RateLimit) -> ClientKey {
        let forwarded = limit
            .trust_forwarded_for
            .then(|| parts.headers.get("x-forwarded-for"))
            .flatten()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse::<IpAddr>().ok());
        let connected = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip());
        match forwarded.or(connected) {
            Some(IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
                let s = v6.segments();
                ClientKey::Ip(IpAddr::V6(Ipv6Addr::new(
                    s[0], s[1], s[2], s[3], 0, 0, 0, 0,
                )))
            }
            Some(IpAddr::V6(v6)) => ClientKey::Ip(IpAddr::V4(
                v6.to_ipv4_mapped()
                    .unwrap_or(std::net::Ipv4Addr::UNSPECIFIED),
            )),
            Some(ip) => ClientKey::Ip(ip),
            None => ClientKey::Unknown,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: DateTime<Utc>,
}

/// The buckets, one per client key.
#[derive(Debug, Default)]
pub struct RateLimiter {
    pub limit: RateLimit,
    buckets: Mutex<HashMap<ClientKey, Bucket>>,
}

impl RateLimiter {
    pub fn new(limit: RateLimit) -> RateLimiter {
        RateLimiter {
            limit,
            buckets: Mutex::default(),
        }
    }

    /// How long `key` must wait for a token at `now`, without taking one (`None`: no wait).
    /// Sign-in uses it to refuse an address whose failures used its tokens up.
    pub fn wait(&self, key: ClientKey, now: DateTime<Utc>) -> Option<Duration> {
        let burst = f64::from(self.limit.burst.max(1));
        let per_token_ms = self.limit.window.num_milliseconds().max(1) as f64 / burst;
        let buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let b = buckets.get(&key)?;
        let earned = (now - b.at).num_milliseconds().max(0) as f64 / per_token_ms;
        let tokens = (b.tokens + earned).min(burst);
        (tokens < 1.0).then(|| {
            Duration::milliseconds((((1.0 - tokens) * per_token_ms).ceil() as i64).max(1000))
        })
    }

    /// Takes one token for `key` at `now`; when none is left, how long until one is.
    pub fn try_take(&self, key: ClientKey, now: DateTime<Utc>) -> Result<(), Duration> {
        let burst = f64::from(self.limit.burst.max(1));
        let per_token_ms = self.limit.window.num_milliseconds().max(1) as f64 / burst;
        let refill = |b: &Bucket| {
            let earned = (now - b.at).num_milliseconds().max(0) as f64 / per_token_ms;
            (b.tokens + earned).min(burst)
        };
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if !buckets.contains_key(&key) && buckets.len() >= self.limit.max_clients {
            buckets.retain(|_, b| refill(b) < burst);
            if buckets.len() >= self.limit.max_clients
                && let Some(oldest) = buckets.iter().min_by_key(|(_, b)| b.at).map(|(k, _)| *k)
            {
                buckets.remove(&oldest);
            }
        }
        let bucket = buckets.entry(key).or_insert(Bucket {
            tokens: burst,
            at: now,
        });
        let tokens = refill(bucket);
        if tokens >= 1.0 {
            *bucket = Bucket {
                tokens: tokens - 1.0,
                at: now,
            };
            Ok(())
        } else {
            *bucket = Bucket { tokens, at: now };
            let wait_ms = ((1.0 - tokens) * per_token_ms).ceil() as i64;
            Err(Duration::milliseconds(wait_ms.max(1000)))
        }
    }
}

/// The client's address, for a rate limit (the address settings of the public form's limiter).
pub struct Client(pub ClientKey);

impl FromRequestParts<AppState> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(Client(ClientKey::of(parts, &state.lapor_limiter.limit)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(n: u8) -> ClientKey {
        ClientKey::Ip(IpAddr::from([192, 0, 2, n]))
    }

    #[test]
    fn the_sixth_complaint_in_ten_minutes_waits_and_a_token_comes_back_in_two() {
        let limiter = RateLimiter::new(RateLimit::default());
        let t0 = DateTime::<Utc>::UNIX_EPOCH;
        for _ in 0..5 {
            assert!(limiter.try_take(ip(1), t0).is_ok());
        }
        assert_eq!(limiter.try_take(ip(1), t0), Err(Duration::minutes(2)));
        assert!(
            limiter.try_take(ip(2), t0).is_ok(),
            "another address has its own bucket"
        );
        assert!(limiter.try_take(ip(1), t0 + Duration::minutes(2)).is_ok());
        assert!(limiter.try_take(ip(1), t0 + Duration::minutes(2)).is_err());
    }

    #[test]
    fn the_map_never_holds_more_than_max_clients() {
        let limiter = RateLimiter::new(RateLimit {
            max_clients: 3,
            ..RateLimit::default()
        });
        let t0 = DateTime::<Utc>::UNIX_EPOCH;
        for n in 0..10 {
            assert!(
                limiter
                    .try_take(ip(n), t0 + Duration::seconds(n.into()))
                    .is_ok()
            );
        }
        assert_eq!(
            limiter
                .buckets
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .len(),
            3
        );
    }
}
