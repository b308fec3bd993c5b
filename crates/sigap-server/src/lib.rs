//! Sigap's HTTP side: the REST API, the public ticket page, health and metrics.
//!
//! # Layout
//!
//! - [`router`]: every route in one place — [`build_router`]; the API's routes are registered
//!   with their documentation ([`router::documented_routes`]).
//! - [`openapi`]: the OpenAPI 3.1 document made from the handlers' `#[utoipa::path]`, served at
//!   `/api/openapi.json` and as a page at `/api/docs`.
//! - [`api`]: JSON handlers, one module per resource (`api/v1/{complaints,tickets,cases}.rs`).
//! - [`pages`]: server-rendered pages (`/lacak`), templates in `templates/`; [`lapor`]: the
//!   public complaint form (`/lapor`), with [`rate_limit`] holding back floods from one address.
//! - [`ops`]: `/healthz`, `/readyz`, `/metrics`; [`metrics`] holds the counters.
//! - [`error`]: the one [`error::ApiError`], mapped to `application/problem+json`.
//! - [`auth`]: who is asking — API tokens and browser sessions, roles, CSRF, sign-in.
//! - [`secret`]: random tokens, their stored SHA-256, constant-time comparison.
//! - [`extract`]: extractors that answer in our error shape (JSON bodies, queries, headers).
//! - [`inbound`]: WhatsApp, SMS and e-mail messages taken once each, into a routed case or the
//!   case they continue (the webhooks are `api/v1/channels/`).
//! - [`views`]: API shapes, converted from the domain.
//! - [`jobs`]: background jobs of `serve` — the notifier and the notification delivery workers.
//! - [`routing`]: which Sentra answers for a case (coverage from the database, cached).
//! - [`sla`]: the SLA policy and calendar in force; [`jobs`]: background jobs (the SLA sweep).
//! - [`daily_report`]: the media scanner's daily report as JSON, CSV and a self-contained HTML
//!   file (for the API, the staff page and `sigap report daily`).
//! - [`ui`]: pictures for the web UI made on the server: the province map and the charts (SVG).
//!
//! [`serve`] takes a bound listener and a shutdown signal, so tests bind port 0.

pub mod api;
pub mod auth;
pub mod csv;
pub mod daily_report;
pub mod error;
pub mod extract;
pub mod inbound;
pub mod jobs;
pub mod lapor;
pub mod metrics;
pub mod open311;
pub mod openapi;
pub mod ops;
pub mod pages;
pub mod rate_limit;
pub mod router;
pub mod routing;
pub mod scan;
pub mod secret;
pub mod sla;
pub mod survei;
pub mod ui;
pub mod views;

use std::{future::Future, sync::Arc, time::Duration};

use chrono::{DateTime, Utc};
use sigap_store::Store;
use tokio::net::TcpListener;

pub use router::build_router;

/// What the HTTP side needs from the configuration.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Whether cookies carry `Secure` (Sigap is reached over HTTPS).
    pub secure_cookies: bool,
    /// The largest request body accepted, in bytes.
    pub body_limit: usize,
    /// Sigap's public address (no trailing slash), for links sent out (survey links).
    pub public_url: Option<String>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            secure_cookies: false,
            body_limit: 64 * 1024,
            public_url: None,
        }
    }
}

/// The time source. Handlers never call `Utc::now()` themselves, so tests can set the clock.
#[derive(Clone, Debug, Default)]
pub enum Clock {
    #[default]
    System,
    Fixed(Arc<std::sync::Mutex<DateTime<Utc>>>),
}

impl Clock {
    pub fn fixed(at: DateTime<Utc>) -> Clock {
        Clock::Fixed(Arc::new(std::sync::Mutex::new(at)))
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(t) => *t.lock().unwrap_or_else(|p| p.into_inner()),
        }
    }

    /// Moves a fixed clock; a system clock ignores it.
    pub fn advance(&self, by: chrono::Duration) {
        if let Clock::Fixed(t) = self {
            let mut guard = t.lock().unwrap_or_else(|p| p.into_inner());
            *guard += by;
        }
    }
}

/// Everything a handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<ServerConfig>,
    pub metrics: Arc<metrics::Metrics>,
    pub clock: Clock,
    pub pages: Arc<pages::Templates>,
    pub routing: Arc<routing::Routing>,
    /// The SLA policy and calendar in force.
    pub sla: Arc<sla::SlaEngine>,
    /// The public form's per-address limit (in memory: each instance limits on its own).
    pub lapor_limiter: Arc<rate_limit::RateLimiter>,
    /// Failed sign-ins per client address (beside the lock of each account).
    pub login_limiter: Arc<rate_limit::RateLimiter>,
    /// The media scanner's settings.
    pub scan: Arc<scan::ScanSettings>,
    /// The inbound channels' secrets and settings.
    pub channels: Arc<inbound::ChannelSettings>,
}

impl AppState {
    pub fn new(store: Store, config: ServerConfig) -> AppState {
        AppState {
            store,
            config: Arc::new(config),
            metrics: Arc::new(metrics::Metrics::new()),
            clock: Clock::System,
            pages: Arc::new(pages::Templates::new()),
            routing: Arc::new(routing::Routing::default()),
            sla: Arc::new(sla::SlaEngine::default()),
            lapor_limiter: Arc::new(rate_limit::RateLimiter::default()),
            login_limiter: Arc::new(rate_limit::RateLimiter::new(rate_limit::RateLimit {
                burst: 20,
                window: chrono::Duration::minutes(10),
                ..rate_limit::RateLimit::default()
            })),
            scan: Arc::new(scan::ScanSettings::default()),
            channels: Arc::new(inbound::ChannelSettings::default()),
        }
    }
}

/// Serves until `shutdown` resolves, then lets in-flight requests finish (at most 30 s).
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = build_router(state);
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    // The peer address reaches handlers as `ConnectInfo` (the public form's rate limit).
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    let graceful = axum::serve(listener, app).with_graceful_shutdown(async move {
        shutdown.await;
        let _ = tx.send(());
    });
    let server = tokio::spawn(async move { graceful.await });
    tokio::select! {
        result = server => result.map_err(std::io::Error::other)?,
        _ = async {
            let _ = rx.await;
            tokio::time::sleep(Duration::from_secs(30)).await;
        } => {
            tracing::warn!("in-flight requests did not finish within 30 s; stopping anyway");
            Ok(())
        }
    }
}
