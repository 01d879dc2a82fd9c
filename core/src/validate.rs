//! The validation entry points: text or model in, a [`Report`] (findings plus consensus) out.

use crate::consensus;
use crate::diagnostic::{self, Diagnostic};
use crate::model::Registry;
use crate::parse::markdown::split_lines;
use crate::parse::parse_registry;
use crate::report::Report;
use crate::rules;
use crate::text::escape_controls;
use std::borrow::Cow;

/// What the registration journal records; when set, it counts even if the file's box is unticked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attestations {
    /// Who confirmed the registry as orchestrator ("orchestrator confirms" holds).
    pub confirmed_by: Option<String>,
    /// Who approved the registry as human ("human approves" holds).
    pub approved_by: Option<String>,
    /// Whether the sessions were activated (needed for state `active`).
    pub activated: bool,
}

/// How to validate: where the text came from, the required count, and the journal's attestations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidateOptions {
    /// Shown as the report's `path` (`-` for stdin).
    pub path: Option<String>,
    /// Overrides the file's `**Required**` count.
    pub required: Option<u32>,
    /// What the registration journal attests.
    pub attestations: Attestations,
}

/// The required count: the option, else the file's `**Required**`, else the number of sessions.
fn required_of(registry: &Registry, options: &ValidateOptions) -> u32 {
    options
        .required
        .or(registry.required)
        .unwrap_or_else(|| u32::try_from(registry.sessions.len()).unwrap_or(u32::MAX))
}

/// Runs every rule after `findings` (parser diagnostics), sorts, and computes the consensus.
fn run(
    registry: &Registry,
    text: Option<&str>,
    options: &ValidateOptions,
    mut findings: Vec<Diagnostic>,
) -> Report {
    let required = required_of(registry, options);
    rules::run_all(
        registry,
        required,
        text,
        &options.attestations,
        &mut findings,
    );
    findings.iter_mut().for_each(escape_texts);
    diagnostic::sort(&mut findings);
    let consensus = consensus::compute(registry, required, &findings, &options.attestations);
    Report {
        path: options.path.clone(),
        diagnostics: findings,
        consensus,
    }
}

/// Escapes control characters in a finding's message, related notes and help, whatever produced
/// it, so no output can carry them raw (the fix's replacement text is the file and stays as is).
fn escape_texts(d: &mut Diagnostic) {
    let escape = |text: &mut String| {
        if let Cow::Owned(clean) = escape_controls(text) {
            *text = clean;
        }
    };
    escape(&mut d.message);
    d.related.iter_mut().for_each(|r| escape(&mut r.message));
    if let Some(help) = d.help.as_mut() {
        escape(help);
    }
}

/// Runs every rule on a registry model and computes the consensus (no text: no mojibake check,
/// no columns).
pub fn validate_registry(registry: &Registry, options: &ValidateOptions) -> Report {
    run(registry, None, options, Vec::new())
}

/// Parses `text` (markdown or registry JSON, mojibake repaired), runs every rule, and computes the
/// consensus. `Err` only when the text is not a registry at all (empty, binary, unrelated).
// The error is the one diagnostic type, as `parse_registry` returns it; it is rare and not boxed.
#[allow(clippy::result_large_err)]
pub fn validate(text: &str, options: &ValidateOptions) -> Result<Report, Diagnostic> {
    let parsed = parse_registry(text)?;
    let mut report = run(&parsed.registry, Some(text), options, parsed.diagnostics);
    if !is_json(text) {
        add_columns(&mut report.diagnostics, text);
    }
    Ok(report)
}

/// True when the text is registry JSON (first non-blank character `{`): its findings carry the
/// lines recorded in the JSON (the markdown's), not lines of the JSON text.
pub fn is_json(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
}

/// Gives each finding with a line but no column the column of that line's first visible character.
fn add_columns(findings: &mut [Diagnostic], text: &str) {
    if findings
        .iter()
        .all(|d| d.line.is_none() || d.column.is_some())
    {
        return;
    }
    let lines = split_lines(text);
    for d in findings.iter_mut().filter(|d| d.column.is_none()) {
        let Some(line) = d.line.and_then(|l| lines.get((l as usize).checked_sub(1)?)) else {
            continue;
        };
        let indent = line.chars().take_while(|c| c.is_whitespace()).count();
        d.column = Some(u32::try_from(indent + 1).unwrap_or(1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::ConsensusState;

    const SEED: &str = include_str!("../../tests/fixtures/marketing-registry.md");
    const DAMAGED: &str = include_str!("../../tests/fixtures/marketing-registry.mojibake.txt");

    fn codes_lines(report: &Report) -> Vec<(&str, Option<u32>, Option<u32>)> {
        report
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.line, d.session))
            .collect()
    }

    #[test]
    fn seed_has_exactly_the_two_range_count_mismatches() {
        let report = validate(SEED, &ValidateOptions::default()).unwrap();
        assert_eq!(
            codes_lines(&report),
            [
                ("range-count-mismatch", Some(88), Some(5)),
                ("range-count-mismatch", Some(102), Some(6)),
            ]
        );
        let [five, six] = &report.diagnostics[..] else {
            unreachable!()
        };
        assert!(
            five.message.contains("counts 17") && five.message.contains("holds 16"),
            "{}",
            five.message
        );
        assert!(
            six.message.contains("counts 16") && six.message.contains("holds 17"),
            "{}",
            six.message
        );
        assert_eq!(five.column, Some(3));
        assert!(!report.has_errors());
    }

    #[test]
    fn seed_consensus_is_registering_with_six_unclaimed_checks() {
        let c = validate(SEED, &ValidateOptions::default())
            .unwrap()
            .consensus;
        assert_eq!(
            (c.required, c.registered, c.reached, c.state),
            (12, 0, false, ConsensusState::Registering)
        );
        let ids: Vec<&str> = c.checks.iter().map(|k| k.id.as_str()).collect();
        assert_eq!(ids, consensus::CHECK_IDS);
        assert!(c.checks.iter().all(|k| k.claimed == Some(false)));
        let lines: Vec<Option<u32>> = c.checks.iter().map(|k| k.line).collect();
        assert_eq!(lines, [222, 223, 224, 225, 226, 227].map(Some));
        assert_eq!(
            c.checks[0].text,
            "All 12 sessions registered with unique numbers"
        );
        assert!(!c.checks[0].holds && c.checks[1].holds);
        assert!(!c.checks[4].holds && !c.checks[5].holds);
    }

    #[test]
    fn mojibake_seed_adds_one_warning_with_the_repair_and_no_error() {
        let report = validate(DAMAGED, &ValidateOptions::default()).unwrap();
        let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        assert_eq!(
            sorted,
            ["mojibake", "range-count-mismatch", "range-count-mismatch"]
        );
        let moji = report
            .diagnostics
            .iter()
            .find(|d| d.code == "mojibake")
            .unwrap();
        assert_eq!(moji.fix.as_ref().unwrap().replacement, SEED);
        assert!(!report.has_errors());
    }

    #[test]
    fn required_option_overrides_the_file() {
        let options = ValidateOptions {
            required: Some(11),
            ..Default::default()
        };
        let report = validate(SEED, &options).unwrap();
        assert_eq!(report.consensus.required, 11);
        let out: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.code == "number-out-of-range")
            .collect();
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].session, Some(12));
    }

    #[test]
    fn journal_attestations_confirm_and_approve() {
        let done = SEED.replace("⏳ PENDING REGISTRATION", "✅ REGISTERED");
        let options = ValidateOptions {
            attestations: Attestations {
                confirmed_by: Some("marketing-orchestrator".into()),
                approved_by: Some("human".into()),
                activated: true,
            },
            ..Default::default()
        };
        let report = validate(&done, &options).unwrap();
        let c = &report.consensus;
        assert_eq!(
            (c.registered, c.reached, c.state),
            (12, true, ConsensusState::Active)
        );
        assert!(c.checks.iter().all(|k| k.holds && k.claimed == Some(false)));
        let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "range-count-mismatch",
                "range-count-mismatch",
                "summary-mismatch"
            ]
        );
    }

    #[test]
    fn classic_mac_line_endings_keep_lines_and_columns() {
        let report = validate(&SEED.replace('\n', "\r"), &ValidateOptions::default()).unwrap();
        let places: Vec<_> = report
            .diagnostics
            .iter()
            .map(|d| (d.line, d.column))
            .collect();
        assert_eq!(places, [(Some(88), Some(3)), (Some(102), Some(3))]);
    }

    #[test]
    fn registry_json_findings_keep_the_recorded_lines_without_columns() {
        let registry = parse_registry(SEED).unwrap().registry;
        let json = crate::registry_to_json(&registry);
        assert!(is_json(&json));
        let report = validate(&json, &ValidateOptions::default()).unwrap();
        let places: Vec<_> = report
            .diagnostics
            .iter()
            .map(|d| (d.line, d.column))
            .collect();
        assert_eq!(places, [(Some(88), None), (Some(102), None)]);
    }

    #[test]
    fn no_finding_carries_a_raw_control_character() {
        let mut d = Diagnostic::error("x-y", "a\u{1b}[2J").with_help("h\u{7}");
        d = d.with_related(1, "r\u{9b}");
        escape_texts(&mut d);
        assert_eq!(
            (d.message.as_str(), d.help.as_deref()),
            ("a\\u{1b}[2J", Some("h\\u{7}"))
        );
        assert_eq!(d.related[0].message, "r\\u{9b}");
    }

    #[test]
    fn not_a_registry_is_an_error() {
        assert!(validate("", &ValidateOptions::default()).is_err());
        assert!(validate("hello\0world", &ValidateOptions::default()).is_err());
    }

    #[test]
    fn model_validation_has_no_columns() {
        let parsed = parse_registry(SEED).unwrap();
        let report = validate_registry(&parsed.registry, &ValidateOptions::default());
        assert_eq!(report.diagnostics.len(), 2);
        assert!(report.diagnostics.iter().all(|d| d.column.is_none()));
    }
}
