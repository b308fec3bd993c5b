//! The command-line grammar (clap). Every flag that is a setting also reads a `SIGAP_*`
//! environment variable and the config file, in that order of precedence.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "sigap",
    version,
    about = "Sigap — pusat komando respons cepat kesejahteraan sosial / social-welfare rapid-response command center",
    long_about = None,
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once per run; boxing would only add noise
pub enum Command {
    /// Run the command center (HTTP API and pages) (jalankan server)
    Serve(ServeArgs),
    /// Create or update the database schema (migrasi basis data)
    Migrate(DbArgs),
    /// File complaints from a terminal, as a 171 operator would (aduan)
    #[command(subcommand)]
    Complaint(ComplaintCommand),
    /// List and show cases (kasus)
    #[command(subcommand)]
    Case(CaseCommand),
    /// Fill the database with a realistic demo data set (data demo)
    Demo(DemoArgs),
    /// Indonesia's regions: counts, search, one region with its parents and children (wilayah)
    #[command(subcommand)]
    Regions(RegionsCommand),
    /// Which Sentra answers for a place, and why (rute)
    Route(RouteArgs),
    /// The Sentra network and its coverage (sentra)
    #[command(subcommand)]
    Sentra(SentraCommand),
    /// Read texts like an analyst: actionable?, groups, urgency, place, same incident (analisis)
    Analyze(AnalyzeArgs),
    /// Train the text model from the labelled corpus and report held-out figures (latih model)
    Train(TrainArgs),
    /// Score the analyser against a labelled JSON-lines file (evaluasi)
    Eval(EvalArgs),
    /// Notifications: their targets, and the outbox with its delivery log (notifikasi)
    #[command(subcommand)]
    Notify(NotifyCommand),
    /// Measure Sigap's speed (release builds only give meaningful figures) (tolok ukur)
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Reports: KPIs per Sentra, province, group, channel or period; the media scanner's day (laporan)
    #[command(subcommand)]
    Report(ReportCommand),
    /// The SLA clock: run the sweep once (tenggat layanan)
    #[command(subcommand)]
    Sla(SlaCommand),
    /// Users, roles and API tokens (pengguna)
    #[command(subcommand)]
    User(UserCommand),
    /// Media sources the scanner reads: feeds, sitemaps, pages, social media (sumber)
    #[command(subcommand)]
    Sources(SourcesCommand),
    /// Scan every enabled source once and print a summary (pindai)
    Scan(ScanOnceArgs),
    /// The triage queue of media candidates (kandidat)
    #[command(subcommand)]
    Candidates(CandidatesCommand),
    /// Import data exported elsewhere (impor)
    #[command(subcommand)]
    Import(ImportCommand),
    /// Print the OpenAPI 3.1 document of the HTTP interface, as `/api/openapi.json` serves it (dokumen API)
    Openapi(OpenapiArgs),
}

#[derive(Args)]
pub struct OpenapiArgs {
    /// Instead of the document, the number of operations per tag (ringkasan)
    #[arg(long)]
    pub summary: bool,
}

#[derive(Subcommand)]
pub enum SourcesCommand {
    /// Register a source; disabled sources are kept but not scanned (tambah sumber)
    Add(SourcesAddArgs),
    /// Every source with its health: last success, last error, items seen (daftar sumber)
    List(DbJson),
    /// Scan a source again (also lifts an automatic pause) (aktifkan)
    Enable(SourceIdArgs),
    /// Stop scanning a source (nonaktifkan)
    Disable(SourceIdArgs),
    /// Add the shipped starter list of Indonesian news sources, disabled (daftar awal)
    Starter(DbJson),
}

#[derive(Args)]
pub struct SourcesAddArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The feed, sitemap or page address (http:// or https://)
    pub url: String,
    /// feed (RSS/Atom/JSON), sitemap, page, social (webhook and imports) or social_feed (a feed
    /// whose entries are posts; default: sitemap when the address says so, else feed)
    #[arg(long)]
    pub kind: Option<String>,
    /// How often to scan: 90s, 15m, 2h, 1d (default 15m)
    #[arg(long, value_name = "INTERVAL")]
    pub every: Option<String>,
    /// A name to show (default: the host)
    #[arg(long)]
    pub name: Option<String>,
    /// Register it disabled
    #[arg(long)]
    pub disabled: bool,
}

#[derive(Args)]
pub struct SourceIdArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The source's number (sigap sources list)
    pub id: i64,
}

#[derive(Args)]
pub struct ScanOnceArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Scan every enabled source once, now (required: serve scans on each interval)
    #[arg(long)]
    pub once: bool,
    /// Print the summary as JSON
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub scan: ScanArgs,
}

#[derive(Subcommand)]
pub enum CandidatesCommand {
    /// Candidates, urgent first, then the most recent (daftar kandidat)
    List(CandidatesListArgs),
    /// The operators' triage decisions as labelled JSON lines for `sigap train --feedback`
    /// (umpan balik)
    Feedback(CandidatesFeedbackArgs),
    /// Make a candidate a routed case (terima)
    Accept(CandidateDecisionArgs),
    /// Drop a candidate, with the reason (tolak)
    Dismiss(CandidateDecisionArgs),
}

#[derive(Args)]
pub struct CandidateDecisionArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The candidate's number (sigap candidates list)
    pub id: i64,
    /// Why it is dismissed (required for dismiss), e.g. "bukan kasus", "berita program"
    #[arg(long)]
    pub reason: Option<String>,
    /// Who decides, as the case history will say
    #[arg(long, default_value = "cli")]
    pub actor: String,
}

#[derive(Args)]
pub struct CandidatesFeedbackArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Write to this file instead of standard output
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Args)]
pub struct CandidatesListArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// baru (default), diterima, digabung, ditolak, or semua
    #[arg(long)]
    pub status: Option<String>,
    /// A category slug
    #[arg(long)]
    pub category: Option<String>,
    /// high or normal
    #[arg(long)]
    pub urgency: Option<String>,
    /// A region code: that place and everything inside it
    #[arg(long)]
    pub region: Option<String>,
    /// A Sentra id
    #[arg(long)]
    pub sentra: Option<String>,
    #[arg(long, default_value_t = 100)]
    pub limit: i64,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand)]
pub enum ImportCommand {
    /// Social-media posts from a JSON Lines or CSV export (kiriman media sosial)
    Social(ImportSocialArgs),
}

#[derive(Args)]
pub struct ImportSocialArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The file: JSON Lines (.jsonl) or CSV with a header row (.csv)
    pub file: PathBuf,
    /// jsonl or csv (default: from the file's extension)
    #[arg(long)]
    pub format: Option<String>,
    /// The social source the posts belong to (sigap sources list)
    #[arg(long, value_name = "ID")]
    pub source: Option<i64>,
    #[command(flatten)]
    pub scan: ScanArgs,
}

#[derive(Subcommand)]
pub enum UserCommand {
    /// Add a user; prints a generated password unless --password-stdin (tambah pengguna)
    Add(UserAddArgs),
    /// Every user with role, Sentra and last sign-in (daftar pengguna)
    List(DbJson),
    /// Give a user a new password; prints a generated one unless --password-stdin
    Password(UserPasswordArgs),
    /// Stop a user from signing in (its sessions end; its API tokens stop working)
    Disable(UserNameArgs),
    /// Let a disabled user sign in again
    Enable(UserNameArgs),
    /// Make an API token for a user (for integrations); printed once (token API)
    Token(UserTokenArgs),
}

#[derive(Args)]
pub struct UserAddArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// 3–32 characters: a-z, 0-9, '.', '_', '-'
    pub username: String,
    /// admin, supervisor, operator, sentra or viewer
    #[arg(long)]
    pub role: String,
    /// A Sentra the user works for (role sentra; repeat for several)
    #[arg(long = "sentra", value_name = "ID")]
    pub sentra: Vec<String>,
    /// The name shown in the interface [default: the username]
    #[arg(long)]
    pub name: Option<String>,
    /// Read the password from the first line of standard input instead of generating one
    #[arg(long)]
    pub password_stdin: bool,
}

#[derive(Args)]
pub struct UserNameArgs {
    #[command(flatten)]
    pub db: DbArgs,
    pub username: String,
}

#[derive(Args)]
pub struct UserPasswordArgs {
    #[command(flatten)]
    pub db: DbArgs,
    pub username: String,
    /// Read the password from the first line of standard input instead of generating one
    #[arg(long)]
    pub password_stdin: bool,
}

#[derive(Args)]
pub struct UserTokenArgs {
    #[command(flatten)]
    pub db: DbArgs,
    pub username: String,
    /// What the token is for ("gateway WhatsApp")
    #[arg(long)]
    pub name: String,
    /// Print only the token (for scripts)
    #[arg(long)]
    pub quiet: bool,
}

#[derive(Subcommand)]
pub enum ReportCommand {
    /// Volumes, backlog, median and p90 times, share within SLA, IKM (indikator kinerja)
    Kpi(ReportKpiArgs),
    /// The media scanner's day: items, candidates, accepted cases, clusters, sources in trouble
    Daily(ReportDailyArgs),
}

#[derive(Args)]
pub struct ReportDailyArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The day, YYYY-MM-DD in WIB (midnight to midnight, UTC+7) [default: today in WIB]
    #[arg(long)]
    pub date: Option<String>,
    /// json, csv or html (a self-contained page with the chart)
    #[arg(long, default_value = "json", value_parser = ["json", "csv", "html"])]
    pub format: String,
}

#[derive(Args)]
pub struct ReportKpiArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// First day, YYYY-MM-DD in WIB [default: 1 January of this year]
    #[arg(long)]
    pub from: Option<String>,
    /// Last day, included [default: today]
    #[arg(long)]
    pub to: Option<String>,
    /// sentra, province, category, channel, day, week, month or year
    #[arg(long, default_value = "sentra")]
    pub by: String,
    #[arg(long)]
    pub sentra: Option<String>,
    /// Two-digit province code
    #[arg(long)]
    pub province: Option<String>,
    #[arg(long)]
    pub category: Option<String>,
    #[arg(long)]
    pub channel: Option<String>,
    /// table, csv or json
    #[arg(long, default_value = "table", value_parser = ["table", "csv", "json"])]
    pub format: String,
}

#[derive(Subcommand)]
pub enum SlaCommand {
    /// Evaluate every case that is due now: at risk, late and escalated, auto-closed
    Sweep(DbArgs),
}

/// Where the data lives. Shared by every command that touches the database.
#[derive(Args, Clone, Debug)]
pub struct DbArgs {
    /// Folder for the embedded SQLite database and local files
    #[arg(long, env = "SIGAP_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Database URL: sqlite://FILE or postgres://USER@HOST/DB (default: SQLite in the data dir)
    #[arg(long, env = "SIGAP_DATABASE_URL", value_name = "URL")]
    pub database_url: Option<String>,
    /// Config file (TOML) [default: ./sigap.toml when it exists]
    #[arg(long, env = "SIGAP_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Address to listen on [default: 127.0.0.1:8080]
    #[arg(long, env = "SIGAP_LISTEN", value_name = "ADDR")]
    pub listen: Option<String>,
    /// Largest request body accepted, in bytes [default: 65536]
    #[arg(long, env = "SIGAP_BODY_LIMIT", value_name = "BYTES")]
    pub body_limit: Option<usize>,
    /// Fill an empty database with demo data before serving
    #[arg(long)]
    pub demo: bool,
    /// Seconds between two sweeps of the SLA clock (at risk, late, escalation, auto-close)
    #[arg(
        long,
        env = "SIGAP_SLA_EVERY",
        value_name = "SECONDS",
        default_value_t = 30
    )]
    pub sla_every: u64,
    /// Log format
    #[arg(long, env = "SIGAP_LOG_FORMAT", value_enum, default_value = "text")]
    pub log_format: LogFormat,
    #[command(flatten)]
    pub notify: NotifyArgs,
    /// Do not scan media sources in the background (another instance or `sigap scan` does)
    #[arg(long, env = "SIGAP_NO_SCAN")]
    pub no_scan: bool,
    #[command(flatten)]
    pub scan: ScanArgs,
    #[command(flatten)]
    pub channels: ChannelArgs,
}

/// Inbound channels (WhatsApp, SMS, e-mail webhooks). A channel without its secret is off (its
/// endpoint answers 404).
#[derive(Args, Clone, Debug, Default)]
pub struct ChannelArgs {
    /// The Meta app secret that signs WhatsApp Cloud API webhooks (X-Hub-Signature-256)
    #[arg(
        long,
        env = "SIGAP_WHATSAPP_APP_SECRET",
        value_name = "SECRET",
        hide_env_values = true
    )]
    pub whatsapp_app_secret: Option<String>,
    /// The verify token entered in Meta's webhook settings (the GET handshake)
    #[arg(
        long,
        env = "SIGAP_WHATSAPP_VERIFY_TOKEN",
        value_name = "TOKEN",
        hide_env_values = true
    )]
    pub whatsapp_verify_token: Option<String>,
    /// Shared secret of the SMS gateway (Sigap-Signature HMAC)
    #[arg(
        long,
        env = "SIGAP_SMS_SECRET",
        value_name = "SECRET",
        hide_env_values = true
    )]
    pub sms_secret: Option<String>,
    /// Shared secret of the inbound e-mail relay (Sigap-Signature HMAC)
    #[arg(
        long,
        env = "SIGAP_EMAIL_SECRET",
        value_name = "SECRET",
        hide_env_values = true
    )]
    pub email_secret: Option<String>,
    /// Minutes within which a sender's next message joins their open case
    #[arg(
        long,
        env = "SIGAP_CHANNEL_JOIN_WINDOW",
        value_name = "MINUTES",
        default_value_t = 30
    )]
    pub channel_join_window: i64,
    /// Largest e-mail attachment whose content is kept, in bytes (larger: name and size only)
    #[arg(
        long,
        env = "SIGAP_EMAIL_ATTACHMENT_MAX_BYTES",
        value_name = "BYTES",
        default_value_t = 2 * 1024 * 1024
    )]
    pub email_attachment_max_bytes: usize,
    /// Largest raw e-mail taken, in bytes
    #[arg(
        long,
        env = "SIGAP_EMAIL_MAX_BYTES",
        value_name = "BYTES",
        default_value_t = 10 * 1024 * 1024
    )]
    pub email_max_bytes: usize,
}

/// The media scanner's settings (`serve` and `scan`).
#[derive(Args, Clone, Default)]
pub struct ScanArgs {
    /// Auto-accept candidates of a category whose actionable score reaches a threshold, e.g.
    /// `korban_bencana=0.97` (repeat, or comma-separate in the variable). Off by default
    #[arg(
        long,
        env = "SIGAP_AUTO_ACCEPT",
        value_name = "CATEGORY=SCORE",
        value_delimiter = ','
    )]
    pub auto_accept: Vec<String>,
    /// Failed scans in a row before a source is paused
    #[arg(
        long,
        env = "SIGAP_SCAN_MAX_FAILURES",
        value_name = "N",
        default_value_t = 5
    )]
    pub scan_max_failures: i32,
    /// The most new articles one scan of a source fetches
    #[arg(
        long,
        env = "SIGAP_SCAN_MAX_NEW",
        value_name = "N",
        default_value_t = 100
    )]
    pub scan_max_new: usize,
    /// Seconds to wait for one page (the whole response)
    #[arg(
        long,
        env = "SIGAP_FETCH_TIMEOUT",
        value_name = "SECONDS",
        default_value_t = 20
    )]
    pub fetch_timeout: u64,
    /// Where a site's administrator can reach whoever runs this scanner, sent in the User-Agent
    /// (`https://dinsos.example.go.id/pemindai` or `mailto:pusdatin@example.go.id`)
    #[arg(long, env = "SIGAP_CRAWLER_CONTACT", value_name = "URL")]
    pub crawler_contact: Option<String>,
}

/// Notification delivery. Without `--smtp-url` e-mails stay queued in the outbox; webhooks go
/// to the targets kept with `sigap notify targets`.
#[derive(Args, Clone, Debug, Default)]
pub struct NotifyArgs {
    /// Sigap's public address, for links in messages (`https://sigap.example.go.id`)
    #[arg(long, env = "SIGAP_PUBLIC_URL", value_name = "URL")]
    pub public_url: Option<String>,
    /// SMTP server: smtp://HOST:PORT (plain, local relay), smtp://USER:PASS@HOST:587?tls=required
    /// (STARTTLS) or smtps://USER:PASS@HOST:465 (TLS) [default: e-mail delivery off]
    #[arg(
        long,
        env = "SIGAP_SMTP_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    pub smtp_url: Option<String>,
    /// Sender of notification e-mails, `Name <address>` (default: `Sigap <sigap@localhost>`)
    #[arg(long, env = "SIGAP_MAIL_FROM", value_name = "MAILBOX")]
    pub mail_from: Option<String>,
    /// Delivery attempts before a message is marked failed [default: 8]
    #[arg(long, env = "SIGAP_NOTIFY_MAX_ATTEMPTS", value_name = "N")]
    pub notify_max_attempts: Option<i32>,
    /// First retry delay in seconds; it doubles on every attempt [default: 30]
    #[arg(long, env = "SIGAP_NOTIFY_BACKOFF", value_name = "SECONDS")]
    pub notify_backoff: Option<u32>,
    /// Longest retry delay in seconds [default: 7200]
    #[arg(long, env = "SIGAP_NOTIFY_BACKOFF_MAX", value_name = "SECONDS")]
    pub notify_backoff_max: Option<u32>,
    /// Time limit of one SMTP conversation or webhook request, in seconds [default: 15]
    #[arg(long, env = "SIGAP_NOTIFY_TIMEOUT", value_name = "SECONDS")]
    pub notify_timeout: Option<u32>,
    /// Delivery workers in this instance [default: 1]
    #[arg(long, env = "SIGAP_NOTIFY_WORKERS", value_name = "N")]
    pub notify_workers: Option<u32>,
}

#[derive(Subcommand)]
pub enum NotifyCommand {
    /// Where notifications go: list, add, remove
    #[command(subcommand)]
    Targets(TargetsCommand),
    /// The outbox, newest first, with every delivery attempt
    List(NotifyListArgs),
}

#[derive(Subcommand)]
pub enum TargetsCommand {
    /// The targets in force
    List(DbJson),
    /// Add a target: a Sentra's, the supervisors', or a WhatsApp/SMS gateway for complainants
    Add(TargetAddArgs),
    /// Remove a target; its undelivered messages are cancelled
    Remove(TargetRemoveArgs),
}

#[derive(Args)]
pub struct TargetAddArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// sentra, supervisors or complainant_phone
    #[arg(long)]
    pub audience: String,
    /// The Sentra id (with --audience sentra)
    #[arg(long)]
    pub sentra: Option<String>,
    /// An e-mail address
    #[arg(long, conflicts_with = "webhook", required_unless_present = "webhook")]
    pub email: Option<String>,
    /// A webhook URL
    #[arg(long)]
    pub webhook: Option<String>,
    /// The webhook's signing secret [default: generated and printed once]
    #[arg(long, env = "SIGAP_WEBHOOK_SECRET", hide_env_values = true)]
    pub secret: Option<String>,
    #[arg(long)]
    pub label: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct TargetRemoveArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The target's id
    pub id: String,
}

#[derive(Args)]
pub struct NotifyListArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Only this case's notifications (its id)
    #[arg(long)]
    pub case: Option<String>,
    /// pending, sent, failed or cancelled
    #[arg(long)]
    pub status: Option<String>,
    #[arg(long, default_value_t = 20)]
    pub limit: u32,
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
pub enum ComplaintCommand {
    /// File one complaint (channel `operator` by default) and print its ticket
    Add(ComplaintAddArgs),
}

#[derive(Args)]
pub struct ComplaintAddArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// What happened, in the caller's words
    #[arg(long, short = 'd')]
    pub description: String,
    /// web, operator, whatsapp, sms, email or api
    #[arg(long, default_value = "operator")]
    pub channel: String,
    /// orang_rentan, bansos, layanan or lainnya
    #[arg(long = "type", default_value = "orang_rentan")]
    pub complaint_type: String,
    #[arg(long)]
    pub reporter_name: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
    #[arg(long)]
    pub nik: Option<String>,
    /// The caller does not give their identity
    #[arg(long)]
    pub anonymous: bool,
    /// The caller does not want to be contacted
    #[arg(long)]
    pub no_contact: bool,
    /// Name of the person in need, when not the caller
    #[arg(long)]
    pub beneficiary_name: Option<String>,
    #[arg(long)]
    pub beneficiary_age: Option<i64>,
    /// perempuan or laki_laki
    #[arg(long)]
    pub beneficiary_sex: Option<String>,
    /// Free-text address
    #[arg(long)]
    pub address: Option<String>,
    /// Kemendagri region code, e.g. 32.01
    #[arg(long)]
    pub region: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    pub latitude: Option<f64>,
    #[arg(long, allow_hyphen_values = true)]
    pub longitude: Option<f64>,
    /// A category slug; repeat for several
    #[arg(long = "category")]
    pub categories: Vec<String>,
    /// high or normal
    #[arg(long)]
    pub urgency: Option<String>,
    /// Print the result as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand)]
pub enum CaseCommand {
    /// List cases, newest first
    List(CaseListArgs),
    /// Show one case with its people and history
    Show(CaseShowArgs),
}

#[derive(Args)]
pub struct CaseListArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[arg(long)]
    pub status: Option<String>,
    #[arg(long)]
    pub category: Option<String>,
    /// Region code prefix, e.g. 32 or 32.01
    #[arg(long)]
    pub region: Option<String>,
    #[arg(long)]
    pub channel: Option<String>,
    /// A Sentra id, or `nasional` for the national command-center queue
    #[arg(long)]
    pub sentra: Option<String>,
    #[arg(long, default_value_t = 20)]
    pub limit: u32,
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct CaseShowArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// A case id or a ticket number (SGP-2611-00042)
    pub case: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct DemoArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// How many complaints to file
    #[arg(long, default_value_t = 60)]
    pub count: usize,
    /// Seed for the random choices (the same seed gives the same data)
    #[arg(long, default_value_t = 171)]
    pub seed: u64,
}

#[derive(Subcommand)]
pub enum BenchCommand {
    /// Durable complaint intake over HTTP: throughput and p50/p99 latency
    Intake(BenchIntakeArgs),
    /// Region gazetteer and routing: load time, memory, lookups, name search, routing
    Regions,
    /// The whole text analysis on ~2,000-character texts, on all cores
    Analyze(BenchAnalyzeArgs),
    /// The KPI report for a year over generated cases (default one million), SQLite and PostgreSQL
    Kpi(BenchKpiArgs),
    /// Server-side rendering time of the main pages with many cases (default 100,000)
    Pages(BenchPagesArgs),
    /// The media pipeline from a loopback feed server into the database, in articles per second
    Scan(BenchScanArgs),
    /// Article extraction: F1 and pages per second on the benchmark set and the Indonesian gold set
    Extract(BenchExtractArgs),
}

#[derive(Args)]
pub struct BenchPagesArgs {
    /// Cases to generate, spread over the last year and every regency
    #[arg(long, default_value_t = 100_000)]
    pub cases: i64,
    /// Timed requests per page
    #[arg(long, default_value_t = 30)]
    pub requests: usize,
    /// Untimed requests per page first
    #[arg(long, default_value_t = 5)]
    pub warmup: usize,
    /// A PostgreSQL server to run on instead of SQLite: a fresh database is created on it and
    /// dropped afterwards
    #[arg(long, env = "SIGAP_BENCH_DATABASE_URL")]
    pub database_url: Option<String>,
}

#[derive(Args)]
pub struct BenchExtractArgs {
    /// Page sets to score: a folder with `html/` and `ground-truth.json` or `gold.json`
    #[arg(default_values = ["../shared/bench/article-extraction", "data/extract-gold"])]
    pub sets: Vec<PathBuf>,
    /// Times each set is extracted; the best pages per second is reported
    #[arg(long, default_value_t = 3)]
    pub runs: usize,
}

#[derive(Args)]
pub struct BenchScanArgs {
    /// Articles in the loopback feed (the corpus's texts, repeated as needed)
    #[arg(long, default_value_t = 2000)]
    pub articles: usize,
    /// Then a later scan of this many new articles, read against all the reports kept so far
    #[arg(long, default_value_t = 100)]
    pub later: usize,
    /// A PostgreSQL server to run on instead of SQLite: a fresh database is created on it and
    /// dropped afterwards
    #[arg(long, env = "SIGAP_BENCH_DATABASE_URL")]
    pub database_url: Option<String>,
}

#[derive(Args)]
pub struct BenchKpiArgs {
    /// sqlite, postgres or both
    #[arg(long, default_value = "both")]
    pub backend: String,
    /// Cases to generate, spread over one year
    #[arg(long, default_value_t = 1_000_000)]
    pub cases: i64,
    /// Timed runs of the report
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
    /// PostgreSQL server to create the benchmark database on
    #[arg(
        long,
        env = "SIGAP_BENCH_POSTGRES_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/test"
    )]
    pub postgres_url: String,
}

#[derive(Args)]
pub struct BenchIntakeArgs {
    /// sqlite, postgres or both
    #[arg(long, default_value = "both")]
    pub backend: String,
    /// Concurrent clients
    #[arg(long, default_value_t = 64)]
    pub clients: usize,
    /// Seconds of measured load per backend (after a short warm-up)
    #[arg(long, default_value_t = 10)]
    pub seconds: u64,
    /// PostgreSQL server to create the benchmark database on
    #[arg(
        long,
        env = "SIGAP_BENCH_POSTGRES_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/test"
    )]
    pub postgres_url: String,
}

#[derive(Subcommand)]
pub enum RegionsCommand {
    /// How many regions of each level Sigap knows
    Stats(JsonFlag),
    /// Find regions by name; typos and Kab./Kec./Desa cues are understood
    Search(RegionsSearchArgs),
    /// One region by code, with its parents and children
    Show(RegionsShowArgs),
}

#[derive(Args)]
pub struct JsonFlag {
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct RegionsSearchArgs {
    /// Words of the place name, e.g. `sukamaju cibungbulang bogor`
    #[arg(required = true)]
    pub query: Vec<String>,
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct RegionsShowArgs {
    /// A Kemendagri code, dotted (32.01.16) or not (320116)
    pub code: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct RouteArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// A Kemendagri region code of the place (any level)
    pub code: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand)]
pub enum SentraCommand {
    /// Regencies that no unit covers, and rules that conflict at the same level
    Check(DbJson),
    /// The units and how many regencies each answers for
    List(DbJson),
}

#[derive(Args)]
pub struct DbJson {
    #[command(flatten)]
    pub db: DbArgs,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct AnalyzeArgs {
    /// Read JSON lines {"id", "text", "title"?, "url"?, "published_at"?} and write one JSON line each
    #[arg(long, required = true)]
    pub jsonl: bool,
    /// Input file (default: standard input)
    pub file: Option<PathBuf>,
    /// A model file instead of the shipped one
    #[arg(long)]
    pub model: Option<PathBuf>,
}

#[derive(Args)]
pub struct TrainArgs {
    /// Folder of labelled JSON-lines files
    #[arg(long, default_value = "data/corpus/raw")]
    pub corpus: PathBuf,
    /// Where to write the model
    #[arg(long, default_value = "data/model/sigap-model.json")]
    pub out: PathBuf,
    /// Labelled JSON lines to train on as well, never held out: the triage decisions written
    /// by `sigap candidates feedback` (repeatable)
    #[arg(long, value_name = "FILE")]
    pub feedback: Vec<PathBuf>,
    /// Also print a 4-fold cross-validation over the training incidents (trains the model four
    /// more times): the figures on which variants of the model are compared
    #[arg(long)]
    pub cross_validate: bool,
}

#[derive(Args)]
pub struct EvalArgs {
    /// Labelled JSON lines (the corpus format); a folder reads every *.jsonl in it
    #[arg(long)]
    pub data: PathBuf,
    /// Which texts to score: the held-out split (test), the training split, or all
    #[arg(long, default_value = "all")]
    pub split: String,
    /// A model file instead of the shipped one
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Print the scores as JSON
    #[arg(long)]
    pub json: bool,
    /// Also write, as JSON lines, each text whose decision differs from its labels (actionable,
    /// categories, urgency, regency): what the label says, what the analyser said and why
    #[arg(long, value_name = "FILE")]
    pub misses: Option<PathBuf>,
}

#[derive(Args)]
pub struct BenchAnalyzeArgs {
    /// How many texts to analyse
    #[arg(long, default_value_t = 20_000)]
    pub texts: usize,
    /// Folder of corpus texts to build the ~2,000-character texts from
    #[arg(long, default_value = "data/corpus/raw")]
    pub corpus: PathBuf,
}
