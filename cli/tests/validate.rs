//! `rollcall validate` end to end: the real binary in a temp folder with a controlled environment;
//! stdout, stderr and exit code asserted; JSON parsed into typed structs (the documented contract).

#![allow(clippy::unwrap_used)]

use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use support::{run_with_stdin, stderr, stdout};

mod support;

/// The JSON contract of one report, as README.md documents it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Report {
    path: Option<String>,
    diagnostics: Vec<Finding>,
    consensus: Consensus,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Finding {
    code: String,
    severity: String,
    message: String,
    line: Option<u32>,
    column: Option<u32>,
    session: Option<u32>,
    related: Vec<Related>,
    help: Option<String>,
    fix: Option<Fix>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Related {
    line: u32,
    message: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Fix {
    title: String,
    replacement: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Consensus {
    required: u32,
    registered: u32,
    reached: bool,
    state: String,
    checks: Vec<Check>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Check {
    id: String,
    text: String,
    holds: bool,
    claimed: Option<bool>,
    line: Option<u32>,
}

fn fixtures() -> PathBuf {
    support::fixtures_dir()
}

fn seed_text() -> String {
    support::SEED.to_string()
}

/// Runs `rollcall` in `dir` with an empty environment (`NO_COLOR=1` only) and optional stdin.
fn run_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rollcall"));
    cmd.args(args)
        .current_dir(dir)
        .env_clear()
        .env("NO_COLOR", "1");
    run_with_stdin(&mut cmd, stdin)
}

fn run(args: &[&str]) -> Output {
    run_in(&fixtures(), args, None)
}

fn json_report(out: &Output) -> Report {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(out)))
}

#[test]
fn seed_json_has_exactly_two_range_count_mismatches_and_registering_consensus() {
    let out = run(&["validate", "marketing-registry.md", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let report = json_report(&out);
    assert_eq!(report.path.as_deref(), Some("marketing-registry.md"));
    let found: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.code.as_str(),
                d.severity.as_str(),
                d.line,
                d.column,
                d.session,
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "range-count-mismatch",
                "warning",
                Some(88),
                Some(3),
                Some(5)
            ),
            (
                "range-count-mismatch",
                "warning",
                Some(102),
                Some(3),
                Some(6)
            ),
        ]
    );
    let five = &report.diagnostics[0];
    assert_eq!(five.related[0].line, 85);
    assert!(five.related[0].message.contains("17"));
    assert!(five.message.contains("17") && five.message.contains("16"));
    assert!(five.help.is_some() && five.fix.is_none());

    let c = &report.consensus;
    assert_eq!(
        (c.required, c.registered, c.reached, c.state.as_str()),
        (12, 0, false, "registering")
    );
    let checks: Vec<_> = c
        .checks
        .iter()
        .map(|k| (k.id.as_str(), k.claimed, k.line))
        .collect();
    assert_eq!(
        checks,
        [
            ("all-registered", Some(false), Some(222)),
            ("no-duplicate-numbers", Some(false), Some(223)),
            ("roles-defined", Some(false), Some(224)),
            ("goals-measurable", Some(false), Some(225)),
            ("orchestrator-confirms", Some(false), Some(226)),
            ("human-approves", Some(false), Some(227)),
        ]
    );
    assert_eq!(
        c.checks[0].text,
        "All 12 sessions registered with unique numbers"
    );
    assert!(!c.checks[0].holds);
}

#[test]
fn mojibake_seed_warns_once_with_the_repaired_text_and_no_error() {
    let out = run(&[
        "validate",
        "marketing-registry.mojibake.txt",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let report = json_report(&out);
    let mut codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
    codes.sort_unstable();
    assert_eq!(
        codes,
        ["mojibake", "range-count-mismatch", "range-count-mismatch"]
    );
    assert!(report.diagnostics.iter().all(|d| d.severity == "warning"));
    let fix = report
        .diagnostics
        .iter()
        .find_map(|d| d.fix.as_ref())
        .unwrap();
    assert_eq!(fix.replacement, seed_text());
    assert!(!fix.title.is_empty());
}

#[test]
fn seed_human_output_shows_findings_summary_and_consensus() {
    let out = run(&["validate", "marketing-registry.md"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.starts_with(
        "marketing-registry.md:88:3: warning[range-count-mismatch]: session 5's GOAL counts 17 but its range prospects 18-33 holds 16\n  88 |   - Personalize emails for prospects 18-33\n"
    ), "{text}");
    assert!(text.contains("marketing-registry.md: 0 errors, 2 warnings\n"));
    assert!(text.contains("Registered 0/12\n"));
    assert!(
        text.contains("  ✗ All 12 sessions registered with unique numbers  file: [ ] (line 222)\n")
    );
    assert!(
        text.contains("  ✓ No duplicate numbers claimed                    file: [ ] (line 223)\n")
    );
    assert!(text
        .ends_with("Verdict: consensus not reached (registering: 0 of 12 sessions registered)\n"));
    assert!(!text.contains('\u{1b}'), "NO_COLOR output has no escapes");
}

/// (fixture, codes it must produce exactly, sorted)
const RULE_FIXTURES: &[(&str, &[&str])] = &[
    ("control-character", &["control-character"]),
    ("duplicate-number", &["duplicate-number"]),
    ("duplicate-role", &["duplicate-role"]),
    ("duplicate-session-id", &["duplicate-session-id"]),
    ("invalid-number", &["invalid-number"]),
    ("invalid-status", &["invalid-status", "summary-mismatch"]),
    ("missing-amount", &["missing-amount"]),
    ("missing-field", &["missing-field"]),
    ("mojibake", &["mojibake"]),
    ("no-orchestrator", &["no-orchestrator"]),
    ("number-out-of-range", &["number-out-of-range"]),
    ("range-count-mismatch", &["range-count-mismatch"]),
    ("range-gap", &["range-gap"]),
    ("range-overlap", &["range-overlap"]),
    (
        "summary-mismatch",
        &["summary-mismatch", "summary-mismatch"],
    ),
    ("unmeasurable-goal", &["unmeasurable-goal"]),
];

#[test]
fn every_rule_fixture_fails_with_its_code_and_the_right_exit() {
    let dir = fixtures().join("rules");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n != "clean.md")
        .collect();
    on_disk.sort();
    let listed: Vec<String> = RULE_FIXTURES
        .iter()
        .map(|(n, _)| format!("{n}.md"))
        .collect();
    assert_eq!(on_disk, listed, "one fixture per rule");
    for (name, expected) in RULE_FIXTURES {
        let file = format!("rules/{name}.md");
        let out = run(&["validate", &file, "--format", "json"]);
        let report = json_report(&out);
        let mut codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
        codes.sort_unstable();
        assert_eq!(&codes, expected, "{name}");
        let errors = report.diagnostics.iter().any(|d| d.severity == "error");
        assert_eq!(
            out.status.code(),
            Some(if errors { 1 } else { 0 }),
            "{name}"
        );
        if errors {
            assert_eq!(report.consensus.state, "conflicts", "{name}");
            assert!(!report.consensus.reached);
        }
        let main = report.diagnostics.iter().find(|d| &d.code == name).unwrap();
        assert!(
            main.line.is_some() && main.help.is_some(),
            "{name}: {main:?}"
        );
    }
}

#[test]
fn clean_fixture_passes_and_awaits_confirmation() {
    let out = run(&["validate", "rules/clean.md", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let report = json_report(&out);
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let c = &report.consensus;
    assert_eq!(
        (c.registered, c.state.as_str(), c.reached),
        (3, "awaiting-confirmation", false)
    );
    let holds: Vec<bool> = c.checks.iter().map(|k| k.holds).collect();
    assert_eq!(holds, [true, true, true, true, false, false]);
}

#[test]
fn duplicate_number_points_at_both_claims_and_lists_free_numbers() {
    let out = run(&["validate", "rules/duplicate-number.md", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let d = &json_report(&out).diagnostics[0];
    assert_eq!((d.line, d.session), (Some(37), Some(2)));
    assert_eq!(d.related[0].line, 24);
    assert!(
        d.message.contains("registered first (earliest TIMESTAMP)"),
        "{}",
        d.message
    );
    assert!(d.help.as_deref().unwrap().ends_with("free number: 3"));
}

#[test]
fn several_files_give_an_array_and_a_bad_file_exits_2_after_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("seed.md"), seed_text()).unwrap();
    std::fs::write(dir.path().join("binary.md"), b"# Registry\n\0\x01").unwrap();
    std::fs::write(dir.path().join("prose.md"), "just some notes\n").unwrap();
    let out = run_in(
        dir.path(),
        &[
            "validate",
            "binary.md",
            "missing.md",
            "prose.md",
            "seed.md",
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let reports: Vec<Report> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].path.as_deref(), Some("seed.md"));
    let err = stderr(&out);
    assert!(
        err.contains("rollcall: binary.md:2: contains a NUL byte"),
        "{err}"
    );
    assert!(err.contains("rollcall: cannot read missing.md"), "{err}");
    assert!(err.contains("rollcall: prose.md"), "{err}");
    assert!(err.contains("hint:"), "{err}");
}

#[test]
fn folder_input_finds_the_registry_in_docs_coordination() {
    let dir = tempfile::tempdir().unwrap();
    let coord = dir.path().join("docs/coordination");
    std::fs::create_dir_all(&coord).unwrap();
    std::fs::write(coord.join("SESSION_IDENTITY_REGISTRY.md"), seed_text()).unwrap();
    let out = run_in(dir.path(), &["validate", "--format", "json"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = json_report(&out);
    assert_eq!(
        report.path.as_deref(),
        Some("./docs/coordination/SESSION_IDENTITY_REGISTRY.md")
    );
    assert_eq!(report.diagnostics.len(), 2);

    let deep = dir.path().join("src/deep");
    std::fs::create_dir_all(&deep).unwrap();
    let out = run_in(&deep, &["validate", "--format", "json"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let found = json_report(&out).path.unwrap();
    assert!(
        found.ends_with("docs/coordination/SESSION_IDENTITY_REGISTRY.md"),
        "{found}"
    );

    let empty = tempfile::tempdir().unwrap();
    let out = run_in(empty.path(), &["validate", "."], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no registry found"));
    assert_eq!(stdout(&out), "");
}

#[test]
fn stdin_crlf_and_bom_give_the_same_findings() {
    let text = format!("\u{feff}{}", seed_text().replace('\n', "\r\n"));
    let out = run_in(
        &fixtures(),
        &["validate", "-", "--format", "json"],
        Some(text.as_bytes()),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = json_report(&out);
    assert_eq!(report.path.as_deref(), Some("-"));
    let lines: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.line))
        .collect();
    assert_eq!(
        lines,
        [
            ("range-count-mismatch", Some(88)),
            ("range-count-mismatch", Some(102))
        ]
    );
}

#[test]
fn registry_json_gives_the_same_findings() {
    let registry = rollcall_core::parse_registry(&seed_text())
        .unwrap()
        .registry;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("registry.json"),
        rollcall_core::registry_to_json(&registry),
    )
    .unwrap();
    let out = run_in(dir.path(), &["validate", ".", "--format", "json"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = json_report(&out);
    let codes: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.session))
        .collect();
    assert_eq!(
        codes,
        [
            ("range-count-mismatch", Some(5)),
            ("range-count-mismatch", Some(6))
        ]
    );
    assert_eq!(report.consensus.required, 12);
}

#[test]
fn required_option_overrides_the_file() {
    let out = run(&[
        "validate",
        "marketing-registry.md",
        "--required",
        "11",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let report = json_report(&out);
    assert_eq!(report.consensus.required, 11);
    assert_eq!(report.consensus.state, "conflicts");
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code == "number-out-of-range")
        .unwrap();
    assert_eq!((d.line, d.session), (Some(183), Some(12)));
}

#[test]
fn github_format_annotates_every_finding_escaped() {
    let out = run(&[
        "validate",
        "marketing-registry.md",
        "rules/control-character.md",
        "--format",
        "github",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].starts_with(
        "::warning file=marketing-registry.md,line=88,col=3,title=range-count-mismatch::session 5's GOAL counts 17"
    ));
    assert!(lines[0].contains("%0Ahelp: "));
    assert!(lines[2].starts_with(
        "::error file=rules/control-character.md,line=25,col=1,title=control-character::"
    ));
    assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'));
    assert!(lines[2].contains("\\u{1b}[2J"));
}

#[test]
fn control_characters_are_escaped_in_human_output_even_with_colour() {
    let out = run(&[
        "--color",
        "always",
        "validate",
        "rules/control-character.md",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("Writer AI\\u{1b}[2J\\u{1b}]8;;http://evil\\u{7} - Draft"),
        "{text}"
    );
    assert!(!text.contains("\u{1b}[2J") && !text.contains('\u{7}'));
}

#[test]
fn json_and_github_are_never_coloured() {
    for format in ["json", "github"] {
        let out = run(&[
            "--color",
            "always",
            "validate",
            "marketing-registry.md",
            "--format",
            format,
        ]);
        assert!(!stdout(&out).contains('\u{1b}'), "{format}");
    }
}

#[test]
fn bad_format_is_a_usage_error() {
    let out = run(&["validate", "marketing-registry.md", "--format", "xml"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "");
}

#[test]
fn human_output_of_two_files_is_exact() {
    let out = run(&[
        "validate",
        "rules/duplicate-number.md",
        "rules/missing-amount.md",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out), "");
    let expected = "rules/duplicate-number.md:37:1: error[duplicate-number]: number 2 is claimed twice: `book-writer-1` at line 24 registered first (earliest TIMESTAMP)
 37 | - **NUMBER**: 2
    = note: line 24: first claimed here
    = help: first registration wins; this session must pick a free number: 3

rules/duplicate-number.md: 1 error, 0 warnings

Registered 2/3
  ✗ All 3 sessions registered with unique numbers  file: [ ] (line 51)
  ✗ No duplicate numbers claimed                   file: [ ] (line 52)
  ✓ All roles clearly defined and accepted         file: [ ] (line 53)
  ✓ All goals measurable and committed to          file: [ ] (line 54)
  ✗ Orchestrator confirms no conflicts             file: [ ] (line 55)
  ✗ Human approves final registry                  file: [ ] (line 56)
Verdict: consensus not reached (conflicts: errors above must be fixed)

rules/missing-amount.md:13:1: warning[missing-amount]: `k MRR` in GOAL has no amount: a shell probably expanded `$1...` to nothing
 13 | - **GOAL**: Coordinate 3 sessions → k MRR
    = help: restore the figure (e.g. `$120k`) and pass amounts to shell scripts in single quotes

rules/missing-amount.md: 0 errors, 1 warning

Registered 3/3
  ✓ All 3 sessions registered with unique numbers  file: [ ] (line 51)
  ✓ No duplicate numbers claimed                   file: [ ] (line 52)
  ✓ All roles clearly defined and accepted         file: [ ] (line 53)
  ✓ All goals measurable and committed to          file: [ ] (line 54)
  ✗ Orchestrator confirms no conflicts             file: [ ] (line 55)
  ✗ Human approves final registry                  file: [ ] (line 56)
Verdict: consensus not reached (awaiting-confirmation: the orchestrator has not confirmed)
";
    assert_eq!(stdout(&out), expected);
}

/// Validates, in a temp folder, a registry of two sessions whose ROLEs are `first` and `second`,
/// and returns the duplicate-role findings of its JSON report.
fn duplicate_roles_of(first: &str, second: &str) -> Vec<Finding> {
    let session = |n: u32, title: &str, role: &str| {
        format!(
            "### Session #{n}: {title}\n- **NUMBER**: {n}\n- **ROLE**: {role}\n\
             - **GOAL**: Send 20 emails daily\n- **SESSION_ID**: {title}-{n}\n\
             - **STATUS**: ✅ REGISTERED\n\n"
        )
    };
    let text = format!(
        "# Session Identity Registry\n\n**Required**: All 2 sessions must register before activation\n\n{}{}",
        session(1, "lead", first),
        session(2, "twin", second)
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("registry.md"), text).unwrap();
    let out = run_in(
        dir.path(),
        &["validate", "registry.md", "--format", "json"],
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{first} / {second}: {}",
        stderr(&out)
    );
    json_report(&out)
        .diagnostics
        .into_iter()
        .filter(|d| d.code == "duplicate-role")
        .collect()
}

/// Asserts that the two roles, differing only by case, are reported once, at session 2's ROLE.
fn assert_one_duplicate_role(first: &str, second: &str) {
    let found = duplicate_roles_of(first, second);
    assert_eq!(found.len(), 1, "{first} / {second}: {found:?}");
    assert_eq!(found[0].session, Some(2));
    assert_eq!(found[0].line, Some(14));
    assert_eq!(found[0].related[0].line, 7);
    assert_eq!(found[0].message, "session 2 has the same ROLE as session 1");
}

#[test]
fn armenian_roles_differing_only_by_case_are_duplicates() {
    assert_one_duplicate_role("ԱՐՄԵՆ - Գրող", "արմեն - գրող");
}

#[test]
fn georgian_mtavruli_and_mkhedruli_roles_are_duplicates() {
    assert_one_duplicate_role("ᲥᲐᲠᲗᲣᲚᲘ ᲐᲒᲔᲜᲢᲘ", "ქართული აგენტი");
}

#[test]
fn fullwidth_latin_roles_differing_only_by_case_are_duplicates() {
    assert_one_duplicate_role("ＡＢＣ Ｗｒｉｔｅｒ", "ａｂｃ ｗｒｉｔｅｒ");
}

#[test]
fn dotted_capital_i_and_i_with_combining_dot_are_duplicates() {
    assert_one_duplicate_role("İstanbul Desk", "i\u{307}stanbul desk");
}

/// The clean fixture with one edit, validated from stdin as JSON.
fn validate_edited(edit: impl Fn(String) -> String) -> Report {
    let text = edit(String::from_utf8(support::fixture("rules/clean.md")).unwrap());
    let out = run_in(
        &fixtures(),
        &["validate", "-", "--format", "json"],
        Some(text.as_bytes()),
    );
    json_report(&out)
}

/// `(code, line)` of every finding.
fn codes_and_lines(report: &Report) -> Vec<(String, Option<u32>)> {
    let found = report.diagnostics.iter();
    found.map(|d| (d.code.clone(), d.line)).collect()
}

#[test]
fn heading_number_too_large_keeps_the_section_and_finds_the_duplicate() {
    let report = validate_edited(|text| {
        text.replace(
            "### Session #3: Writer B",
            "### Session #4294967296: Writer B",
        )
        .replacen("- **NUMBER**: 3", "- **NUMBER**: 2", 1)
    });
    let found = codes_and_lines(&report);
    assert!(
        found.contains(&("number-out-of-range".into(), Some(36))),
        "{found:?}"
    );
    assert!(
        found.iter().any(|(code, _)| code == "duplicate-number"),
        "{found:?}"
    );
    let heading = &report.diagnostics[0];
    assert_eq!(heading.column, Some(14));
}

#[test]
fn negative_heading_number_keeps_the_section() {
    let report = validate_edited(|text| text.replace("### Session #3:", "### Session #-1:"));
    let found = codes_and_lines(&report);
    assert_eq!(found, [("invalid-number".to_string(), Some(36))]);
}

#[test]
fn number_field_too_large_is_out_of_range_not_a_non_number() {
    let report =
        validate_edited(|text| text.replace("- **NUMBER**: 3", "- **NUMBER**: 4294967297"));
    let finding = &report.diagnostics[0];
    assert_eq!(finding.code, "number-out-of-range");
    assert!(
        finding.message.contains("4294967297, outside 1 to 3"),
        "{}",
        finding.message
    );
}

#[test]
fn thousands_of_identical_sessions_print_a_readable_report_and_json_keeps_every_finding() {
    let clean = String::from_utf8(support::fixture("rules/clean.md")).unwrap();
    let (start, end) = (
        clean.find("### Session #2").unwrap(),
        clean.find("### Session #3").unwrap(),
    );
    let copies = clean[start..end].repeat(3000);
    let text = format!("{}{copies}{}", &clean[..end], &clean[end..]);
    let human = run_in(&fixtures(), &["validate", "-"], Some(text.as_bytes()));
    let shown = stdout(&human);
    assert!(
        shown.len() < 100_000,
        "{} bytes of human output",
        shown.len()
    );
    assert!(
        shown.contains("… and 2980 more `duplicate-number` findings like those above"),
        "{shown}"
    );
    let json = json_report(&run_in(
        &fixtures(),
        &["validate", "-", "--format", "json"],
        Some(text.as_bytes()),
    ));
    let duplicates = json
        .diagnostics
        .iter()
        .filter(|d| d.code == "duplicate-number")
        .count();
    assert_eq!(duplicates, 3000);
}

#[test]
fn required_zero_is_a_usage_error_in_words() {
    let out = run(&["validate", "rules/clean.md", "--required", "0"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("from 1 up") && !err.contains("..="), "{err}");
}
