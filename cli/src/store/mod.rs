//! Every store the CLI keeps, each behind a small trait so another backend (etcd, later) is one
//! new file per trait; commands use the traits, and pick the folder backend where they open one.
//!
//! | trait | what it keeps | folder backend |
//! | --- | --- | --- |
//! | [`MessageStore`] (`messages`) | messages and read cursors | `folder_messages` |
//! | [`JournalStore`] (`journal`) | the registry journal, its lock, the published registry | `folder_journal` |
//! | [`Subscription`] (`subscription`) | being told a store changed | `folder_watch` |
//! | [`PresenceStore`] (`presence`) | when each session was last seen | `folder_presence` |
//! | [`ReceiptStore`] (`receipts`) | delivered / read / acknowledged per message and recipient | `folder_receipts` |
//!
//! `atomic` holds the folder backends' durable writes.

pub mod atomic;
pub mod folder_journal;
pub mod folder_messages;
pub mod folder_presence;
pub mod folder_receipts;
pub mod folder_watch;
pub mod journal;
pub mod messages;
pub mod presence;
pub mod receipts;
pub mod subscription;

pub use folder_journal::FolderJournal;
pub use folder_messages::FolderMessages;
pub use folder_presence::FolderPresence;
pub use folder_receipts::FolderReceipts;
pub use journal::{JournalStore, Transaction};
pub use messages::{Delivered, Entry, Listing, MessageStore, Unreadable};
pub use presence::PresenceStore;
pub use receipts::ReceiptStore;
pub use subscription::Subscription;
