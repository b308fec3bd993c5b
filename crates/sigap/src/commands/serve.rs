//! `sigap serve`: open (and migrate) the database, optionally seed demo data, and serve HTTP
//! until SIGINT or SIGTERM, letting in-flight requests finish.

use anyhow::{Context, Result};
use sigap_server::{
    AppState, ServerConfig,
    jobs::{self, Shutdown},
};

use crate::{
    cli::{LogFormat, ServeArgs},
    config::{Database, bootstrap_admin, notify_settings, redact_url},
};

pub async fn run(args: ServeArgs) -> Result<()> {
    init_logging(args.log_format);
    let db = Database::resolve(&args.db)?;
    let listen = args
        .listen
        .clone()
        .or_else(|| db.file.listen.clone())
        .unwrap_or_else(|| "127.0.0.1:8080".to_owned());
    // Load the region gazetteer now rather than on the first request that needs it.
    let started = std::time::Instant::now();
    let regions = sigap_core::gazetteer::Gazetteer::embedded().counts();
    tracing::info!(
        regions.village = regions.village,
        duration_ms = started.elapsed().as_millis() as u64,
        "region gazetteer loaded"
    );
    let store = db.open().await?;
    tracing::info!(database.url = %redact_url(&db.url), "database ready");
    let password_file = bootstrap_admin(&store, &db.data_dir).await?;
    if args.demo && store.count_cases().await? == 0 {
        let n = crate::demo::seed(&store, 60, 171).await?;
        tracing::info!(cases = n, "demo data filed");
    }
    if args.demo {
        for (user, role) in crate::demo::seed_users(&store).await? {
            tracing::info!(
                user.name = %user,
                user.role = %role,
                "demo account (password {})",
                crate::demo::DEMO_PASSWORD
            );
        }
    }
    let notify = notify_settings(&args.notify, &db.file)?;
    let config = ServerConfig {
        secure_cookies: notify
            .public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://")),
        body_limit: args.body_limit.or(db.file.body_limit).unwrap_or(64 * 1024),
        public_url: notify.public_url.clone(),
    };
    let listener = tokio::net::TcpListener::bind(&listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    let addr = listener.local_addr()?;
    tracing::info!(listen = %addr, "Sigap siap: http://{addr}/");
    if let Some(path) = password_file {
        tracing::info!(
            file = %path.display(),
            "first administrator created: sign in at /masuk as 'admin' with the password in this file"
        );
    }
    let mut state = AppState::new(store.clone(), config);
    state.scan = std::sync::Arc::new(crate::config::scan_settings(&args.scan)?);
    state.channels = std::sync::Arc::new(crate::config::channel_settings(&args.channels));
    let starter = super::sources::seed_starter(&store).await?;
    if starter > 0 {
        tracing::info!(
            sources = starter,
            "starter list of Indonesian news sources added (disabled)"
        );
    }
    state
        .sla
        .reload(&store)
        .await
        .context("cannot load the SLA policy and holidays")?;
    let (stop_jobs, jobs_signal) = Shutdown::new();
    let jobs = jobs::spawn(
        &state,
        std::sync::Arc::new(notify),
        std::time::Duration::from_secs(args.sla_every.max(1)),
        !args.no_scan,
        jobs_signal,
    )
    .context("cannot start the background jobs")?;
    let served = sigap_server::serve(listener, state, async move {
        shutdown_signal().await;
        let _ = stop_jobs.send(true);
    })
    .await;
    // The jobs finish the message in flight and record it (a dropped sender stops them too).
    jobs.join().await;
    served?;
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}

fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("SIGAP_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()));
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
