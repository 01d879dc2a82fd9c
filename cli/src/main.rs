//! The `rollcall` binary: parse arguments once, run one command, map the outcome to an exit code.

mod args;
mod clock;
mod commands;
mod context;
mod error;
mod input;
mod legacy_folder;
mod output;
mod protocol_cli;
mod render;
mod store;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = args::Args::parse();
    let output = output::Output::new(args.color);
    match commands::run(args.command, &output) {
        Ok(code) => ExitCode::from(code),
        Err(err) if err.closed_stdout => ExitCode::SUCCESS,
        Err(err) => {
            output::print_error(&err);
            ExitCode::from(err.exit_code)
        }
    }
}
