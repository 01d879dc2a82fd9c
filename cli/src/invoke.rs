//! One rollcall command run in-process from an argument list, its output kept in memory: how
//! `rollcall mcp` serves a tool call with exactly what the CLI would do and print for it.

use crate::args::Args;
use crate::error::{CliError, EXIT_USAGE};
use crate::output::capture::capturing;
use crate::output::{Console, Output};
use clap::Parser;
use std::ffi::OsString;

/// What one command did: its exit code, what it wrote, and the error that stopped it, if any.
#[derive(Debug)]
pub struct Invocation {
    /// The exit code the CLI would have exited with.
    pub exit_code: u8,
    /// Everything written to stdout (the `--json` document).
    pub stdout: String,
    /// Everything written to stderr (warnings and findings; never the error itself).
    pub stderr: String,
    /// The failure that stopped the command, as the CLI would have printed it.
    pub error: Option<CliError>,
}

/// Runs `rollcall ARGS...` on this thread with `stdin` as its standard input; colour is off.
/// Arguments clap refuses come back as a usage error without running anything.
pub fn invoke(args: &[OsString], stdin: Vec<u8>) -> Invocation {
    let line = std::iter::once(OsString::from("rollcall")).chain(args.iter().cloned());
    let parsed = match Args::try_parse_from(line) {
        Ok(parsed) => parsed,
        Err(err) => return refused_arguments(&err),
    };
    let console = Console {
        stdout: Output { color: false },
        stderr: Output { color: false },
    };
    let (outcome, captured) = capturing(stdin, || {
        let outcome =
            crate::clock::check_env().and_then(|()| crate::commands::run(parsed.command, &console));
        for warning in crate::output::take_deferred_warnings() {
            console.warn(&warning);
        }
        outcome
    });
    let (exit_code, error) = match outcome {
        Ok(code) => (code, None),
        Err(err) => (err.exit_code, Some(err)),
    };
    Invocation {
        exit_code,
        stdout: String::from_utf8_lossy(&captured.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&captured.stderr).into_owned(),
        error,
    }
}

/// The usage error for arguments clap would not parse: its first line, and the rest as the hint.
fn refused_arguments(err: &clap::Error) -> Invocation {
    let rendered = err.render().to_string();
    let mut lines = rendered.lines().filter(|l| !l.trim().is_empty());
    let first = lines.next().unwrap_or("invalid arguments");
    let message = first.strip_prefix("error: ").unwrap_or(first).to_string();
    let rest: Vec<&str> = lines.map(str::trim).collect();
    let error = CliError::usage(message);
    let error = match rest.is_empty() {
        true => error,
        false => error.with_hint(rest.join(" ")),
    };
    Invocation {
        exit_code: EXIT_USAGE,
        stdout: String::new(),
        stderr: String::new(),
        error: Some(error),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn a_command_output_is_kept_and_stdin_is_the_given_bytes() {
        let registry = "# Registry\n";
        let ran = invoke(&args(&["parse", "-"]), registry.as_bytes().to_vec());
        assert!(ran.stdout.contains("0 sessions"), "{ran:?}");
        let bad = invoke(
            &args(&["validate", "-", "--format", "json"]),
            b"\xff".to_vec(),
        );
        assert_eq!(bad.exit_code, EXIT_USAGE);
        assert!(bad.stderr.contains("not valid UTF-8"), "{bad:?}");
    }

    #[test]
    fn unknown_flags_are_a_usage_error_that_runs_nothing() {
        let ran = invoke(&args(&["status", "--no-such-flag"]), Vec::new());
        assert_eq!(ran.exit_code, EXIT_USAGE);
        let err = ran.error.unwrap();
        assert!(err.message.contains("--no-such-flag"), "{}", err.message);
    }
}
