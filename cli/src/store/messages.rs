//! The message store behind `send`, `inbox`, `ingest` and `activate`: the trait a backend
//! implements and the values it hands back (the folder backend is `folder_messages`).

use super::Subscription;
use crate::error::CliResult;
use rollcall_core::{Diagnostic, Message};
use std::collections::BTreeSet;

/// Where a delivered message ended up.
#[derive(Debug, Clone)]
#[allow(dead_code)]
pub struct Delivered {
    /// Store-relative key (read by tests and by callers that log where a message went), e.g. `messages/direct/3/2026-11-25_07-35-29-1.json`.
    pub key: String,
}

/// One readable message in a listing.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Store-relative key (stable: used by read cursors).
    pub key: String,
    /// The message's fields.
    pub message: Message,
    /// What had to be repaired to read it (legacy files); empty for valid JSON.
    pub repairs: Vec<Diagnostic>,
    /// The exact stored bytes, which a signature covers.
    pub bytes: Vec<u8>,
    /// The armored `rollcall-message` signature stored beside it, if any.
    pub signature: Option<String>,
}

/// A stored item that could not be read as a message; it is left untouched.
#[derive(Debug, Clone)]
pub struct Unreadable {
    /// Store-relative key.
    pub key: String,
    /// Why it could not be read.
    pub problem: Diagnostic,
}

/// Everything addressed to one session, oldest first.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    /// Readable messages, sorted by (timestamp, id, key).
    pub entries: Vec<Entry>,
    /// Items that could not be read, sorted by key.
    pub unreadable: Vec<Unreadable>,
}

/// A place messages are delivered to and read from.
pub trait MessageStore {
    /// Stores `message` (its `to_json()` bytes) for its recipient (or everyone, for `broadcast`),
    /// never overwriting; `signature`, the armored signature over those bytes, is stored first.
    fn deliver(&self, message: &Message, signature: Option<&str>) -> CliResult<Delivered>;
    /// Keeps `message` for a recipient that does not exist, with `reason`, stamped `at`; no
    /// inbox lists it.
    fn dead_letter(&self, message: &Message, reason: &str, at: &str) -> CliResult<Delivered>;
    /// Direct messages to `session` plus every broadcast, oldest first.
    fn list(&self, session: &str) -> CliResult<Listing>;
    /// The keys of what `session` can read (as [`MessageStore::list`] lists), none read.
    fn keys(&self, session: &str) -> CliResult<BTreeSet<String>>;
    /// The readable message stored under `key` (a key from a listing), if it is there.
    fn get(&self, key: &str) -> CliResult<Option<Entry>>;
    /// Every delivered message (direct to anyone, and broadcast), oldest first.
    fn list_all(&self) -> CliResult<Listing>;
    /// Keys `session` has marked read.
    fn read_marks(&self, session: &str) -> CliResult<BTreeSet<String>>;
    /// Adds `keys` to `session`'s read marks.
    fn mark_read(&self, session: &str, keys: &[String]) -> CliResult<()>;
    /// Starts watching what `session` can read; subscribe before listing so nothing is missed.
    fn subscribe(&self, session: &str) -> CliResult<Box<dyn Subscription>>;
}
