//! Where a new message goes, judged against the registry and presence: which sessions it
//! reaches, a warning when its recipient is stale or gone, or a dead letter when the recipient is
//! not in the registry. A folder without a registry delivers as before, unchecked.

use crate::error::CliResult;
use crate::roster::Roster;
use crate::store::{FolderReceipts, ReceiptStore};
use rollcall_core::liveness::Liveness;
use rollcall_core::message::receipt::Receipt;
use rollcall_core::Message;
use std::path::Path;

/// The route of one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// Store it where its recipients read.
    Deliver {
        /// The sessions it reaches (the registry's holders but the sender, for a broadcast).
        recipients: Vec<String>,
        /// A recipient that is stale or gone, with its last-seen age, to warn about.
        warning: Option<String>,
    },
    /// The recipient is not in the registry: keep it under `messages/dead-letter/` instead.
    DeadLetter {
        /// Why, in words.
        reason: String,
    },
}

/// The route of `message` given the folder's roster (`None` without a registry).
pub fn route(roster: Option<&Roster>, message: &Message) -> Route {
    let Some(roster) = roster else {
        let recipients = if message.is_broadcast() {
            Vec::new()
        } else {
            vec![message.to.clone()]
        };
        return Route::Deliver {
            recipients,
            warning: None,
        };
    };
    if message.is_broadcast() {
        return broadcast(roster, &message.from);
    }
    if !roster.knows(&message.to) {
        return Route::DeadLetter {
            reason: format!("{} is not in the registry", message.to),
        };
    }
    Route::Deliver {
        recipients: vec![message.to.clone()],
        warning: liveness_warning(roster, &message.to),
    }
}

/// A broadcast reaches every holder but the sender.
fn broadcast(roster: &Roster, sender: &str) -> Route {
    let recipients = roster
        .state
        .holders
        .values()
        .map(|h| h.session.clone())
        .filter(|s| s != sender)
        .collect();
    Route::Deliver {
        recipients,
        warning: None,
    }
}

/// `bob is stale (last seen 20m ago)` for a stale or gone recipient.
fn liveness_warning(roster: &Roster, to: &str) -> Option<String> {
    let liveness = roster.liveness(to);
    if !matches!(liveness, Liveness::Stale | Liveness::Gone) {
        return None;
    }
    let age = roster.seen_age(to);
    let last = if age == "never" {
        "never seen".to_string()
    } else {
        format!("last seen {age} ago")
    };
    Some(format!(
        "{to} is {} ({last}); the message is stored, but it may not be read soon",
        liveness.as_str()
    ))
}

/// Writes a just-delivered message's receipt: delivered, at its timestamp, to each recipient.
pub fn record_receipt(
    dir: &Path,
    message: &Message,
    recipients: &[String],
    sync: bool,
) -> CliResult<()> {
    match Receipt::delivered(message, recipients, &message.timestamp) {
        Some(receipt) => FolderReceipts::new(dir, sync).record(&receipt),
        None => Ok(()),
    }
}
