//! `rollcall import [DIR]`: brings a legacy coordination folder over without losing a message.
//!
//! Reads every message file the old script wrote, repairs the broken ones in place (after a
//! byte-exact `NAME.json.orig` backup), merges the legacy registry files with the markdown
//! registry into the journal, and prints what it did. Running it again changes nothing.

use crate::error::{CliError, CliResult, EXIT_FINDINGS, EXIT_OK};
use crate::fsutil::{atomic_replace, sync_parent, write_temp_beside};
use crate::legacy_folder::{
    self, check_writable, coordination_dir, LegacyState, MessageFile, Outcome,
};
use crate::output::{Output, DIM, ERROR, OK, WARNING};
use rollcall_core::{Diagnostic, Severity};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Arguments of `rollcall import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The coordination folder (default: `$ROLLCALL_DIR`, else the nearest `coordination` folder).
    pub dir: Option<PathBuf>,
    /// Report what would change and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the summary as JSON on stdout.
    #[arg(long)]
    pub json: bool,
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
    /// repaired / (repaired + unrecoverable) in percent; 100 when nothing was broken.
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

/// One finding and the file it is about.
#[derive(Debug, Serialize)]
pub struct Finding {
    /// Path relative to the folder, when the finding is about one file.
    pub file: Option<String>,
    /// The finding.
    #[serde(flatten)]
    pub diagnostic: Diagnostic,
}

/// Runs the import and returns 1 when any error-severity finding remains, else 0.
pub fn run(args: ImportArgs, output: &Output) -> CliResult<u8> {
    let dir = coordination_dir(args.dir.as_deref())?;
    let messages = legacy_folder::scan_messages(&dir, true)?;
    let mut legacy = legacy_folder::read_legacy_state(&dir)?;
    let repairs: Vec<&MessageFile> = messages
        .iter()
        .filter(|m| matches!(m.outcome, Outcome::Repaired { .. }))
        .collect();
    let mut backups = Vec::new();
    if !args.dry_run {
        check_writable(&dir, &repairs)?;
        for file in &repairs {
            if let Some(backup) = repair(file)? {
                backups.push(backup);
            }
        }
    }
    let journal_events = legacy_folder::write_registry_state(&dir, &mut legacy, args.dry_run)?;
    let summary = summarize(
        &dir,
        args.dry_run,
        &messages,
        &legacy,
        backups,
        journal_events,
    );
    if args.json {
        let text = serde_json::to_string_pretty(&summary)
            .map_err(|e| CliError::usage(format!("cannot serialize the summary: {e}")))?;
        println!("{text}");
    } else {
        print_human(&summary, output);
    }
    let failed = summary
        .findings
        .iter()
        .any(|f| f.diagnostic.severity == Severity::Error);
    Ok(if failed { EXIT_FINDINGS } else { EXIT_OK })
}

/// Backs up one broken file byte-exact, then replaces it with its repaired JSON.
///
/// The backup is made durable (fsync, link, fsync the folder) before the original is replaced, so
/// a crash at any point leaves either the original or both files. Returns the backup written,
/// `None` when an identical backup already existed (an earlier run that stopped half-way).
fn repair(file: &MessageFile) -> CliResult<Option<String>> {
    let Outcome::Repaired { json, .. } = &file.outcome else {
        return Ok(None);
    };
    let (backup, exists) = backup_path(&file.path, &file.bytes)?;
    if !exists {
        let temp = write_temp_beside(&backup, &file.bytes, true)?;
        let linked = fs::hard_link(&temp, &backup);
        let _ = fs::remove_file(&temp);
        linked.map_err(|e| {
            CliError::io("cannot write the backup", &backup, &e)
                .with_hint("nothing was replaced; fix the folder and run `rollcall import` again")
        })?;
        sync_parent(&backup);
    }
    atomic_replace(&file.path, json.as_bytes(), true)?;
    Ok((!exists).then(|| relative_backup(&file.rel, &backup)))
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
    backups_written: Vec<String>,
    journal_events: usize,
) -> Summary {
    let mut findings = Vec::new();
    let mut repairs_by_kind = BTreeMap::new();
    let mut repaired_files = Vec::new();
    let mut unrecoverable_files = Vec::new();
    let mut valid = 0;
    for m in messages {
        match &m.outcome {
            Outcome::Valid => valid += 1,
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
            recovery_rate: recovery_rate(repaired, unrecoverable),
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

/// The share of broken messages that were recovered, in percent, one decimal.
pub fn recovery_rate(repaired: usize, unrecoverable: usize) -> f64 {
    let broken = repaired + unrecoverable;
    if broken == 0 {
        return 100.0;
    }
    (repaired as f64 * 1000.0 / broken as f64).round() / 10.0
}

fn print_human(s: &Summary, out: &Output) {
    let m = &s.messages;
    let verb = if s.dry_run {
        "would repair"
    } else {
        "repaired"
    };
    println!("{}", out.paint(DIM, &format!("import {}", s.dir)));
    println!(
        "messages: {} read, {} valid, {} {verb}, {} unrecoverable (recovery rate {:.1}%)",
        m.read, m.valid, m.repaired, m.unrecoverable, m.recovery_rate
    );
    for (kind, count) in &m.repairs_by_kind {
        println!("  {count:>4} with {kind}");
    }
    if !s.dry_run && m.repaired > 0 {
        println!(
            "  originals kept byte-exact as NAME.json.orig ({} new backups)",
            m.backups_written.len()
        );
    }
    for file in &m.unrecoverable_files {
        println!(
            "  {} {file} (left as it is)",
            out.paint(ERROR, "unrecoverable:")
        );
    }
    let r = &s.registry;
    println!(
        "registry: {} sessions merged from {}; {} conflicts",
        r.sessions_merged,
        if r.sources.is_empty() {
            "no legacy files".to_string()
        } else {
            r.sources.join(", ")
        },
        r.conflicts
    );
    if s.dry_run {
        println!("journal: would append {} events", r.journal_events);
        println!("{}", out.paint(WARNING, "dry run: nothing was written"));
    } else if r.journal_events > 0 {
        println!("journal: {} events appended", r.journal_events);
    } else {
        println!("journal: already up to date");
    }
    for f in &s.findings {
        print_finding(f, out);
    }
    if s.findings.is_empty() {
        println!("{}", out.paint(OK, "no findings"));
    }
}

fn print_finding(f: &Finding, out: &Output) {
    let d = &f.diagnostic;
    let style = match d.severity {
        Severity::Error => ERROR,
        Severity::Warning => WARNING,
        Severity::Info => DIM,
    };
    let place = match (&f.file, d.line) {
        (Some(file), Some(line)) => format!("{file}:{line}: "),
        (Some(file), None) => format!("{file}: "),
        _ => String::new(),
    };
    println!(
        "{place}{}[{}]: {}",
        out.paint(style, d.severity.as_str()),
        d.code,
        d.message
    );
    if let Some(help) = &d.help {
        println!("  {} {help}", out.paint(DIM, "help:"));
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
