//! `rollcall doctor [DIR]`: checks a coordination folder and says, for each problem, what to run.
//!
//! Checks: missing or misplaced folders, folders this process cannot write, message files that
//! are not valid JSON (repairable or not), a stale `.current_session`, temp files left by writers
//! that died, legacy state not yet imported, a journal whose rendering differs from the
//! markdown registry, and (with `--as`) a session that holds no number. Exit 1 when any error or
//! warning is found, 0 when clean.

use crate::common::Common;
use crate::error::{CliResult, EXIT_FINDINGS, EXIT_OK};
use crate::folder_repair::repair_folder;
use crate::legacy_folder::{
    self, file_name, read_dir_sorted, writable, Finding, MessageFile, Outcome,
};
use crate::output::{print_json, write_stdout, Console, Output, OK};
use crate::render::diagnostic::folder_findings;
use crate::render::github::annotation;
use crate::render::Format;
use crate::store::folder_journal::MARKDOWN_FILE;
use crate::store::folder_messages::MESSAGE_FOLDERS;
use crate::store::journal::render_state;
use crate::temp_files;
use rollcall_core::protocol::journal::JOURNAL_FILE;
use rollcall_core::protocol::state::{replay, State};
use rollcall_core::{escape_controls, plural, Diagnostic, Severity};
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt::Write;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Arguments of `rollcall doctor`.
#[derive(Debug, clap::Args)]
#[command(mut_arg("as_id", |a| a.help(
    "Also check that this session holds a number in the registry (doctor-unknown-session)"
)))]
#[command(mut_arg("json", |a| a.help(
    "Print the findings as JSON on stdout (same as `--format json`)"
)))]
pub struct DoctorArgs {
    /// The coordination folder (default: `$ROLLCALL_DIR`, else the nearest `coordination` folder).
    #[arg(value_name = "DIR", conflicts_with = "dir")]
    pub folder: Option<PathBuf>,
    /// Identity, folder and output options.
    #[command(flatten)]
    pub common: Common,
    /// Output format: human, json, or github (workflow annotations, one per finding).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Repair what loses nothing first: create missing message folders, drop journal lines replay
    /// ignores (keeping the original), re-render a drifted markdown (keeping it), remove dead
    /// writers' temp files; then check.
    #[arg(long)]
    pub fix: bool,
    /// `.current_session` is stale when older than the newest message by more than this many hours.
    #[arg(long, default_value_t = 24, value_name = "HOURS")]
    pub stale_hours: u64,
}

/// The JSON report (`rollcall doctor --json`).
#[derive(Debug, Serialize)]
pub struct DoctorReport {
    /// The folder checked.
    pub dir: String,
    /// Every finding with the file it is about.
    pub findings: Vec<Finding>,
    /// How many findings of each severity.
    pub errors: usize,
    /// Warnings found.
    pub warnings: usize,
    /// True when nothing of warning or error severity was found.
    pub clean: bool,
    /// With `--fix`: one sentence per repair made, before the checks ran (empty without it).
    pub fixed: Vec<String>,
}

/// The three message folders every coordination folder has.
const FOLDERS: [&str; 3] = MESSAGE_FOLDERS;

/// Runs every check and prints the findings.
pub fn run(args: DoctorArgs, console: &Console) -> CliResult<u8> {
    let dir = args.common.folder_or(args.folder.as_deref())?;
    let session = args.common.named_session(&dir)?;
    let fixed = if args.fix {
        repair_folder(&dir)?
    } else {
        Vec::new()
    };
    let mut findings = Vec::new();
    let layout_ok = check_folders(&dir, &mut findings);
    check_writable(&dir, &mut findings);
    let messages = if layout_ok {
        legacy_folder::scan_messages(&dir, false)?
    } else {
        Vec::new()
    };
    check_messages(&messages, &mut findings);
    let legacy = legacy_folder::read_legacy_state(&dir)?;
    check_current_session(&dir, &legacy, &messages, args.stale_hours, &mut findings);
    check_temp_files(&dir, &mut findings);
    check_journal(&dir, &legacy, &mut findings);
    if let Some(id) = &session {
        check_session(&dir, &legacy, id, &mut findings);
    }
    let report = report(&dir, findings, fixed);
    let format = if args.common.json {
        Format::Json
    } else {
        args.format
    };
    match format {
        Format::Json => print_json(&report)?,
        Format::Github => write_stdout(&github(&dir, &report))?,
        Format::Human => console.print(&human(&report, &console.stdout))?,
    }
    Ok(if report.clean { EXIT_OK } else { EXIT_FINDINGS })
}

/// One workflow annotation per finding, naming the file by its full path.
fn github(dir: &Path, report: &DoctorReport) -> String {
    let mut buf = String::new();
    for f in &report.findings {
        let name = f
            .file
            .as_ref()
            .map(|rel| dir.join(rel).display().to_string());
        let _ = writeln!(buf, "{}", annotation(name.as_deref(), &f.diagnostic));
    }
    buf
}

fn push(findings: &mut Vec<Finding>, file: Option<String>, diagnostic: Diagnostic) {
    findings.push(Finding { file, diagnostic });
}

/// Missing folders are warnings; a file where a folder belongs is an error. False when messages
/// cannot be scanned.
fn check_folders(dir: &Path, findings: &mut Vec<Finding>) -> bool {
    let mut ok = true;
    for rel in FOLDERS {
        let path = dir.join(rel);
        match fs::symlink_metadata(&path) {
            Ok(_) if path.is_dir() => {}
            Ok(_) => {
                ok = false;
                push(
                    findings,
                    Some(rel.to_string()),
                    Diagnostic::error(
                        "doctor-not-a-folder",
                        format!("{rel} is a file, not a folder"),
                    )
                    .with_help(format!(
                        "move it away and recreate the folder: `mv {p} {p}.bak && mkdir -p {p}`",
                        p = path.display()
                    )),
                );
            }
            Err(_) => push(
                findings,
                Some(rel.to_string()),
                Diagnostic::warning("doctor-missing-folder", format!("{rel}/ is missing"))
                    .with_help(format!("create it: `mkdir -p {}`", path.display())),
            ),
        }
    }
    ok
}

/// Folders that exist but cannot be written (read-only mount, immutable, permissions).
fn check_writable(dir: &Path, findings: &mut Vec<Finding>) {
    let mut targets = vec![(".".to_string(), dir.to_path_buf())];
    targets.extend(
        FOLDERS
            .iter()
            .map(|rel| (rel.to_string(), dir.join(rel)))
            .filter(|(_, p)| p.is_dir()),
    );
    let direct = dir.join("messages/direct");
    if direct.is_dir() {
        for path in read_dir_sorted(&direct).unwrap_or_default() {
            if path.is_dir() {
                targets.push((format!("messages/direct/{}", file_name(&path)), path));
            }
        }
    }
    for (rel, path) in targets {
        if let Err(e) = writable(&path) {
            push(
                findings,
                Some(rel),
                Diagnostic::error(
                    "doctor-not-writable",
                    format!("cannot write to {}: {e}", path.display()),
                )
                .with_help(format!(
                    "sessions cannot send or register here; make it writable (`chmod u+w {p}`, `chattr -i {p}`, or remount read-write)",
                    p = path.display()
                )),
            );
        }
    }
}

fn check_messages(messages: &[MessageFile], findings: &mut Vec<Finding>) {
    for m in messages {
        match &m.outcome {
            Outcome::Valid => {}
            Outcome::Repaired { repairs, .. } => {
                let kinds: BTreeSet<&str> = repairs.iter().map(|d| d.code.as_str()).collect();
                let kinds: Vec<&str> = kinds.into_iter().collect();
                push(
                    findings,
                    Some(m.rel.clone()),
                    Diagnostic::warning(
                        "doctor-invalid-message",
                        format!(
                            "not valid JSON ({}); old readers skip it, but it can be recovered",
                            kinds.join(", ")
                        ),
                    )
                    .with_help("run `rollcall import` on this folder (it keeps the original as NAME.json.orig)"),
                );
            }
            Outcome::Unrecoverable(d) => {
                let mut d = d.clone();
                d.code = "doctor-unrecoverable-message".to_string();
                d.help = Some(
                    "not recoverable automatically: open it and repair it by hand (`rollcall import` leaves it as it is)".to_string(),
                );
                push(findings, Some(m.rel.clone()), d);
            }
        }
    }
}

/// Stale: empty, names no session the registry or journal knows, or older than the newest
/// message by more than `hours`.
fn check_current_session(
    dir: &Path,
    legacy: &legacy_folder::LegacyState,
    messages: &[MessageFile],
    hours: u64,
    findings: &mut Vec<Finding>,
) {
    let path = dir.join(".current_session");
    let Ok(text) = fs::read_to_string(&path) else {
        return;
    };
    let name = text.trim();
    let file = Some(".current_session".to_string());
    let help = "the file is shared by every session, so sends go out under the wrong name: give each session its own `ROLLCALL_SESSION` (or `rollcall send --as ID`), then update or remove the file";
    if name.is_empty() {
        let d = Diagnostic::warning("doctor-stale-current-session", ".current_session is empty")
            .with_help(help);
        push(findings, file, d);
        return;
    }
    let known = known_sessions(dir, legacy);
    if !known.is_empty() && !known.contains(name) {
        let d = Diagnostic::warning(
            "doctor-stale-current-session",
            format!(".current_session names {name}, which holds no number in the registry"),
        )
        .with_help(help);
        push(findings, file, d);
        return;
    }
    let newest = messages.iter().filter_map(|m| modified(&m.path)).max();
    if let (Some(own), Some(newest)) = (modified(&path), newest) {
        let behind = newest.duration_since(own).map_or(0, |d| d.as_secs());
        if behind > hours * 3600 {
            let d = Diagnostic::warning(
                "doctor-stale-current-session",
                format!(
                    ".current_session ({name}) is {} hours older than the newest message",
                    behind / 3600
                ),
            )
            .with_help(help);
            push(findings, file, d);
        }
    }
}

/// `--as ID` names a session the registry (markdown, legacy files or journal) does not place.
fn check_session(
    dir: &Path,
    legacy: &legacy_folder::LegacyState,
    id: &str,
    findings: &mut Vec<Finding>,
) {
    let known = known_sessions(dir, legacy);
    if known.is_empty() || known.contains(id) {
        return;
    }
    push(
        findings,
        None,
        Diagnostic::warning(
            "doctor-unknown-session",
            format!("{id} (from --as) holds no number in the registry"),
        )
        .with_help(format!(
            "register it: `rollcall register --as {id} --number next --role ROLE --goal GOAL`, or pass the id the registry records"
        )),
    );
}

/// Names and ids of every session the merged legacy state or the journal places.
fn known_sessions(dir: &Path, legacy: &legacy_folder::LegacyState) -> BTreeSet<String> {
    let mut known = BTreeSet::new();
    for s in &legacy.merged.sessions {
        known.extend(s.id.clone());
        known.extend(s.name.clone());
    }
    if let Ok(text) = fs::read_to_string(dir.join(JOURNAL_FILE)) {
        let state = replay(&text).state;
        known.extend(state.holders.values().map(|h| h.session.clone()));
        known.extend(state.reserved.values().cloned());
    }
    known
}

fn modified(path: &Path) -> Option<SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// `*.tmp` files anywhere in the folder (depth ≤ 4), except those of a writer still running.
fn check_temp_files(dir: &Path, findings: &mut Vec<Finding>) {
    for leftover in temp_files::leftovers(dir) {
        push(
            findings,
            Some(leftover.relative),
            Diagnostic::warning(
                "doctor-temp-file",
                "a temp file left by a writer that stopped before finishing",
            )
            .with_help(if leftover.ours {
                "it is not a message and nothing reads it; `rollcall doctor --fix` removes it"
                    .to_string()
            } else {
                format!(
                    "it is not rollcall's; remove it if nothing else uses it: `rm '{}'`",
                    leftover.path.display()
                )
            }),
        );
    }
}

/// Legacy files present but never imported; journal lines that do not replay.
fn check_journal(dir: &Path, legacy: &legacy_folder::LegacyState, findings: &mut Vec<Finding>) {
    let journal = dir.join(JOURNAL_FILE);
    let Ok(text) = fs::read_to_string(&journal) else {
        let legacy_json = legacy.sources.iter().any(|s| s.ends_with(".json"));
        if legacy_json {
            push(
                findings,
                None,
                Diagnostic::warning(
                    "doctor-not-imported",
                    format!(
                        "legacy registry files ({}) are here but no {JOURNAL_FILE}",
                        legacy.sources.join(", ")
                    ),
                )
                .with_help("run `rollcall import` on this folder"),
            );
        }
        return;
    };
    let replayed = replay(&text);
    for d in replayed.diagnostics {
        push(findings, Some(JOURNAL_FILE.to_string()), d);
    }
    check_drift(dir, &replayed.state, findings);
}

/// The markdown registry differs from what the journal's state renders (someone edited it by
/// hand, or a write stopped between the journal append and the re-render).
fn check_drift(dir: &Path, state: &State, findings: &mut Vec<Finding>) {
    if !state.initialized {
        return;
    }
    let path = dir.join(MARKDOWN_FILE);
    let rendered = render_state(state);
    let Ok(text) = fs::read_to_string(&path) else {
        push(
            findings,
            Some(MARKDOWN_FILE.to_string()),
            Diagnostic::warning(
                "doctor-journal-drift",
                format!("{MARKDOWN_FILE} is missing although {JOURNAL_FILE} holds a registry"),
            )
            .with_help("re-render it from the journal: run `rollcall status` after any change, or `rollcall import` again"),
        );
        return;
    };
    if text == rendered {
        return;
    }
    let line = text
        .lines()
        .zip(rendered.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| text.lines().count().min(rendered.lines().count()))
        + 1;
    push(
        findings,
        Some(MARKDOWN_FILE.to_string()),
        Diagnostic::warning(
            "doctor-journal-drift",
            format!("{MARKDOWN_FILE} differs from what {JOURNAL_FILE} renders, from line {line} on"),
        )
        .at_line(line as u32)
        .with_help("the journal is the source of truth: record edits with `rollcall register`/`release`/`reassign` (the markdown is re-rendered after each), rather than editing the file by hand"),
    );
}

fn report(dir: &Path, findings: Vec<Finding>, fixed: Vec<String>) -> DoctorReport {
    let count = |sev| {
        findings
            .iter()
            .filter(|f| f.diagnostic.severity == sev)
            .count()
    };
    let errors = count(Severity::Error);
    let warnings = count(Severity::Warning);
    DoctorReport {
        dir: dir.display().to_string(),
        errors,
        warnings,
        clean: errors + warnings == 0,
        findings,
        fixed,
    }
}

/// Every finding, then `ok: DIR looks healthy` or the counts.
fn human(r: &DoctorReport, out: &Output) -> String {
    let mut buf = String::new();
    for change in &r.fixed {
        let _ = writeln!(
            buf,
            "{} {}",
            out.paint(OK, "fixed:"),
            escape_controls(change)
        );
    }
    buf.push_str(&folder_findings(&Finding::pairs(&r.findings), out));
    let dir = escape_controls(&r.dir);
    if r.clean {
        let _ = writeln!(buf, "{} {dir} looks healthy", out.paint(OK, "ok:"));
    } else {
        let _ = writeln!(
            buf,
            "{}, {} in {dir}",
            plural(r.errors, "error"),
            plural(r.warnings, "warning")
        );
    }
    buf
}
