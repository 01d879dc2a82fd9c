//! `rollcall import [DIR]`: brings a legacy coordination folder over without losing a message.
//!
//! Reads every message file the old script wrote, repairs the broken ones in place (after a
//! byte-exact `NAME.json.orig` backup), merges the legacy registry files with the markdown
//! registry into the journal, and prints what it did. Running it again changes nothing.

use crate::common::Common;
use crate::error::{CliError, CliResult, EXIT_FINDINGS, EXIT_OK};
use crate::legacy_folder::{
    self, check_writable, Finding, LegacyState, MessageFile, Outcome, Progress,
};
use crate::output::{print_json, Console, Output, DIM, ERROR, OK, WARNING};
use crate::render::diagnostic::folder_findings;
use crate::store::atomic::{sync_parent, write_temp_beside};
use rollcall_core::{escape_controls, Diagnostic, Severity};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::fs;
use std::path::{Path, PathBuf};

/// Arguments of `rollcall import`.
#[derive(Debug, clap::Args)]
#[command(mut_arg("as_id", |a| a.help(
    "Record the journal events appended as this session's (default: rollcall-import)"
)))]
#[command(mut_arg("json", |a| a.help("Print the summary as JSON on stdout")))]
pub struct ImportArgs {
    /// The coordination folder (default: `$ROLLCALL_DIR`, else the nearest `coordination` folder).
    #[arg(value_name = "DIR", conflicts_with = "dir")]
    pub folder: Option<PathBuf>,
    /// Identity, folder and output options.
    #[command(flatten)]
    pub common: Common,
    /// Report what would change and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// The JSON summary (`rollcall import --json`): the stable contract documented in README.md.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// The coordination folder.
    pub dir: String,
    /// True when nothing was written.
    pub dry_run: bool,
    /// What happened to the message files.
    pub messages: MessageSummary,
    /// What the registry merge found and did.
    pub registry: RegistrySummary,
    /// Every finding, with the file it is about.
    pub findings: Vec<Finding>,
}

/// Counts and names of message files.
#[derive(Debug, Serialize)]
pub struct MessageSummary {
    /// Message files read.
    pub read: usize,
    /// Already valid JSON.
    pub valid: usize,
    /// Broken and repaired (or, in a dry run, repairable).
    pub repaired: usize,
    /// Broken beyond recovery; left untouched.
    pub unrecoverable: usize,
    /// Repairable but rewritten by another writer during the run; left as it is now (a
    /// `legacy-changed-during-import` finding names each).
    pub changed_during_import: usize,
    /// Valid now because an earlier import repaired them (a `NAME.json.orig` backup beside them).
    pub repaired_earlier: usize,
    /// (repaired + repaired_earlier) / (those + unrecoverable) in percent; 100 when nothing was
    /// broken. A second import reports the same rate as the first.
    pub recovery_rate: f64,
    /// How many files needed each kind of repair, by code.
    pub repairs_by_kind: BTreeMap<String, usize>,
    /// Paths (relative to the folder) of the repaired files.
    pub repaired_files: Vec<String>,
    /// Paths of the backups written by this run.
    pub backups_written: Vec<String>,
    /// Paths of the unrecoverable files.
    pub unrecoverable_files: Vec<String>,
}

/// The registry merge's outcome.
#[derive(Debug, Serialize)]
pub struct RegistrySummary {
    /// Legacy files that were read (relative paths).
    pub sources: Vec<String>,
    /// Sessions placed by the merge.
    pub sessions_merged: usize,
    /// Disagreements about who holds which number.
    pub conflicts: usize,
    /// Journal events appended by this run (in a dry run: that would be appended; 0 when up to date).
    pub journal_events: usize,
}

/// Runs the import and returns 1 when any error-severity finding remains, else 0.
pub fn run(args: ImportArgs, console: &Console) -> CliResult<u8> {
    let dir = args.common.folder_or(args.folder.as_deref())?;
    let actor = args
        .common
        .named_session(&dir)?
        .unwrap_or_else(|| legacy_folder::IMPORT_ACTOR.to_string());
    let messages = legacy_folder::scan_messages(&dir, true)?;
    let mut legacy = legacy_folder::read_legacy_state(&dir)?;
    let repairs: Vec<&MessageFile> = messages
        .iter()
        .filter(|m| matches!(m.outcome, Outcome::Repaired { .. }))
        .collect();
    let mut backups = Vec::new();
    let mut changed = Vec::new();
    if !args.dry_run {
        check_writable(&dir, &repairs)?;
        (backups, changed) = repair_all(&repairs)?;
    }
    for rel in &changed {
        legacy
            .diagnostics
            .push((Some(rel.clone()), changed_underneath()));
    }
    let journal_events =
        legacy_folder::write_registry_state(&dir, &mut legacy, &actor, args.dry_run)?;
    let summary = summarize(
        &dir,
        args.dry_run,
        &messages,
        &legacy,
        (backups, &changed),
        journal_events,
    );
    if args.common.json {
        print_json(&summary)?;
    } else {
        let mut buf = String::new();
        print_human(&mut buf, &summary, &console.stdout);
        console.print(&buf)?;
    }
    let failed = summary
        .findings
        .iter()
        .any(|f| f.diagnostic.severity == Severity::Error);
    Ok(if failed { EXIT_FINDINGS } else { EXIT_OK })
}

/// Backs up every broken file byte-exact, then replaces each with its repaired JSON; returns the
/// backups written (an identical backup left by an earlier, interrupted run is reused) and the
/// files left alone because another writer changed them after they were read.
///
/// Folder by folder: every backup is written and fsync'd, the folder is fsync'd once, and only
/// then are the originals replaced (temp file, fsync, rename; the folder fsync'd once more). A
/// crash at any point leaves each message as its original or as its repair, and every original
/// that was replaced durably backed up. Batching the folder fsyncs keeps big folders fast.
fn repair_all(files: &[&MessageFile]) -> CliResult<(Vec<String>, Vec<String>)> {
    let mut by_folder: BTreeMap<PathBuf, Vec<&MessageFile>> = BTreeMap::new();
    for file in files {
        let folder = file
            .path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        by_folder.entry(folder).or_default().push(file);
    }
    let mut written = Vec::new();
    let mut changed = Vec::new();
    let mut bar = Progress::new("repairing messages", files.len(), true);
    let mut done = 0;
    for group in by_folder.values() {
        for file in group {
            if let Some(backup) = back_up(file)? {
                written.push(backup);
            }
        }
        if let Some(first) = group.first() {
            sync_parent(&first.path);
        }
        for file in group {
            if !replace(file)? {
                changed.push(file.rel.clone());
            }
            done += 1;
            bar.tick(done);
        }
        if let Some(first) = group.first() {
            sync_parent(&first.path);
        }
    }
    bar.finish();
    Ok((written, changed))
}

/// Writes `NAME.json.orig` (fsync'd, never overwriting another file); `None` when an identical
/// backup already exists (an earlier run, or a concurrent import that got there first).
fn back_up(file: &MessageFile) -> CliResult<Option<String>> {
    loop {
        let (backup, exists) = backup_path(&file.path, &file.bytes)?;
        if exists {
            return Ok(None);
        }
        let temp = write_temp_beside(&backup, &file.bytes, true)?;
        // A hard link never replaces an existing name, unlike rename.
        let linked = fs::hard_link(&temp, &backup);
        let _ = fs::remove_file(&temp);
        match linked {
            Ok(()) => return Ok(Some(relative_backup(&file.rel, &backup))),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(
                    CliError::io("cannot write the backup", &backup, &e).with_hint(
                        "nothing was replaced; fix the folder and run `rollcall import` again",
                    ),
                )
            }
        }
    }
}

/// Replaces the file with its repaired JSON: temp file beside it, fsync, rename. Returns false,
/// changing nothing, when the file no longer holds the bytes that were read and backed up (the
/// old script, still running, rewrote it): its new content must not be lost.
fn replace(file: &MessageFile) -> CliResult<bool> {
    let Outcome::Repaired { json, .. } = &file.outcome else {
        return Ok(true);
    };
    let current = fs::read(&file.path).ok();
    if current.as_deref() == Some(json.as_bytes()) {
        return Ok(true);
    }
    let temp = write_temp_beside(&file.path, json.as_bytes(), true)?;
    if current.as_deref() != Some(file.bytes.as_slice()) {
        let _ = fs::remove_file(&temp);
        return Ok(false);
    }
    fs::rename(&temp, &file.path).map_err(|e| {
        let _ = fs::remove_file(&temp);
        CliError::io("cannot replace", &file.path, &e)
    })?;
    Ok(true)
}

fn changed_underneath() -> Diagnostic {
    Diagnostic::warning(
        "legacy-changed-during-import",
        "another writer changed this file while import ran; it was left as it is now",
    )
    .with_help("run `rollcall import` again once the old scripts have stopped writing")
}

/// `NAME.json.orig`, or `NAME.json.orig.N` when a different backup already holds that name; true
/// when the chosen backup already holds exactly `bytes`.
fn backup_path(path: &Path, bytes: &[u8]) -> CliResult<(PathBuf, bool)> {
    let base = format!("{}.orig", path.display());
    for n in 1..10_000 {
        let candidate = PathBuf::from(if n == 1 {
            base.clone()
        } else {
            format!("{base}.{n}")
        });
        match fs::read(&candidate) {
            Ok(existing) if existing == bytes => return Ok((candidate, true)),
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((candidate, false)),
            Err(e) => return Err(CliError::io("cannot read", &candidate, &e)),
        }
    }
    Err(CliError::usage(format!(
        "{base}: too many backups already exist"
    )))
}

fn relative_backup(rel: &str, backup: &Path) -> String {
    let name = backup
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match rel.rfind('/') {
        Some(i) => format!("{}/{name}", &rel[..i]),
        None => name,
    }
}

fn summarize(
    dir: &Path,
    dry_run: bool,
    messages: &[MessageFile],
    legacy: &LegacyState,
    (backups_written, changed): (Vec<String>, &[String]),
    journal_events: usize,
) -> Summary {
    let mut findings = Vec::new();
    let mut repairs_by_kind = BTreeMap::new();
    let mut repaired_files = Vec::new();
    let mut unrecoverable_files = Vec::new();
    let mut valid = 0;
    let mut repaired_earlier = 0;
    for m in messages {
        match &m.outcome {
            Outcome::Valid => {
                valid += 1;
                repaired_earlier += usize::from(has_backup(&m.path));
            }
            Outcome::Repaired { .. } if changed.contains(&m.rel) => {}
            Outcome::Repaired { repairs, .. } => {
                repaired_files.push(m.rel.clone());
                let mut kinds: Vec<&str> = repairs.iter().map(|d| d.code.as_str()).collect();
                kinds.dedup();
                for kind in kinds {
                    *repairs_by_kind.entry(kind.to_string()).or_insert(0) += 1;
                }
            }
            Outcome::Unrecoverable(d) => {
                unrecoverable_files.push(m.rel.clone());
                findings.push(Finding {
                    file: Some(m.rel.clone()),
                    diagnostic: d.clone(),
                });
            }
        }
    }
    for (file, d) in &legacy.diagnostics {
        findings.push(Finding {
            file: file.clone(),
            diagnostic: d.clone(),
        });
    }
    let repaired = repaired_files.len();
    let unrecoverable = unrecoverable_files.len();
    Summary {
        dir: dir.display().to_string(),
        dry_run,
        messages: MessageSummary {
            read: messages.len(),
            valid,
            repaired,
            unrecoverable,
            changed_during_import: changed.len(),
            repaired_earlier,
            recovery_rate: recovery_rate(repaired + repaired_earlier, unrecoverable),
            repairs_by_kind,
            repaired_files,
            backups_written,
            unrecoverable_files,
        },
        registry: RegistrySummary {
            sources: legacy.sources.clone(),
            sessions_merged: legacy.merged.sessions.len(),
            conflicts: legacy.merged.conflicts(),
            journal_events,
        },
        findings,
    }
}

/// True when an earlier import kept `NAME.json.orig` beside this message.
fn has_backup(path: &Path) -> bool {
    Path::new(&format!("{}.orig", path.display())).is_file()
}

/// The share of broken messages that were recovered, in percent, one decimal.
pub fn recovery_rate(repaired: usize, unrecoverable: usize) -> f64 {
    let broken = repaired + unrecoverable;
    if broken == 0 {
        return 100.0;
    }
    (repaired as f64 * 1000.0 / broken as f64).round() / 10.0
}

fn print_human(buf: &mut String, s: &Summary, out: &Output) {
    let m = &s.messages;
    let verb = if s.dry_run {
        "would repair"
    } else {
        "repaired"
    };
    let dir = escape_controls(&s.dir);
    let _ = writeln!(buf, "{}", out.paint(DIM, &format!("import {dir}")));
    let _ = writeln!(
        buf,
        "messages: {} read, {} valid{}, {} {verb}, {} unrecoverable (recovery rate {:.1}%)",
        m.read,
        m.valid,
        if m.repaired_earlier > 0 {
            format!(" ({} repaired by an earlier import)", m.repaired_earlier)
        } else {
            String::new()
        },
        m.repaired,
        m.unrecoverable,
        m.recovery_rate
    );
    for (kind, count) in &m.repairs_by_kind {
        let _ = writeln!(buf, "  {count:>4} with {kind}");
    }
    if !s.dry_run && m.repaired > 0 {
        let _ = writeln!(
            buf,
            "  originals kept byte-exact as NAME.json.orig ({} new backups)",
            m.backups_written.len()
        );
    }
    if m.changed_during_import > 0 {
        let _ = writeln!(
            buf,
            "  {} changed by another writer during the run; left as they are now",
            m.changed_during_import
        );
    }
    for file in &m.unrecoverable_files {
        let _ = writeln!(
            buf,
            "  {} {} (left as it is)",
            out.paint(ERROR, "unrecoverable:"),
            escape_controls(file)
        );
    }
    let r = &s.registry;
    let _ = writeln!(
        buf,
        "registry: {} sessions merged from {}; {} conflicts",
        r.sessions_merged,
        if r.sources.is_empty() {
            "no legacy files".to_string()
        } else {
            escape_controls(&r.sources.join(", ")).into_owned()
        },
        r.conflicts
    );
    if s.dry_run {
        let _ = writeln!(
            buf,
            "journal: would append {}",
            rollcall_core::plural(r.journal_events, "event")
        );
        let _ = writeln!(
            buf,
            "{}",
            out.paint(WARNING, "dry run: nothing was written")
        );
    } else if r.journal_events > 0 {
        let _ = writeln!(buf, "journal: {} events appended", r.journal_events);
    } else {
        let _ = writeln!(buf, "journal: already up to date");
    }
    buf.push_str(&folder_findings(&Finding::pairs(&s.findings), out));
    if s.findings.is_empty() {
        let _ = writeln!(buf, "{}", out.paint(OK, "no findings"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_rate_is_share_of_broken_recovered() {
        assert_eq!(recovery_rate(33, 3), 91.7);
        assert_eq!(recovery_rate(0, 0), 100.0);
        assert_eq!(recovery_rate(0, 2), 0.0);
    }

    #[test]
    fn a_file_rewritten_after_it_was_read_is_not_replaced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("m.json");
        fs::write(&path, b"newer bytes from the old script").expect("write");
        let file = MessageFile {
            rel: "m.json".into(),
            path: path.clone(),
            bytes: b"what import read".to_vec(),
            outcome: Outcome::Repaired {
                json: "{}".into(),
                repairs: vec![],
            },
        };
        assert!(!replace(&file).expect("replace"));
        assert_eq!(
            fs::read(&path).expect("read"),
            b"newer bytes from the old script"
        );
        assert_eq!(
            fs::read_dir(dir.path()).expect("ls").count(),
            1,
            "no temp left"
        );
        fs::write(&path, b"what import read").expect("write");
        assert!(replace(&file).expect("replace"));
        assert_eq!(fs::read(&path).expect("read"), b"{}");
    }

    #[test]
    fn backup_name_skips_a_different_existing_backup() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("m.json");
        fs::write(dir.path().join("m.json.orig"), b"other").expect("write");
        let (p, exists) = backup_path(&path, b"mine").expect("path");
        assert_eq!(p, dir.path().join("m.json.orig.2"));
        assert!(!exists);
        fs::write(&p, b"mine").expect("write");
        assert_eq!(backup_path(&path, b"mine").expect("path"), (p, true));
        assert_eq!(
            relative_backup("a/b/m.json", &dir.path().join("m.json.orig")),
            "a/b/m.json.orig"
        );
    }
}
