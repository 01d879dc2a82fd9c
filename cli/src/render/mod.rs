//! Output formats for validation reports: one renderer per format, all reading the same
//! `rollcall_core::Report` (findings plus consensus); `diagnostic` is the one human form of a
//! finding that every command's human output uses.

pub mod diagnostic;
pub mod github;
pub mod human;
pub mod json;

use crate::output::Output;
use rollcall_core::Report;

/// The output format of `rollcall validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Findings with source lines and help, a summary, and the consensus block (coloured on a TTY).
    Human,
    /// The report as JSON: one object for one input, an array for several (never coloured).
    Json,
    /// GitHub Actions workflow commands (`::error file=..,line=..::message`), never coloured.
    Github,
}

/// One validated input: its report plus the text it was read from (for source lines).
pub struct Checked {
    /// The report (its `path` is the name shown).
    pub report: Report,
    /// The text as read.
    pub text: String,
}

impl Checked {
    /// The name to show for this input.
    pub fn name(&self) -> &str {
        self.report.path.as_deref().unwrap_or("-")
    }
}

/// Renders every report in `format`; `many` says the user passed several inputs (JSON array).
pub fn render(format: Format, checked: &[Checked], many: bool, output: &Output) -> String {
    match format {
        Format::Human => human::render(checked, output),
        Format::Json => json::render(checked, many),
        Format::Github => github::render(checked),
    }
}
