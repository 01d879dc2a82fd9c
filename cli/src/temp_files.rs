//! Temp files in a coordination folder: which are leftovers of writers that died (rollcall's
//! own `.NAME.PID.N.tmp` with no live process, or any other `*.tmp`), and removing rollcall's.

use crate::legacy_folder::{file_name, read_dir_sorted};
use std::fs;
use std::path::{Path, PathBuf};

/// How deep below the coordination folder temp files are looked for (`messages/direct/ID/` is 3).
const MAX_DEPTH: usize = 4;

/// A temp file no running writer owns.
#[derive(Debug, Clone)]
pub struct Leftover {
    /// Its path relative to the coordination folder, with `/`.
    pub relative: String,
    /// Its full path.
    pub path: PathBuf,
    /// True when it is rollcall's own (`.NAME.PID.N.tmp`) and its writer is dead: safe to remove.
    pub ours: bool,
}

/// Every `*.tmp` under `dir` (symlinks not followed) whose writer is not running.
pub fn leftovers(dir: &Path) -> Vec<Leftover> {
    let mut found = Vec::new();
    walk(dir, dir, 0, &mut found);
    found
}

/// Removes rollcall's own leftovers directly in `dir` (the journal's and the markdown's temp
/// files); what the next command that takes the registry lock does. Returns how many it removed.
pub fn remove_own_leftovers_in(dir: &Path) -> usize {
    let files = read_dir_sorted(dir).unwrap_or_default();
    let own = files
        .iter()
        .filter(|path| is_plain_file(path) && is_dead_own_temp(&file_name(path)));
    own.filter(|path| fs::remove_file(path).is_ok()).count()
}

fn walk(root: &Path, dir: &Path, depth: usize, found: &mut Vec<Leftover>) {
    if depth > MAX_DEPTH {
        return;
    }
    for path in read_dir_sorted(dir).unwrap_or_default() {
        let name = file_name(&path);
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() && name != ".git" {
            walk(root, &path, depth + 1, found);
        } else if meta.is_file() && name.ends_with(".tmp") && !writer_running(&name) {
            let relative = path
                .strip_prefix(root)
                .map_or_else(|_| name.clone(), |p| p.to_string_lossy().replace('\\', "/"));
            let ours = own_temp_pid(&name).is_some();
            found.push(Leftover {
                relative,
                path,
                ours,
            });
        }
    }
}

/// True for a regular file that is not a symlink.
fn is_plain_file(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_file())
}

/// The writer's pid of one of rollcall's own temp files (`.NAME.PID.N.tmp`).
fn own_temp_pid(name: &str) -> Option<u32> {
    let parts: Vec<&str> = name.rsplitn(4, '.').collect();
    match parts.as_slice() {
        ["tmp", n, pid, _] if n.parse::<u64>().is_ok() => pid.parse().ok(),
        _ => None,
    }
}

/// True when `name` is rollcall's own temp file and its writer is dead.
fn is_dead_own_temp(name: &str) -> bool {
    own_temp_pid(name).is_some() && !writer_running(name)
}

/// True when `name` is a temp file of rollcall's own whose process (not this one) is alive.
pub fn writer_running(name: &str) -> bool {
    own_temp_pid(name).is_some_and(|pid| pid != std::process::id() && process_alive(pid))
}

/// True when process `pid` exists (`kill(pid, 0)`: works where there is no `/proc`, as on macOS).
#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    match rustix::process::test_kill_process(pid) {
        Ok(()) => true,
        Err(e) => e == rustix::io::Errno::PERM,
    }
}

/// Without `kill(2)` no writer can be told alive: every temp file is a leftover.
#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    false
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn temp_name_of_a_live_writer_is_recognised() {
        let me = std::process::id();
        let other = if me == 1 { 2 } else { 1 };
        assert!(writer_running(&format!(".m.json.{other}.0.tmp")));
        assert!(!writer_running(".m.json.999999999.0.tmp"));
        assert!(!writer_running("leftover.tmp"));
    }

    #[cfg(unix)]
    #[test]
    fn only_dead_writers_own_files_are_removed_and_symlinks_are_not_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let outside = tempfile::tempdir().unwrap();
        fs::write(
            dir.join(".SESSION_IDENTITY_REGISTRY.md.999999999.0.tmp"),
            "x",
        )
        .unwrap();
        fs::write(dir.join("notes.tmp"), "mine").unwrap();
        let live = format!(
            ".registry.journal.jsonl.{}.0.tmp",
            if std::process::id() == 1 { 2 } else { 1 }
        );
        fs::write(dir.join(&live), "x").unwrap();
        fs::write(outside.path().join(".x.999999999.0.tmp"), "x").unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.join("link")).unwrap();
        let found: Vec<_> = leftovers(dir)
            .into_iter()
            .map(|l| (l.relative, l.ours))
            .collect();
        assert_eq!(
            found,
            [
                (
                    ".SESSION_IDENTITY_REGISTRY.md.999999999.0.tmp".to_string(),
                    true
                ),
                ("notes.tmp".to_string(), false)
            ]
        );
        assert_eq!(remove_own_leftovers_in(dir), 1);
        assert!(dir.join("notes.tmp").exists() && dir.join(&live).exists());
        assert!(outside.path().join(".x.999999999.0.tmp").exists());
    }
}
