//! The registry journal store behind every registry command: the traits a backend implements
//! (a locked transaction over the append-only journal, and publishing the rendered registry),
//! and the rendering every backend publishes (the folder backend is `folder_journal`).

use super::Subscription;
use crate::author::Author;
use crate::error::{CliError, CliResult};
use rollcall_core::protocol::report::published_document;
use rollcall_core::protocol::{Entry, Event, Replayed, State};
use rollcall_core::Diagnostic;

/// One locked change: the replayed state, and appends that are durable one by one.
pub trait Transaction {
    /// The state as of the last append.
    fn state(&self) -> &State;
    /// Problems met while replaying (a torn last line that was cut off, bad lines).
    fn warnings(&self) -> &[Diagnostic];
    /// Appends one event by `author` at the current time, signed with the author's key when it
    /// has one: applied to the state, then stored durably before returning. An entry replay
    /// would ignore (unsigned where signatures are required, not its actor's key) is refused.
    fn append_entry(
        &mut self,
        author: &Author,
        event: Event,
        approval: Option<String>,
    ) -> CliResult<Entry>;

    /// [`Transaction::append_entry`] with no approval signature.
    fn append(&mut self, author: &Author, event: Event) -> CliResult<Entry> {
        self.append_entry(author, event, None)
    }
}

/// Where a registry's journal lives: read and replayed, changed one locked transaction at a
/// time, the rendered registry published after each change.
pub trait JournalStore {
    /// The transaction `transact` hands to its change.
    type Txn: Transaction;

    /// True when the store holds a journal.
    fn has_journal(&self) -> bool;
    /// Reads and replays the journal (an empty state when there is none), without blocking
    /// other readers and never seeing an append half done.
    fn load(&self) -> CliResult<Replayed>;
    /// The error for a store without a registry journal.
    fn not_initialized(&self) -> CliError;
    /// Runs `change` under the lock: replay, decide, append; publishes the registry when anything
    /// was appended, even when `change` fails after appending.
    fn transact<T>(&self, change: impl FnOnce(&mut Self::Txn) -> CliResult<T>) -> CliResult<T>;
    /// Publishes the registry rendered from `state` where readers look for it.
    fn publish(&self, state: &State) -> CliResult<()>;
    /// Starts watching the journal; `wait` returns after it changed.
    fn subscribe(&self) -> CliResult<Box<dyn Subscription>>;

    /// Loads the state, failing with a hint when the store has no registry yet.
    fn load_initialized(&self) -> CliResult<Replayed> {
        let replayed = self.load()?;
        if !replayed.state.initialized {
            return Err(self.not_initialized());
        }
        Ok(replayed)
    }
}

/// The registry markdown for a state, checklist ticked from the computed consensus.
pub fn render_state(state: &State) -> String {
    rollcall_core::render_markdown(&published_document(state))
}
