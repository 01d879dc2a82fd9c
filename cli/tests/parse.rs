//! `rollcall parse`: the real binary on the seed and the hostile fixtures.
#![allow(clippy::unwrap_used)]

use serde::Deserialize;
use std::path::Path;
use std::process::Output;
use support::{fixture_path as fixture, run_with_stdin, stderr};

mod support;

/// The documented `parse --format json` shape; unknown keys fail the test.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Summary {
    title: String,
    required: Option<u32>,
    sessions: Vec<SessionRow>,
    checklist: Vec<Item>,
    stated_registered: Option<u32>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct SessionRow {
    number: Option<u32>,
    role: Option<String>,
    goal: Option<String>,
    session_id: Option<String>,
    status: Option<String>,
    line: u32,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Item {
    text: String,
    checked: bool,
    line: u32,
}

/// Runs rollcall in a fresh temp folder with a controlled environment.
fn rollcall(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let dir = tempfile::tempdir().unwrap();
    run_with_stdin(support::clean(dir.path()).args(args), stdin)
}

fn parse_json(path: &Path) -> (Summary, String) {
    let out = rollcall(&["parse", path.to_str().unwrap(), "--format", "json"], None);
    support::assert_exit(&out, 0);
    let summary = serde_json::from_slice(&out.stdout).unwrap();
    (summary, String::from_utf8(out.stderr).unwrap())
}

#[test]
fn seed_parses_to_twelve_sessions_as_json() {
    let (summary, err) = parse_json(&fixture("marketing-registry.md"));
    assert_eq!(err, "");
    assert_eq!(
        summary.title,
        "Session Identity Registry - Universal Consensus"
    );
    assert_eq!(
        (summary.required, summary.stated_registered),
        (Some(12), Some(0))
    );
    let numbers: Vec<_> = summary.sessions.iter().map(|s| s.number).collect();
    assert_eq!(numbers, (1..=12).map(Some).collect::<Vec<_>>());
    let four = &summary.sessions[3];
    assert_eq!(four.session_id.as_deref(), Some("marketing-outreach-1"));
    assert_eq!(four.status.as_deref(), Some("pending"));
    assert_eq!(four.line, 68);
    assert!(summary
        .sessions
        .iter()
        .all(|s| s.role.is_some() && s.goal.is_some()));
    assert_eq!(summary.checklist.len(), 6);
    assert!(summary.checklist.iter().all(|i| !i.checked));
    assert_eq!(summary.checklist[0].line, 222);
}

#[test]
fn stdin_dash_reads_standard_input() {
    let seed = std::fs::read(fixture("marketing-registry.md")).unwrap();
    let out = rollcall(&["parse", "-", "--format", "json"], Some(&seed));
    assert_eq!(out.status.code(), Some(0));
    let summary: Summary = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary, parse_json(&fixture("marketing-registry.md")).0);
}

#[test]
fn human_format_is_an_aligned_uncoloured_table() {
    let path = fixture("marketing-registry.md");
    let out = rollcall(&["parse", path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\u{1b}'), "no colour without a TTY");
    let lines: Vec<&str> = text.lines().collect();
    let header = lines.iter().position(|l| l.starts_with("LINE")).unwrap();
    let rows = &lines[header + 1..header + 13];
    let column = lines[header].find("SESSION_ID").unwrap();
    for (row, n) in rows.iter().zip(1..) {
        assert!(row.contains(&format!(" {n}  pending")), "{row}");
        assert_eq!(row.find("marketing-"), Some(column), "{row}");
    }
    assert!(text.contains("[ ] Human approves final registry"));
}

#[test]
fn colour_only_when_asked_and_never_in_json() {
    let path = fixture("hostile/html-in-fields.md");
    let path = path.to_str().unwrap();
    let out = rollcall(&["parse", path, "--color", "always"], None);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("\u{1b}[1m\u{1b}[32mregistered\u{1b}[0m"),
        "{text:?}"
    );
    let json = rollcall(
        &["parse", path, "--format", "json", "--color", "always"],
        None,
    );
    assert!(!json.stdout.contains(&0x1b));
    serde_json::from_slice::<Summary>(&json.stdout).unwrap();
}

#[test]
fn crlf_bom_and_cr_only_copies_give_the_seed_summary() {
    let seed = parse_json(&fixture("marketing-registry.md")).0;
    for name in ["hostile/crlf-bom.md", "hostile/cr-only.md"] {
        let (copy, err) = parse_json(&fixture(name));
        assert_eq!(err, "", "{name}");
        assert_eq!(copy, seed, "{name}");
    }
}

#[test]
fn mojibake_is_read_repaired_with_a_warning() {
    let (summary, err) = parse_json(&fixture("marketing-registry.mojibake.txt"));
    assert_eq!(summary, parse_json(&fixture("marketing-registry.md")).0);
    assert!(
        err.contains("marketing-registry.mojibake.txt:23: warning[mojibake]"),
        "{err}"
    );
}

#[test]
fn html_and_shell_characters_come_out_verbatim() {
    let (summary, _) = parse_json(&fixture("hostile/html-in-fields.md"));
    assert_eq!(
        summary.sessions[0].session_id.as_deref(),
        Some("orchestrator\"><svg onload=alert(2)>")
    );
    assert_eq!(
        summary.sessions[1].role.as_deref(),
        Some("Writer with \\backslashes\\ and $HOME and $(rm -rf /) and `id`")
    );
    assert_eq!(
        summary.sessions[1].session_id.as_deref(),
        Some("../../etc/passwd")
    );
    assert_eq!(summary.sessions[2].status.as_deref(), Some("registered"));
}

#[test]
fn ten_thousand_character_lines_parse() {
    let (summary, _) = parse_json(&fixture("hostile/long-line.md"));
    assert!(summary.sessions[0].goal.as_ref().unwrap().len() >= 10_000);
    assert_eq!(summary.sessions[1].role.as_ref().unwrap().len(), 10_000);
}

#[test]
fn missing_fields_are_null_and_stray_bullets_warn() {
    let (summary, err) = parse_json(&fixture("hostile/missing-and-unknown-fields.md"));
    assert_eq!(summary.sessions.len(), 4);
    assert_eq!(
        summary.sessions[1].number,
        Some(2),
        "falls back to the heading number"
    );
    assert_eq!(summary.sessions[2].role, None);
    assert_eq!(
        summary.sessions[2].status.as_deref(),
        Some("🤷 THINKING ABOUT IT")
    );
    assert_eq!(summary.sessions[3].number, None);
    assert!(
        err.contains("missing-and-unknown-fields.md:21: warning[malformed-field]"),
        "{err}"
    );
}

#[test]
fn extra_blank_lines_and_key_variants_parse() {
    let (summary, err) = parse_json(&fixture("hostile/extra-blank-lines.md"));
    assert_eq!(err, "");
    assert_eq!(summary.sessions.len(), 3);
    assert!(summary
        .sessions
        .iter()
        .all(|s| s.number.is_some() && s.session_id.is_some()));
    assert_eq!(summary.stated_registered, Some(2));
}

#[test]
fn unusable_inputs_fail_with_one_line_naming_file_and_line() {
    let cases = [
        ("hostile/empty.md", ":1: the input is empty"),
        ("hostile/json-array.json", ":1: the input is a JSON array"),
        ("hostile/not-a-registry.md", ":1: no `# ... Registry` title"),
        ("hostile/nul-byte.md", ":5: contains a NUL byte"),
        ("hostile/not-utf8.md", ":3: not valid UTF-8"),
        ("hostile/broken.json", ":3:1: not a valid registry.json"),
        ("does-not-exist.md", "cannot read"),
    ];
    for (name, expected) in cases {
        let path = fixture(name);
        let out = rollcall(&["parse", path.to_str().unwrap(), "--format", "json"], None);
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert!(out.stdout.is_empty(), "{name}");
        let err = stderr(&out);
        let first = err.lines().next().unwrap();
        assert!(first.starts_with("rollcall: "), "{name}: {err}");
        assert!(
            first.contains(name) && first.contains(expected),
            "{name}: {err}"
        );
        assert!(
            err.lines().nth(1).unwrap().starts_with("hint: "),
            "{name}: {err}"
        );
    }
}

#[test]
fn registry_format_is_lossless_registry_json() {
    let path = fixture("marketing-registry.md");
    let out = rollcall(
        &["parse", path.to_str().unwrap(), "--format", "registry"],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["sessions"].as_array().unwrap().len(), 12);
    assert_eq!(json["sessions"][0]["fields"][1]["key"], "ROLE");
    assert_eq!(json["blocks"][0]["kind"], "title");
}
