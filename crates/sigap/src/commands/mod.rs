//! One module per command.

mod bench;
mod bench_pages;
mod bench_regions;
mod bench_scan;
mod case;
mod complaint;
mod demo;
mod migrate;
mod notify;
mod regions;
mod report;
mod serve;
mod sources;
mod text;
mod user;

use anyhow::Result;

use crate::cli::{
    BenchCommand, CandidatesCommand, CaseCommand, Cli, Command, ComplaintCommand, ImportCommand,
    NotifyCommand, RegionsCommand, ReportCommand, SentraCommand, SlaCommand, SourcesCommand,
    TargetsCommand, UserCommand,
};

pub async fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Serve(args) => serve::run(args).await,
        Command::Openapi(args) => {
            openapi(&args);
            Ok(())
        }
        Command::User(UserCommand::Add(args)) => user::add(args).await,
        Command::User(UserCommand::List(args)) => user::list(args).await,
        Command::User(UserCommand::Password(args)) => user::set_password(args).await,
        Command::User(UserCommand::Disable(args)) => user::set_active(args, false).await,
        Command::User(UserCommand::Enable(args)) => user::set_active(args, true).await,
        Command::User(UserCommand::Token(args)) => user::token(args).await,
        Command::Migrate(args) => migrate::run(args).await,
        Command::Complaint(ComplaintCommand::Add(args)) => complaint::add(args).await,
        Command::Case(CaseCommand::List(args)) => case::list(args).await,
        Command::Case(CaseCommand::Show(args)) => case::show(args).await,
        Command::Demo(args) => demo::run(args).await,
        Command::Bench(BenchCommand::Intake(args)) => bench::intake(args).await,
        Command::Bench(BenchCommand::Regions) => bench_regions::regions(),
        Command::Bench(BenchCommand::Analyze(args)) => text::bench(args),
        Command::Bench(BenchCommand::Kpi(args)) => report::bench_kpi(args).await,
        Command::Bench(BenchCommand::Pages(args)) => bench_pages::pages(args).await,
        Command::Bench(BenchCommand::Scan(args)) => bench_scan::scan(args).await,
        Command::Bench(BenchCommand::Extract(args)) => bench_scan::extract(args),
        Command::Report(ReportCommand::Kpi(args)) => report::kpi(args).await,
        Command::Report(ReportCommand::Daily(args)) => report::daily(args).await,
        Command::Sla(SlaCommand::Sweep(args)) => report::sla_sweep(args).await,
        Command::Analyze(args) => text::analyze(args),
        Command::Train(args) => text::train(args),
        Command::Eval(args) => text::eval(args),
        Command::Regions(RegionsCommand::Stats(args)) => regions::stats(args),
        Command::Regions(RegionsCommand::Search(args)) => regions::search(args),
        Command::Regions(RegionsCommand::Show(args)) => regions::show(args),
        Command::Route(args) => regions::route(args).await,
        Command::Sentra(SentraCommand::Check(args)) => regions::sentra_check(args).await,
        Command::Sentra(SentraCommand::List(args)) => regions::sentra_list(args).await,
        Command::Notify(NotifyCommand::Targets(TargetsCommand::List(args))) => {
            notify::list_targets(args).await
        }
        Command::Notify(NotifyCommand::Targets(TargetsCommand::Add(args))) => {
            notify::add_target(args).await
        }
        Command::Notify(NotifyCommand::Targets(TargetsCommand::Remove(args))) => {
            notify::remove_target(args).await
        }
        Command::Notify(NotifyCommand::List(args)) => notify::list(args).await,
        Command::Sources(SourcesCommand::Add(args)) => sources::add(args).await,
        Command::Sources(SourcesCommand::List(args)) => sources::list(args).await,
        Command::Sources(SourcesCommand::Enable(args)) => sources::set_enabled(args, true).await,
        Command::Sources(SourcesCommand::Disable(args)) => sources::set_enabled(args, false).await,
        Command::Sources(SourcesCommand::Starter(args)) => sources::starter(args).await,
        Command::Scan(args) => sources::scan_once(args).await,
        Command::Candidates(CandidatesCommand::List(args)) => sources::candidates_list(args).await,
        Command::Candidates(CandidatesCommand::Feedback(args)) => sources::feedback(args).await,
        Command::Candidates(CandidatesCommand::Accept(args)) => sources::decide(args, true).await,
        Command::Candidates(CandidatesCommand::Dismiss(args)) => sources::decide(args, false).await,
        Command::Import(ImportCommand::Social(args)) => sources::import_social(args).await,
    }
}

/// Logs for commands other than `serve`: warnings only, unless `SIGAP_LOG` says otherwise.
pub fn init_quiet_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("SIGAP_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colours for a person at a terminal, plain text for a file or a pipe.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
}

/// `sigap openapi`: the document `/api/openapi.json` serves, or its operations counted per tag.
fn openapi(args: &crate::cli::OpenapiArgs) {
    let json = sigap_server::openapi::document_json();
    if !args.summary {
        println!("{json}");
        return;
    }
    let doc: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    let counts = sigap_server::openapi::summary(&doc);
    let total: usize = counts.values().sum();
    for (tag, n) in &counts {
        println!("{tag:<12} {n:>3}");
    }
    println!("{:<12} {total:>3} operasi", "jumlah");
}
