//! `rollcall fix FILE [--write]`: repairs Mac-Roman mojibake, CRLF/CR line endings and a BOM.
//!
//! Without `--write` the repaired text goes to stdout. With `--write` the original is first
//! copied to `FILE.bak` (never overwriting an existing backup: `FILE.bak.1`, ... instead), then
//! FILE is replaced atomically; if FILE changed while we worked, nothing is written.

use crate::error::{CliError, CliResult, EXIT_OK};
use crate::output::{write_stdout, Console};
use crate::registry_input;
use crate::store::atomic::{atomic_replace, sync_parent, write_temp_beside};
use rollcall_core::{escape_controls, parse_registry, repair_text};
use std::fs;
use std::path::{Path, PathBuf};

/// Arguments of `rollcall fix`.
#[derive(Debug, clap::Args)]
pub struct FixArgs {
    /// The registry file (`-` reads stdin; then `--write` is not allowed).
    pub file: String,
    /// Replace FILE in place (atomically), keeping the original as FILE.bak.
    #[arg(long)]
    pub write: bool,
}

/// Repairs FILE and prints or writes the result; says on stderr what changed.
pub fn run(args: FixArgs, console: &Console) -> CliResult<u8> {
    if args.write && args.file == "-" {
        return Err(
            CliError::usage("fix: --write needs a file, not standard input")
                .with_hint("run `rollcall fix - > fixed.md`, or pass the file path"),
        );
    }
    let input = registry_input::read(&args.file)?;
    let repair = repair_text(&input.text);
    parse_registry(&repair.text).map_err(|d| CliError::from_diagnostic(&input.name, &d))?;
    let name = escape_controls(&input.name);
    if repair.changes.is_empty() {
        console.eprint(&format!(
            "{name}: nothing to fix (UTF-8, LF line endings, no byte-order mark)\n"
        ));
    } else {
        console.eprint(&format!("{name}: {}\n", repair.changes.join("; ")));
    }
    if !args.write {
        write_stdout(&repair.text)?;
        return Ok(EXIT_OK);
    }
    if !repair.changes.is_empty() {
        let path = through_symlink(Path::new(&args.file))?;
        let backup = write_in_place(&path, &input.text, &repair.text)?;
        console.eprint(&format!(
            "{name}: rewritten; original kept as {}\n",
            escape_controls(&backup.display().to_string())
        ));
    }
    Ok(EXIT_OK)
}

/// The file a symlink points to (the fix and its backup go to the target, the link stays a link);
/// `path` itself otherwise.
fn through_symlink(path: &Path) -> CliResult<PathBuf> {
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Ok(path.to_path_buf());
    }
    fs::canonicalize(path).map_err(|e| CliError::io("cannot follow the symlink", path, &e))
}

/// Backs up `original` beside `path`, then atomically replaces `path` with `fixed`.
fn write_in_place(path: &Path, original: &str, fixed: &str) -> CliResult<PathBuf> {
    let backup = write_backup(path, original.as_bytes())?;
    let now = fs::read(path).map_err(|e| CliError::io("cannot read", path, &e))?;
    if now == fixed.as_bytes() {
        return Ok(backup);
    }
    if now != original.as_bytes() {
        return Err(CliError::usage(format!(
            "{}: changed while it was being fixed; nothing written",
            path.display()
        ))
        .with_hint("run `rollcall fix FILE --write` again"));
    }
    let permissions = fs::metadata(path).map(|m| m.permissions()).ok();
    atomic_replace(path, fixed.as_bytes(), true)?;
    if let Some(permissions) = permissions {
        let _ = fs::set_permissions(path, permissions);
    }
    Ok(backup)
}

/// Writes `bytes` to the first free of FILE.bak, FILE.bak.1, ... (reusing an identical backup).
///
/// The backup is written to a temp file and hard-linked into place, so it appears whole and
/// never replaces an existing file, even when two `fix` runs race.
fn write_backup(path: &Path, bytes: &[u8]) -> CliResult<PathBuf> {
    let temp = write_temp_beside(path, bytes, true)?;
    let result = (0..1000).find_map(|n| {
        let candidate = backup_name(path, n);
        // Link first, compare after: checking before linking races with a concurrent run that
        // links the same backup in between (it would then take FILE.bak.1 for identical bytes).
        match fs::hard_link(&temp, &candidate) {
            Ok(()) => Some(Ok(candidate)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => fs::read(&candidate)
                .is_ok_and(|old| old == bytes)
                .then_some(Ok(candidate)),
            Err(e) => Some(Err(CliError::io("cannot write backup", &candidate, &e))),
        }
    });
    let _ = fs::remove_file(&temp);
    sync_parent(path);
    result.unwrap_or_else(|| {
        Err(
            CliError::usage(format!("{}: too many backups beside it", path.display()))
                .with_hint("remove old FILE.bak.N files"),
        )
    })
}

/// FILE.bak for `n == 0`, else FILE.bak.N.
fn backup_name(path: &Path, n: u32) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".bak");
    if n > 0 {
        name.push(format!(".{n}"));
    }
    PathBuf::from(name)
}
