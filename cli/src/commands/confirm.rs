//! `rollcall confirm`: the orchestrator confirms the registry has no conflicts.

use crate::error::CliResult;
use crate::output::Output;
use crate::protocol_cli::{decide_and_append, finish, Common};
use rollcall_core::protocol::claim::confirm;

/// Arguments of `rollcall confirm`.
#[derive(Debug, clap::Args)]
pub struct ConfirmArgs {
    /// Identity, folder and output options.
    #[command(flatten)]
    pub common: Common,
}

/// Runs `rollcall confirm`.
pub fn run(args: ConfirmArgs, out: &Output) -> CliResult<u8> {
    let files = args.common.files()?;
    let actor = args.common.actor(&files)?;
    let applied = decide_and_append(&files, &actor, |state| confirm(state, &actor))?;
    finish(&args.common, out, "confirmation", applied, |entry, _| {
        format!(
            "Registry confirmed by {}: no conflicts. Next: each session runs `rollcall ack`; the human runs `rollcall approve --by NAME`.",
            entry.actor
        )
    })
}
