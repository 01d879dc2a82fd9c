//! `rollcall confirm`: the orchestrator confirms the registry has no conflicts.

use crate::common::Common;
use crate::error::CliResult;
use crate::output::Console;
use crate::protocol_step::{decide_and_append, finish};
use rollcall_core::protocol::claim::confirm;

/// Arguments of `rollcall confirm`.
#[derive(Debug, clap::Args)]
pub struct ConfirmArgs {
    /// Identity, folder and output options.
    #[command(flatten)]
    pub common: Common,
}

/// Runs `rollcall confirm`.
pub fn run(args: ConfirmArgs, console: &Console) -> CliResult<u8> {
    let files = args.common.files()?;
    let actor = args.common.actor(&files.dir)?;
    let applied = decide_and_append(
        &files,
        &args.common.author(&files.dir, &actor)?,
        console,
        |state| confirm(state, &actor),
    )?;
    finish(
        &args.common,
        console,
        "confirmation",
        applied,
        |entry, _| {
            format!(
            "Registry confirmed by {}: no conflicts. Next: each session runs `rollcall ack`; the human runs `rollcall approve --by NAME`.",
            entry.actor
        )
        },
    )
}
