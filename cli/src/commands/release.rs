//! `rollcall release`: gives a number back (its holder or the orchestrator), or, with
//! `--stale`, releases every stale number (the orchestrator or the human only); each released
//! session is told by a direct message, and the freed numbers go to `register --number next`.

use crate::addressing::record_receipt;
use crate::author::Author;
use crate::common::Common;
use crate::compose::compose_message;
use crate::error::CliResult;
use crate::output::Console;
use crate::protocol_step::{decide_and_append, finish, registered_line, Applied};
use crate::roster::Roster;
use crate::store::{FolderMessages, MessageStore};
use rollcall_core::protocol::claim::{list_numbers, release, release_stale};
use rollcall_core::protocol::presence::{stale_numbers, stale_reason};
use rollcall_core::protocol::{Entry, Event, State};
use std::path::Path;

/// Arguments of `rollcall release`.
#[derive(Debug, clap::Args)]
pub struct ReleaseArgs {
    /// Identity, folder and output options.
    #[command(flatten)]
    pub common: Common,
    /// The number to free.
    #[arg(
        long,
        value_name = "N",
        required_unless_present = "stale",
        conflicts_with = "stale"
    )]
    pub number: Option<u32>,
    /// Release every stale number (not seen within the stale TTL); orchestrator or human only.
    #[arg(long)]
    pub stale: bool,
}

/// Runs `rollcall release`.
pub fn run(args: ReleaseArgs, console: &Console) -> CliResult<u8> {
    let files = args.common.files()?;
    let Some(number) = args.number.filter(|_| !args.stale) else {
        return run_stale(&args.common, console);
    };
    let actor = args.common.actor(&files.dir)?;
    let author = args.common.author(&files.dir, &actor)?;
    let applied = decide_and_append(&files, &author, console, |state| {
        release(state, &actor, number)
    })?;
    finish(&args.common, console, "release", applied, |_, state| {
        format!("Released #{number}. {}.", registered_line(state))
    })
}

/// `release --stale`: decides under the lock from presence read just before it.
fn run_stale(common: &Common, console: &Console) -> CliResult<u8> {
    let files = common.files()?;
    let actor = common.actor_or(&files.dir, "human")?;
    let before = Roster::of(&files.dir, State::default())?;
    let author = common.author(&files.dir, &actor)?;
    let applied = decide_and_append(&files, &author, console, |state| {
        let stale = stale_numbers(state, &before.seen, before.now);
        let reason = stale_reason(state, &before.seen, &stale, before.now);
        release_stale(state, &actor, &stale, &reason)
    })?;
    tell_released(&files.dir, &author, &applied)?;
    finish(
        common,
        console,
        "release --stale",
        applied,
        |entry, state| {
            let numbers = released_numbers(entry);
            format!(
                "Released stale #{}; free for `register --number next`: {}. {}.",
                list_numbers(&numbers),
                list_numbers(&state.free_numbers()),
                registered_line(state)
            )
        },
    )
}

/// The numbers a `release-stale` entry released.
fn released_numbers(entry: &Entry) -> Vec<u32> {
    match &entry.event {
        Event::ReleaseStale { numbers, .. } => numbers.clone(),
        _ => Vec::new(),
    }
}

/// Sends each session released by `applied` a direct message saying so and why.
fn tell_released(dir: &Path, author: &Author, applied: &Applied) -> CliResult<()> {
    let actor = author.name.as_str();
    let Ok((entry, state)) = applied else {
        return Ok(());
    };
    let Event::ReleaseStale { numbers, reason } = &entry.event else {
        return Ok(());
    };
    let store = FolderMessages::new(dir, true);
    for number in numbers {
        let last = state
            .gone
            .iter()
            .filter(|(_, g)| g.number == *number)
            .max_by(|a, b| a.1.time.cmp(&b.1.time));
        let Some((session, _)) = last else {
            continue;
        };
        let subject = format!("RELEASED: your number #{number} was released as stale");
        let body = format!(
            "{actor} released #{number} because it was stale: {reason}\n\
             Register again with: rollcall register --number next --role ROLE --goal GOAL"
        );
        let message = compose_message(actor, session, &subject, &body)?;
        let signature = author.sign_message(message.to_json().as_bytes())?;
        store.deliver(&message, signature.as_deref())?;
        record_receipt(dir, &message, std::slice::from_ref(session), true)?;
    }
    Ok(())
}
