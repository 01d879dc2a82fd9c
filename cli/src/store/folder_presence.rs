//! The folder presence store: one small JSON file per session, replaced atomically on each sighting.
//!
//! ```text
//! presence/<SESSION>.json   {"session":"<SESSION>","last_seen":"2026-12-01T10:00:00Z"}
//! ```
//!
//! Writes are not fsynced: a sighting lost in a crash is replaced by the next one, and a
//! heartbeat stays cheap. Readers see the old or the new file, never a partial one.

use super::atomic::atomic_replace;
use super::PresenceStore;
use crate::error::{CliError, CliResult};
use rollcall_core::liveness::Presence;
use rollcall_core::protocol::presence::LastSeen;
use rollcall_core::{validate_name, UtcTime};
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// The folder under the coordination folder holding the presence files.
pub const PRESENCE: &str = "presence";

/// Presence as files under `<root>/presence/`.
#[derive(Debug, Clone)]
pub struct FolderPresence {
    folder: PathBuf,
}

impl FolderPresence {
    /// The presence store of coordination folder `root`.
    pub fn new(root: &Path) -> Self {
        FolderPresence {
            folder: root.join(PRESENCE),
        }
    }

    fn path_of(&self, session: &str) -> PathBuf {
        self.folder.join(format!("{session}.json"))
    }
}

/// Reads one presence file; `None` when it is not a presence record.
fn read_record(path: &Path) -> Option<(String, UtcTime)> {
    let text = fs::read_to_string(path).ok()?;
    let record: Presence = serde_json::from_str(&text).ok()?;
    let at = record.seen_at()?;
    Some((record.session, at))
}

impl PresenceStore for FolderPresence {
    fn mark_seen(&self, session: &str, at: UtcTime) -> CliResult<()> {
        validate_name("session", session)
            .map_err(|d| CliError::usage(d.message).with_optional_hint(d.help))?;
        fs::create_dir_all(&self.folder)
            .map_err(|e| CliError::io("cannot create", &self.folder, &e))?;
        let record = Presence {
            session: session.to_string(),
            last_seen: at.iso8601(),
        };
        let text = serde_json::to_string(&record).unwrap_or_default() + "\n";
        atomic_replace(&self.path_of(session), text.as_bytes(), false)
    }

    fn last_seen(&self) -> CliResult<LastSeen> {
        let entries = match fs::read_dir(&self.folder) {
            Ok(entries) => entries,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(LastSeen::new()),
            Err(e) => return Err(CliError::io("cannot list", &self.folder, &e)),
        };
        let mut seen = LastSeen::new();
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || !name.ends_with(".json") {
                continue;
            }
            if let Some((session, at)) = read_record(&entry.path()) {
                seen.insert(session, at);
            }
        }
        Ok(seen)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn sightings_replace_each_other_and_leave_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let store = FolderPresence::new(dir.path());
        assert!(store.last_seen().unwrap().is_empty());
        store.mark_seen("alice", UtcTime::from_unix(100)).unwrap();
        store.mark_seen("alice", UtcTime::from_unix(200)).unwrap();
        store.mark_seen("bob", UtcTime::from_unix(150)).unwrap();
        let seen = store.last_seen().unwrap();
        assert_eq!(seen["alice"], UtcTime::from_unix(200));
        assert_eq!(seen.len(), 2);
        assert_eq!(fs::read_dir(dir.path().join(PRESENCE)).unwrap().count(), 2);
    }

    #[test]
    fn bad_names_and_broken_files() {
        let dir = tempfile::tempdir().unwrap();
        let store = FolderPresence::new(dir.path());
        assert!(store.mark_seen("../x", UtcTime::from_unix(1)).is_err());
        fs::create_dir_all(dir.path().join(PRESENCE)).unwrap();
        fs::write(dir.path().join("presence/bad.json"), "{").unwrap();
        assert!(store.last_seen().unwrap().is_empty());
    }
}
