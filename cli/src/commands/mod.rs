//! One module per subcommand; `run` dispatches to it.

pub mod ack;
pub mod ack_message;
pub mod activate;
pub mod allowed_signers;
pub mod approve;
pub mod completions;
pub mod confirm;
pub mod doctor;
pub mod fix;
pub mod heartbeat;
pub mod import;
pub mod inbox;
pub mod ingest;
pub mod init;
pub mod man;
pub mod mcp;
pub mod parse;
pub mod reassign;
pub mod register;
pub mod release;
pub mod render;
pub mod require_signatures;
pub mod send;
pub mod sent;
pub mod set_ttls;
pub mod status;
pub mod validate;
pub mod verify;

use crate::args::Command;
use crate::error::CliResult;
use crate::output::Console;

/// Runs one parsed command and returns its exit code.
pub fn run(command: Command, console: &Console) -> CliResult<u8> {
    crate::seen::mark(&command);
    match command {
        Command::Completions(args) => completions::run(args, console),
        Command::Man(args) => man::run(args, console),
        Command::Parse(args) => parse::run(args, console),
        Command::Render(args) => render::run(args, console),
        Command::Fix(args) => fix::run(args, console),
        Command::Validate(args) => validate::run(args, console),
        Command::Init(args) => init::run(args, console),
        Command::Register(args) => register::run(args, console),
        Command::Status(args) => status::run(args, console),
        Command::Release(args) => release::run(args, console),
        Command::Reassign(args) => reassign::run(args, console),
        Command::Confirm(args) => confirm::run(args, console),
        Command::Ack(args) => ack::run(args, console),
        Command::Approve(args) => approve::run(args, console),
        Command::Activate(args) => activate::run(args, console),
        Command::Ingest(args) => ingest::run(args, console),
        Command::Send(args) => send::run(args, console),
        Command::Inbox(args) => inbox::run(args, console),
        Command::Import(args) => import::run(args, console),
        Command::Doctor(args) => doctor::run(args, console),
        Command::Mcp(args) => mcp::run(args, console),
        Command::Heartbeat(args) => heartbeat::run(args, console),
        Command::SetTtls(args) => set_ttls::run(args, console),
        Command::AckMessage(args) => ack_message::run(args, console),
        Command::Sent(args) => sent::run(args, console),
        Command::AllowedSigners(args) => allowed_signers::run(args, console),
        Command::Verify(args) => verify::run(args, console),
        Command::RequireSignatures(args) => require_signatures::run(args, console),
    }
}
