//! The one diagnostic type: every finding of every parser and rule, rendered by every output format.

use serde::{Deserialize, Serialize};

/// How bad a finding is; only `Error` makes `rollcall validate` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Informational: nothing to change.
    Info,
    /// Worth fixing; does not block consensus.
    Warning,
    /// Blocks consensus; `validate` exits 1.
    Error,
}

impl Severity {
    /// The lower-case name used in every output (`error`, `warning`, `info`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Another place that explains a finding (e.g. where a duplicated number was first claimed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Related {
    /// 1-based line of the other place.
    pub line: u32,
    /// What that place is.
    pub message: String,
}

/// A machine-applicable repair: replace the whole text with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    /// One line saying what the fix does.
    pub title: String,
    /// The full repaired text.
    pub replacement: String,
}

/// One finding. Field names are the JSON contract (snake_case); a missing location is `null`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Stable kebab-case rule or error code, e.g. `duplicate-number`.
    pub code: String,
    /// How bad it is.
    pub severity: Severity,
    /// One sentence saying what is wrong.
    pub message: String,
    /// 1-based line, when the finding has a place.
    pub line: Option<u32>,
    /// 1-based column (in characters), when known.
    pub column: Option<u32>,
    /// The session number the finding is about, when it is about one.
    pub session: Option<u32>,
    /// Other places that explain the finding.
    pub related: Vec<Related>,
    /// What to do about it.
    pub help: Option<String>,
    /// A repair that tools may apply.
    pub fix: Option<Fix>,
}

// The builders stay out of line (`#[inline(never)]`): inlined into every rule's call sites they
// add ~1 KB to the wasm module (measured), and a finding is built once, never in a hot loop.
impl Diagnostic {
    /// A finding with code, severity and message; location and advice are added with the builders.
    #[inline(never)]
    pub fn new(code: &str, severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            code: code.to_string(),
            severity,
            message: message.into(),
            line: None,
            column: None,
            session: None,
            related: Vec::new(),
            help: None,
            fix: None,
        }
    }

    /// An error-severity finding.
    pub fn error(code: &str, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Error, message)
    }

    /// A warning-severity finding.
    pub fn warning(code: &str, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Warning, message)
    }

    /// Sets the 1-based line.
    #[inline(never)]
    pub fn at_line(mut self, line: u32) -> Self {
        self.line = Some(line);
        self
    }

    /// Sets the 1-based line and column.
    #[inline(never)]
    pub fn at(mut self, line: u32, column: u32) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Names the session the finding is about.
    #[inline(never)]
    pub fn for_session(mut self, number: Option<u32>) -> Self {
        self.session = number;
        self
    }

    /// Adds a related place.
    #[inline(never)]
    pub fn with_related(mut self, line: u32, message: impl Into<String>) -> Self {
        self.related.push(Related {
            line,
            message: message.into(),
        });
        self
    }

    /// Sets the help text.
    #[inline(never)]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the fix.
    #[inline(never)]
    pub fn with_fix(mut self, title: impl Into<String>, replacement: impl Into<String>) -> Self {
        self.fix = Some(Fix {
            title: title.into(),
            replacement: replacement.into(),
        });
        self
    }

    /// True when this finding has error severity.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Sorts findings the way every output shows them: by line (no line first), then column, then code.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.line, a.column, &a.code, a.session).cmp(&(b.line, b.column, &b.code, b.session))
    });
}

/// Stable-sorts findings by line only (no line first), keeping the order of findings on one line.
pub fn sort_by_line(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| d.line);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_location_serializes_as_null() {
        let json = serde_json::to_value(Diagnostic::error("x-y", "m")).unwrap();
        assert!(json["line"].is_null());
        assert!(json["column"].is_null());
        assert!(json["fix"].is_null());
        assert_eq!(json["severity"], "error");
    }
}
