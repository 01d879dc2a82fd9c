//! `--format github`: one GitHub Actions workflow command per finding
//! (`::error file=..,line=..,col=..,title=code::message`), escaped as the runner expects.

use super::Checked;
use rollcall_core::{escape_controls, Diagnostic, Severity};

/// Escapes a command's message: `%`, CR and LF (and other controls, shown as `\u{..}`).
pub fn escape_data(text: &str) -> String {
    let text = text
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    escape_controls(&text).into_owned()
}

/// Escapes a property value: as [`escape_data`], plus `:` and `,`.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// One workflow command for one finding in file `name` (`-` or no name: no `file=`).
pub fn annotation(name: Option<&str>, d: &Diagnostic) -> String {
    let mut props = Vec::new();
    if let Some(name) = name.filter(|n| *n != "-") {
        props.push(format!("file={}", escape_property(name)));
    }
    if let Some(line) = d.line {
        props.push(format!("line={line}"));
    }
    if let Some(column) = d.column {
        props.push(format!("col={column}"));
    }
    props.push(format!("title={}", escape_property(&d.code)));
    let mut message = d.message.clone();
    for related in &d.related {
        message.push_str(&format!("\nline {}: {}", related.line, related.message));
    }
    if let Some(help) = &d.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    format!(
        "::{} {}::{}",
        command(d.severity),
        props.join(","),
        escape_data(&message)
    )
}

/// Every finding of every report, one line each.
pub fn render(checked: &[Checked]) -> String {
    let mut out = String::new();
    for c in checked {
        for d in &c.report.diagnostics {
            out.push_str(&annotation(c.report.path.as_deref(), d));
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_message_and_properties() {
        let d = Diagnostic::error("duplicate-number", "100% wrong\r\nnext")
            .at(7, 1)
            .with_help("fix: a, b");
        assert_eq!(
            annotation(Some("dir,a:b/r%.md"), &d),
            "::error file=dir%2Ca%3Ab/r%25.md,line=7,col=1,title=duplicate-number::100%25 wrong%0D%0Anext%0Ahelp: fix: a, b"
        );
    }

    #[test]
    fn finding_without_line_still_prints() {
        let d = Diagnostic::warning("mojibake", "m\u{1b}[2J");
        assert_eq!(
            annotation(None, &d),
            "::warning title=mojibake::m\\u{1b}[2J"
        );
    }
}
