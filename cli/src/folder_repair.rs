//! `doctor --fix`: the repairs that cannot lose anything. Each keeps what it replaces, or only
//! removes what nothing reads; each returns one sentence per change for the report.

use crate::error::CliResult;
use crate::store::atomic::atomic_replace;
use crate::store::folder_journal::MARKDOWN_FILE;
use crate::store::journal::render_state;
use crate::store::{FolderJournal, FolderMessages, JournalStore};
use crate::temp_files;
use std::fs;
use std::path::Path;

/// Runs every safe repair on `dir`; one sentence per change made.
pub fn repair_folder(dir: &Path) -> CliResult<Vec<String>> {
    let mut fixed = Vec::new();
    create_message_folders(dir, &mut fixed)?;
    repair_journal(dir, &mut fixed)?;
    re_render_markdown(dir, &mut fixed)?;
    remove_leftover_temp_files(dir, &mut fixed);
    Ok(fixed)
}

/// Creates the message folders that are missing.
fn create_message_folders(dir: &Path, fixed: &mut Vec<String>) -> CliResult<()> {
    let created = FolderMessages::new(dir, true).create_layout()?;
    fixed.extend(
        created
            .into_iter()
            .map(|relative| format!("created {relative}/")),
    );
    Ok(())
}

/// Drops the journal lines replay ignores as errors, keeping the original.
fn repair_journal(dir: &Path, fixed: &mut Vec<String>) -> CliResult<()> {
    let Some(repaired) = FolderJournal::new(dir).repair_damaged()? else {
        return Ok(());
    };
    let lines: Vec<String> = repaired.dropped.iter().map(u32::to_string).collect();
    let name = repaired
        .backup
        .file_name()
        .unwrap_or_default()
        .to_string_lossy();
    fixed.push(format!(
        "dropped journal line{} {} that replay ignored (the state is unchanged); the original is kept as {name}",
        if lines.len() == 1 { "" } else { "s" },
        lines.join(", "),
    ));
    Ok(())
}

/// Re-renders a markdown registry that differs from the journal, keeping the replaced file.
fn re_render_markdown(dir: &Path, fixed: &mut Vec<String>) -> CliResult<()> {
    let journal = FolderJournal::new(dir);
    if !journal.has_journal() {
        return Ok(());
    }
    let state = journal.load()?.state;
    if !state.initialized {
        return Ok(());
    }
    let path = journal.markdown();
    let rendered = render_state(&state);
    let current = fs::read(&path).ok();
    if current.as_deref() == Some(rendered.as_bytes()) {
        return Ok(());
    }
    if let Some(bytes) = current {
        let backup = dir.join(format!(
            "{MARKDOWN_FILE}.drift-{}",
            crate::clock::utc_stamp()
        ));
        atomic_replace(&backup, &bytes, true)?;
        let name = backup
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        fixed.push(format!(
            "re-rendered {MARKDOWN_FILE} from the journal; the replaced file is kept as {name}"
        ));
    } else {
        fixed.push(format!(
            "rendered the missing {MARKDOWN_FILE} from the journal"
        ));
    }
    journal.publish(&state)
}

/// Removes rollcall's own temp files whose writer is dead; other `*.tmp` files are only reported.
fn remove_leftover_temp_files(dir: &Path, fixed: &mut Vec<String>) {
    for leftover in temp_files::leftovers(dir).into_iter().filter(|l| l.ours) {
        if fs::remove_file(&leftover.path).is_ok() {
            fixed.push(format!(
                "removed the leftover temp file {}",
                leftover.relative
            ));
        }
    }
}
