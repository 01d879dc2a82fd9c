//! `rollcall activate`: the orchestrator activates the registry once consensus is reached and
//! broadcasts the final registry to every session.

use crate::error::CliResult;
use crate::output::Output;
use crate::protocol_cli::{decide_and_append, finish, registered_line, Common};
use rollcall_core::protocol::claim::activate;

/// Arguments of `rollcall activate`.
#[derive(Debug, clap::Args)]
pub struct ActivateArgs {
    /// Identity, folder and output options.
    #[command(flatten)]
    pub common: Common,
}

/// Runs `rollcall activate`.
pub fn run(args: ActivateArgs, out: &Output) -> CliResult<u8> {
    let files = args.common.files()?;
    let actor = args.common.actor(&files)?;
    let applied = decide_and_append(&files, &actor, |state| activate(state, &actor))?;
    finish(&args.common, out, "activation", applied, |_, state| {
        format!(
            "Registry active: {}. Every session works under its identity.",
            registered_line(state)
        )
    })
}
