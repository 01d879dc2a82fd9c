//! The folder message store: one JSON file per message in the coordination folder, the old
//! layout.
//!
//! ```text
//! messages/broadcast/<YYYY-mm-dd_HH-MM-SS>-<SENDER>.json     to every session
//! messages/direct/<TO>/<YYYY-mm-dd_HH-MM-SS>-<SENDER>.json   to one session
//! messages/.cursors/<SESSION>                              keys SESSION has read, one a line
//! messages/dead-letter/<TO>/<YYYY-mm-dd_HH-MM-SS>-<SENDER>.json  to an id not in the registry:
//!                                                           {"reason", "dead_at", "message"}
//! ```
//!
//! Delivery is Maildir-style: the JSON goes to a hidden temp file in the destination folder, is
//! fsynced, then hard-linked to its final name. `link()` fails when the name exists, so two
//! senders can never overwrite each other: the loser tries `-2` ... `-9`, then `-<id>`. Readers
//! skip hidden files, so they never see a partial message.

use super::atomic::{atomic_replace, ensure_inside, sync_parent, write_temp_beside};
use super::folder_watch::FolderWatch;
use super::{Delivered, Entry, Listing, MessageStore, Subscription, Unreadable};
use crate::error::{CliError, CliResult};
use rollcall_core::{message_file_stem, read_message, Diagnostic, Message};
use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

/// The folder under the coordination folder holding all messages.
pub const MESSAGES: &str = "messages";
/// Where per-session read cursors live, under `messages/`.
pub const CURSORS: &str = ".cursors";
/// Where messages to unknown recipients are kept, under `messages/`.
pub const DEAD_LETTER: &str = "dead-letter";

/// A dead letter's file: why it was not delivered, when, and the message itself.
#[derive(Debug, serde::Serialize)]
struct DeadLetter<'a> {
    reason: &'a str,
    dead_at: &'a str,
    message: &'a Message,
}

/// Plain numbered suffixes tried before falling back to the message id.
const NUMBERED_SUFFIXES: u32 = 9;

/// Messages as files under `<root>/messages/`.
#[derive(Debug, Clone)]
pub struct FolderMessages {
    root: PathBuf,
    sync: bool,
}

impl FolderMessages {
    /// A store in coordination folder `root`; `sync` fsyncs every write (off for `--no-sync`).
    pub fn new(root: &Path, sync: bool) -> Self {
        FolderMessages {
            root: root.to_path_buf(),
            sync,
        }
    }

    fn messages(&self) -> PathBuf {
        self.root.join(MESSAGES)
    }

    fn folder_for(&self, message: &Message) -> PathBuf {
        if message.is_broadcast() {
            self.messages().join("broadcast")
        } else {
            self.messages().join("direct").join(&message.to)
        }
    }

    fn cursor_path(&self, session: &str) -> PathBuf {
        self.messages().join(CURSORS).join(session)
    }

    fn key_of(&self, path: &Path) -> String {
        path.strip_prefix(&self.root)
            .unwrap_or(path)
            .to_string_lossy()
            .into_owned()
    }

    /// Links `temp` (and `sig`, the signature's temp file, as `NAME.json.sig` first) to the first
    /// free candidate name in `folder`; returns the final path.
    fn link_unique(
        &self,
        temp: &Path,
        sig: Option<&Path>,
        folder: &Path,
        message: &Message,
    ) -> CliResult<PathBuf> {
        let stem = message_file_stem(message);
        let id = message.id.clone().unwrap_or_default();
        for attempt in 1..=NUMBERED_SUFFIXES + 1000 {
            let name = match attempt {
                1 => format!("{stem}.json"),
                n if n <= NUMBERED_SUFFIXES || id.is_empty() => format!("{stem}-{n}.json"),
                n if n == NUMBERED_SUFFIXES + 1 => format!("{stem}-{id}.json"),
                n => format!("{stem}-{id}-{n}.json"),
            };
            let path = folder.join(name);
            if let Some(stored) = link_pair(temp, sig, &path, &id)? {
                return Ok(stored);
            }
        }
        Err(CliError::usage(format!(
            "cannot find a free file name for {stem} in {}",
            folder.display()
        )))
    }

    /// The message files in `folder` (visible `*.json` regular files), unread.
    fn message_files(folder: &Path) -> CliResult<Vec<PathBuf>> {
        let entries = match fs::read_dir(folder) {
            Ok(entries) => entries,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(CliError::io("cannot list", folder, &e)),
        };
        Ok(entries
            .filter_map(Result::ok)
            .filter(|entry| {
                let name = entry.file_name().to_string_lossy().into_owned();
                !name.starts_with('.') && name.ends_with(".json")
            })
            .map(|entry| entry.path())
            .filter(|path| path.is_file())
            .collect())
    }

    /// The folders `session` reads: its direct folder, then the broadcasts.
    fn inbox_folders(&self, session: &str) -> [PathBuf; 2] {
        [
            self.messages().join("direct").join(session),
            self.messages().join("broadcast"),
        ]
    }

    fn read_folder(&self, folder: &Path, listing: &mut Listing) -> CliResult<()> {
        for path in Self::message_files(folder)? {
            match self.read_file(&path) {
                Ok(entry) => listing.entries.push(entry),
                Err(problem) => listing.unreadable.push(Unreadable {
                    key: self.key_of(&path),
                    problem,
                }),
            }
        }
        Ok(())
    }

    #[allow(clippy::result_large_err)] // the same Diagnostic every finding is
    fn read_file(&self, path: &Path) -> Result<Entry, Diagnostic> {
        let (message, repairs, bytes) = read_entry(path)?;
        Ok(Entry {
            key: self.key_of(path),
            message,
            repairs,
            signature: fs::read_to_string(signature_path(path)).ok(),
            bytes,
        })
    }
}

/// Hard-links `temp` to `path`; fails with `AlreadyExists` rather than replacing anything.
///
/// Where hard links are unsupported, falls back to creating `path` exclusively and copying.
/// True when `path` already holds exactly the message in `temp` (same id, same bytes): a retried
/// delivery, stored once.
fn same_message(temp: &Path, path: &Path, id: &str) -> bool {
    !id.is_empty()
        && fs::read(temp)
            .ok()
            .is_some_and(|ours| fs::read(path).ok() == Some(ours))
}

fn link_no_replace(temp: &Path, path: &Path) -> std::io::Result<()> {
    match fs::hard_link(temp, path) {
        Err(e) if e.kind() != ErrorKind::AlreadyExists && e.kind() != ErrorKind::NotFound => {
            let bytes = fs::read(temp)?;
            let mut file = File::options().write(true).create_new(true).open(path)?;
            file.write_all(&bytes)?;
            file.sync_all()
        }
        other => other,
    }
}

/// The signature file beside message file `path`: `NAME.json.sig`.
pub fn signature_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".sig");
    PathBuf::from(name)
}

/// Tries one candidate name: links the signature (if any) to `NAME.json.sig`, then the message to
/// `NAME.json`, so a message never appears unsigned. `None` when the name is taken (a signature
/// this call linked is removed again); the path when stored, or already stored by a retry.
fn link_pair(temp: &Path, sig: Option<&Path>, path: &Path, id: &str) -> CliResult<Option<PathBuf>> {
    let taken = |e: &std::io::Error| e.kind() == ErrorKind::AlreadyExists;
    if path.exists() && !same_message(temp, path, id) {
        return Ok(None);
    }
    let sig_path = signature_path(path);
    let mut linked_sig = false;
    if let Some(sig) = sig {
        match link_no_replace(sig, &sig_path) {
            Ok(()) => linked_sig = true,
            Err(e) if taken(&e) && same_message(sig, &sig_path, id) => {}
            Err(e) if taken(&e) => return Ok(None),
            Err(e) => return Err(CliError::io("cannot store signature as", &sig_path, &e)),
        }
    }
    match link_no_replace(temp, path) {
        Ok(()) => Ok(Some(path.to_path_buf())),
        Err(e) if taken(&e) && same_message(temp, path, id) => Ok(Some(path.to_path_buf())),
        Err(e) => {
            if linked_sig {
                let _ = fs::remove_file(&sig_path);
            }
            match taken(&e) {
                true => Ok(None),
                false => Err(CliError::io("cannot store message as", path, &e)),
            }
        }
    }
}

/// Reads one message file (never modifying it); legacy files go through recovery.
#[allow(clippy::result_large_err)] // Diagnostic is the one error type
fn read_entry(path: &Path) -> Result<(Message, Vec<Diagnostic>, Vec<u8>), Diagnostic> {
    let bytes = fs::read(path)
        .map_err(|e| Diagnostic::error("message-unreadable", format!("cannot read: {e}")))?;
    let (text, lossy) = match std::str::from_utf8(&bytes) {
        Ok(text) => (text.to_string(), false),
        Err(_) => (String::from_utf8_lossy(&bytes).into_owned(), true),
    };
    let mut recovered = read_message(&text)?;
    if lossy {
        recovered.repairs.push(Diagnostic::warning(
            "legacy-invalid-utf8",
            "bytes that are not UTF-8 were replaced with U+FFFD",
        ));
    }
    Ok((recovered.message, recovered.repairs, bytes))
}

fn sort_listing(listing: &mut Listing) {
    listing.entries.sort_by(|a, b| {
        (&a.message.timestamp, &a.message.id, &a.key).cmp(&(
            &b.message.timestamp,
            &b.message.id,
            &b.key,
        ))
    });
    listing.unreadable.sort_by(|a, b| a.key.cmp(&b.key));
}

/// The message folders every coordination folder has, parents first.
pub const MESSAGE_FOLDERS: [&str; 3] = ["messages", "messages/broadcast", "messages/direct"];

impl FolderMessages {
    /// Creates the message folders that are missing (never over a file or through a symlink);
    /// returns the ones it created.
    pub fn create_layout(&self) -> CliResult<Vec<&'static str>> {
        let mut created = Vec::new();
        for relative in MESSAGE_FOLDERS {
            let path = self.root.join(relative);
            if fs::symlink_metadata(&path).is_ok() {
                continue;
            }
            fs::create_dir(&path).map_err(|e| CliError::io("cannot create", &path, &e))?;
            if self.sync {
                sync_parent(&path);
            }
            created.push(relative);
        }
        Ok(created)
    }

    /// Stores `bytes` for `message` in `folder` under a fresh name (never overwriting), never
    /// through a symlink that leads out of the coordination folder.
    fn store_in(
        &self,
        folder: &Path,
        message: &Message,
        bytes: &str,
        signature: Option<&str>,
    ) -> CliResult<Delivered> {
        ensure_inside(&self.root, folder)?;
        let existed = folder.is_dir();
        fs::create_dir_all(folder).map_err(|e| CliError::io("cannot create", folder, &e))?;
        if !existed && self.sync {
            // New folders must survive a crash too: fsync each parent up to the coordination folder.
            folder
                .ancestors()
                .take_while(|dir| *dir != self.root)
                .for_each(sync_parent);
        }
        let placeholder = folder.join(format!("{}.json", message_file_stem(message)));
        let temp = write_temp_beside(&placeholder, bytes.as_bytes(), self.sync)?;
        let sig = match signature {
            Some(text) => match write_temp_beside(&placeholder, text.as_bytes(), self.sync) {
                Ok(sig) => Some(sig),
                Err(e) => {
                    let _ = fs::remove_file(&temp);
                    return Err(e);
                }
            },
            None => None,
        };
        let linked = self.link_unique(&temp, sig.as_deref(), folder, message);
        let _ = fs::remove_file(&temp);
        if let Some(sig) = &sig {
            let _ = fs::remove_file(sig);
        }
        let path = linked?;
        if self.sync {
            sync_parent(&path);
        }
        Ok(Delivered {
            key: self.key_of(&path),
        })
    }
}

impl MessageStore for FolderMessages {
    fn deliver(&self, message: &Message, signature: Option<&str>) -> CliResult<Delivered> {
        self.store_in(
            &self.folder_for(message),
            message,
            &message.to_json(),
            signature,
        )
    }

    fn dead_letter(&self, message: &Message, reason: &str, at: &str) -> CliResult<Delivered> {
        let folder = self.messages().join(DEAD_LETTER).join(&message.to);
        let letter = DeadLetter {
            reason,
            dead_at: at,
            message,
        };
        let text = serde_json::to_string_pretty(&letter).unwrap_or_default() + "\n";
        self.store_in(&folder, message, &text, None)
    }

    fn list(&self, session: &str) -> CliResult<Listing> {
        let mut listing = Listing::default();
        for folder in self.inbox_folders(session) {
            self.read_folder(&folder, &mut listing)?;
        }
        sort_listing(&mut listing);
        Ok(listing)
    }

    fn keys(&self, session: &str) -> CliResult<BTreeSet<String>> {
        let mut keys = BTreeSet::new();
        for folder in self.inbox_folders(session) {
            keys.extend(Self::message_files(&folder)?.iter().map(|p| self.key_of(p)));
        }
        Ok(keys)
    }

    fn get(&self, key: &str) -> CliResult<Option<Entry>> {
        let relative = Path::new(key);
        let inside = relative.starts_with(MESSAGES)
            && relative
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !inside {
            return Ok(None);
        }
        let path = self.root.join(relative);
        let regular = fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
        Ok(regular.then(|| self.read_file(&path).ok()).flatten())
    }

    fn list_all(&self) -> CliResult<Listing> {
        let mut listing = Listing::default();
        let direct = self.messages().join("direct");
        if let Ok(folders) = fs::read_dir(&direct) {
            for folder in folders.flatten() {
                let visible = !folder.file_name().to_string_lossy().starts_with('.');
                if visible && folder.file_type().is_ok_and(|t| t.is_dir()) {
                    self.read_folder(&folder.path(), &mut listing)?;
                }
            }
        }
        self.read_folder(&self.messages().join("broadcast"), &mut listing)?;
        sort_listing(&mut listing);
        Ok(listing)
    }

    fn read_marks(&self, session: &str) -> CliResult<BTreeSet<String>> {
        let path = self.cursor_path(session);
        match fs::read_to_string(&path) {
            Ok(text) => Ok(text
                .lines()
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect()),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(BTreeSet::new()),
            Err(e) => Err(CliError::io("cannot read cursor", &path, &e)),
        }
    }

    fn mark_read(&self, session: &str, keys: &[String]) -> CliResult<()> {
        let mut marks = self.read_marks(session)?;
        let before = marks.len();
        marks.extend(keys.iter().filter(|k| !k.contains('\n')).cloned());
        if marks.len() == before {
            return Ok(());
        }
        let path = self.cursor_path(session);
        if let Some(dir) = path.parent() {
            ensure_inside(&self.root, dir)?;
            fs::create_dir_all(dir).map_err(|e| CliError::io("cannot create", dir, &e))?;
        }
        let text: String = marks.iter().map(|k| format!("{k}\n")).collect();
        atomic_replace(&path, text.as_bytes(), self.sync)
    }

    fn subscribe(&self, _session: &str) -> CliResult<Box<dyn Subscription>> {
        let messages = self.messages();
        fs::create_dir_all(&messages).map_err(|e| CliError::io("cannot create", &messages, &e))?;
        // The coordination folder is watched, not `messages/`, so a follower keeps following
        // when `messages/` is deleted and created again.
        let relevant = Box::new(move |path: &Path| is_relevant(&messages, path));
        Ok(Box::new(FolderWatch::new(&self.root, true, relevant)?))
    }
}

/// True when the path is `messages/` or a visible file (not a temp file) under it, outside the
/// cursors, receipts and dead-letter folders.
fn is_relevant(messages: &Path, path: &Path) -> bool {
    let Ok(inner) = path.strip_prefix(messages) else {
        return false;
    };
    let skipped = [CURSORS, super::folder_receipts::RECEIPTS, DEAD_LETTER];
    path.file_name()
        .is_some_and(|n| !n.to_string_lossy().starts_with('.'))
        && !inner
            .components()
            .any(|c| skipped.iter().any(|s| c.as_os_str() == *s))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use rollcall_core::{compose, Draft};

    fn message(to: &str, id: &str) -> Message {
        let draft = Draft {
            from: "3".into(),
            to: to.into(),
            subject: "s".into(),
            message: "m".into(),
            ..Draft::default()
        };
        compose(draft, 1_764_056_129, id.into()).unwrap()
    }

    #[test]
    fn keys_name_what_list_lists_and_get_reads_one_inside_messages_only() {
        let dir = tempfile::tempdir().unwrap();
        let store = FolderMessages::new(dir.path(), false);
        store.deliver(&message("4", "01A"), None).unwrap();
        store.deliver(&message("broadcast", "01B"), None).unwrap();
        store.deliver(&message("5", "01C"), None).unwrap();
        let listed: BTreeSet<String> = store
            .list("4")
            .unwrap()
            .entries
            .into_iter()
            .map(|e| e.key)
            .collect();
        let keys = store.keys("4").unwrap();
        assert_eq!(keys, listed);
        assert_eq!(keys.len(), 2);
        let first = keys.iter().next().unwrap();
        assert!(store.get(first).unwrap().is_some());
        std::fs::write(dir.path().join("outside.json"), "{}").unwrap();
        assert!(store.get("outside.json").unwrap().is_none());
        assert!(store.get("messages/../outside.json").unwrap().is_none());
    }

    #[test]
    fn same_second_sends_never_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let store = FolderMessages::new(dir.path(), false);
        let keys: Vec<String> = (0..12)
            .map(|i| {
                store
                    .deliver(&message("7", &format!("ID{i:02}")), None)
                    .unwrap()
                    .key
            })
            .collect();
        assert_eq!(keys[0], "messages/direct/7/2025-11-25_07-35-29-3.json");
        assert_eq!(keys[1], "messages/direct/7/2025-11-25_07-35-29-3-2.json");
        assert_eq!(keys[9], "messages/direct/7/2025-11-25_07-35-29-3-ID09.json");
        let listing = store.list("7").unwrap();
        assert_eq!(listing.entries.len(), 12);
        let folder = dir.path().join("messages/direct/7");
        assert_eq!(fs::read_dir(folder).unwrap().count(), 12, "no temp left");
    }

    #[test]
    fn cursors_accumulate() {
        let dir = tempfile::tempdir().unwrap();
        let store = FolderMessages::new(dir.path(), true);
        store.mark_read("3", &["a".into()]).unwrap();
        store.mark_read("3", &["b".into(), "a".into()]).unwrap();
        let marks = store.read_marks("3").unwrap();
        assert_eq!(marks.into_iter().collect::<Vec<_>>(), ["a", "b"]);
        assert!(dir.path().join("messages/.cursors/3").is_file());
    }

    #[test]
    fn broken_files_are_listed_as_unreadable_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("messages/broadcast");
        fs::create_dir_all(&folder).unwrap();
        fs::write(folder.join("x.json"), "{ truncated").unwrap();
        let listing = FolderMessages::new(dir.path(), false).list("3").unwrap();
        assert_eq!(listing.unreadable.len(), 1);
        assert_eq!(listing.unreadable[0].key, "messages/broadcast/x.json");
        assert_eq!(
            fs::read_to_string(folder.join("x.json")).unwrap(),
            "{ truncated"
        );
    }

    #[test]
    fn only_visible_message_files_wake_a_follower() {
        let m = Path::new("/c/messages");
        assert!(is_relevant(m, Path::new("/c/messages/direct/3/a.json")));
        assert!(is_relevant(m, Path::new("/c/messages")));
        assert!(!is_relevant(
            m,
            Path::new("/c/messages/direct/3/.a.json.1.0.tmp")
        ));
        assert!(!is_relevant(m, Path::new("/c/messages/.cursors/3")));
        assert!(!is_relevant(m, Path::new("/c/messages/.receipts/ID.json")));
        assert!(!is_relevant(
            m,
            Path::new("/c/messages/dead-letter/x/a.json")
        ));
        assert!(!is_relevant(m, Path::new("/c/presence/3.json")));
    }

    #[test]
    fn dead_letters_keep_the_reason_and_stay_out_of_inboxes() {
        let dir = tempfile::tempdir().unwrap();
        let store = FolderMessages::new(dir.path(), false);
        let key = store
            .dead_letter(&message("ghost", "ID1"), "not in the registry", "t")
            .unwrap()
            .key;
        assert!(key.starts_with("messages/dead-letter/ghost/"), "{key}");
        let text = fs::read_to_string(dir.path().join(&key)).unwrap();
        assert!(
            text.contains("\"reason\": \"not in the registry\""),
            "{text}"
        );
        assert!(store.list("ghost").unwrap().entries.is_empty());
    }
}
