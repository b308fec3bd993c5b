//! The `sigap` command line. A thin shell: parse arguments, build the configuration once,
//! and hand over to one module per command in `commands/`.

mod cli;
mod commands;
mod config;
mod demo;
mod output;

use clap::Parser;

fn main() -> std::process::ExitCode {
    quiet_on_closed_pipe();
    let cli = cli::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("sigap: cannot start the async runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sigap: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// `sigap case list | head` closes our standard output early; Rust's `println!` then panics.
/// That is not an error of ours: end quietly, as a program killed by SIGPIPE would (status 141).
fn quiet_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if message.contains("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(141);
        }
        default(info);
    }));
}
