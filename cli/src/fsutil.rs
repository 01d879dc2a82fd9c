//! File-system helpers every command shares: reading inputs (files or stdin) and atomic writes.

use crate::error::{CliError, CliResult};
use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// An input read whole: its display name (`-` for stdin) and its text.
pub struct Input {
    /// The path as the user gave it, or `-`.
    pub name: String,
    /// The file's contents, valid UTF-8.
    pub text: String,
}

/// Reads `path` (or stdin for `-`) as UTF-8 text; NUL bytes or invalid UTF-8 are a usage error.
pub fn read_input(path: &str) -> CliResult<Input> {
    let bytes = if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| CliError::usage(format!("cannot read standard input: {e}")))?;
        buf
    } else {
        fs::read(path).map_err(|e| {
            CliError::io("cannot read", Path::new(path), &e)
                .with_hint("check the path (or pass `-` to read standard input)")
        })?
    };
    let text = text_from_bytes(path, bytes)?;
    Ok(Input {
        name: path.to_string(),
        text,
    })
}

/// Checks that `bytes` are text: UTF-8 without NUL; the error names the file and the line.
pub fn text_from_bytes(name: &str, bytes: Vec<u8>) -> CliResult<String> {
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        let line = bytes[..pos].iter().filter(|&&b| b == b'\n').count() + 1;
        return Err(CliError::usage(format!(
            "{name}:{line}: contains a NUL byte: this is a binary file, not a registry"
        ))
        .with_hint("pass the registry's markdown or JSON file"));
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..valid]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        CliError::usage(format!("{name}:{line}: not valid UTF-8 text"))
            .with_hint("re-save the file as UTF-8")
    })
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_byte_names_line() {
        let err = text_from_bytes("r.md", b"a\nb\0".to_vec()).unwrap_err();
        assert!(err.message.starts_with("r.md:2: contains a NUL byte"));
        assert_eq!(err.exit_code, crate::error::EXIT_USAGE);
    }

    #[test]
    fn atomic_replace_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.md");
        fs::write(&path, "old").unwrap();
        atomic_replace(&path, b"new", true).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
