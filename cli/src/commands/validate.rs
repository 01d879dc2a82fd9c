//! `rollcall validate [FILE|DIR|-]...`: every registry defect with line and fix, and whether
//! consensus has really been reached. Exit 0 clean, 1 on error findings, 2 on usage or I/O errors
//! (after reporting every other input).

use crate::context::{resolve_dir, DIR_ENV};
use crate::error::{CliError, CliResult, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};
use crate::input::read_input;
use crate::output::{write_stdout, Console, Output};
use crate::render::{render, Checked, Format};
use rollcall_core::{validate, ValidateOptions};
use std::path::{Path, PathBuf};

/// Reads `--required N`: a whole number of sessions, at least 1.
fn required_count(text: &str) -> Result<u32, String> {
    match text.trim().parse::<u32>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!(
            "`{text}` is not a session count: give a whole number from 1 up, e.g. --required 12"
        )),
    }
}

/// Arguments of `rollcall validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Registry markdown or registry.json files, coordination folders (their registry is found),
    /// or `-` for standard input. Default: the current folder's registry, else the coordination
    /// folder (`$ROLLCALL_DIR`, else the nearest walking up).
    #[arg(value_name = "FILE|DIR|-")]
    pub inputs: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// How many sessions must register (overrides the file's `**Required**`); at least 1.
    #[arg(long, value_name = "N", value_parser = required_count)]
    pub required: Option<u32>,
}

/// Sub-folders of a coordination folder searched for the registry, in order.
pub const SEARCH_DIRS: [&str; 3] = [".", "docs/coordination", "coordination"];

/// The registry file of a coordination folder: in `dir`, then `dir/docs/coordination`, then
/// `dir/coordination`, the first of `SESSION_IDENTITY_REGISTRY.md`, any other
/// `SESSION_IDENTITY_REGISTRY*.md` (by name), `registry.json`.
pub fn find_registry(dir: &Path) -> Option<PathBuf> {
    SEARCH_DIRS.iter().find_map(|sub| {
        let folder = if *sub == "." {
            dir.to_path_buf()
        } else {
            dir.join(sub)
        };
        registry_in(&folder)
    })
}

fn registry_in(folder: &Path) -> Option<PathBuf> {
    let exact = folder.join("SESSION_IDENTITY_REGISTRY.md");
    if exact.is_file() {
        return Some(exact);
    }
    let mut variants: Vec<PathBuf> = std::fs::read_dir(folder)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                    n.starts_with("SESSION_IDENTITY_REGISTRY") && n.ends_with(".md")
                })
        })
        .collect();
    variants.sort();
    variants
        .into_iter()
        .next()
        .or_else(|| Some(folder.join("registry.json")).filter(|p| p.is_file()))
}

/// The file to read for one input: itself, or the registry found in a folder.
fn resolve(input: &str) -> CliResult<String> {
    let path = Path::new(input);
    if input == "-" || !path.is_dir() {
        return Ok(input.to_string());
    }
    find_registry(path)
        .map(|p| p.to_string_lossy().into_owned())
        .ok_or_else(|| {
            CliError::usage(format!(
                "{input}: no registry found (looked for SESSION_IDENTITY_REGISTRY*.md and registry.json in it, its docs/coordination and its coordination folder)"
            ))
            .with_hint("pass the registry file itself: rollcall validate path/to/SESSION_IDENTITY_REGISTRY.md")
        })
}

/// Reads and validates one input.
fn check_one(input: &str, required: Option<u32>) -> CliResult<Checked> {
    let file = resolve(input)?;
    let read = read_input(&file)?;
    let options = ValidateOptions {
        path: Some(read.name.clone()),
        required,
        attestations: crate::store::folder_journal::attestations_for(&file),
    };
    let report = validate(&read.text, &options).map_err(|d| {
        CliError::from_diagnostic(&read.name, &d)
            .or_hint("pass a session identity registry (markdown or registry.json)")
    })?;
    Ok(Checked {
        report,
        text: read.text,
    })
}

/// The input when none is given: the current folder when it (or its `docs/coordination` or
/// `coordination`) holds a registry and `$ROLLCALL_DIR` is unset; else the coordination folder
/// every command uses (`$ROLLCALL_DIR`, else the nearest one walking up).
fn default_input() -> CliResult<String> {
    let env_set = std::env::var_os(DIR_ENV).is_some_and(|v| !v.is_empty());
    if !env_set && find_registry(Path::new(".")).is_some() {
        return Ok(".".to_string());
    }
    let (dir, _) = resolve_dir(None)?;
    Ok(dir.to_string_lossy().into_owned())
}

/// Validates every input, prints the reports, and returns the exit code.
pub fn run(args: ValidateArgs, console: &Console) -> CliResult<u8> {
    let inputs = if args.inputs.is_empty() {
        vec![default_input()?]
    } else {
        args.inputs
    };
    let mut checked = Vec::new();
    let mut failed = false;
    for input in &inputs {
        match check_one(input, args.required) {
            Ok(c) => checked.push(c),
            Err(err) => {
                console.error(&err);
                failed = true;
            }
        }
    }
    if args.format == Format::Human {
        console.print(&render(
            args.format,
            &checked,
            inputs.len() > 1,
            &console.stdout,
        ))?;
    } else if !(checked.is_empty() && args.format == Format::Json && inputs.len() == 1) {
        let plain = Output { color: false };
        write_stdout(&render(args.format, &checked, inputs.len() > 1, &plain))?;
    }
    Ok(if failed {
        EXIT_USAGE
    } else if checked.iter().any(|c| c.report.has_errors()) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn journal_beside_the_registry_attests_confirmation_and_approval() {
        use rollcall_core::protocol::{Entry, Event, JOURNAL_FILE};
        use rollcall_core::Attestations;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("SESSION_IDENTITY_REGISTRY.md");
        let file = file.to_str().unwrap();
        assert_eq!(
            crate::store::folder_journal::attestations_for(file),
            Attestations::default()
        );
        let registry = rollcall_core::Registry::default();
        let lines = [
            Entry::new(
                "t",
                "boss",
                Event::Init {
                    registry,
                    required: 2,
                    coordinator: 1,
                },
            ),
            Entry::new("t", "boss", Event::Confirm {}),
            Entry::new("t", "boss", Event::Approve { by: "james".into() }),
        ]
        .map(|e| e.to_line())
        .concat();
        std::fs::write(dir.path().join(JOURNAL_FILE), lines).unwrap();
        let attested = crate::store::folder_journal::attestations_for(file);
        assert_eq!(attested.confirmed_by.as_deref(), Some("boss"));
        assert_eq!(attested.approved_by.as_deref(), Some("james"));
        assert!(!attested.activated);
        assert_eq!(
            crate::store::folder_journal::attestations_for("-"),
            Attestations::default()
        );
    }

    #[test]
    fn finds_registry_in_folder_then_docs_coordination_then_coordination() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(find_registry(dir.path()), None);
        let nested = dir.path().join("coordination");
        std::fs::create_dir_all(&nested).unwrap();
        std::fs::write(nested.join("registry.json"), "{}").unwrap();
        assert_eq!(
            find_registry(dir.path()),
            Some(nested.join("registry.json"))
        );
        let docs = dir.path().join("docs/coordination");
        std::fs::create_dir_all(&docs).unwrap();
        std::fs::write(docs.join("SESSION_IDENTITY_REGISTRY.utf8.md"), "x").unwrap();
        assert_eq!(
            find_registry(dir.path()),
            Some(docs.join("SESSION_IDENTITY_REGISTRY.utf8.md"))
        );
        std::fs::write(docs.join("SESSION_IDENTITY_REGISTRY.md"), "x").unwrap();
        assert_eq!(
            find_registry(dir.path()),
            Some(docs.join("SESSION_IDENTITY_REGISTRY.md"))
        );
        std::fs::write(dir.path().join("registry.json"), "{}").unwrap();
        assert_eq!(
            find_registry(dir.path()),
            Some(dir.path().join("registry.json"))
        );
    }
}
