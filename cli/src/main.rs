//! The `rollcall` binary: parse arguments once, run one command, map the outcome to an exit code.

mod addressing;
mod args;
mod author;
mod clock;
mod commands;
mod common;
mod compose;
mod context;
mod delivery;
mod error;
mod folder_repair;
mod input;
mod invoke;
mod keystore;
mod legacy_folder;
mod output;
mod protocol_step;
mod registry_input;
mod render;
mod roster;
mod seen;
mod store;
mod temp_files;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = args::Args::parse();
    let console = output::Console::new(args.color);
    let outcome = clock::check_env().and_then(|()| commands::run(args.command, &console));
    for warning in output::take_deferred_warnings() {
        console.warn(&warning);
    }
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(err) if err.closed_stdout => ExitCode::SUCCESS,
        Err(err) => {
            console.error(&err);
            ExitCode::from(err.exit_code)
        }
    }
}
