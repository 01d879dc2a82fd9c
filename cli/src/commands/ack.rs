//! `rollcall ack`: a registered session acknowledges its identity and commitments.

use crate::error::CliResult;
use crate::output::Output;
use crate::protocol_cli::{decide_and_append, finish, Common};
use rollcall_core::protocol::claim::ack;
use rollcall_core::protocol::Event;

/// Arguments of `rollcall ack`.
#[derive(Debug, clap::Args)]
pub struct AckArgs {
    /// Identity, folder and output options.
    #[command(flatten)]
    pub common: Common,
}

/// Runs `rollcall ack`.
pub fn run(args: AckArgs, out: &Output) -> CliResult<u8> {
    let files = args.common.files()?;
    let actor = args.common.actor(&files)?;
    let applied = decide_and_append(&files, &actor, |state| ack(state, &actor))?;
    finish(
        &args.common,
        out,
        "acknowledgement",
        applied,
        |entry, state| {
            let number = match entry.event {
                Event::Ack { number } => number,
                _ => 0,
            };
            format!(
                "{} (#{number}) acknowledged its identity and commitments ({}/{} acknowledged).",
                entry.actor,
                state.acks.len(),
                state.registered()
            )
        },
    )
}
