//! One module per subcommand; `run` dispatches to it.

pub mod ack;
pub mod activate;
pub mod approve;
pub mod completions;
pub mod confirm;
pub mod doctor;
pub mod fix;
pub mod import;
pub mod inbox;
pub mod ingest;
pub mod init;
pub mod man;
pub mod parse;
pub mod reassign;
pub mod register;
pub mod release;
pub mod render;
pub mod send;
pub mod status;
pub mod validate;

use crate::args::Command;
use crate::error::CliResult;
use crate::output::Output;

/// Runs one parsed command and returns its exit code.
pub fn run(command: Command, output: &Output) -> CliResult<u8> {
    match command {
        Command::Completions(args) => completions::run(args, output),
        Command::Man(args) => man::run(args, output),
        Command::Parse(args) => parse::run(args, output),
        Command::Render(args) => render::run(args, output),
        Command::Fix(args) => fix::run(args, output),
        Command::Validate(args) => validate::run(args, output),
        Command::Init(args) => init::run(args, output),
        Command::Register(args) => register::run(args, output),
        Command::Status(args) => status::run(args, output),
        Command::Release(args) => release::run(args, output),
        Command::Reassign(args) => reassign::run(args, output),
        Command::Confirm(args) => confirm::run(args, output),
        Command::Ack(args) => ack::run(args, output),
        Command::Approve(args) => approve::run(args, output),
        Command::Activate(args) => activate::run(args, output),
        Command::Ingest(args) => ingest::run(args, output),
        Command::Send(args) => send::run(args, output),
        Command::Inbox(args) => inbox::run(args, output),
        Command::Import(args) => import::run(args, output),
        Command::Doctor(args) => doctor::run(args, output),
    }
}
