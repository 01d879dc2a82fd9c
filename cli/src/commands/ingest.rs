//! `rollcall ingest`: applies REGISTRATION messages that other writers (the old
//! `session-send-message.sh`) left in the folder, oldest first, exactly once each, and tells each
//! sender the outcome by direct message (`rollcall send` applies its own through `delivery`).

use crate::author::Author;
use crate::common::Common;
use crate::compose::compose_message;
use crate::delivery::{accepted_text, apply_message, has_registration};
use crate::error::{CliResult, EXIT_OK};
use crate::output::{self, print_json, Console};
use crate::protocol_step::refusal_error;
use crate::render::diagnostic::{eprint_journal_problems, eprint_problem};
use crate::store::{FolderMessages, JournalStore, MessageStore, Transaction};
use rollcall_core::escape_controls;
use rollcall_core::identity::registration_key;
use rollcall_core::protocol::claim::list_numbers;
use rollcall_core::protocol::{Event, Refusal};
use serde::Serialize;

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
pub fn run(args: IngestArgs, console: &Console) -> CliResult<u8> {
    let files = args.common.files()?;
    if !files.has_journal() {
        return Err(files.not_initialized());
    }
    let store = FolderMessages::new(&files.dir, true);
    let results = files.transact(|txn| {
        eprint_journal_problems(console, txn.warnings());
        let orchestrator = txn.state().orchestrator().unwrap_or("rollcall").to_string();
        let author = args.common.author(&files.dir, &orchestrator)?;
        author
            .check(txn.state())
            .map_err(|r| refusal_error("ingest", &r))?;
        let listing = store.list(&orchestrator)?;
        for bad in &listing.unreadable {
            eprint_problem(console, Some(&bad.key), &bad.problem);
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
            let required = txn.state().keys.signatures_required;
            let claim_key = registration_key(&item.bytes, item.signature.as_deref(), required);
            let (subject, body) = match apply_message(txn, &author, &item.key, message, claim_key)?
            {
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
            reply(&store, console, &author, &message.from, &subject, &body);
            results.push(done);
        }
        Ok(results)
    })?;
    if args.common.json {
        print_json(&results)?;
        return Ok(EXIT_OK);
    }
    console.print(&summary(&results, &console.stdout))?;
    Ok(EXIT_OK)
}

/// Sends the outcome back to the sender, signed by `from`; a sender id that is not a valid name
/// only gets a warning.
fn reply(
    store: &dyn MessageStore,
    console: &Console,
    from: &Author,
    to: &str,
    subject: &str,
    body: &str,
) {
    let sent = compose_message(&from.name, to, subject, body).and_then(|m| {
        let signature = from.sign_message(m.to_json().as_bytes())?;
        store.deliver(&m, signature.as_deref())
    });
    if let Err(err) = sent {
        console.warn(&format!("no reply to {to:?}: {}", err.message));
    }
}

/// One line per message applied or refused, then the counts.
fn summary(results: &[Ingested], out: &output::Output) -> String {
    let mut text = String::new();
    let count = |what: &str| results.iter().filter(|r| r.outcome == what).count();
    for r in results.iter().filter(|r| r.outcome != "already-done") {
        match &r.refusal {
            Some(refusal) => text.push_str(&format!(
                "{} {} from {}: refused [{}] {}\n",
                out.paint(output::ERROR, "✗"),
                escape_controls(&r.key),
                escape_controls(&r.from),
                refusal.code,
                escape_controls(&refusal.message)
            )),
            None => text.push_str(&format!(
                "{} {} from {}: registered #{}\n",
                out.paint(output::OK, "✓"),
                escape_controls(&r.key),
                escape_controls(&r.from),
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
    text
}
