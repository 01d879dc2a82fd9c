//! What the registry commands (init, register, status, release, ...) share: the `--as`, `--dir`,
//! `--json` options, one locked decide-and-append step, and how outcomes and refusals print.

use crate::context;
use crate::error::{CliError, CliResult, EXIT_OK};
use crate::output::{self, Output};
use crate::store::{FolderJournal, JournalStore, Transaction};
use rollcall_core::protocol::claim::Decision;
use rollcall_core::protocol::report::report;
use rollcall_core::protocol::{Entry, Refusal, State};
use rollcall_core::{compose, format_id, ConsensusState, Diagnostic, Draft, Message};
use serde::Serialize;
use std::path::PathBuf;

/// Options every registry command takes.
#[derive(Debug, Clone, clap::Args)]
pub struct Common {
    /// Act as this session (else $ROLLCALL_SESSION, else the folder's legacy .current_session).
    #[arg(long = "as", value_name = "ID")]
    pub as_id: Option<String>,
    /// The coordination folder (else $ROLLCALL_DIR, else the nearest docs/coordination,
    /// coordination or COORDINATION folder above the working directory).
    #[arg(long, value_name = "PATH")]
    pub dir: Option<PathBuf>,
    /// Print the outcome as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

impl Common {
    /// The registry files of the resolved coordination folder.
    pub fn files(&self) -> CliResult<FolderJournal> {
        let (dir, _) = context::resolve_dir(self.dir.as_deref())?;
        Ok(FolderJournal::new(&dir))
    }

    /// The session this command acts as (required).
    pub fn actor(&self, files: &FolderJournal) -> CliResult<String> {
        context::resolve_identity(self.as_id.as_deref(), &files.dir).map(|i| i.id)
    }

    /// The session this command acts as, or `fallback` when none is configured.
    pub fn actor_or(&self, files: &FolderJournal, fallback: &str) -> CliResult<String> {
        if self.as_id.is_none()
            && std::env::var_os(context::SESSION_ENV).is_none_or(|v| v.is_empty())
            && !files.dir.join(context::LEGACY_SESSION_FILE).exists()
        {
            return Ok(fallback.to_string());
        }
        self.actor(files)
    }
}

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

/// Under the lock: replays, asks `decide`, appends the event when it says yes.
pub fn decide_and_append(
    files: &impl JournalStore,
    actor: &str,
    decide: impl FnOnce(&State) -> Decision,
) -> CliResult<Applied> {
    if !files.has_journal() {
        return Err(files.not_initialized());
    }
    files.transact(|txn| {
        print_warnings(txn.warnings());
        match decide(txn.state()) {
            Ok(event) => {
                let entry = txn.append(actor, event)?;
                Ok(Ok((entry, txn.state().clone())))
            }
            Err(refusal) => Ok(Err((refusal, txn.state().clone()))),
        }
    })
}

/// Prints journal problems met while replaying to stderr (`rollcall: warning: ...`).
pub fn print_warnings(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!(
            "rollcall: {}: {}: {}",
            d.severity.as_str(),
            rollcall_core::protocol::JOURNAL_FILE,
            d.message
        );
    }
}

/// Prints the outcome (JSON or `human(entry, state)`) and maps a refusal to exit 3.
pub fn finish(
    common: &Common,
    out: &Output,
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
        crate::output::write_stdout(&format!(
            "{} {}\n",
            out.paint(output::OK, "✅"),
            human(entry, &state)
        ))?;
    } else if let Some(r) = outcome.refusal.as_ref().filter(|r| r.noop) {
        crate::output::write_stdout(&format!("{}\n", r.message))?;
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
    match &refusal.help {
        Some(help) => err.with_hint(help.clone()),
        None => err,
    }
}

/// Prints a value as pretty JSON on stdout.
pub fn print_json<T: Serialize>(value: &T) -> CliResult<()> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| CliError::usage(format!("cannot write JSON: {e}")))?;
    crate::output::write_stdout(&format!("{text}\n"))
}

/// `Registered 7/12` for a state.
pub fn registered_line(state: &State) -> String {
    format!("Registered {}/{}", state.registered(), state.required)
}

/// A message from `from` to `to` (a session or `broadcast`), stamped now, ready to deliver.
pub fn compose_message(from: &str, to: &str, subject: &str, body: &str) -> CliResult<Message> {
    let (secs, millis) = crate::clock::now();
    let draft = Draft {
        from: from.to_string(),
        to: to.to_string(),
        subject: subject.to_string(),
        message: body.to_string(),
        thread: None,
        reply_to: None,
        ack_required: false,
    };
    compose(
        draft,
        secs,
        format_id(millis, crate::commands::send::random_bits()),
    )
    .map_err(|d| CliError::usage(format!("cannot compose a message to {to}: {}", d.message)))
}
