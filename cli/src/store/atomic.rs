//! Atomic writes for the folder stores (and the commands that rewrite a user's file): a temp
//! file beside the target, fsync, rename or hard link, then fsync of the folder.
//!
//! On macOS std's `sync_all`/`sync_data` already issue `F_FULLFSYNC`, so a write is on the
//! drive, not only in its cache, when they return (see README, "macOS").

use crate::error::{CliError, CliResult};
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// A temp-file path in `path`'s folder, unique to this process and call.
pub fn temp_path_beside(path: &Path) -> PathBuf {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()))
}

/// Writes `bytes` to a temp file beside `path`, fsyncs it (when `sync`), and returns the temp path.
pub fn write_temp_beside(path: &Path, bytes: &[u8], sync: bool) -> CliResult<PathBuf> {
    let temp = temp_path_beside(path);
    let result = (|| {
        let mut file = File::options().write(true).create_new(true).open(&temp)?;
        file.write_all(bytes)?;
        if sync {
            file.sync_all()?;
        }
        Ok(())
    })();
    result.map_err(|e: std::io::Error| {
        let _ = fs::remove_file(&temp);
        CliError::io("cannot write", &temp, &e)
    })?;
    Ok(temp)
}

/// Replaces `path` atomically: temp file in the same folder, fsync, rename, fsync the folder.
///
/// Readers see the old or the new content, never a partial file, even after a crash.
pub fn atomic_replace(path: &Path, bytes: &[u8], sync: bool) -> CliResult<()> {
    let temp = write_temp_beside(path, bytes, sync)?;
    fs::rename(&temp, path).map_err(|e| {
        let _ = fs::remove_file(&temp);
        CliError::io("cannot replace", path, &e)
    })?;
    if sync {
        sync_parent(path);
    }
    Ok(())
}

/// Fsyncs the folder holding `path` so a rename survives a crash; best effort where unsupported.
pub fn sync_parent(path: &Path) {
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(handle) = File::open(dir) {
            let _ = handle.sync_all();
        }
    }
}

/// Refuses a write into `folder` (or to a file) when it, or the deepest part of it that exists,
/// resolves outside the coordination folder `root` (a symlink pointing out): nothing is ever
/// written out there.
pub fn ensure_inside(root: &Path, folder: &Path) -> CliResult<()> {
    let existing = folder.ancestors().find(|dir| dir.exists()).unwrap_or(root);
    let (Ok(root_real), Ok(real)) = (fs::canonicalize(root), fs::canonicalize(existing)) else {
        return Ok(());
    };
    if real.starts_with(&root_real) {
        return Ok(());
    }
    Err(CliError::usage(format!(
        "refusing to write into {}: it leads outside the coordination folder (to {})",
        rollcall_core::escape_controls(&folder.display().to_string()),
        rollcall_core::escape_controls(&real.display().to_string())
    ))
    .with_hint("a symlink inside the coordination folder points out of it; replace the link with a real folder (`rm LINK && mkdir LINK`)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_replace_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.md");
        fs::write(&path, "old").unwrap();
        atomic_replace(&path, b"new", true).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn temp_paths_are_hidden_and_unique() {
        let path = Path::new("dir/r.md");
        let (a, b) = (temp_path_beside(path), temp_path_beside(path));
        assert_ne!(a, b);
        assert_eq!(a.parent(), Some(Path::new("dir")));
        assert!(a
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with(".r.md."));
    }
}
