//! The `sigap` command line. A thin shell: parse arguments, build the configuration once,
//! and hand over to one module per command in `commands/`.

mod cli;
mod commands;
mod config;
mod demo;
mod output;

use clap::Parser;

fn main() -> std::process::ExitCode {
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
