//! The one human form of a finding, whoever reports it (validate, parse, import, doctor, the
//! journal replay, unreadable messages): `PLACE: severity[code]: message`, then the source line,
//! `note:` lines for related places and a `help:` line under a gutter. Every piece of text is
//! escaped with `rollcall_core::escape_controls`, and colour comes only from [`Output`].

use crate::output::{Console, Output, DIM, ERROR, WARNING};
use anstyle::Style;
use rollcall_core::protocol::JOURNAL_FILE;
use rollcall_core::{escape_controls, Diagnostic, Severity};
use std::fmt::Write;

/// Longest source line shown, in characters.
const MAX_SOURCE: usize = 160;

/// `file:line:col`, `file:line` or `file`, as far as the finding knows; `None` without a file.
pub fn place(file: Option<&str>, d: &Diagnostic) -> Option<String> {
    let line = line_place(file, d)?;
    Some(match (d.line, d.column) {
        (Some(_), Some(c)) => format!("{line}:{c}"),
        _ => line,
    })
}

/// `file:line` or `file`: the place without the column, as `parse`, `import`, `doctor` and the
/// stderr lines have always named it; `None` without a file.
pub fn line_place(file: Option<&str>, d: &Diagnostic) -> Option<String> {
    let file = file?;
    Some(match d.line {
        Some(l) => format!("{file}:{l}"),
        None => file.to_string(),
    })
}

/// The colour of a severity's label.
pub fn severity_style(severity: Severity) -> Style {
    match severity {
        Severity::Error => ERROR,
        Severity::Warning => WARNING,
        Severity::Info => DIM,
    }
}

/// `PLACE: severity[code]: message` (no `PLACE: ` without a place), escaped, no newline.
pub fn heading(place: Option<&str>, d: &Diagnostic, out: &Output) -> String {
    let label = out.paint(
        severity_style(d.severity),
        &format!("{}[{}]", d.severity.as_str(), escape_controls(&d.code)),
    );
    let message = escape_controls(&d.message);
    match place {
        Some(place) => format!("{}: {label}: {message}", escape_controls(place)),
        None => format!("{label}: {message}"),
    }
}

/// How wide the gutter's line numbers are for these findings (at least 1).
pub fn gutter_width<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) -> usize {
    diagnostics
        .into_iter()
        .filter_map(|d| d.line)
        .max()
        .map_or(1, |l| l.to_string().len())
}

/// A finding in full: the heading, its source line when `source` is given, notes and help.
pub fn write_finding(
    text: &mut String,
    place: Option<&str>,
    d: &Diagnostic,
    source: Option<&str>,
    width: usize,
    out: &Output,
) {
    let _ = writeln!(text, "{}", heading(place, d, out));
    let bar = out.paint(DIM, "|");
    let eq = out.paint(DIM, "=");
    let pad = " ".repeat(width);
    if let (Some(source), Some(line)) = (source, d.line) {
        let number = out.paint(DIM, &format!("{line:>width$}"));
        let _ = writeln!(text, " {number} {bar} {}", shorten(source));
    }
    for related in &d.related {
        let _ = writeln!(
            text,
            " {pad} {eq} note: line {}: {}",
            related.line,
            escape_controls(&related.message)
        );
    }
    if let Some(help) = &d.help {
        let _ = writeln!(text, " {pad} {eq} help: {}", escape_controls(help));
    }
}

/// A source line, escaped and cut to [`MAX_SOURCE`] characters.
fn shorten(source: &str) -> String {
    let escaped = escape_controls(source);
    if escaped.chars().count() <= MAX_SOURCE {
        escaped.into_owned()
    } else {
        let cut: String = escaped.chars().take(MAX_SOURCE).collect();
        format!("{cut}…")
    }
}

/// Findings about the files of a folder (`import`, `doctor`), each in full without source lines.
/// Core's legacy parsers start a message with its file's name; it is not printed twice.
pub fn folder_findings<'a>(findings: &[(Option<&'a str>, &'a Diagnostic)], out: &Output) -> String {
    let width = gutter_width(findings.iter().map(|(_, d)| *d));
    let mut text = String::new();
    for (file, d) in findings {
        let trimmed;
        let mut d = *d;
        if let Some(rest) = file.and_then(|f| without_file(&d.message, f)) {
            trimmed = Diagnostic {
                message: rest.to_string(),
                ..d.clone()
            };
            d = &trimmed;
        }
        write_finding(
            &mut text,
            line_place(*file, d).as_deref(),
            d,
            None,
            width,
            out,
        );
    }
    text
}

/// `message` after a leading `FILE: ` or `FILE `, when it starts with `file`.
fn without_file<'m>(message: &'m str, file: &str) -> Option<&'m str> {
    let rest = message.strip_prefix(file)?;
    rest.strip_prefix(": ").or_else(|| rest.strip_prefix(' '))
}

/// Findings about the input the user asked for, on stderr: one heading each (`parse`'s warnings).
pub fn eprint_findings(console: &Console, file: &str, diagnostics: &[Diagnostic]) {
    let text: String = diagnostics
        .iter()
        .map(|d| heading(line_place(Some(file), d).as_deref(), d, &console.stderr) + "\n")
        .collect();
    console.eprint(&text);
}

/// A problem met along the way (a journal line, a message file), on stderr:
/// `rollcall: PLACE: severity[code]: message`.
pub fn eprint_problem(console: &Console, file: Option<&str>, d: &Diagnostic) {
    let line = heading(line_place(file, d).as_deref(), d, &console.stderr);
    console.eprint(&format!("rollcall: {line}\n"));
}

/// Problems met while replaying the journal, on stderr, one line each.
pub fn eprint_journal_problems(console: &Console, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprint_problem(console, Some(JOURNAL_FILE), d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rollcall_core::Related;

    const PLAIN: Output = Output { color: false };

    #[test]
    fn heading_names_the_place_as_far_as_known() {
        let d = Diagnostic::warning("mojibake", "looks like Mac-Roman").at(3, 7);
        assert_eq!(
            heading(place(Some("r.md"), &d).as_deref(), &d, &PLAIN),
            "r.md:3:7: warning[mojibake]: looks like Mac-Roman"
        );
        let d = Diagnostic::error("legacy-impossible-count", "-2 sessions");
        assert_eq!(
            heading(place(None, &d).as_deref(), &d, &PLAIN),
            "error[legacy-impossible-count]: -2 sessions"
        );
    }

    #[test]
    fn a_full_finding_has_source_notes_and_help_under_one_gutter() {
        let mut d = Diagnostic::error("duplicate-number", "#4 twice")
            .at_line(12)
            .with_help("pick a free number");
        d.related.push(Related {
            line: 9,
            message: "first here".into(),
        });
        let mut text = String::new();
        write_finding(
            &mut text,
            Some("r.md:12"),
            &d,
            Some("**NUMBER**: 4"),
            2,
            &PLAIN,
        );
        assert_eq!(
            text,
            "r.md:12: error[duplicate-number]: #4 twice\n 12 | **NUMBER**: 4\n    = note: line 9: first here\n    = help: pick a free number\n"
        );
    }

    #[test]
    fn folder_findings_name_the_file_once() {
        let d = Diagnostic::error("legacy-impossible-count", "STATUS_SUMMARY.json: -2 active")
            .with_help("fix the counts");
        let text = folder_findings(&[(Some("STATUS_SUMMARY.json"), &d)], &PLAIN);
        assert_eq!(
            text,
            "STATUS_SUMMARY.json: error[legacy-impossible-count]: -2 active\n   = help: fix the counts\n"
        );
    }

    #[test]
    fn text_from_files_is_escaped_and_colour_is_only_the_label() {
        let d = Diagnostic::warning("x", "bad\u{1b}[2J").with_help("h\u{202e}");
        let mut text = String::new();
        write_finding(
            &mut text,
            Some("f\u{7}.md"),
            &d,
            None,
            1,
            &Output { color: true },
        );
        assert!(text.contains("f\\u{7}.md") && text.contains("bad\\u{1b}[2J"));
        assert!(text.contains("h\\u{202e}"));
        let escapes = text.matches('\u{1b}').count();
        assert!(escapes > 0 && !text.contains("\u{1b}[2J"), "{text:?}");
    }
}
