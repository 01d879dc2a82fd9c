//! The registration protocol: the journal of events, the state replayed from it, and the pure
//! decisions (claim, release, reassign, confirm, ack, approve, activate) that produce new events.

pub mod activation;
pub mod checkpoint;
pub mod claim;
mod entry_json;
pub mod journal;
pub mod journal_repair;
pub mod presence;
pub mod report;
pub mod state;

pub use checkpoint::Checkpoint;
pub use claim::{NumberRequest, Refusal};
pub use journal::{Claim, Entry, Event, JOURNAL_FILE};
pub use state::{replay, Attestation, Holder, Replayed, State};
