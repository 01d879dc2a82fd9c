//! `rollcall reassign`: the orchestrator reserves a number for another session.

use crate::common::Common;
use crate::error::CliResult;
use crate::output::Console;
use crate::protocol_step::{decide_and_append, finish};
use rollcall_core::protocol::claim::reassign;

/// Arguments of `rollcall reassign`.
#[derive(Debug, clap::Args)]
pub struct ReassignArgs {
    /// Identity, folder and output options.
    #[command(flatten)]
    pub common: Common,
    /// The number to reassign.
    #[arg(long, value_name = "N")]
    pub number: u32,
    /// The session that may claim it from now on (its current holder, if another, loses it).
    #[arg(long, value_name = "ID")]
    pub to: String,
}

/// Runs `rollcall reassign`.
pub fn run(args: ReassignArgs, console: &Console) -> CliResult<u8> {
    let files = args.common.files()?;
    let actor = args.common.actor(&files.dir)?;
    let (number, to) = (args.number, args.to.clone());
    let applied = decide_and_append(
        &files,
        &args.common.author(&files.dir, &actor)?,
        console,
        |state| reassign(state, &actor, number, &to),
    )?;
    finish(&args.common, console, "reassignment", applied, |_, _| {
        format!("#{number} is reserved for {to}; it registers with: rollcall register --number {number} ...")
    })
}
