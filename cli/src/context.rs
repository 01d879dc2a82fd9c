//! Where a command works and as whom: the coordination folder and the session identity.
//!
//! Shared by every command that reads or writes the coordination folder (send, inbox, register,
//! status, ...), so they all find the same folder and the same sender the same way.

use crate::error::{CliError, CliResult};
use std::fs;
use std::path::{Path, PathBuf};

/// Environment variable naming the coordination folder.
pub const DIR_ENV: &str = "ROLLCALL_DIR";
/// Environment variable naming this session's id.
pub const SESSION_ENV: &str = "ROLLCALL_SESSION";
/// The legacy shared file holding "the current session" inside the coordination folder.
pub const LEGACY_SESSION_FILE: &str = ".current_session";

/// Where a resolved value came from, for messages and `status` output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A command-line flag.
    Flag,
    /// An environment variable.
    Env,
    /// The legacy `.current_session` file.
    LegacyFile(PathBuf),
    /// Found by walking up from the working directory.
    Discovered,
}

/// The session a command acts as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The session id (a validated name).
    pub id: String,
    /// Where it came from.
    pub source: Source,
}

/// The coordination folder: `flag` (`--dir`), else `$ROLLCALL_DIR`, else the nearest
/// `docs/coordination`, `coordination` or `COORDINATION` folder (any case) found walking up from
/// the working directory (a folder so named that contains the working directory counts too).
pub fn resolve_dir(flag: Option<&Path>) -> CliResult<(PathBuf, Source)> {
    if let Some(dir) = flag {
        return existing_dir(dir, "--dir").map(|d| (d, Source::Flag));
    }
    if let Some(dir) = std::env::var_os(DIR_ENV).filter(|v| !v.is_empty()) {
        return existing_dir(Path::new(&dir), DIR_ENV).map(|d| (d, Source::Env));
    }
    let cwd = std::env::current_dir()
        .map_err(|e| CliError::usage(format!("cannot read the working directory: {e}")))?;
    discover_dir(&cwd).map(|d| (d, Source::Discovered))
}

fn existing_dir(dir: &Path, origin: &str) -> CliResult<PathBuf> {
    match fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => Ok(dir.to_path_buf()),
        Ok(_) => Err(CliError::usage(format!(
            "coordination folder {} (from {origin}) is not a folder",
            dir.display()
        ))),
        Err(e) => Err(CliError::io(
            &format!("cannot open coordination folder (from {origin})"),
            dir,
            &e,
        )
        .with_hint("create it, or pass the right path with --dir")),
    }
}

/// Walks up from `start` to the nearest coordination folder.
pub fn discover_dir(start: &Path) -> CliResult<PathBuf> {
    for dir in start.ancestors() {
        if let Some(found) = coordination_at(dir) {
            return Ok(found);
        }
    }
    Err(CliError::usage(format!(
        "no coordination folder found: looked for docs/coordination, coordination or \
         COORDINATION (any case) in {} and each of its parents",
        start.display()
    ))
    .with_hint(format!(
        "pass --dir PATH or set {DIR_ENV}=PATH to the folder holding messages/"
    )))
}

fn is_coordination_name(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.eq_ignore_ascii_case("coordination"))
}

/// `dir` itself if named coordination, else its `docs/coordination` or `coordination` child.
fn coordination_at(dir: &Path) -> Option<PathBuf> {
    if dir.file_name().is_some_and(is_coordination_name) {
        return Some(dir.to_path_buf());
    }
    let docs = child_dir(dir, |n| {
        n.to_str().is_some_and(|n| n.eq_ignore_ascii_case("docs"))
    });
    docs.and_then(|d| child_dir(&d, is_coordination_name))
        .or_else(|| child_dir(dir, is_coordination_name))
}

/// The first sub-folder of `dir` whose name matches (sorted, so the choice is stable).
fn child_dir(dir: &Path, matches: impl Fn(&std::ffi::OsStr) -> bool) -> Option<PathBuf> {
    let mut hits: Vec<PathBuf> = fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .filter(|e| matches(&e.file_name()))
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    hits.sort();
    hits.into_iter().next()
}

/// The session to act as: `flag` (`--as`), else `$ROLLCALL_SESSION`, else the legacy
/// `.current_session` file in `dir`. The id must be a valid name (see `validate_name`).
pub fn resolve_identity(flag: Option<&str>, dir: &Path) -> CliResult<Identity> {
    let (id, source) = if let Some(id) = flag {
        (id.to_string(), Source::Flag)
    } else if let Some(id) = env_session()? {
        (id, Source::Env)
    } else if let Some(found) = legacy_session(dir)? {
        found
    } else {
        return Err(CliError::usage(format!(
            "no session identity: no --as, no ${SESSION_ENV}, and no {} in {}",
            LEGACY_SESSION_FILE,
            dir.display()
        ))
        .with_hint(format!(
            "pass --as YOUR-SESSION-ID or export {SESSION_ENV}=YOUR-SESSION-ID"
        )));
    };
    rollcall_core::validate_session_id(&id).map_err(|d| {
        let origin = match &source {
            Source::Flag => "--as".to_string(),
            Source::Env => format!("${SESSION_ENV}"),
            Source::LegacyFile(p) => p.display().to_string(),
            Source::Discovered => String::new(),
        };
        CliError::usage(format!("{} (from {origin})", d.message)).with_optional_hint(d.help)
    })?;
    Ok(Identity { id, source })
}

fn env_session() -> CliResult<Option<String>> {
    match std::env::var_os(SESSION_ENV) {
        None => Ok(None),
        Some(v) if v.is_empty() => Ok(None),
        Some(v) => v.into_string().map(Some).map_err(|_| {
            CliError::usage(format!("${SESSION_ENV} is not valid UTF-8")).with_hint(format!(
                "export {SESSION_ENV}=YOUR-SESSION-ID in plain text, or pass --as"
            ))
        }),
    }
}

fn legacy_session(dir: &Path) -> CliResult<Option<(String, Source)>> {
    let path = dir.join(LEGACY_SESSION_FILE);
    let bytes = match fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(CliError::io("cannot read", &path, &e)),
    };
    let text = String::from_utf8(bytes)
        .map_err(|_| {
            CliError::usage(format!("{}: not valid UTF-8", path.display())).with_hint(format!(
                "write your session id into it as plain text (`echo YOUR-SESSION-ID > {}`), or pass --as YOUR-SESSION-ID",
                path.display()
            ))
        })?;
    let id = text.trim();
    if id.is_empty() {
        return Ok(None);
    }
    Ok(Some((id.to_string(), Source::LegacyFile(path))))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn discovers_upper_and_lower_case_and_docs() {
        let root = tempfile::tempdir().unwrap();
        let deep = root.path().join("a/b/c");
        fs::create_dir_all(&deep).unwrap();
        assert!(discover_dir(&deep).is_err());
        fs::create_dir_all(root.path().join("a/COORDINATION")).unwrap();
        assert_eq!(
            discover_dir(&deep).unwrap(),
            root.path().join("a/COORDINATION")
        );
        fs::create_dir_all(root.path().join("a/b/docs/coordination")).unwrap();
        assert_eq!(
            discover_dir(&deep).unwrap(),
            root.path().join("a/b/docs/coordination")
        );
        let inside = root.path().join("a/COORDINATION/scripts");
        fs::create_dir_all(&inside).unwrap();
        assert_eq!(
            discover_dir(&inside).unwrap(),
            root.path().join("a/COORDINATION")
        );
    }

    #[test]
    fn not_found_names_where_it_looked() {
        let root = tempfile::tempdir().unwrap();
        let err = discover_dir(root.path()).unwrap_err();
        assert!(err.message.contains(&root.path().display().to_string()));
        assert!(err.hint.unwrap().contains("--dir"));
    }

    #[test]
    fn legacy_file_is_trimmed_and_validated() {
        let root = tempfile::tempdir().unwrap();
        fs::write(root.path().join(LEGACY_SESSION_FILE), "session-3\n").unwrap();
        let found = legacy_session(root.path()).unwrap().unwrap();
        assert_eq!(found.0, "session-3");
        let err = resolve_identity(Some("../x"), root.path()).unwrap_err();
        assert!(err.message.contains("(from --as)"), "{}", err.message);
    }
}
