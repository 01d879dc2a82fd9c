//! `--format human`: findings grouped by file and sorted by line, each in the one finding form
//! of [`super::diagnostic`] with its source line; a summary; then the consensus block and the
//! verdict. Every piece of file text is shown with control characters escaped, and colour comes
//! only from [`Output`].

use super::diagnostic::{self, gutter_width, write_finding};
use super::Checked;
use crate::output::{Output, DIM, ERROR, OK, WARNING};
use anstyle::Style;
use rollcall_core::parse::markdown::split_lines;
use rollcall_core::plural;
use rollcall_core::{escape_controls, Consensus, ConsensusState, Diagnostic, Severity};
use std::fmt::Write;

/// How many findings of one code the human form shows before it counts the rest in one line
/// (100,000 identical sessions would otherwise print 80 MB).
const SHOWN_PER_CODE: usize = 20;

/// All reports, one group per file, separated by a blank line.
pub fn render(checked: &[Checked], output: &Output) -> String {
    checked
        .iter()
        .map(|c| render_one(c, output))
        .collect::<Vec<_>>()
        .join("\n")
}

fn render_one(checked: &Checked, out: &Output) -> String {
    let name = escape_controls(checked.name()).into_owned();
    // Registry JSON records the markdown's line numbers, so its own lines are not shown.
    let lines = if rollcall_core::validate::is_json(&checked.text) {
        Vec::new()
    } else {
        split_lines(&checked.text)
    };
    let diagnostics = &checked.report.diagnostics;
    let width = gutter_width(diagnostics);
    let mut text = String::new();
    let mut shown_of: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for d in diagnostics {
        let shown = shown_of.entry(d.code.as_str()).or_default();
        *shown += 1;
        if *shown > SHOWN_PER_CODE {
            continue;
        }
        let source = d
            .line
            .and_then(|l| lines.get((l as usize).checked_sub(1)?))
            .copied();
        let place = diagnostic::place(Some(&name), d);
        write_finding(&mut text, place.as_deref(), d, source, width, out);
        text.push('\n');
    }
    for (code, count) in shown_of.iter().filter(|(_, n)| **n > SHOWN_PER_CODE) {
        let more = plural(count - SHOWN_PER_CODE, &format!("more `{code}` finding"));
        let _ = writeln!(
            text,
            "{name}: … and {more} like those above (all of them: --format json)\n"
        );
    }
    let _ = writeln!(text, "{name}: {}", summary(diagnostics, out));
    text.push('\n');
    consensus(&mut text, &checked.report.consensus, out);
    text
}

/// `2 errors, 3 warnings` (infos only when there are some).
fn summary(diagnostics: &[Diagnostic], out: &Output) -> String {
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    let (errors, warnings, infos) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    let mut parts = vec![
        paint_if(out, errors > 0, ERROR, &plural(errors, "error")),
        paint_if(out, warnings > 0, WARNING, &plural(warnings, "warning")),
    ];
    if infos > 0 {
        parts.push(plural(infos, "info"));
    }
    parts.join(", ")
}

fn paint_if(out: &Output, cond: bool, style: Style, text: &str) -> String {
    if cond {
        out.paint(style, text)
    } else {
        text.to_string()
    }
}

/// `Registered 5/12`, each check computed next to the file's box, and the verdict.
fn consensus(text: &mut String, c: &Consensus, out: &Output) {
    let _ = writeln!(text, "Registered {}/{}", c.registered, c.required);
    let texts: Vec<String> = c
        .checks
        .iter()
        .map(|k| escape_controls(&k.text).into_owned())
        .collect();
    let width = texts.iter().map(|t| t.chars().count()).max().unwrap_or(0);
    for (check, check_text) in c.checks.iter().zip(&texts) {
        let mark = if check.holds {
            out.paint(OK, "✓")
        } else {
            out.paint(ERROR, "✗")
        };
        let claim = match check.claimed {
            Some(true) => "[x]",
            Some(false) => "[ ]",
            None => "-",
        };
        let place = check
            .line
            .map(|l| format!(" (line {l})"))
            .unwrap_or_default();
        let wrong = if check.claimed == Some(true) && !check.holds {
            out.paint(WARNING, "  <- the file claims this, but it does not hold")
        } else {
            String::new()
        };
        let gap = " ".repeat(width - check_text.chars().count());
        let row = format!(
            "  {mark} {check_text}{gap}  {}{place}{wrong}",
            out.paint(DIM, &format!("file: {claim}"))
        );
        let _ = writeln!(text, "{}", row.trim_end());
    }
    let _ = writeln!(text, "{}", verdict(c, out));
}

/// `Verdict: consensus not reached (registering: 0 of 12 sessions registered)`.
fn verdict(c: &Consensus, out: &Output) -> String {
    let why = match c.state {
        ConsensusState::Registering => {
            format!("{} of {} sessions registered", c.registered, c.required)
        }
        ConsensusState::Conflicts => "errors above must be fixed".to_string(),
        ConsensusState::AwaitingConfirmation => "the orchestrator has not confirmed".to_string(),
        ConsensusState::AwaitingApproval => "a human has not approved".to_string(),
        ConsensusState::Approved => "not yet activated".to_string(),
        ConsensusState::Active => "every session is active".to_string(),
    };
    let (style, head) = if c.reached {
        (OK, "consensus reached")
    } else {
        (ERROR, "consensus not reached")
    };
    format!(
        "Verdict: {} ({}: {why})",
        out.paint(style, head),
        c.state.as_str()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rollcall_core::{validate, ValidateOptions};

    fn checked(text: &str, name: &str) -> Checked {
        let options = ValidateOptions {
            path: Some(name.into()),
            ..Default::default()
        };
        Checked {
            report: validate(text, &options).unwrap(),
            text: text.to_string(),
        }
    }

    #[test]
    fn seed_renders_exactly() {
        let seed = include_str!("../../../tests/fixtures/marketing-registry.md");
        let text = render(&[checked(seed, "seed.md")], &Output { color: false });
        let expected = "\
seed.md:88:3: warning[range-count-mismatch]: session 5's GOAL counts 17 but its range prospects 18-33 holds 16
  88 |   - Personalize emails for prospects 18-33
     = note: line 85: the GOAL says 17
     = help: make them agree: change the GOAL to 16 or the range to 17 items

seed.md:102:3: warning[range-count-mismatch]: session 6's GOAL counts 16 but its range prospects 34-50 holds 17
 102 |   - Personalize emails for prospects 34-50
     = note: line 99: the GOAL says 16
     = help: make them agree: change the GOAL to 17 or the range to 16 items

seed.md: 0 errors, 2 warnings

Registered 0/12
  ✗ All 12 sessions registered with unique numbers  file: [ ] (line 222)
  ✓ No duplicate numbers claimed                    file: [ ] (line 223)
  ✓ All roles clearly defined and accepted          file: [ ] (line 224)
  ✓ All goals measurable and committed to           file: [ ] (line 225)
  ✗ Orchestrator confirms no conflicts              file: [ ] (line 226)
  ✗ Human approves final registry                   file: [ ] (line 227)
Verdict: consensus not reached (registering: 0 of 12 sessions registered)
";
        assert_eq!(text, expected);
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let seed = include_str!("../../../tests/fixtures/marketing-registry.md");
        let evil = seed.replace(
            "Master Coordinator",
            "Master\u{1b}]8;;http://x\u{7}Coordinator",
        );
        let text = render(&[checked(&evil, "evil\u{1b}.md")], &Output { color: false });
        assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'));
        assert!(
            text.contains("evil\\u{1b}.md:27:1: error[control-character]"),
            "{text}"
        );
        assert!(text.contains("Master\\u{1b}]8;;http://x\\u{7}Coordinator"));
    }

    #[test]
    fn colour_only_when_asked() {
        let seed = include_str!("../../../tests/fixtures/marketing-registry.md");
        let plain = render(&[checked(seed, "s.md")], &Output { color: false });
        let coloured = render(&[checked(seed, "s.md")], &Output { color: true });
        assert!(!plain.contains('\u{1b}'));
        assert!(coloured.contains("\u{1b}["));
    }
}
