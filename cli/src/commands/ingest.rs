//! `rollcall ingest`: applies REGISTRATION messages that other writers (the old
//! `session-send-message.sh`) left in the folder, oldest first, exactly once each, and tells each
//! sender the outcome by direct message. Also the hook `rollcall send` calls so a registration
//! sent to the orchestrator is stored and applied under the same lock.

use crate::error::{CliResult, EXIT_OK};
use crate::output::{self, Output};
use crate::protocol_cli::{compose_message, print_json, print_warnings, refusal_error, Common};
use crate::store::{
    Delivered, FolderJournal, FolderMessages, JournalStore, MessageStore, Transaction,
};
use rollcall_core::protocol::claim::{claim, list_numbers, reject, ClaimRequest};
use rollcall_core::protocol::{Entry, Event, Refusal};
use rollcall_core::{find_registration, Message};
use serde::Serialize;
use std::path::Path;

/// Arguments of `rollcall ingest`.
#[derive(Debug, clap::Args)]
pub struct IngestArgs {
    /// Identity, folder and output options.
    #[command(flatten)]
    pub common: Common,
}

/// What happened to one message, as `ingest --json` prints it.
#[derive(Debug, Serialize)]
pub struct Ingested {
    /// The message's key (its path under the folder).
    pub key: String,
    /// The sender.
    pub from: String,
    /// `applied`, `refused` or `already-done`.
    pub outcome: String,
    /// The number registered, when applied.
    pub number: Option<u32>,
    /// The refusal, when refused.
    pub refusal: Option<Refusal>,
}

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

/// Under the lock: decides the message's claim and appends `register`, or `reject` on a refusal
/// (so the message is never applied twice).
fn apply_message(
    txn: &mut dyn Transaction,
    key: &str,
    message: &Message,
) -> CliResult<MessageOutcome> {
    let decision = request_from(message, key).and_then(|req| claim(txn.state(), &req));
    match decision {
        Ok(event) => Ok(Ok(txn.append(&message.from, event)?)),
        Err(refusal) => {
            txn.append(&message.from, reject(key, &refusal))?;
            Ok(Err(refusal))
        }
    }
}

/// Delivers a message for `rollcall send`; a REGISTRATION to the orchestrator of a folder with a
/// registry is delivered and applied under the registry lock, and its outcome returned.
pub fn deliver(
    dir: &Path,
    store: &dyn MessageStore,
    message: &Message,
) -> CliResult<(Delivered, Option<MessageOutcome>)> {
    let files = FolderJournal::new(dir);
    if !has_registration(message) || !files.has_journal() {
        return Ok((store.deliver(message)?, None));
    }
    files.transact(|txn| {
        print_warnings(txn.warnings());
        let delivered = store.deliver(message)?;
        if txn.state().orchestrator() != Some(message.to.as_str()) {
            return Ok((delivered, None));
        }
        let outcome = apply_message(txn, &delivered.key, message)?;
        Ok((delivered, Some(outcome)))
    })
}

/// Prints what a registration sent with `rollcall send` did; a refusal exits 3.
pub fn after_send(outcome: Option<MessageOutcome>, out: &Output, quiet: bool) -> CliResult<u8> {
    match outcome {
        None => Ok(EXIT_OK),
        Some(Ok(entry)) => {
            if !quiet {
                crate::output::write_stdout(&format!(
                    "{} {}\n",
                    out.paint(output::OK, "✅"),
                    accepted_text(&entry)
                ))?;
            }
            Ok(EXIT_OK)
        }
        Some(Err(refusal)) => Err(refusal_error("registration", &refusal)),
    }
}

fn accepted_text(entry: &Entry) -> String {
    match &entry.event {
        Event::Register(c) => format!("Registered #{} as {}: {}", c.number, c.session, c.role),
        other => other.name().to_string(),
    }
}

fn refused_text(refusal: &Refusal) -> String {
    let mut text = format!("[{}] {}", refusal.code, refusal.message);
    if !refusal.free.is_empty() && !text.contains("free numbers") {
        text.push_str(&format!("; free numbers: {}", list_numbers(&refusal.free)));
    }
    if let Some(help) = &refusal.help {
        text.push_str(&format!("\nNext: {help}"));
    }
    text
}

/// Runs `rollcall ingest`.
pub fn run(args: IngestArgs, out: &Output) -> CliResult<u8> {
    let files = args.common.files()?;
    if !files.has_journal() {
        return Err(files.not_initialized());
    }
    let store = FolderMessages::new(&files.dir, true);
    let results = files.transact(|txn| {
        print_warnings(txn.warnings());
        let orchestrator = txn.state().orchestrator().unwrap_or("rollcall").to_string();
        let listing = store.list(&orchestrator)?;
        for bad in &listing.unreadable {
            eprintln!("rollcall: warning: {}: {}", bad.key, bad.problem.message);
        }
        let mut results = Vec::new();
        for item in listing
            .entries
            .iter()
            .filter(|e| has_registration(&e.message))
        {
            let message = &item.message;
            let mut done = Ingested {
                key: item.key.clone(),
                from: message.from.clone(),
                outcome: "already-done".to_string(),
                number: None,
                refusal: None,
            };
            if txn.state().messages.contains(&item.key) {
                results.push(done);
                continue;
            }
            let (subject, body) = match apply_message(txn, &item.key, message)? {
                Ok(entry) => {
                    done.outcome = "applied".to_string();
                    if let Event::Register(c) = &entry.event {
                        done.number = Some(c.number);
                    }
                    let subject = format!("REGISTRATION ACCEPTED: {}", accepted_text(&entry));
                    (
                        subject,
                        format!(
                            "{}\n(from your message {})",
                            accepted_text(&entry),
                            item.key
                        ),
                    )
                }
                Err(refusal) => {
                    done.outcome = "refused".to_string();
                    let subject = format!("REGISTRATION REFUSED [{}]", refusal.code);
                    let body = format!(
                        "{}\n(from your message {})",
                        refused_text(&refusal),
                        item.key
                    );
                    done.refusal = Some(refusal);
                    (subject, body)
                }
            };
            reply(&store, &orchestrator, &message.from, &subject, &body);
            results.push(done);
        }
        Ok(results)
    })?;
    if args.common.json {
        print_json(&results)?;
        return Ok(EXIT_OK);
    }
    print_summary(&results, out)?;
    Ok(EXIT_OK)
}

/// Sends the outcome back to the sender; a sender id that is not a valid name only gets a warning.
fn reply(store: &dyn MessageStore, from: &str, to: &str, subject: &str, body: &str) {
    let sent = compose_message(from, to, subject, body).and_then(|m| store.deliver(&m));
    if let Err(err) = sent {
        eprintln!("rollcall: warning: no reply to {to:?}: {}", err.message);
    }
}

fn print_summary(results: &[Ingested], out: &Output) -> CliResult<()> {
    let mut text = String::new();
    let count = |what: &str| results.iter().filter(|r| r.outcome == what).count();
    for r in results.iter().filter(|r| r.outcome != "already-done") {
        match &r.refusal {
            Some(refusal) => text.push_str(&format!(
                "{} {} from {}: refused [{}] {}\n",
                out.paint(output::ERROR, "✗"),
                r.key,
                r.from,
                refusal.code,
                refusal.message
            )),
            None => text.push_str(&format!(
                "{} {} from {}: registered #{}\n",
                out.paint(output::OK, "✓"),
                r.key,
                r.from,
                r.number.unwrap_or(0)
            )),
        }
    }
    text.push_str(&format!(
        "Ingested {} registration message(s): {} applied, {} refused, {} already done; each sender was told.\n",
        results.len(),
        count("applied"),
        count("refused"),
        count("already-done")
    ));
    crate::output::write_stdout(&text)
}
