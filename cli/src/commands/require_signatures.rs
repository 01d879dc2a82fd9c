//! `rollcall require-signatures`: the orchestrator turns on the signature requirement in a folder
//! made before it (or with `init --allow-unsigned`); from then on an unsigned entry is ignored.

use crate::common::Common;
use crate::error::CliResult;
use crate::output::Console;
use crate::protocol_step::{decide_and_append, finish};
use rollcall_core::protocol::claim::require_signatures;

/// Arguments of `rollcall require-signatures`.
#[derive(Debug, clap::Args)]
pub struct RequireSignaturesArgs {
    /// Identity, folder and output options.
    #[command(flatten)]
    pub common: Common,
}

/// Runs `rollcall require-signatures`.
pub fn run(args: RequireSignaturesArgs, console: &Console) -> CliResult<u8> {
    let files = args.common.files()?;
    let actor = args.common.actor(&files.dir)?;
    let author = args.common.author(&files.dir, &actor)?;
    let applied = decide_and_append(&files, &author, console, |state| {
        require_signatures(state, &actor)
    })?;
    finish(
        &args.common,
        console,
        "require-signatures",
        applied,
        |_, _| {
            "Signatures are required from now on: an unsigned journal entry is ignored.".to_string()
        },
    )
}
