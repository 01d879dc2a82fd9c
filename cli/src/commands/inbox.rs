//! `rollcall inbox`: a session's direct and broadcast messages, oldest first, with read cursors.

use crate::clock;
use crate::common::Common;
use crate::error::{CliError, CliResult, EXIT_OK};
use crate::output::{write_stdout, Console, Output, DIM, OK, WARNING};
use crate::render::diagnostic::eprint_problem;
use crate::roster::Roster;
use crate::store::{
    Entry, FolderMessages, FolderReceipts, Listing, MessageStore, ReceiptStore, Unreadable,
};
use rollcall_core::identity::{verify_message, Keyring, SignatureCheck, SignatureStatus};
use rollcall_core::message::normalize_since;
use rollcall_core::message::receipt::Receipt;
use rollcall_core::{escape_controls, Diagnostic, Message};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Arguments of `rollcall inbox`.
#[derive(Debug, clap::Args)]
#[command(mut_arg("as_id", |a| a.help(
    "Read as this session id (else $ROLLCALL_SESSION, else the legacy .current_session file)"
)))]
#[command(mut_arg("json", |a| a.help(
    "JSON output: one document; with --follow, one JSON object per line per message"
)))]
pub struct InboxArgs {
    /// Identity, folder and output options.
    #[command(flatten)]
    pub common: Common,
    /// Only messages not yet marked read.
    #[arg(long)]
    pub unread: bool,
    /// Mark every message shown as read.
    #[arg(long, conflicts_with = "peek")]
    pub mark_read: bool,
    /// Show messages without marking them read: no read cursor and no read receipt is written.
    #[arg(long)]
    pub peek: bool,
    /// Only messages sent at or after this UTC time (2026-11-25 or 2026-11-25T08:00:00Z).
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// Only messages from this session id.
    #[arg(long, value_name = "ID")]
    pub from: Option<String>,
    /// Keep running and print new messages as they arrive (file-system notifications).
    #[arg(long)]
    pub follow: bool,
    /// Only messages whose signature is good: by the key the journal records for their sender.
    #[arg(long)]
    pub verified_only: bool,
    /// Only the message with this id, or this file (for a legacy message without an id); repeat
    /// for several.
    #[arg(long = "id", value_name = "ID|FILE")]
    pub ids: Vec<String>,
    /// Show at most N messages (those awaiting your acknowledgement first, then the oldest);
    /// only those are marked read.
    #[arg(long, value_name = "N", conflicts_with = "follow")]
    pub limit: Option<usize>,
}

/// One message in `--json` output.
#[derive(Debug, Serialize, Deserialize)]
pub struct JsonEntry {
    /// Path of the message file relative to the coordination folder.
    pub file: String,
    /// True when the session had not marked it read before this run.
    pub unread: bool,
    /// True when the file was not valid JSON and was read through legacy recovery.
    pub recovered: bool,
    /// What recovery repaired (empty for valid JSON).
    pub repairs: Vec<Diagnostic>,
    /// The message's fields.
    pub message: Message,
    /// Its signature: status (`good`, `unsigned`, `bad`, `unknown-key`, `wrong-signer`) and the
    /// signer's fingerprint.
    pub signature: SignatureCheck,
}

/// A file that could not be read, in `--json` output.
#[derive(Debug, Serialize, Deserialize)]
pub struct JsonUnreadable {
    /// Path relative to the coordination folder.
    pub file: String,
    /// Why it could not be read.
    pub problem: Diagnostic,
}

/// The `--json` document (without `--follow`).
#[derive(Debug, Serialize, Deserialize)]
pub struct JsonInbox {
    /// The session whose inbox this is.
    pub session: String,
    /// Messages shown, oldest first.
    pub messages: Vec<JsonEntry>,
    /// Files that could not be read (left untouched).
    pub unreadable: Vec<JsonUnreadable>,
}

/// What to show, resolved once.
struct Filter {
    me: String,
    peek: bool,
    unread_only: bool,
    verified_only: bool,
    since: Option<String>,
    from: Option<String>,
    ids: BTreeSet<String>,
    limit: Option<usize>,
    /// The keys the journal records (empty without a registry: every signature is `unknown-key`).
    keyring: Keyring,
}

impl Filter {
    fn keeps(&self, checked: &Checked, marks: &BTreeSet<String>) -> bool {
        let entry = checked.entry;
        let m = &entry.message;
        let own_broadcast = m.is_broadcast() && m.from == self.me;
        let already_read = self.unread_only && marks.contains(&entry.key);
        !own_broadcast
            && !already_read
            && self.from.as_ref().is_none_or(|f| &m.from == f)
            && self.since.as_ref().is_none_or(|s| m.timestamp >= *s)
            && (!self.verified_only || checked.signature.is_good())
            && (self.ids.is_empty() || self.names(entry))
    }

    /// True when `--id` names the entry's message id or its file.
    fn names(&self, entry: &Entry) -> bool {
        self.ids.contains(&entry.key)
            || entry
                .message
                .id
                .as_ref()
                .is_some_and(|id| self.ids.contains(id))
    }

    /// The entry's signature status against the journal's keys (computed in core).
    fn signature(&self, entry: &Entry) -> SignatureCheck {
        verify_message(
            &entry.bytes,
            entry.signature.as_deref(),
            &entry.message.from,
            &self.keyring,
        )
    }
}

/// Prints the inbox (and, with `--follow`, keeps printing new messages).
pub fn run(args: InboxArgs, console: &Console) -> CliResult<u8> {
    let dir = args.common.folder()?;
    let me = args.common.actor(&dir)?;
    let since = args
        .since
        .as_deref()
        .map(normalize_since)
        .transpose()
        .map_err(|d| {
            CliError::usage(format!("--since: {}", d.message)).with_optional_hint(d.help)
        })?;
    let roster = Roster::load(&dir)?;
    if let Some(roster) = &roster {
        if !roster.knows(&me) {
            return Err(roster.unknown(&me, "there is no inbox for it here"));
        }
    }
    let filter = Filter {
        me: me.clone(),
        peek: args.peek,
        unread_only: args.unread,
        verified_only: args.verified_only,
        since,
        from: args.from.clone(),
        ids: args.ids.iter().cloned().collect(),
        limit: args.limit,
        keyring: roster.map_or_else(Keyring::default, |r| Keyring::from_state(&r.state)),
    };
    let store = FolderMessages::new(&dir, true);
    let receipts = FolderReceipts::new(&dir, true);
    let mut subscription = if args.follow {
        Some(store.subscribe(&me)?)
    } else {
        None
    };
    let printer = Printer {
        console: *console,
        json: args.common.json,
        stream: args.follow,
    };
    let mut seen = BTreeSet::new();
    let listing = store.list(&me)?;
    let shown = show_new(
        &store, &receipts, &filter, &printer, listing, &mut seen, true,
    )?;
    if args.mark_read {
        store.mark_read(&me, &shown)?;
    }
    let Some(subscription) = subscription.as_mut() else {
        return Ok(EXIT_OK);
    };
    loop {
        subscription.wait()?;
        let listing = store.list(&me)?;
        let shown = show_new(
            &store, &receipts, &filter, &printer, listing, &mut seen, false,
        )?;
        if args.mark_read {
            store.mark_read(&me, &shown)?;
        }
    }
}

/// Prints entries whose keys (and message ids) are not in `seen` and pass the filter, messages
/// waiting for this session's acknowledgement first; records read receipts unless peeking;
/// returns the keys shown.
fn show_new(
    store: &dyn MessageStore,
    receipts: &dyn ReceiptStore,
    filter: &Filter,
    printer: &Printer,
    listing: Listing,
    seen: &mut BTreeSet<String>,
    first: bool,
) -> CliResult<Vec<String>> {
    let marks = store.read_marks(&filter.me)?;
    let mut shown: Vec<Checked> = listing
        .entries
        .iter()
        .filter(|e| first_sighting(seen, e))
        .map(|entry| Checked {
            entry,
            signature: filter.signature(entry),
        })
        .filter(|c| filter.keeps(c, &marks))
        .collect();
    let fresh: Vec<&Entry> = shown.iter().map(|c| c.entry).collect();
    let waiting = awaiting_ack(receipts, &filter.me, &fresh)?;
    shown.sort_by_key(|c| {
        !c.entry
            .message
            .id
            .as_ref()
            .is_some_and(|id| waiting.contains(id))
    });
    if let Some(limit) = filter.limit {
        shown.truncate(limit);
    }
    let fresh: Vec<&Entry> = shown.iter().map(|c| c.entry).collect();
    if !filter.peek {
        mark_receipts_read(receipts, &filter.me, &fresh)?;
    }
    let broken: Vec<&Unreadable> = listing
        .unreadable
        .iter()
        .filter(|u| seen.insert(u.key.clone()))
        .collect();
    printer.print(&filter.me, &shown, &broken, &marks, first)?;
    report_unreadable(&printer.console, &broken);
    Ok(fresh.iter().map(|e| e.key.clone()).collect())
}

/// True the first time this run meets `entry`'s file and its message id (a message delivered
/// twice under one id, e.g. a retry after a timeout, shows once).
fn first_sighting(seen: &mut BTreeSet<String>, entry: &Entry) -> bool {
    let new_file = seen.insert(entry.key.clone());
    let new_id = match &entry.message.id {
        Some(id) => seen.insert(format!("id:{id}")),
        None => true,
    };
    new_file && new_id
}

/// Ids of the `ack_required` messages among `entries` that `me` has not acknowledged.
fn awaiting_ack(
    receipts: &dyn ReceiptStore,
    me: &str,
    entries: &[&Entry],
) -> CliResult<BTreeSet<String>> {
    let mut waiting = BTreeSet::new();
    for entry in entries.iter().filter(|e| e.message.ack_required) {
        let Some(id) = &entry.message.id else {
            continue;
        };
        let acked = receipts.get(id)?.is_some_and(|r| r.acknowledged_by(me));
        if !acked {
            waiting.insert(id.clone());
        }
    }
    Ok(waiting)
}

/// Records in each shown message's receipt that `me` read it now (the first read counts).
fn mark_receipts_read(receipts: &dyn ReceiptStore, me: &str, entries: &[&Entry]) -> CliResult<()> {
    let now = clock::utc_now();
    let seeds: Vec<Receipt> = entries
        .iter()
        .filter_map(|e| Receipt::delivered(&e.message, &[], &now))
        .collect();
    receipts.update(&seeds, &mut |r| r.mark_read(me, &now))
}

/// `[signed SHA256:...]`, or the status in words when it is not good (readable without colour).
fn signature_mark(o: &Output, check: &SignatureCheck) -> String {
    match (check.status, &check.key) {
        (SignatureStatus::Good, Some(key)) => o.paint(DIM, &format!("[signed {key}]")),
        (SignatureStatus::Unsigned, _) => o.paint(DIM, "[unsigned]"),
        (status, _) => o.paint(WARNING, &format!("[signature: {}]", status.as_str())),
    }
}

/// Names each unreadable file and the count on stderr.
fn report_unreadable(console: &Console, broken: &[&Unreadable]) {
    for u in broken {
        eprint_problem(console, Some(&u.key), &u.problem);
    }
    if !broken.is_empty() {
        console.eprint(&format!(
            "rollcall: {} message file(s) could not be read; they were left untouched\n",
            broken.len()
        ));
    }
}

/// How to print entries.
struct Printer {
    console: Console,
    json: bool,
    stream: bool,
}

/// A message to show, with its signature checked.
struct Checked<'a> {
    entry: &'a Entry,
    signature: SignatureCheck,
}

fn json_entry(checked: &Checked, marks: &BTreeSet<String>) -> JsonEntry {
    let entry = checked.entry;
    JsonEntry {
        file: entry.key.clone(),
        unread: !marks.contains(&entry.key),
        recovered: !entry.repairs.is_empty(),
        repairs: entry.repairs.clone(),
        message: entry.message.clone(),
        signature: checked.signature.clone(),
    }
}

impl Printer {
    fn print(
        &self,
        me: &str,
        entries: &[Checked],
        broken: &[&Unreadable],
        marks: &BTreeSet<String>,
        first: bool,
    ) -> CliResult<()> {
        if !self.json {
            let text = if entries.is_empty() && first {
                "No messages to show.\n".to_string()
            } else {
                entries.iter().map(|e| self.human(e, marks)).collect()
            };
            return self.console.print(&text);
        }
        let text = if self.stream {
            entries
                .iter()
                .map(|e| serde_json::to_string(&json_entry(e, marks)).map(|j| j + "\n"))
                .collect::<Result<String, _>>()
                .map_err(|e| CliError::usage(format!("cannot render JSON: {e}")))?
        } else {
            let doc = JsonInbox {
                session: me.to_string(),
                messages: entries.iter().map(|e| json_entry(e, marks)).collect(),
                unreadable: broken
                    .iter()
                    .map(|u| JsonUnreadable {
                        file: u.key.clone(),
                        problem: u.problem.clone(),
                    })
                    .collect(),
            };
            serde_json::to_string_pretty(&doc)
                .map(|j| j + "\n")
                .map_err(|e| CliError::usage(format!("cannot render JSON: {e}")))?
        };
        write_stdout(&text)
    }

    /// One message: header, file, subject, then the body; text from the file escaped line by line.
    fn human(&self, checked: &Checked, marks: &BTreeSet<String>) -> String {
        let o: &Output = &self.console.stdout;
        let entry = checked.entry;
        let m = &entry.message;
        let mut head =
            escape_controls(&format!("{}  from {} to {}", m.timestamp, m.from, m.to)).into_owned();
        if !marks.contains(&entry.key) {
            head.push_str("  [unread]");
        }
        if m.ack_required {
            head.push_str("  [ack required]");
        }
        let mut text = format!(
            "{}  {}\n{}\nSubject: {}\n",
            o.paint(OK, &head),
            signature_mark(o, &checked.signature),
            o.paint(DIM, &escape_controls(&entry.key)),
            escape_controls(&m.subject)
        );
        if !entry.repairs.is_empty() {
            let note = format!(
                "(legacy file, not valid JSON: recovered with {} repair(s))",
                entry.repairs.len()
            );
            text.push_str(&o.paint(WARNING, &note));
            text.push('\n');
        }
        text.push('\n');
        for line in m.message.lines() {
            text.push_str(&escape_controls(line));
            text.push('\n');
        }
        if m.message.is_empty() {
            text.push('\n');
        }
        text.push('\n');
        text
    }
}
