//! Reading a legacy coordination folder for `import` and `doctor`: its message files classified
//! (valid / repairable / unrecoverable), its legacy registry files merged, and the checks and
//! journal step that writing needs.

use crate::author::Author;
use crate::error::{CliError, CliResult};
use crate::store::{FolderJournal, JournalStore, Transaction};
use rollcall_core::legacy::events::import_events;
use rollcall_core::legacy::merge::{merge, Inputs, Merged};
use rollcall_core::legacy::{claude_sessions, consensus_json, sessions_registry, status_summary};
use rollcall_core::protocol::journal::JOURNAL_FILE;
use rollcall_core::{parse_registry, read_message, Diagnostic, Registry};
use serde::Serialize;
use std::collections::BTreeSet;
use std::fs;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// The markdown registry's file names inside the folder, in the order they are looked for.
pub const MARKDOWN_NAMES: [&str; 1] = [crate::store::folder_journal::MARKDOWN_FILE];
/// Status summary files the old scripts kept, in the order they are looked for.
pub const STATUS_SUMMARY_NAMES: [&str; 2] = ["sessions/STATUS_SUMMARY.json", "STATUS_SUMMARY.json"];
/// The actor recorded in journal events that `import` appends, unless `--as` names another.
pub const IMPORT_ACTOR: &str = "rollcall-import";
/// Show a progress bar when a folder holds at least this many message files.
const PROGRESS_THRESHOLD: usize = 200;

/// One finding and the file it is about: `import --json` and `doctor --json` print
/// `{"file", ...Diagnostic fields}`.
#[derive(Debug, Serialize)]
pub struct Finding {
    /// Path relative to the folder, when the finding is about one file.
    pub file: Option<String>,
    /// The finding.
    #[serde(flatten)]
    pub diagnostic: Diagnostic,
}

impl Finding {
    /// The findings as `(file, diagnostic)` pairs, for the human renderer.
    pub fn pairs(findings: &[Finding]) -> Vec<(Option<&str>, &Diagnostic)> {
        findings
            .iter()
            .map(|f| (f.file.as_deref(), &f.diagnostic))
            .collect()
    }
}

/// What reading one message file found.
#[derive(Debug)]
pub enum Outcome {
    /// Already valid JSON: nothing to do.
    Valid,
    /// Not valid JSON but recovered: `json` is the repaired file text.
    Repaired {
        /// The repaired file's text.
        json: String,
        /// What had to be repaired (warnings from the recovery).
        repairs: Vec<Diagnostic>,
    },
    /// Not recoverable: left untouched.
    Unrecoverable(Diagnostic),
}

/// One message file as read.
#[derive(Debug)]
pub struct MessageFile {
    /// Path relative to the folder, `/`-separated (`messages/direct/x/2025-...json`).
    pub rel: String,
    /// Full path.
    pub path: PathBuf,
    /// The file's bytes exactly as read.
    pub bytes: Vec<u8>,
    /// What reading found.
    pub outcome: Outcome,
}

/// Lists and classifies every `messages/broadcast/*.json` and `messages/direct/<to>/*.json`.
///
/// Backups (`*.json.orig`), hidden files and temp files are not messages. A path that should be
/// a folder but is a file is an error (exit 2). `progress` draws a bar on a TTY for big folders.
pub fn scan_messages(dir: &Path, progress: bool) -> CliResult<Vec<MessageFile>> {
    let paths = message_paths(dir)?;
    let mut bar = Progress::new("reading messages", paths.len(), progress);
    let mut out = Vec::with_capacity(paths.len());
    for (i, (rel, path)) in paths.into_iter().enumerate() {
        bar.tick(i + 1);
        let bytes = fs::read(&path).map_err(|e| CliError::io("cannot read", &path, &e))?;
        let outcome = classify(&bytes);
        out.push(MessageFile {
            rel,
            path,
            bytes,
            outcome,
        });
    }
    bar.finish();
    Ok(out)
}

/// Valid when strict JSON already; else what the legacy recovery makes of it.
pub fn classify(bytes: &[u8]) -> Outcome {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Outcome::Unrecoverable(
            Diagnostic::error("legacy-not-utf8", "the file is not UTF-8 text")
                .with_help("the file is left as it is; open it to read it by hand"),
        );
    };
    let strict = serde_json::from_str::<serde_json::Value>(text).is_ok();
    match read_message(text) {
        Ok(_) if strict => Outcome::Valid,
        Ok(r) => Outcome::Repaired {
            json: r.message.to_json(),
            repairs: r.repairs,
        },
        Err(d) => Outcome::Unrecoverable(d),
    }
}

/// Every message file's relative and full path, sorted.
fn message_paths(dir: &Path) -> CliResult<Vec<(String, PathBuf)>> {
    let mut folders = Vec::new();
    let messages = dir.join("messages");
    if !exists(&messages) {
        return Ok(Vec::new());
    }
    require_folder(&messages)?;
    let broadcast = messages.join("broadcast");
    if exists(&broadcast) {
        require_folder(&broadcast)?;
        folders.push(("messages/broadcast".to_string(), broadcast));
    }
    let direct = messages.join("direct");
    if exists(&direct) {
        require_folder(&direct)?;
        for entry in read_dir_sorted(&direct)? {
            if entry.is_dir() {
                let name = file_name(&entry);
                folders.push((format!("messages/direct/{name}"), entry));
            }
        }
    }
    let mut out = Vec::new();
    for (rel, folder) in folders {
        for path in read_dir_sorted(&folder)? {
            let name = file_name(&path);
            if name.ends_with(".json") && !name.starts_with('.') && path.is_file() {
                out.push((format!("{rel}/{name}"), path));
            }
        }
    }
    Ok(out)
}

fn exists(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// Errors (exit 2) when `path` is there but is not a folder.
pub fn require_folder(path: &Path) -> CliResult<()> {
    if path.is_dir() {
        return Ok(());
    }
    Err(CliError::usage(format!(
        "{}: expected a folder, found a file",
        path.display()
    ))
    .with_hint(
        "move the file away so the folder can be used; `rollcall doctor` lists such problems",
    ))
}

/// The entries of `dir`, sorted by name.
pub fn read_dir_sorted(dir: &Path) -> CliResult<Vec<PathBuf>> {
    let entries = fs::read_dir(dir).map_err(|e| CliError::io("cannot list", dir, &e))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    Ok(paths)
}

/// The last component of `path` as text.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Everything the legacy registry files say, merged, with findings and the files they are about.
#[derive(Debug, Default)]
pub struct LegacyState {
    /// Files read, relative to the folder.
    pub sources: Vec<String>,
    /// The parsed markdown registry, when there is one.
    pub markdown: Option<Registry>,
    /// The merged view.
    pub merged: Merged,
    /// Findings, each with the file it is about (`None` for merge findings spanning files).
    pub diagnostics: Vec<(Option<String>, Diagnostic)>,
}

/// Reads and merges the markdown registry and the legacy JSON files present in `dir`.
pub fn read_legacy_state(dir: &Path) -> CliResult<LegacyState> {
    let mut state = LegacyState::default();
    let markdown = MARKDOWN_NAMES
        .iter()
        .find_map(|name| read_optional(dir, name).transpose())
        .transpose()?;
    if let Some((name, text)) = markdown {
        state.sources.push(name.clone());
        match parse_registry(&text) {
            Ok(parsed) => state.markdown = Some(parsed.registry),
            Err(d) => state.diagnostics.push((Some(name), d)),
        }
    }
    let mut inputs = Inputs {
        markdown: None,
        ..Inputs::default()
    };
    if let Some((name, text)) = read_optional(dir, "CONSENSUS.json")? {
        let (file, diags) = consensus_json::parse(&text);
        state.note(name, diags);
        inputs.consensus = Some(file);
    }
    if let Some((name, text)) = read_optional(dir, "claude_sessions.json")? {
        let (claims, diags) = claude_sessions::parse(&text);
        state.note(name, diags);
        inputs.claude_sessions = claims;
    }
    if let Some((name, text)) = read_optional(dir, "sessions/REGISTRY.json")? {
        let (file, diags) = sessions_registry::parse(&text);
        state.note(name, diags);
        inputs.sessions_registry = Some(file);
    }
    for summary in STATUS_SUMMARY_NAMES {
        if let Some((name, text)) = read_optional(dir, summary)? {
            let (_, diags) = status_summary::parse(&text, &name);
            state.note(name, diags);
        }
    }
    inputs.markdown = state.markdown.as_ref();
    let merged = merge(&inputs);
    state
        .diagnostics
        .extend(merged.diagnostics.iter().map(|d| (None, d.clone())));
    state.merged = merged;
    Ok(state)
}

impl LegacyState {
    fn note(&mut self, name: String, diags: Vec<Diagnostic>) {
        self.diagnostics
            .extend(diags.into_iter().map(|d| (Some(name.clone()), d)));
        self.sources.push(name);
    }
}

/// `(rel, text)` of `dir/rel` when it exists; not UTF-8 or unreadable is an error (exit 2).
fn read_optional(dir: &Path, rel: &str) -> CliResult<Option<(String, String)>> {
    let path = dir.join(rel);
    match fs::read(&path) {
        Ok(bytes) => {
            let text = crate::input::text_from_bytes(&path.display().to_string(), bytes)?;
            Ok(Some((rel.to_string(), text)))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) if path.is_dir() => {
            Err(CliError::io("cannot read", &path, &e).with_hint("expected a file, found a folder"))
        }
        Err(e) => Err(CliError::io("cannot read", &path, &e)),
    }
}

/// Checks up front that every folder and file `import` will write is writable, so a read-only
/// folder fails before anything is changed rather than half-way.
///
/// Uses access(2) (`W_OK`): it reports a read-only mount (`EROFS`) and an immutable file or
/// folder (`chattr +i`, `EPERM`) even for root, for whom permission bits alone never refuse.
pub fn check_writable(dir: &Path, files: &[&MessageFile]) -> CliResult<()> {
    let mut targets: BTreeSet<PathBuf> = BTreeSet::new();
    targets.insert(dir.to_path_buf());
    for file in files {
        targets.insert(file.path.clone());
        if let Some(parent) = file.path.parent() {
            targets.insert(parent.to_path_buf());
        }
    }
    for target in targets {
        writable(&target).map_err(|e| {
            CliError::io("cannot write to", &target, &e).with_hint(
                "nothing was changed; make the folder writable, or run `rollcall import --dry-run` to only report",
            )
        })?;
    }
    Ok(())
}

/// Whether this process may write `path` (access(2) with `W_OK`).
#[cfg(unix)]
pub fn writable(path: &Path) -> std::io::Result<()> {
    rustix::fs::access(path, rustix::fs::Access::WRITE_OK).map_err(std::io::Error::from)
}

/// Whether this process may write `path` (the read-only attribute, where access(2) is missing).
#[cfg(not(unix))]
pub fn writable(path: &Path) -> std::io::Result<()> {
    let meta = fs::metadata(path)?;
    if meta.permissions().readonly() {
        return Err(std::io::Error::from(std::io::ErrorKind::PermissionDenied));
    }
    Ok(())
}

/// Brings the journal up to the merged legacy state; returns how many events were (or, with
/// `dry_run`, would be) appended.
///
/// The events come from core (`legacy::events::import_events`): `init` when the folder has no
/// journal, then the registrations the journal lacks, so a second run appends nothing and takes
/// no lock. A folder with no legacy registry file gets no registry. Appends are recorded as by
/// `actor` and go through the registry store: under its lock, each fsync'd, and the markdown
/// registry re-rendered afterwards (its first version kept as `SESSION_IDENTITY_REGISTRY.md.orig`).
pub fn write_registry_state(
    dir: &Path,
    legacy: &mut LegacyState,
    actor: &str,
    dry_run: bool,
) -> CliResult<usize> {
    let files = FolderJournal::new(dir);
    if legacy.sources.is_empty() {
        return Ok(0);
    }
    let state = files.load()?.state;
    let (events, diags) = import_events(&legacy.merged, legacy.markdown.as_ref(), &state);
    legacy.diagnostics.extend(
        diags
            .into_iter()
            .map(|d| (Some(JOURNAL_FILE.to_string()), d)),
    );
    if events.is_empty() || dry_run {
        return Ok(events.len());
    }
    files.back_up_markdown()?;
    files.transact(|txn| {
        let (events, _) = import_events(&legacy.merged, legacy.markdown.as_ref(), txn.state());
        for event in &events {
            txn.append(&Author::unkeyed(actor), event.clone())?;
        }
        Ok(events.len())
    })
}

/// A progress bar on stderr, drawn only when stderr is a terminal and the folder is big.
pub struct Progress {
    label: &'static str,
    total: usize,
    on: bool,
}

impl Progress {
    /// A bar for `total` steps, drawn when `wanted`, stderr is a TTY and `total` is large.
    pub fn new(label: &'static str, total: usize, wanted: bool) -> Self {
        let on = wanted && total >= PROGRESS_THRESHOLD && std::io::stderr().is_terminal();
        Progress { label, total, on }
    }

    /// Redraws the bar after `done` steps (every 16 steps and at the end).
    pub fn tick(&mut self, done: usize) {
        if !self.on || (!done.is_multiple_of(16) && done != self.total) {
            return;
        }
        let width = 30;
        let filled = done * width / self.total.max(1);
        eprint!(
            "\r{} [{}{}] {done}/{}",
            self.label,
            "#".repeat(filled),
            " ".repeat(width - filled),
            self.total
        );
    }

    /// Clears the bar's line.
    pub fn finish(&self) {
        if self.on {
            eprint!("\r{}\r", " ".repeat(60));
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn classify_distinguishes_the_three_outcomes() {
        let valid = b"{\"from\":\"a\",\"to\":\"b\",\"timestamp\":\"t\",\"subject\":\"s\",\"message\":\"m\"}";
        assert!(matches!(classify(valid), Outcome::Valid));
        let broken = "{\n  \"from\": \"a\",\n  \"to\": \"b\",\n  \"timestamp\": \"t\",\n  \"subject\": \"s\",\n  \"message\": \"say \"hi\"\"\n}\n";
        match classify(broken.as_bytes()) {
            Outcome::Repaired { json, .. } => {
                let v: serde_json::Value = serde_json::from_str(&json).unwrap();
                assert_eq!(v["message"], "say \"hi\"");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            classify(b"{\n  \"from\": \"a"),
            Outcome::Unrecoverable(_)
        ));
        assert!(matches!(classify(b"\xff\xfe"), Outcome::Unrecoverable(_)));
    }
}
