//! `rollcall register`: an atomic claim of a number, role and goal; first registration wins.

use crate::author::Author;
use crate::common::Common;
use crate::error::{CliError, CliResult};
use crate::output::Console;
use crate::protocol_step::{decide_and_append, finish, registered_line};
use crate::store::JournalStore;
use rollcall_core::protocol::claim::{claim, ClaimRequest, NumberRequest};
use rollcall_core::protocol::Event;

/// Arguments of `rollcall register`.
#[derive(Debug, clap::Args)]
pub struct RegisterArgs {
    /// Identity, folder and output options.
    #[command(flatten)]
    pub common: Common,
    /// The number to claim, or `next` for the lowest free number you may claim.
    #[arg(long, value_name = "N|next")]
    pub number: String,
    /// Your ROLE: one line, distinct from every other session's.
    #[arg(long, value_name = "R")]
    pub role: String,
    /// Your GOAL: measurable (a number, a percentage, a deadline).
    #[arg(long, value_name = "G")]
    pub goal: String,
    /// One RESPONSIBILITIES item (repeat for several); none keeps the slot's own list.
    #[arg(long = "responsibility", value_name = "TEXT")]
    pub responsibilities: Vec<String>,
    /// The SESSION_ID to record (`name` or `name (legacy-id)`); default: your identity.
    #[arg(long, value_name = "ID")]
    pub session_id: Option<String>,
}

/// Reads `N` or `next`.
pub fn parse_number(text: &str) -> CliResult<NumberRequest> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("next") {
        return Ok(NumberRequest::Next);
    }
    text.parse::<u32>().map(NumberRequest::Exact).map_err(|_| {
        CliError::usage(format!("--number {text:?} is neither a number nor `next`"))
            .with_hint("pass --number 4 or --number next")
    })
}

/// Runs `rollcall register`.
pub fn run(args: RegisterArgs, console: &Console) -> CliResult<u8> {
    let files = args.common.files()?;
    let actor = args.common.actor(&files.dir)?;
    if !files.has_journal() {
        return Err(files.not_initialized());
    }
    let recorded = files.load()?.state;
    let author = Author::for_signing(
        &args.common,
        &files.dir,
        &actor,
        Some(&recorded),
        "registration",
    )?;
    let request = ClaimRequest {
        actor: actor.clone(),
        number: parse_number(&args.number)?,
        role: args.role,
        goal: args.goal,
        responsibilities: args.responsibilities,
        session_id: args.session_id,
        message: None,
        key: author.public_line(),
    };
    let before = std::cell::Cell::new(Attested::default());
    let applied = decide_and_append(&files, &author, console, |state| {
        before.set(Attested::of(state));
        claim(state, &request)
    })?;
    finish(
        &args.common,
        console,
        "registration",
        applied,
        |entry, state| {
            let withdrawn = before.get().withdrawn_by(state);
            format!("{}{withdrawn}", registered_text(&entry.event, state))
        },
    )
}

/// What had been attested before a change: confirmation, approval, acknowledgements.
#[derive(Debug, Clone, Copy, Default)]
struct Attested {
    confirmed: bool,
    approved: bool,
    acks: usize,
}

impl Attested {
    fn of(state: &rollcall_core::protocol::State) -> Self {
        Attested {
            confirmed: state.confirmed.is_some(),
            approved: state.approved.is_some(),
            acks: state.acks.len(),
        }
    }

    /// ` This change withdrew ...` when `after` lost attestations this had; empty otherwise.
    fn withdrawn_by(self, after: &rollcall_core::protocol::State) -> String {
        let now = Attested::of(after);
        let mut lost = Vec::new();
        if self.confirmed && !now.confirmed {
            lost.push("the orchestrator's confirmation".to_string());
        }
        if self.approved && !now.approved {
            lost.push("the human's approval".to_string());
        }
        if self.acks > now.acks {
            lost.push(rollcall_core::plural(
                self.acks - now.acks,
                "acknowledgement",
            ));
        }
        if lost.is_empty() {
            return String::new();
        }
        let last = lost.pop().unwrap_or_default();
        let listed = match lost.is_empty() {
            true => last,
            false => format!("{} and {last}", lost.join(", ")),
        };
        format!(" This change withdrew {listed}: they are needed again.")
    }
}

/// `Registered #4 as NAME: ROLE. Registered 5/12.` for a register event.
pub fn registered_text(event: &Event, state: &rollcall_core::protocol::State) -> String {
    match event {
        Event::Register(c) => format!(
            "Registered #{} as {}: {}. {}.",
            c.number,
            c.session,
            c.role,
            registered_line(state)
        ),
        other => other.name().to_string(),
    }
}
