//! The configuration, built once: flags and `SIGAP_*` variables (clap), then the config file,
//! then defaults. Nothing else reads the environment.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Deserialize;

use crate::cli::DbArgs;

/// The optional TOML config file. Every key is also a flag and a `SIGAP_*` variable.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub listen: Option<String>,
    pub data_dir: Option<PathBuf>,
    pub database_url: Option<String>,
    pub body_limit: Option<usize>,
    pub public_url: Option<String>,
    pub smtp_url: Option<String>,
    pub mail_from: Option<String>,
}

impl FileConfig {
    /// Reads `--config FILE`, or `./sigap.toml` when it exists, or nothing.
    pub fn load(explicit: Option<&Path>) -> Result<FileConfig> {
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None if Path::new("sigap.toml").exists() => PathBuf::from("sigap.toml"),
            None => return Ok(FileConfig::default()),
        };
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read config file {}", path.display()))?;
        toml::from_str(&text)
            .with_context(|| format!("config file {} is not valid", path.display()))
    }
}

/// Where the database is, resolved.
pub struct Database {
    pub data_dir: PathBuf,
    pub url: String,
    pub file: FileConfig,
}

impl Database {
    pub fn resolve(args: &DbArgs) -> Result<Database> {
        let file = FileConfig::load(args.config.as_deref())?;
        let data_dir = args
            .data_dir
            .clone()
            .or_else(|| file.data_dir.clone())
            .unwrap_or_else(|| PathBuf::from("sigap-data"));
        std::fs::create_dir_all(&data_dir)
            .with_context(|| format!("cannot create data directory {}", data_dir.display()))?;
        let url = args
            .database_url
            .clone()
            .or_else(|| file.database_url.clone())
            .unwrap_or_else(|| sigap_store::Store::sqlite_url_in(&data_dir));
        Ok(Database {
            data_dir,
            url,
            file,
        })
    }

    /// Opens and migrates the database.
    pub async fn open(&self) -> Result<sigap_store::Store> {
        let store = sigap_store::Store::connect(&self.url)
            .await
            .with_context(|| format!("cannot open the database {}", redact_url(&self.url)))?;
        store
            .migrate()
            .await
            .context("cannot migrate the database")?;
        // A new database gets the shipped Sentra network; afterwards the database is the truth.
        if sigap_server::routing::Routing::ensure_seeded(&store, chrono::Utc::now())
            .await
            .context("cannot load the shipped Sentra network")?
        {
            tracing::info!("loaded the shipped Sentra network and its coverage into the database");
        }
        Ok(store)
    }
}

/// The URL without its password, for messages and logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// The notification settings: flags and variables, then the config file, then defaults.
pub fn notify_settings(
    args: &crate::cli::NotifyArgs,
    file: &FileConfig,
) -> Result<sigap_server::jobs::notify::NotifySettings> {
    use std::time::Duration;
    let defaults = sigap_server::jobs::notify::NotifySettings::default();
    let public_url = args
        .public_url
        .clone()
        .or_else(|| file.public_url.clone())
        .map(|u| u.trim().trim_end_matches('/').to_owned())
        .filter(|u| !u.is_empty());
    if let Some(u) = &public_url {
        anyhow::ensure!(
            u.starts_with("https://") || u.starts_with("http://"),
            "--public-url must start with https:// or http://"
        );
    }
    if let Some(n) = args.notify_max_attempts {
        anyhow::ensure!(n >= 1, "--notify-max-attempts must be at least 1");
    }
    let seconds = |s: Option<u32>, default: chrono::Duration| {
        s.map(|s| chrono::Duration::seconds(i64::from(s.max(1))))
            .unwrap_or(default)
    };
    Ok(sigap_server::jobs::notify::NotifySettings {
        public_url,
        smtp_url: args
            .smtp_url
            .clone()
            .or_else(|| file.smtp_url.clone())
            .filter(|u| !u.trim().is_empty()),
        mail_from: args
            .mail_from
            .clone()
            .or_else(|| file.mail_from.clone())
            .unwrap_or(defaults.mail_from.clone()),
        instance: instance_name(),
        max_attempts: args.notify_max_attempts.unwrap_or(defaults.max_attempts),
        backoff_base: seconds(args.notify_backoff, defaults.backoff_base),
        backoff_max: seconds(args.notify_backoff_max, defaults.backoff_max),
        timeout: args
            .notify_timeout
            .map(|t| Duration::from_secs(u64::from(t.clamp(1, 300))))
            .unwrap_or(defaults.timeout),
        workers: args
            .notify_workers
            .map(|w| w.clamp(1, 32))
            .unwrap_or(defaults.workers),
        ..defaults
    })
}

/// This machine's name and the process id, for the delivery log.
fn instance_name() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "sigap".into());
    format!("{host}/{}", std::process::id())
}

/// The first administrator: on a database with no users, `admin` with a generated password,
/// written to `DATA_DIR/admin-password` (readable by its owner only). Returns that file.
pub async fn bootstrap_admin(
    store: &sigap_store::Store,
    data_dir: &Path,
) -> Result<Option<PathBuf>> {
    if store.count_users().await? > 0 {
        return Ok(None);
    }
    let password = sigap_server::secret::generate()[..24].to_owned();
    let request = sigap_server::api::v1::users::NewUserRequest {
        username: "admin".into(),
        display_name: Some("Administrator".into()),
        role: "admin".into(),
        sentra: Vec::new(),
        password: password.clone(),
    };
    let path = data_dir.join("admin-password");
    write_private(&path, &format!("{password}\n"))
        .with_context(|| format!("cannot write {}", path.display()))?;
    sigap_server::api::v1::users::add_user(store, &request, "sigap", chrono::Utc::now())
        .await
        .map_err(|e| anyhow::anyhow!("cannot create the first administrator: {e:?}"))?;
    Ok(Some(path))
}

fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(path)?;
    writeln!(f, "{content}")
}

/// The inbound channels' settings from the command line and environment.
pub fn channel_settings(args: &crate::cli::ChannelArgs) -> sigap_server::inbound::ChannelSettings {
    let secret = |s: &Option<String>| s.clone().filter(|s| !s.trim().is_empty());
    sigap_server::inbound::ChannelSettings {
        whatsapp_app_secret: secret(&args.whatsapp_app_secret),
        whatsapp_verify_token: secret(&args.whatsapp_verify_token),
        sms_secret: secret(&args.sms_secret),
        email_secret: secret(&args.email_secret),
        join_window: chrono::Duration::minutes(args.channel_join_window.clamp(0, 24 * 60)),
        attachment_max_bytes: args.email_attachment_max_bytes,
        email_max_bytes: args.email_max_bytes.max(64 * 1024),
    }
}

/// The scanner's settings from the command line and environment.
pub fn scan_settings(args: &crate::cli::ScanArgs) -> Result<sigap_server::scan::ScanSettings> {
    let mut settings = sigap_server::scan::ScanSettings {
        max_failures: args.scan_max_failures.max(1),
        max_new_per_scan: args.scan_max_new.max(1),
        ..Default::default()
    };
    settings.fetch.timeout = std::time::Duration::from_secs(args.fetch_timeout.max(1));
    if let Some(contact) = args.crawler_contact.as_deref() {
        let contact = contact.trim();
        let plain = contact
            .chars()
            .all(|c| c.is_ascii_graphic() && c != '(' && c != ')' && c != ';');
        if !plain
            || !(contact.starts_with("http://")
                || contact.starts_with("https://")
                || contact.starts_with("mailto:"))
        {
            anyhow::bail!(
                "--crawler-contact {contact:?}: give an http(s):// address or a mailto: address, without spaces"
            );
        }
        settings.fetch.user_agent = sigap_ingest::fetch::user_agent(Some(contact));
    }
    for rule in &args.auto_accept {
        let (category, score) = rule.split_once('=').ok_or_else(|| {
            anyhow::anyhow!(
                "--auto-accept {rule:?}: write CATEGORY=SCORE, e.g. korban_bencana=0.97"
            )
        })?;
        let category = sigap_core::Category::parse(category.trim())
            .map_err(|e| anyhow::anyhow!("--auto-accept {rule:?}: {}", e.message))?;
        let score: f32 = score
            .trim()
            .parse()
            .ok()
            .filter(|s: &f32| (0.5..=1.0).contains(s))
            .ok_or_else(|| {
                anyhow::anyhow!("--auto-accept {rule:?}: the score is a number from 0.5 to 1")
            })?;
        settings.auto_accept.insert(category, score);
    }
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_hidden_in_urls() {
        assert_eq!(
            redact_url("postgres://sigap:rahasia@db/sigap"),
            "postgres://sigap:***@db/sigap"
        );
        assert_eq!(
            redact_url("postgres://postgres@127.0.0.1/test"),
            "postgres://postgres@127.0.0.1/test"
        );
        assert_eq!(
            redact_url("sqlite://sigap-data/sigap.sqlite"),
            "sqlite://sigap-data/sigap.sqlite"
        );
    }

    #[test]
    fn the_scanner_names_its_contact_in_the_user_agent_when_given_one() {
        let args = |contact: Option<&str>| crate::cli::ScanArgs {
            auto_accept: Vec::new(),
            scan_max_failures: 5,
            scan_max_new: 100,
            fetch_timeout: 20,
            crawler_contact: contact.map(str::to_owned),
        };
        let version = env!("CARGO_PKG_VERSION");
        let plain = scan_settings(&args(None)).unwrap();
        assert_eq!(
            plain.fetch.user_agent,
            format!("SigapBot/{version} (pemindai media Sigap)")
        );
        let named = scan_settings(&args(Some(" mailto:pusdatin@example.go.id "))).unwrap();
        assert_eq!(
            named.fetch.user_agent,
            format!("SigapBot/{version} (+mailto:pusdatin@example.go.id; pemindai media Sigap)")
        );
        for bad in [
            "pusdatin kemensos",
            "ftp://x",
            "https://x.id/a b",
            "https://x.id/(a)",
        ] {
            let err = scan_settings(&args(Some(bad))).unwrap_err().to_string();
            assert!(err.contains("--crawler-contact"), "{bad}: {err}");
        }
    }
}
