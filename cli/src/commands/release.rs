//! `rollcall release`: gives a number back (its holder or the orchestrator).

use crate::common::Common;
use crate::error::CliResult;
use crate::output::Console;
use crate::protocol_step::{decide_and_append, finish, registered_line};
use rollcall_core::protocol::claim::release;

/// Arguments of `rollcall release`.
#[derive(Debug, clap::Args)]
pub struct ReleaseArgs {
    /// Identity, folder and output options.
    #[command(flatten)]
    pub common: Common,
    /// The number to free.
    #[arg(long, value_name = "N")]
    pub number: u32,
}

/// Runs `rollcall release`.
pub fn run(args: ReleaseArgs, console: &Console) -> CliResult<u8> {
    let files = args.common.files()?;
    let actor = args.common.actor(&files.dir)?;
    let number = args.number;
    let applied = decide_and_append(&files, &actor, console, |state| {
        release(state, &actor, number)
    })?;
    finish(&args.common, console, "release", applied, |_, state| {
        format!("Released #{number}. {}.", registered_line(state))
    })
}
