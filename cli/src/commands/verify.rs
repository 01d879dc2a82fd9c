//! `rollcall verify`: checks every message's and journal entry's signature; exit 1 when any is
//! bad (a bad signature, a wrong signer, or an entry replay leaves out).

use crate::common::Common;
use crate::error::{CliResult, EXIT_FINDINGS, EXIT_OK};
use crate::output::{print_json, Console, Output, ERROR, OK};
use crate::store::{FolderMessages, JournalStore, MessageStore};
use rollcall_core::escape_controls;
use rollcall_core::identity::{verify_message, EntryCheck, Keyring, SignatureCheck};
use serde::Serialize;
use std::collections::BTreeMap;

/// Arguments of `rollcall verify`.
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// Folder and output options.
    #[command(flatten)]
    pub common: Common,
}

/// One message's check, as `verify --json` prints it.
#[derive(Debug, Serialize)]
pub struct MessageCheck {
    /// Path of the message file relative to the coordination folder.
    pub file: String,
    /// The sender the message names.
    pub from: String,
    /// Its signature status and signer.
    pub signature: SignatureCheck,
}

/// What `verify --json` prints.
#[derive(Debug, Serialize)]
pub struct Report {
    /// True when nothing is bad.
    pub ok: bool,
    /// Whether the journal requires signatures.
    pub signatures_required: bool,
    /// Every message, oldest first.
    pub messages: Vec<MessageCheck>,
    /// Every journal entry, in journal order.
    pub entries: Vec<EntryCheck>,
}

/// Runs `rollcall verify`.
pub fn run(args: VerifyArgs, console: &Console) -> CliResult<u8> {
    let files = args.common.files()?;
    if !files.has_journal() {
        return Err(files.not_initialized());
    }
    let verified = files.load_verified()?;
    let state = &verified.replayed.state;
    let keyring = Keyring::from_state(state);
    let listing = FolderMessages::new(&files.dir, true).list_all()?;
    let messages: Vec<MessageCheck> = listing
        .entries
        .iter()
        .map(|e| MessageCheck {
            file: e.key.clone(),
            from: e.message.from.clone(),
            signature: verify_message(&e.bytes, e.signature.as_deref(), &e.message.from, &keyring),
        })
        .collect();
    let ok = verified.all_applied() && !messages.iter().any(|m| m.signature.is_bad());
    let report = Report {
        ok,
        signatures_required: state.keys.signatures_required,
        messages,
        entries: verified.entries,
    };
    if args.common.json {
        print_json(&report)?;
    } else {
        console.print(&human(&report, &console.stdout))?;
    }
    Ok(if ok { EXIT_OK } else { EXIT_FINDINGS })
}

/// Counts per status for messages and entries, then one line per bad item.
fn human(report: &Report, o: &Output) -> String {
    let mut text = String::new();
    let entry_checks: Vec<&SignatureCheck> = report.entries.iter().map(|e| &e.signature).collect();
    let message_checks: Vec<&SignatureCheck> =
        report.messages.iter().map(|m| &m.signature).collect();
    text.push_str(&count_line("journal entries", &entry_checks));
    text.push_str(&count_line("messages", &message_checks));
    for e in report.entries.iter().filter(|e| !e.applied) {
        text.push_str(&format!(
            "{} journal line {}: `{}` by {} is ignored ({})\n",
            o.paint(ERROR, "✗"),
            e.line,
            e.event,
            escape_controls(&e.actor),
            e.signature.status.as_str()
        ));
    }
    for m in report.messages.iter().filter(|m| m.signature.is_bad()) {
        text.push_str(&format!(
            "{} {} from {}: {}\n",
            o.paint(ERROR, "✗"),
            escape_controls(&m.file),
            escape_controls(&m.from),
            m.signature.status.as_str()
        ));
    }
    if report.ok {
        text.push_str(&format!(
            "{} every signature checks out\n",
            o.paint(OK, "✅")
        ));
    } else {
        text.push_str("hint: `rollcall allowed-signers` and `ssh-keygen -Y verify` show the same independently\n");
    }
    if !report.signatures_required {
        text.push_str("note: this registry does not require signatures (`rollcall require-signatures` turns that on)\n");
    }
    text
}

/// `messages: 12 (good 11, unsigned 1)`.
fn count_line(what: &str, checks: &[&SignatureCheck]) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for check in checks {
        *counts.entry(check.status.as_str()).or_default() += 1;
    }
    let parts: Vec<String> = counts.iter().map(|(s, n)| format!("{s} {n}")).collect();
    match parts.is_empty() {
        true => format!("{what}: none\n"),
        false => format!("{what}: {} ({})\n", checks.len(), parts.join(", ")),
    }
}
