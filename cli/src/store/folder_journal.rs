//! The folder journal store: the append-only journal (the source of truth) in the coordination
//! folder, the lock file that serializes every change, and the markdown registry re-rendered
//! atomically after each change so humans and the page keep reading one file.
//!
//! Why flock on a separate lock file rather than `O_EXCL` lock files: the kernel drops an flock
//! when its holder dies, so a killed `rollcall register` never leaves the folder locked.

use super::atomic::{atomic_replace, ensure_inside, sync_parent};
use super::folder_watch::FolderWatch;
use super::journal::{render_state, JournalStore, Transaction};
use super::Subscription;
use crate::author::Author;
use crate::clock::{utc_now, utc_stamp};
use crate::error::{CliError, CliResult};
use crate::keystore::KeyStore;
use rollcall_core::identity::{self, Keyring};
use rollcall_core::protocol::journal_repair::repair_journal;
use rollcall_core::protocol::report::attestations;
use rollcall_core::protocol::state::JournalLine;
use rollcall_core::protocol::{self, Checkpoint, Entry, Event, Replayed, State};
use rollcall_core::{Attestations, Diagnostic};
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The lock file every change holds (flock) while it reads, decides, appends and renders.
pub const LOCK_FILE: &str = "registry.lock";
/// The registry markdown rendered from the journal.
pub const MARKDOWN_FILE: &str = "SESSION_IDENTITY_REGISTRY.md";
/// A change writes a new checkpoint once this many lines follow the last one, so a change
/// replays at most this many lines whatever the journal's length.
const CHECKPOINT_EVERY: u32 = 32;
/// Suffix of the copy kept of a markdown registry before `init` first replaces it.
pub const BACKUP_SUFFIX: &str = ".orig";

/// The registry files of one coordination folder.
#[derive(Debug, Clone)]
pub struct FolderJournal {
    /// The coordination folder.
    pub dir: PathBuf,
}

/// One locked change of the folder's journal: the replayed state, plus appends that are
/// fsync'd one by one.
pub struct FolderTxn {
    state: State,
    journal: File,
    path: PathBuf,
    appended: Vec<Entry>,
    warnings: Vec<Diagnostic>,
    /// The journal's text as replayed and appended (None when its offsets are not the file's).
    text: Option<String>,
    /// Lines of the journal past the checkpoint it was resumed from.
    unchecked_lines: u32,
}

impl FolderJournal {
    /// The registry files in `dir`.
    pub fn new(dir: &Path) -> Self {
        FolderJournal {
            dir: dir.to_path_buf(),
        }
    }

    /// `registry.journal.jsonl` in the folder.
    pub fn journal(&self) -> PathBuf {
        self.dir.join(protocol::JOURNAL_FILE)
    }

    /// `registry.lock` in the folder.
    pub fn lock(&self) -> PathBuf {
        self.dir.join(LOCK_FILE)
    }

    /// `SESSION_IDENTITY_REGISTRY.md` in the folder.
    pub fn markdown(&self) -> PathBuf {
        self.dir.join(MARKDOWN_FILE)
    }

    /// Keeps a `.orig` copy of an existing markdown registry (once) before it is first replaced.
    pub fn back_up_markdown(&self) -> CliResult<Option<PathBuf>> {
        let path = self.markdown();
        let backup = self.dir.join(format!("{MARKDOWN_FILE}{BACKUP_SUFFIX}"));
        if !path.exists() || backup.exists() {
            return Ok(None);
        }
        fs::copy(&path, &backup).map_err(|e| CliError::io("cannot back up", &path, &e))?;
        Ok(Some(backup))
    }

    /// Opens (creating it when missing) the lock file.
    fn open_lock_file(&self) -> std::io::Result<File> {
        OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.lock())
    }

    /// A shared flock on the lock file when one can be had (only an existing journal needs it).
    fn take_shared_lock(&self) -> Option<File> {
        if !self.has_journal() {
            return None;
        }
        let file = self.open_lock_file().ok()?;
        file.lock_shared().ok().map(|()| file)
    }

    fn take_lock(&self) -> CliResult<File> {
        let path = self.lock();
        let file = self
            .open_lock_file()
            .map_err(|e| CliError::io("cannot open lock file", &path, &e))?;
        file.lock()
            .map_err(|e| CliError::io("cannot lock", &path, &e))?;
        Ok(file)
    }

    fn open_txn(&self) -> CliResult<FolderTxn> {
        let path = self.journal();
        ensure_inside(&self.dir, &path)?;
        let existed = path.exists();
        let journal = OpenOptions::new()
            .create(true)
            .read(true)
            .append(true)
            .open(&path)
            .map_err(|e| CliError::io("cannot open", &path, &e))?;
        if !existed {
            sync_parent(&path);
        }
        let bytes = fs::read(&path).map_err(|e| CliError::io("cannot read", &path, &e))?;
        let (text, exact) = decode_journal(&bytes);
        let checkpoint = self.read_checkpoint();
        let verified = identity::replay_verified_from(checkpoint.as_ref(), &text);
        let unchecked_lines = u32::try_from(verified.entries.len()).unwrap_or(u32::MAX);
        let replayed = verified.replayed;
        if exact && replayed.valid_len < bytes.len() {
            self.cut_torn_tail(&journal, &bytes, replayed.valid_len)?;
        }
        if replayed.diagnostics.iter().any(Diagnostic::is_error) {
            // Entries refused for their signature stay (the journal is evidence); only lines
            // that do not replay at all block writes until `doctor --fix`.
            if let Some(damage) = protocol::replay(&text)
                .diagnostics
                .iter()
                .find(|d| d.is_error())
            {
                return Err(damaged_journal(damage));
            }
        }
        let text = exact.then(|| text[..replayed.valid_len].to_string());
        Ok(FolderTxn {
            state: replayed.state,
            journal,
            path,
            appended: Vec::new(),
            warnings: replayed.diagnostics,
            text,
            unchecked_lines,
        })
    }

    /// This machine's checkpoint of the folder's journal, when there is one (it is checked
    /// against the journal before use).
    fn read_checkpoint(&self) -> Option<Checkpoint> {
        let path = KeyStore::for_folder(&self.dir).ok()?.checkpoint_path();
        let regular = fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
        regular
            .then(|| fs::read_to_string(&path).ok())
            .flatten()
            .and_then(|text| Checkpoint::from_json(&text))
    }

    /// Saves the state after `txn`'s appends as the new checkpoint once enough lines have built
    /// up since the last one. Best effort and unsynced: a lost or torn checkpoint does not match
    /// and is replayed past, never trusted.
    fn checkpoint_after(&self, txn: &FolderTxn) {
        let Some(text) = &txn.text else {
            return;
        };
        if txn.appended.is_empty() || txn.unchecked_lines < CHECKPOINT_EVERY {
            return;
        }
        let replayed = Replayed {
            state: txn.state.clone(),
            diagnostics: txn
                .warnings
                .iter()
                .filter(|d| d.code != "journal-torn-line")
                .cloned()
                .collect(),
            valid_len: text.len(),
        };
        let store = KeyStore::for_folder(&self.dir).ok();
        if let (Some(store), Some(checkpoint)) = (store, Checkpoint::of(text, &replayed)) {
            let _ = store.save_checkpoint(&checkpoint.to_json());
        }
    }

    /// Re-renders the markdown when it is missing, or differs and is not newer than the journal
    /// (a write stopped between the append and the render). A markdown edited by hand after the
    /// journal's last change is left for `doctor` to report.
    fn publish_if_behind(&self, state: &State) -> CliResult<()> {
        if !state.initialized {
            return Ok(());
        }
        let markdown = self.markdown();
        let modified = |path: &Path| fs::metadata(path).and_then(|m| m.modified()).ok();
        let behind = match (modified(&markdown), modified(&self.journal())) {
            (None, _) => true,
            (Some(rendered), Some(journal)) => rendered <= journal,
            (Some(_), None) => false,
        };
        let stale = behind && fs::read_to_string(&markdown).ok() != Some(render_state(state));
        if stale {
            self.publish(state)?;
        }
        Ok(())
    }

    /// Under the lock, drops the journal lines replay ignores as errors (broken lines, rejected
    /// events), after keeping the original as `registry.journal.jsonl.damaged-STAMP`; the state
    /// is unchanged and the markdown re-rendered. `None` when the journal needs no repair.
    pub fn repair_damaged(&self) -> CliResult<Option<RepairedJournal>> {
        let _lock = self.take_lock()?;
        let path = self.journal();
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(CliError::io("cannot read", &path, &e)),
        };
        let (text, _) = decode_journal(&bytes);
        let Some(repair) = repair_journal(&text) else {
            return Ok(None);
        };
        let backup = self.dir.join(format!(
            "{}.damaged-{}",
            protocol::JOURNAL_FILE,
            utc_stamp()
        ));
        atomic_write_new(&backup, &bytes)?;
        atomic_replace(&path, repair.text.as_bytes(), true)?;
        self.publish(&replay_verified(&repair.text).state)?;
        Ok(Some(RepairedJournal {
            backup,
            dropped: repair.dropped,
        }))
    }

    /// Keeps a copy of a torn tail (an interrupted append) beside the journal, then cuts it off
    /// so the next line starts clean.
    fn cut_torn_tail(&self, journal: &File, bytes: &[u8], valid_len: usize) -> CliResult<()> {
        let path = self.journal();
        let copy = self.dir.join(format!(
            "{}.torn-{}-{}",
            protocol::JOURNAL_FILE,
            utc_stamp(),
            std::process::id()
        ));
        fs::write(&copy, &bytes[valid_len..])
            .map_err(|e| CliError::io("cannot write", &copy, &e))?;
        journal
            .set_len(valid_len as u64)
            .and_then(|()| journal.sync_all())
            .map_err(|e| CliError::io("cannot cut the torn last line of", &path, &e))
    }
}

impl JournalStore for FolderJournal {
    type Txn = FolderTxn;

    fn has_journal(&self) -> bool {
        self.journal().is_file()
    }

    /// Under a shared flock (readers never block each other, and never see a line being
    /// appended); without the lock when the folder is read-only.
    fn load(&self) -> CliResult<Replayed> {
        let checkpoint = self.read_checkpoint();
        self.read_verified(|text| identity::replay_verified_from(checkpoint.as_ref(), text))
            .map(|v| v.replayed)
    }

    fn not_initialized(&self) -> CliError {
        CliError::usage(format!(
            "no registry in {}: {} is missing or empty",
            self.dir.display(),
            protocol::JOURNAL_FILE
        ))
        .with_hint("run `rollcall init --from SESSION_IDENTITY_REGISTRY.md` or `rollcall init --sessions N`")
    }

    fn transact<T>(&self, change: impl FnOnce(&mut FolderTxn) -> CliResult<T>) -> CliResult<T> {
        let lock = self.take_lock()?;
        crate::temp_files::remove_own_leftovers_in(&self.dir);
        let mut txn = self.open_txn()?;
        let result = change(&mut txn);
        self.checkpoint_after(&txn);
        let rendered = if txn.appended.is_empty() {
            self.publish_if_behind(&txn.state)
        } else {
            self.publish(&txn.state).or_else(|e| {
                // The journal is the truth and holds the change: report it made, the markdown late.
                crate::output::defer_warning(format!(
                    "the change is recorded in {}, but {MARKDOWN_FILE} could not be re-rendered ({}); the next command that changes the registry (or `rollcall doctor --fix`) re-renders it",
                    protocol::JOURNAL_FILE,
                    e.message
                ));
                Ok(())
            })
        };
        drop(lock);
        rendered?;
        result
    }

    /// Replaces `SESSION_IDENTITY_REGISTRY.md` atomically.
    fn publish(&self, state: &State) -> CliResult<()> {
        let text = render_state(state);
        atomic_replace(&self.markdown(), text.as_bytes(), true)
    }

    fn subscribe(&self) -> CliResult<Box<dyn Subscription>> {
        let watch = FolderWatch::new(&self.dir, false, Box::new(is_journal))?;
        let journal = self.journal();
        let seen = stamp(&journal);
        Ok(Box::new(JournalChanges {
            watch,
            journal,
            seen,
        }))
    }
}

/// What [`FolderJournal::repair_damaged`] did.
#[derive(Debug, Clone)]
pub struct RepairedJournal {
    /// The untouched copy of the damaged journal.
    pub backup: PathBuf,
    /// The 1-based numbers of the lines dropped.
    pub dropped: Vec<u32>,
}

/// Writes `bytes` to a new file `path` (temp file, fsync, rename), refusing to replace one.
fn atomic_write_new(path: &Path, bytes: &[u8]) -> CliResult<()> {
    if path.exists() {
        return Err(
            CliError::usage(format!("{} already exists", path.display()))
                .with_hint("wait a second and run the repair again"),
        );
    }
    atomic_replace(path, bytes, true)
}

/// The refusal of every write while the journal holds a line replay ignores as an error.
fn damaged_journal(damage: &Diagnostic) -> CliError {
    let at = damage.line.map(|n| format!(":{n}")).unwrap_or_default();
    CliError::usage(format!(
        "{}{at}: {}; nothing is written while the journal is damaged",
        protocol::JOURNAL_FILE,
        damage.message
    ))
    .with_hint("run `rollcall doctor --fix`: it keeps the original as registry.journal.jsonl.damaged-STAMP and drops only the lines replay already ignores (the registry state does not change)")
}

/// True when the path names the journal file.
fn is_journal(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n == protocol::JOURNAL_FILE)
}

/// What tells one journal version from the next: its length and modification time.
type Stamp = (u64, Option<SystemTime>);

fn stamp(journal: &Path) -> Stamp {
    fs::metadata(journal)
        .map(|m| (m.len(), m.modified().ok()))
        .unwrap_or((0, None))
}

/// A watch of the folder that wakes only when the journal's stamp moved.
struct JournalChanges {
    watch: FolderWatch,
    journal: PathBuf,
    seen: Stamp,
}

impl Subscription for JournalChanges {
    fn wait(&mut self) -> CliResult<()> {
        loop {
            self.watch.wait()?;
            let now = stamp(&self.journal);
            if now != self.seen {
                self.seen = now;
                return Ok(());
            }
        }
    }
}

impl Transaction for FolderTxn {
    fn state(&self) -> &State {
        &self.state
    }

    fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// Signed with the author's key, checked as replay will check it, written as one line and
    /// fsync'd before returning.
    fn append_entry(
        &mut self,
        author: &Author,
        event: Event,
        approval: Option<String>,
    ) -> CliResult<Entry> {
        let mut entry = Entry::new(utc_now(), &author.name, event);
        entry.approval = approval;
        let entry = sealed(&self.state, author, entry)?;
        let line = entry.to_line();
        self.state.apply(&entry).map_err(|why| {
            CliError::usage(format!(
                "internal error: `{}` event contradicts the journal: {why}",
                entry.event.name()
            ))
        })?;
        self.journal
            .write_all(line.as_bytes())
            .and_then(|()| self.journal.sync_data())
            .map_err(|e| CliError::io("cannot append to", &self.path, &e))?;
        if let Some(text) = &mut self.text {
            text.push_str(&line);
        }
        self.unchecked_lines = self.unchecked_lines.saturating_add(1);
        self.appended.push(entry.clone());
        Ok(entry)
    }
}

impl FolderJournal {
    /// The verified replay with every entry's check (`rollcall verify`), under a shared flock.
    pub fn load_verified(&self) -> CliResult<identity::Verified> {
        self.read_verified(identity::replay_verified)
    }

    /// The journal's text (empty when there is none) replayed by `replay`, under a shared flock.
    fn read_verified(
        &self,
        replay: impl FnOnce(&str) -> identity::Verified,
    ) -> CliResult<identity::Verified> {
        let _shared = self.take_shared_lock();
        let path = self.journal();
        match fs::read(&path) {
            Ok(bytes) => Ok(replay(&decode_journal(&bytes).0)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(replay("")),
            Err(e) => Err(CliError::io("cannot read", &path, &e)),
        }
    }
}

/// The journal's replay with every entry's signature checked (entries that fail are left out).
pub fn replay_verified(text: &str) -> Replayed {
    identity::replay_verified(text).replayed
}

/// The entry as it will be appended: signed with the author's key, and checked as replay will
/// check it. Where signatures are not required (an old or imported folder) and the actor has no
/// recorded key, it goes unsigned, as every entry there is. Anything replay would leave out is
/// refused (exit 3).
fn sealed(state: &State, author: &Author, entry: Entry) -> CliResult<Entry> {
    let signed = author.sign_entry(entry.clone())?;
    let Some(finding) = replay_finding(state, &signed) else {
        return Ok(signed);
    };
    let unsigned_allowed = !state.keys.signatures_required
        && signed.sig.is_some()
        && finding.code == identity::JOURNAL_FORGED_ENTRY
        && Keyring::from_state(state).session(&author.name).is_none();
    if unsigned_allowed && replay_finding(state, &entry).is_none() {
        return Ok(entry);
    }
    if author.key.is_none() && Keyring::from_state(state).session(&author.name).is_none() {
        return Err(no_recorded_key(&signed));
    }
    Err(refused_entry(&signed, finding))
}

/// `not-your-key` for an actor the journal records no key for, and that holds none.
fn no_recorded_key(entry: &Entry) -> CliError {
    CliError::refused(format!(
        "{} refused [{}]: {} has no key recorded in the journal, so it cannot sign `{}`",
        entry.event.name(),
        identity::NOT_YOUR_KEY,
        entry.actor,
        entry.event.name()
    ))
    .with_hint(format!(
        "register first (`rollcall register --as {}`), which records its key",
        entry.actor
    ))
}

/// The finding replay would report for `entry` appended to `state`; none when it would apply.
fn replay_finding(state: &State, entry: &Entry) -> Option<Diagnostic> {
    let keyring = Keyring::from_state(state);
    let line = entry.to_line();
    let at = JournalLine {
        number: u32::try_from(state.events + 1).unwrap_or(u32::MAX),
        text: line.trim_end_matches('\n'),
    };
    identity::check_entry(state, &keyring, entry, at).finding
}

/// `EVENT refused [CODE]: why` (exit 3), with the finding's help.
fn refused_entry(entry: &Entry, finding: Diagnostic) -> CliError {
    CliError::refused(format!(
        "{} refused [{}]: {}",
        entry.event.name(),
        finding.code,
        finding.message
    ))
    .with_optional_hint(finding.help)
}

/// The journal's text, and whether its byte offsets are those of the file. Invalid UTF-8 in the
/// last line (a write torn inside a character) is dropped, keeping offsets exact; elsewhere it is
/// replaced (offsets no longer exact, so nothing is cut off).
fn decode_journal(bytes: &[u8]) -> (String, bool) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), true),
        Err(e) if !bytes[e.valid_up_to()..].contains(&b'\n') => {
            let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned();
            (valid, true)
        }
        Err(_) => (String::from_utf8_lossy(bytes).into_owned(), false),
    }
}

/// The journal's attestations for a registry file: those of the journal beside it when the file is
/// that folder's rendered `SESSION_IDENTITY_REGISTRY.md`, else none (stdin, other files).
pub fn attestations_for(registry_file: &str) -> Attestations {
    let path = Path::new(registry_file);
    if registry_file == "-" || path.file_name().and_then(|n| n.to_str()) != Some(MARKDOWN_FILE) {
        return Attestations::default();
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let files = FolderJournal::new(dir);
    if !files.has_journal() {
        return Attestations::default();
    }
    files
        .load()
        .map(|r| attestations(&r.state))
        .unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn journal_torn_inside_a_character_keeps_exact_offsets() {
        let whole = "{\"a\":1}\n{\"role\":\"🎯\"}\n".as_bytes();
        let cut = whole.len() - 5;
        let (text, exact) = decode_journal(&whole[..cut]);
        assert!(exact);
        assert!(whole[..cut].starts_with(text.as_bytes()));
        let mut middle = whole.to_vec();
        middle[2] = 0xFF;
        assert!(!decode_journal(&middle).1, "bad bytes mid-file: never cut");
    }

    #[test]
    fn torn_tail_is_cut_and_kept_under_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let files = FolderJournal::new(dir.path());
        files
            .transact(|txn| {
                let registry = protocol::state::blank_registry("R", 2).unwrap();
                let init = Event::Init {
                    registry,
                    required: 2,
                    coordinator: 1,
                };
                txn.append(&Author::unkeyed("boss"), init).map(|_| ())
            })
            .unwrap();
        let good = fs::read(files.journal()).unwrap();
        let mut torn = good.clone();
        torn.extend_from_slice("{\"time\":\"x\",\"role\":\"🎯".as_bytes());
        torn.truncate(torn.len() - 2);
        fs::write(files.journal(), &torn).unwrap();
        let warnings = files.transact(|txn| Ok(txn.warnings().to_vec())).unwrap();
        assert_eq!(warnings[0].code, "journal-torn-line");
        assert_eq!(fs::read(files.journal()).unwrap(), good);
        let kept: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().contains(".torn-"))
            .collect();
        assert_eq!(fs::read(kept[0].path()).unwrap(), torn[good.len()..]);
    }

    #[test]
    fn journal_subscription_wakes_on_appends_not_on_other_files() {
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::Arc;
        let dir = tempfile::tempdir().unwrap();
        let files = FolderJournal::new(dir.path());
        let mut changes = files.subscribe().unwrap();
        let appended = Arc::new(AtomicBool::new(false));
        let writer = {
            let (files, appended) = (files.clone(), Arc::clone(&appended));
            std::thread::spawn(move || {
                fs::write(files.markdown(), "# not the journal").unwrap();
                std::thread::sleep(std::time::Duration::from_millis(300));
                appended.store(true, Ordering::SeqCst);
                fs::write(files.journal(), "{}\n").unwrap();
            })
        };
        changes.wait().unwrap();
        assert!(
            appended.load(Ordering::SeqCst),
            "woke before the journal changed"
        );
        writer.join().unwrap();
    }
}
