//! The folder receipt store: one JSON file per message id, beside the messages.
//!
//! ```text
//! messages/.receipts/<MESSAGE-ID>.json   delivered / read / acknowledged per recipient
//! messages/.receipts/.lock               held (flock) while a receipt is read and replaced
//! ```
//!
//! Every update reads, changes and atomically replaces the file under the folder's lock, so two
//! recipients marking the same broadcast read at once both keep their mark.

use super::atomic::atomic_replace;
use super::receipts::{Change, ReceiptStore};
use crate::error::{CliError, CliResult};
use rollcall_core::message::receipt::Receipt;
use rollcall_core::validate_name;
use std::fs::{self, File, OpenOptions};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// Where receipts live, under `messages/`.
pub const RECEIPTS: &str = ".receipts";

/// Receipts as files under `<root>/messages/.receipts/`.
#[derive(Debug, Clone)]
pub struct FolderReceipts {
    folder: PathBuf,
    sync: bool,
}

impl FolderReceipts {
    /// The receipt store of coordination folder `root`; `sync` fsyncs every write.
    pub fn new(root: &Path, sync: bool) -> Self {
        FolderReceipts {
            folder: root.join(super::folder_messages::MESSAGES).join(RECEIPTS),
            sync,
        }
    }

    /// The file of message `id`; `None` for an id that is not safe as a file name.
    fn path_of(&self, id: &str) -> Option<PathBuf> {
        validate_name("message", id).ok()?;
        Some(self.folder.join(format!("{id}.json")))
    }

    /// Takes the folder's lock (creating the folder), released when the file is dropped.
    fn lock(&self) -> CliResult<File> {
        fs::create_dir_all(&self.folder)
            .map_err(|e| CliError::io("cannot create", &self.folder, &e))?;
        let path = self.folder.join(".lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| CliError::io("cannot open lock file", &path, &e))?;
        file.lock()
            .map_err(|e| CliError::io("cannot lock", &path, &e))?;
        Ok(file)
    }

    fn write(&self, path: &Path, receipt: &Receipt) -> CliResult<()> {
        atomic_replace(path, receipt.to_json().as_bytes(), self.sync)
    }
}

/// Reads a receipt file; `Ok(None)` when it is missing or not a receipt.
fn read_receipt(path: &Path) -> CliResult<Option<Receipt>> {
    match fs::read_to_string(path) {
        Ok(text) => Ok(Receipt::from_json(&text).ok()),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(CliError::io("cannot read receipt", path, &e)),
    }
}

/// `into` with every recipient step of `from` it lacks.
fn merge(into: &mut Receipt, from: &Receipt) {
    for (session, step) in &from.recipients {
        let mine = into.recipients.entry(session.clone()).or_default();
        mine.delivered = mine.delivered.take().or_else(|| step.delivered.clone());
        mine.read = mine.read.take().or_else(|| step.read.clone());
        mine.acknowledged = mine
            .acknowledged
            .take()
            .or_else(|| step.acknowledged.clone());
    }
}

impl ReceiptStore for FolderReceipts {
    fn record(&self, receipt: &Receipt) -> CliResult<()> {
        self.update(std::slice::from_ref(receipt), &mut |stored| {
            let before = stored.clone();
            merge(stored, receipt);
            *stored != before
        })
    }

    fn get(&self, id: &str) -> CliResult<Option<Receipt>> {
        match self.path_of(id) {
            Some(path) => read_receipt(&path),
            None => Ok(None),
        }
    }

    fn update(&self, seeds: &[Receipt], change: Change) -> CliResult<()> {
        if seeds.is_empty() {
            return Ok(());
        }
        let _lock = self.lock()?;
        for seed in seeds {
            let Some(path) = self.path_of(&seed.id) else {
                continue;
            };
            let stored = read_receipt(&path)?;
            let is_new = stored.is_none();
            let mut receipt = stored.unwrap_or_else(|| seed.clone());
            if change(&mut receipt) || is_new {
                self.write(&path, &receipt)?;
            }
        }
        Ok(())
    }

    fn sent_by(&self, session: &str) -> CliResult<Vec<Receipt>> {
        let entries = match fs::read_dir(&self.folder) {
            Ok(entries) => entries,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(CliError::io("cannot list", &self.folder, &e)),
        };
        let mut sent = Vec::new();
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || !name.ends_with(".json") {
                continue;
            }
            if let Some(receipt) = read_receipt(&entry.path())?.filter(|r| r.from == session) {
                sent.push(receipt);
            }
        }
        sent.sort_by(|a, b| (&a.sent, &a.id).cmp(&(&b.sent, &b.id)));
        Ok(sent)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use rollcall_core::Message;
    use std::sync::Arc;

    fn message(id: &str) -> Message {
        Message {
            from: "alice".into(),
            to: "broadcast".into(),
            timestamp: "2026-12-01T10:00:00Z".into(),
            subject: "s".into(),
            message: "m".into(),
            id: Some(id.into()),
            thread: None,
            reply_to: None,
            ack_required: false,
        }
    }

    #[test]
    fn concurrent_readers_of_one_broadcast_all_keep_their_mark() {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(FolderReceipts::new(dir.path(), false));
        let readers: Vec<String> = (0..8).map(|i| format!("s{i}")).collect();
        let receipt = Receipt::delivered(&message("ID1"), &readers, "t0").unwrap();
        store.record(&receipt).unwrap();
        let threads: Vec<_> = readers
            .iter()
            .map(|who| {
                let (store, who, seed) = (Arc::clone(&store), who.clone(), receipt.clone());
                std::thread::spawn(move || {
                    store
                        .update(&[seed], &mut |r| r.mark_read(&who, "t1"))
                        .unwrap();
                })
            })
            .collect();
        threads.into_iter().for_each(|t| t.join().unwrap());
        let stored = store.get("ID1").unwrap().unwrap();
        assert!(stored.recipients.values().all(|r| r.read.is_some()));
        assert_eq!(store.sent_by("alice").unwrap().len(), 1);
        assert!(store.sent_by("bob").unwrap().is_empty());
    }

    #[test]
    fn unsafe_ids_are_never_file_names() {
        let dir = tempfile::tempdir().unwrap();
        let store = FolderReceipts::new(dir.path(), false);
        let receipt = Receipt::delivered(&message("../x"), &[], "t0").unwrap();
        store.record(&receipt).unwrap();
        assert_eq!(store.get("../x").unwrap(), None);
        assert!(!dir.path().join("messages/x.json").exists());
    }
}
