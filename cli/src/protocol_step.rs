//! One step of the registration protocol (register, release, reassign, confirm, ack, approve,
//! activate): replay and decide under the registry lock, append the event, then print the
//! outcome (`--json` or a line) or turn the refusal into its exit code.

use crate::author::Author;
use crate::common::Common;
use crate::error::{CliError, CliResult, EXIT_OK};
use crate::output::{print_json, Console, OK};
use crate::render::diagnostic::eprint_journal_problems;
use crate::store::{FolderJournal, JournalStore, Transaction};
use rollcall_core::escape_controls;
use rollcall_core::protocol::claim::Decision;
use rollcall_core::protocol::report::report;
use rollcall_core::protocol::{Entry, Event, Refusal, State};
use rollcall_core::ConsensusState;
use serde::Serialize;

/// What a registry command did, as `--json` prints it.
#[derive(Debug, Serialize)]
pub struct Outcome {
    /// True when the request was applied or was already satisfied.
    pub ok: bool,
    /// The journal entry appended, when one was.
    pub entry: Option<Entry>,
    /// Why nothing was appended, when nothing was.
    pub refusal: Option<Refusal>,
    /// Numbers held after the command.
    pub registered: u32,
    /// Numbers that must be held.
    pub required: u32,
    /// The consensus state after the command.
    pub state: ConsensusState,
}

/// The result of one locked decision: the entry appended and the state after it, or the refusal.
pub type Applied = Result<(Entry, State), (Refusal, State)>;

/// Under the lock: replays, refuses an author whose recorded key is not at hand
/// (`not-your-key`), asks `decide`, appends the event signed when it says yes.
pub fn decide_and_append(
    files: &FolderJournal,
    author: &Author,
    console: &Console,
    decide: impl FnOnce(&State) -> Decision,
) -> CliResult<Applied> {
    decide_and_append_approval(files, author, console, |state| {
        decide(state).map(|event| (event, None))
    })
}

/// [`decide_and_append`] where `decide` also gives the entry's approval signature (`approve`).
pub fn decide_and_append_approval(
    files: &FolderJournal,
    author: &Author,
    console: &Console,
    decide: impl FnOnce(&State) -> Result<(Event, Option<String>), Refusal>,
) -> CliResult<Applied> {
    if !files.has_journal() {
        return Err(files.not_initialized());
    }
    files.transact(|txn| {
        eprint_journal_problems(console, txn.warnings());
        if let Err(refusal) = author.check(txn.state()) {
            return Ok(Err((refusal, txn.state().clone())));
        }
        match decide(txn.state()) {
            Ok((event, approval)) => {
                let entry = txn.append_entry(author, event, approval)?;
                Ok(Ok((entry, txn.state().clone())))
            }
            Err(refusal) => Ok(Err((refusal, txn.state().clone()))),
        }
    })
}

/// Prints the outcome (JSON or `human(entry, state)`) and maps a refusal to exit 3.
pub fn finish(
    common: &Common,
    console: &Console,
    what: &str,
    applied: Applied,
    human: impl FnOnce(&Entry, &State) -> String,
) -> CliResult<u8> {
    let (entry, refusal, state) = match applied {
        Ok((entry, state)) => (Some(entry), None, state),
        Err((refusal, state)) => (None, Some(refusal), state),
    };
    let consensus = report(&state).consensus;
    let ok = refusal.as_ref().is_none_or(|r| r.noop);
    let outcome = Outcome {
        ok,
        entry,
        refusal,
        registered: state.registered(),
        required: state.required,
        state: consensus.state,
    };
    if common.json {
        print_json(&outcome)?;
    } else if let Some(entry) = &outcome.entry {
        console.print(&format!(
            "{} {}\n",
            console.stdout.paint(OK, "✅"),
            escape_controls(&human(entry, &state))
        ))?;
    } else if let Some(r) = outcome.refusal.as_ref().filter(|r| r.noop) {
        console.print(&format!("{}\n", escape_controls(&r.message)))?;
    }
    match outcome.refusal {
        Some(r) if !r.noop => Err(refusal_error(what, &r)),
        _ => Ok(EXIT_OK),
    }
}

/// The exit-3 error for a refusal: `<what> refused [code]: message`, with the help as hint.
pub fn refusal_error(what: &str, refusal: &Refusal) -> CliError {
    let message = format!("{what} refused [{}]: {}", refusal.code, refusal.message);
    let err = if refusal.code == "not-initialized" {
        CliError::usage(message)
    } else {
        CliError::refused(message)
    };
    err.with_optional_hint(refusal.help.clone())
}

/// `Registered 7/12` for a state.
pub fn registered_line(state: &State) -> String {
    format!("Registered {}/{}", state.registered(), state.required)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{EXIT_REFUSED, EXIT_USAGE};

    #[test]
    fn a_refusal_exits_3_and_an_uninitialised_folder_2() {
        let refused = refusal_error("registration", &Refusal::new("number-taken", "#4 is held"));
        assert_eq!(refused.exit_code, EXIT_REFUSED);
        assert_eq!(
            refused.message,
            "registration refused [number-taken]: #4 is held"
        );
        let missing = refusal_error("release", &Refusal::new("not-initialized", "no registry"));
        assert_eq!(missing.exit_code, EXIT_USAGE);
    }
}
