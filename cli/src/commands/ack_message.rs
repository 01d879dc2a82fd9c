//! `rollcall ack-message MESSAGE_ID`: records that this session acted on a message (its
//! receipt's `acknowledged`); not `ack`, which acknowledges an identity in the registry.

use crate::clock;
use crate::common::Common;
use crate::error::{CliError, CliResult, EXIT_OK};
use crate::output::{print_json, Console, OK};
use crate::store::{FolderMessages, FolderReceipts, MessageStore, ReceiptStore};
use rollcall_core::message::receipt::Receipt;
use rollcall_core::{escape_controls, Message};
use serde::Serialize;

/// Arguments of `rollcall ack-message`.
#[derive(Debug, clap::Args)]
pub struct AckMessageArgs {
    /// The id of the message (`inbox --peek` shows it).
    #[arg(value_name = "MESSAGE_ID")]
    pub id: String,
    /// Identity, folder and output options.
    #[command(flatten)]
    pub common: Common,
}

/// What `ack-message --json` prints.
#[derive(Debug, Serialize)]
struct Acked {
    id: String,
    session: String,
    acknowledged: Option<String>,
}

/// Runs `rollcall ack-message`.
pub fn run(args: AckMessageArgs, console: &Console) -> CliResult<u8> {
    let dir = args.common.folder()?;
    let me = args.common.actor(&dir)?;
    let message = find(&FolderMessages::new(&dir, true), &me, &args.id)?;
    let now = clock::utc_now();
    let receipts = FolderReceipts::new(&dir, true);
    let seed = Receipt::delivered(&message, &[], &now)
        .ok_or_else(|| CliError::usage("the message has no id"))?;
    receipts.update(&[seed], &mut |r| r.mark_acknowledged(&me, &now))?;
    let stored = receipts.get(&args.id)?;
    let acknowledged = stored
        .as_ref()
        .and_then(|r| r.recipients.get(&me))
        .and_then(|r| r.acknowledged.clone());
    if args.common.json {
        print_json(&Acked {
            id: args.id.clone(),
            session: me,
            acknowledged,
        })?;
        return Ok(EXIT_OK);
    }
    console.print(&format!(
        "{} Acknowledged {} from {}: {}\n",
        console.stdout.paint(OK, "✅"),
        escape_controls(&args.id),
        escape_controls(&message.from),
        escape_controls(&message.subject)
    ))?;
    Ok(EXIT_OK)
}

/// The message `id` in `me`'s inbox, or the exit-2 error saying it is not there.
fn find(store: &dyn MessageStore, me: &str, id: &str) -> CliResult<Message> {
    store
        .list(me)?
        .entries
        .into_iter()
        .map(|e| e.message)
        .find(|m| m.id.as_deref() == Some(id))
        .ok_or_else(|| {
            CliError::usage(format!(
                "no message with id {} in {}'s inbox",
                escape_controls(id),
                escape_controls(me)
            ))
            .with_hint("`rollcall inbox --peek --json` lists your messages with their ids")
        })
}
