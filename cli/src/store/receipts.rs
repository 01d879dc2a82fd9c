//! The receipt store behind `send`, `inbox`, `ack-message` and `sent`: per message, when each
//! recipient had it delivered, read and acknowledged (the folder backend is `folder_receipts`).

use crate::error::CliResult;
use rollcall_core::message::receipt::Receipt;

/// A change to a receipt; returns true when it changed anything (only then is it written).
pub type Change<'a> = &'a mut dyn FnMut(&mut Receipt) -> bool;

/// A place receipts are kept, updated safely by many processes at once.
pub trait ReceiptStore {
    /// Stores a new message's receipt (merged into an existing one with the same id).
    fn record(&self, receipt: &Receipt) -> CliResult<()>;
    /// The receipt of message `id`, when there is one.
    fn get(&self, id: &str) -> CliResult<Option<Receipt>>;
    /// Applies `change` to the receipt of each seed's id (the seed itself when none is stored),
    /// under one lock; writes only the receipts it changed.
    fn update(&self, seeds: &[Receipt], change: Change) -> CliResult<()>;
    /// Every receipt of a message `session` sent, oldest first.
    fn sent_by(&self, session: &str) -> CliResult<Vec<Receipt>>;
}
