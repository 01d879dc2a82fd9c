//! Delivering a message and applying the REGISTRATION it may carry: what `send` and `ingest`
//! share. A registration sent to the orchestrator of a folder with a registry is stored and
//! applied under the registry lock, so it is applied exactly once, whoever gets there first.

use crate::author::Author;
use crate::error::{CliError, CliResult, EXIT_OK};
use crate::output::{Console, OK};
use crate::protocol_step::refusal_error;
use crate::render::diagnostic::eprint_journal_problems;
use crate::store::{Delivered, MessageStore};
use crate::store::{FolderJournal, JournalStore, Transaction};
use rollcall_core::identity::Keyring;
use rollcall_core::protocol::claim::{claim, reject, ClaimRequest};
use rollcall_core::protocol::{Entry, Event, Refusal, State};
use rollcall_core::{escape_controls, find_registration, Message};
use std::path::Path;

/// The outcome of applying one message: the register entry, or the refusal.
pub type MessageOutcome = Result<Entry, Refusal>;

/// True when the subject or body holds a REGISTRATION (one-line or `REGISTRATION COMPLETE` block).
pub fn has_registration(message: &Message) -> bool {
    find_registration(&message.subject).is_some() || find_registration(&message.message).is_some()
}

/// The claim a registration message makes, or the parse refusal.
fn request_from(message: &Message, key: &str) -> Result<ClaimRequest, Refusal> {
    ClaimRequest::from_message(&message.from, key, &message.subject, &message.message).map_err(
        |d| {
            let mut r = Refusal::new(&d.code, d.message);
            r.help = d.help;
            r
        },
    )
}

/// Under the lock: decides the message's claim (recording `claim_key`, the sender's key, or the
/// refusal of its signature) and appends `register` by `author`, or `reject` on a refusal so the
/// message is never applied twice (when `author` can sign one).
pub fn apply_message(
    txn: &mut dyn Transaction,
    author: &Author,
    key: &str,
    message: &Message,
    claim_key: Result<Option<String>, Refusal>,
) -> CliResult<MessageOutcome> {
    let decision = claim_key.and_then(|claim_key| {
        let mut req = request_from(message, key)?;
        req.key = claim_key;
        claim(txn.state(), &req)
    });
    match decision {
        Ok(event) => Ok(Ok(txn.append(author, event)?)),
        Err(refusal) => {
            if can_record_rejection(txn.state(), author) {
                txn.append(author, reject(key, &refusal))?;
            }
            Ok(Err(refusal))
        }
    }
}

/// True when a `reject` entry by `author` would be applied: it is signed (by the recorded key,
/// or any key when the author has none recorded), or the folder does not require signatures.
fn can_record_rejection(state: &State, author: &Author) -> bool {
    !state.keys.signatures_required
        || author.key.is_some()
        || Keyring::from_state(state).session(&author.name).is_some()
}

/// Delivers a message for `rollcall send`, signed by `author` (the sender) when it holds a key; a
/// REGISTRATION to the orchestrator of a folder with a registry is delivered and applied under
/// the registry lock, recording the sender's key, and its outcome returned.
pub fn deliver(
    dir: &Path,
    store: &dyn MessageStore,
    message: &Message,
    author: &Author,
    console: &Console,
) -> CliResult<(Delivered, Option<MessageOutcome>)> {
    let signature = author.sign_message(message.to_json().as_bytes())?;
    let files = FolderJournal::new(dir);
    if !has_registration(message) || !files.has_journal() {
        return Ok((store.deliver(message, signature.as_deref())?, None));
    }
    files.transact(|txn| {
        eprint_journal_problems(console, txn.warnings());
        let delivered = store.deliver(message, signature.as_deref())?;
        if txn.state().orchestrator() != Some(message.to.as_str()) {
            return Ok((delivered, None));
        }
        let outcome = apply_message(
            txn,
            author,
            &delivered.key,
            message,
            Ok(author.public_line()),
        )?;
        Ok((delivered, Some(outcome)))
    })
}

/// Prints what a registration sent with `rollcall send` did; a refusal exits 3.
pub fn after_send(
    outcome: Option<MessageOutcome>,
    console: &Console,
    quiet: bool,
) -> CliResult<u8> {
    match outcome {
        None => Ok(EXIT_OK),
        Some(Ok(entry)) => {
            if !quiet {
                console.print(&format!(
                    "{} {}\n",
                    console.stdout.paint(OK, "✅"),
                    escape_controls(&accepted_text(&entry))
                ))?;
            }
            Ok(EXIT_OK)
        }
        Some(Err(refusal)) => Err(refusal_error("registration", &refusal)),
    }
}

/// `Registered #4 as NAME: ROLE` for an applied registration.
pub fn accepted_text(entry: &Entry) -> String {
    match &entry.event {
        Event::Register(c) => format!("Registered #{} as {}: {}", c.number, c.session, c.role),
        other => other.name().to_string(),
    }
}

/// Writes the activation broadcast the journal implies, unless it is already stored (the message
/// is derived from the journal, so the store keeps one copy however often this runs; signing is
/// deterministic, so is its signature). Nothing happens before activation.
pub fn deliver_activation_broadcast(
    store: &impl MessageStore,
    state: &State,
    author: &Author,
) -> CliResult<()> {
    let Some(message) = rollcall_core::protocol::activation::activation_broadcast(state) else {
        return Ok(());
    };
    let message = message.map_err(|d| {
        CliError::usage(format!(
            "cannot compose the activation broadcast: {}",
            d.message
        ))
    })?;
    let signature = author.sign_message(message.to_json().as_bytes())?;
    store.deliver(&message, signature.as_deref()).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registration_is_found_in_subject_or_body() {
        let message = |subject: &str, body: &str| Message {
            from: "a".into(),
            to: "b".into(),
            timestamp: "t".into(),
            subject: subject.into(),
            message: body.into(),
            id: None,
            thread: None,
            reply_to: None,
            ack_required: false,
        };
        let line = "REGISTRATION: NUMBER=4 ROLE=Outreach GOAL=Send 20 emails SESSION_ID=a";
        assert!(has_registration(&message(line, "")));
        assert!(has_registration(&message("hello", line)));
        assert!(!has_registration(&message("hello", "just chatting")));
    }
}
