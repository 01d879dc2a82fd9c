//! `rollcall ack`: a registered session acknowledges its identity and commitments.

use crate::common::Common;
use crate::error::CliResult;
use crate::output::Console;
use crate::protocol_step::{decide_and_append, finish};
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
pub fn run(args: AckArgs, console: &Console) -> CliResult<u8> {
    let files = args.common.files()?;
    let actor = args.common.actor(&files.dir)?;
    let applied = decide_and_append(
        &files,
        &args.common.author(&files.dir, &actor)?,
        console,
        |state| ack(state, &actor),
    )?;
    finish(
        &args.common,
        console,
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
