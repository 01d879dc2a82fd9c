//! `rollcall approve`: the human approves the confirmed registry.

use crate::common::Common;
use crate::error::CliResult;
use crate::output::Console;
use crate::protocol_step::{decide_and_append, finish};
use rollcall_core::protocol::claim::approve;

/// Arguments of `rollcall approve`.
#[derive(Debug, clap::Args)]
pub struct ApproveArgs {
    /// Identity, folder and output options (`--as` optional: the human may have no session).
    #[command(flatten)]
    pub common: Common,
    /// The approving human's name.
    #[arg(long, value_name = "NAME")]
    pub by: String,
}

/// Runs `rollcall approve`.
pub fn run(args: ApproveArgs, console: &Console) -> CliResult<u8> {
    let files = args.common.files()?;
    let actor = args
        .common
        .actor_or(&files.dir, &format!("human:{}", args.by.trim()))?;
    let by = args.by.clone();
    let applied = decide_and_append(&files, &actor, console, |state| approve(state, &by))?;
    finish(&args.common, console, "approval", applied, |_, _| {
        format!("Registry approved by {by}. Next: the orchestrator runs `rollcall activate`.")
    })
}
