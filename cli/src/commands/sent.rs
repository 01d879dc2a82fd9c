//! `rollcall sent [--json] [--overdue DURATION]`: each message this session sent and, for each
//! recipient, when it was delivered, read and acknowledged. With `--overdue`, only messages still
//! waiting (for a read, or for an acknowledgement when one was asked) that long; exit 1 if any.

use crate::clock;
use crate::common::Common;
use crate::error::{CliResult, EXIT_FINDINGS, EXIT_OK};
use crate::output::{print_json, Console, DIM, WARNING};
use crate::store::{FolderReceipts, ReceiptStore};
use rollcall_core::escape_controls;
use rollcall_core::message::receipt::{Receipt, RecipientReceipt};
use rollcall_core::time::parse_duration_secs;
use serde::Serialize;

/// Arguments of `rollcall sent`.
#[derive(Debug, clap::Args)]
#[command(mut_arg("json", |a| a.help(
    "JSON output: {session, messages: [{id, to, subject, sent, ack_required, overdue, recipients}]}"
)))]
pub struct SentArgs {
    /// Identity, folder and output options.
    #[command(flatten)]
    pub common: Common,
    /// Only messages still waiting this long or longer (90s, 15m, 2h); exit 1 when any are.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration_secs)]
    pub overdue: Option<u64>,
}

/// One recipient in `sent --json`.
#[derive(Debug, Serialize)]
pub struct JsonRecipient {
    /// The recipient's session id.
    pub session: String,
    /// `delivered`, `read` or `acknowledged`.
    pub state: String,
    /// When it was delivered.
    pub delivered: Option<String>,
    /// When it was read.
    pub read: Option<String>,
    /// When it was acknowledged.
    pub acknowledged: Option<String>,
}

/// One message in `sent --json`.
#[derive(Debug, Serialize)]
pub struct JsonSent {
    /// The message id.
    pub id: String,
    /// The recipient as addressed (a session id or `broadcast`).
    pub to: String,
    /// The subject.
    pub subject: String,
    /// When it was sent.
    pub sent: String,
    /// Whether an acknowledgement was asked for.
    pub ack_required: bool,
    /// True when `--overdue` was given and it is still waiting that long.
    pub overdue: bool,
    /// Each recipient's progress.
    pub recipients: Vec<JsonRecipient>,
}

/// The `sent --json` document.
#[derive(Debug, Serialize)]
pub struct JsonSentList {
    /// The sending session.
    pub session: String,
    /// Its messages, oldest first.
    pub messages: Vec<JsonSent>,
}

/// Runs `rollcall sent`.
pub fn run(args: SentArgs, console: &Console) -> CliResult<u8> {
    let dir = args.common.folder()?;
    let me = args.common.actor(&dir)?;
    let now = clock::utc();
    let receipts = FolderReceipts::new(&dir, true).sent_by(&me)?;
    let messages: Vec<JsonSent> = receipts
        .iter()
        .map(|r| json_sent(r, args.overdue.is_some_and(|d| r.overdue(now, d))))
        .filter(|m| args.overdue.is_none() || m.overdue)
        .collect();
    let code = if args.overdue.is_some() && !messages.is_empty() {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    };
    let list = JsonSentList {
        session: me,
        messages,
    };
    if args.common.json {
        print_json(&list)?;
    } else {
        console.print(&human(&list, console))?;
    }
    Ok(code)
}

fn json_sent(receipt: &Receipt, overdue: bool) -> JsonSent {
    JsonSent {
        id: receipt.id.clone(),
        to: receipt.to.clone(),
        subject: receipt.subject.clone(),
        sent: receipt.sent.clone(),
        ack_required: receipt.ack_required,
        overdue,
        recipients: receipt
            .recipients
            .iter()
            .map(|(session, r)| json_recipient(session, r))
            .collect(),
    }
}

fn json_recipient(session: &str, r: &RecipientReceipt) -> JsonRecipient {
    JsonRecipient {
        session: session.to_string(),
        state: r.progress().as_str().to_string(),
        delivered: r.delivered.clone(),
        read: r.read.clone(),
        acknowledged: r.acknowledged.clone(),
    }
}

/// Each message on a line, then one line per recipient with its steps and times.
fn human(list: &JsonSentList, console: &Console) -> String {
    let out = &console.stdout;
    if list.messages.is_empty() {
        return "No sent messages to show.\n".to_string();
    }
    let mut text = String::new();
    for m in &list.messages {
        let mut head = format!("{}  to {}  {}", m.sent, m.to, m.subject);
        if m.ack_required {
            head.push_str("  [ack required]");
        }
        text.push_str(&escape_controls(&head));
        if m.overdue {
            text.push_str(&format!("  {}", out.paint(WARNING, "[overdue]")));
        }
        text.push('\n');
        text.push_str(&out.paint(DIM, &format!("  id {}", escape_controls(&m.id))));
        text.push('\n');
        let width = m
            .recipients
            .iter()
            .map(|r| r.session.chars().count())
            .max()
            .unwrap_or(0);
        for r in &m.recipients {
            text.push_str(&recipient_line(r, width));
        }
    }
    text
}

fn recipient_line(r: &JsonRecipient, width: usize) -> String {
    let steps: Vec<String> = [
        ("delivered", &r.delivered),
        ("read", &r.read),
        ("acknowledged", &r.acknowledged),
    ]
    .iter()
    .filter_map(|(name, at)| at.as_ref().map(|t| format!("{name} {t}")))
    .collect();
    let session = escape_controls(&r.session);
    format!(
        "  {session:<width$}  {:<12}  {}\n",
        r.state,
        escape_controls(&steps.join(", "))
    )
}
