//! `rollcall activate`: the orchestrator activates the registry once consensus is reached and
//! broadcasts the final registry to every session (under the lock, so exactly once).

use crate::common::Common;
use crate::delivery::deliver_activation_broadcast;
use crate::error::CliResult;
use crate::output::Console;
use crate::protocol_step::{finish, registered_line};
use crate::render::diagnostic::eprint_journal_problems;
use crate::store::{FolderMessages, JournalStore, Transaction};
use rollcall_core::protocol::claim::activate;

/// Arguments of `rollcall activate`.
#[derive(Debug, clap::Args)]
pub struct ActivateArgs {
    /// Identity, folder and output options.
    #[command(flatten)]
    pub common: Common,
}

/// Runs `rollcall activate`.
pub fn run(args: ActivateArgs, console: &Console) -> CliResult<u8> {
    let files = args.common.files()?;
    let actor = args.common.actor(&files.dir)?;
    if !files.has_journal() {
        return Err(files.not_initialized());
    }
    let author = args.common.author(&files.dir, &actor)?;
    let store = FolderMessages::new(&files.dir, true);
    let applied = files.transact(|txn| {
        eprint_journal_problems(console, txn.warnings());
        if let Err(refusal) = author.check(txn.state()) {
            return Ok(Err((refusal, txn.state().clone())));
        }
        match activate(txn.state(), &actor) {
            Ok(event) => {
                let entry = txn.append(&author, event)?;
                let state = txn.state().clone();
                deliver_activation_broadcast(&store, &state, &author)?;
                Ok(Ok((entry, state)))
            }
            Err(refusal) => {
                deliver_activation_broadcast(&store, txn.state(), &author)?;
                Ok(Err((refusal, txn.state().clone())))
            }
        }
    })?;
    finish(&args.common, console, "activation", applied, |_, state| {
        format!(
            "Registry active: {}. The final registry was broadcast to every session.",
            registered_line(state)
        )
    })
}
