//! The CLI's failure type: what went wrong, what to do next, and which exit code it means.

use rollcall_core::Diagnostic;
use std::fmt;
use std::path::Path;

/// Exit code when every check passed.
pub const EXIT_OK: u8 = 0;
/// Exit code when a finding of error severity was reported.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code for usage and I/O errors.
pub const EXIT_USAGE: u8 = 2;
/// Exit code when a registry claim was refused (number taken, identity mismatch).
pub const EXIT_REFUSED: u8 = 3;
/// Exit code when `send --strict` refused a message no registered session would receive.
pub const EXIT_UNDELIVERABLE: u8 = 4;

/// A failure that stops a command; printed once as `rollcall: <message>` plus a hint.
#[derive(Debug)]
pub struct CliError {
    /// What failed and why, naming the file (and line) when there is one.
    pub message: String,
    /// What to run or change next.
    pub hint: Option<String>,
    /// The process exit code this failure maps to.
    pub exit_code: u8,
    /// True when stdout was closed by its reader (`rollcall ... | head`): exit 0, print nothing.
    pub closed_stdout: bool,
}

impl CliError {
    /// A usage or I/O failure (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        CliError {
            message: message.into(),
            hint: None,
            exit_code: EXIT_USAGE,
            closed_stdout: false,
        }
    }

    /// Stdout's reader went away: not a failure of ours, so `main` exits 0 quietly.
    pub fn closed_stdout() -> Self {
        CliError {
            message: "standard output was closed".to_string(),
            hint: None,
            exit_code: EXIT_OK,
            closed_stdout: true,
        }
    }

    /// A refused claim (exit 3).
    pub fn refused(message: impl Into<String>) -> Self {
        CliError {
            message: message.into(),
            hint: None,
            exit_code: EXIT_REFUSED,
            closed_stdout: false,
        }
    }

    /// A message `send --strict` would not store (exit 4).
    pub fn undeliverable(message: impl Into<String>) -> Self {
        CliError {
            message: message.into(),
            hint: None,
            exit_code: EXIT_UNDELIVERABLE,
            closed_stdout: false,
        }
    }

    /// An I/O failure on `path`.
    pub fn io(action: &str, path: &Path, err: &std::io::Error) -> Self {
        Self::usage(format!("{action} {}: {err}", path.display()))
    }

    /// Adds what to do next.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Sets what to do next, or none (a core finding's or refusal's optional help).
    pub fn with_optional_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    /// Adds what to do next unless the error already says it.
    pub fn or_hint(self, hint: impl Into<String>) -> Self {
        if self.hint.is_some() {
            return self;
        }
        self.with_hint(hint)
    }

    /// A fatal finding about input `name` (exit 2): `NAME:LINE[:COLUMN]: message`, its help as
    /// the hint.
    pub fn from_diagnostic(name: &str, diagnostic: &Diagnostic) -> Self {
        let place = match (diagnostic.line, diagnostic.column) {
            (Some(line), Some(column)) => format!("{name}:{line}:{column}"),
            (Some(line), None) => format!("{name}:{line}"),
            _ => name.to_string(),
        };
        Self::usage(format!("{place}: {}", diagnostic.message))
            .with_optional_hint(diagnostic.help.clone())
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// What every command returns.
pub type CliResult<T = u8> = Result<T, CliError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fatal_finding_names_file_and_line_and_keeps_its_help() {
        let d = Diagnostic::error("not-a-registry", "no sessions").with_help("pass a registry");
        let err = CliError::from_diagnostic("r.md", &d.clone().at_line(3));
        assert_eq!(err.message, "r.md:3: no sessions");
        let at = CliError::from_diagnostic("r.json", &d.clone().at(1, 11));
        assert_eq!(at.message, "r.json:1:11: no sessions");
        assert_eq!(
            err.or_hint("other").hint.as_deref(),
            Some("pass a registry")
        );
        let bare = CliError::from_diagnostic("-", &Diagnostic::error("x", "m"));
        assert_eq!(bare.message, "-: m");
        assert_eq!(bare.or_hint("other").hint.as_deref(), Some("other"));
    }
}
