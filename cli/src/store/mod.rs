//! Every store the CLI keeps, each behind a small trait so another backend (etcd, later) is one
//! new file per trait; commands use the traits, and pick the folder backend where they open one.
//!
//! | trait | what it keeps | folder backend |
//! | --- | --- | --- |
//! | [`MessageStore`] (`messages`) | messages and read cursors | `folder_messages` |
//! | [`JournalStore`] (`journal`) | the registry journal, its lock, the published registry | `folder_journal` |
//! | [`Subscription`] (`subscription`) | being told a store changed | `folder_watch` |
//!
//! `atomic` holds the folder backends' durable writes. Presence (who is online) will be the next
//! store: a `presence` trait module and a `folder_presence` backend beside these.

pub mod atomic;
pub mod folder_journal;
pub mod folder_messages;
pub mod folder_watch;
pub mod journal;
pub mod messages;
pub mod subscription;

pub use folder_journal::FolderJournal;
pub use folder_messages::FolderMessages;
pub use journal::{JournalStore, Transaction};
pub use messages::{Delivered, Entry, Listing, MessageStore, Unreadable};
pub use subscription::Subscription;
