//! `rollcall doctor` end to end: each kind of problem in a real folder is found with a `help`
//! saying what to run, following that help makes the folder clean (exit 0), and JSON output is
//! the documented report.

#![allow(clippy::unwrap_used)]

mod legacy_util;
mod support;

use legacy_util::{expected, Folder, ReadOnly};
use serde::Deserialize;
use std::fs;
use std::time::{Duration, SystemTime};
use support::describe;

#[derive(Debug, Deserialize)]
struct Report {
    findings: Vec<Finding>,
    errors: usize,
    warnings: usize,
    clean: bool,
}

#[derive(Debug, Deserialize)]
struct Finding {
    file: Option<String>,
    code: String,
    severity: String,
    line: Option<u32>,
    help: Option<String>,
}

fn doctor(folder: &Folder) -> (Report, std::process::Output) {
    let out = folder.run(&["doctor", "--json"]);
    let report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not the JSON report: {e}\n{}", describe(&out)));
    (report, out)
}

fn with_code<'a>(r: &'a Report, code: &str) -> Vec<&'a Finding> {
    r.findings.iter().filter(|f| f.code == code).collect()
}

#[test]
fn legacy_folder_shows_every_problem_with_what_to_run() {
    let folder = Folder::legacy();
    let before = folder.snapshot();
    let (report, out) = doctor(&folder);
    assert_eq!(out.status.code(), Some(1), "{}", describe(&out));
    assert_eq!(folder.snapshot(), before, "doctor only reads");
    let c = &expected()["counts"];
    let invalid = with_code(&report, "doctor-invalid-message");
    assert_eq!(invalid.len() as u64, c["repaired"].as_u64().unwrap());
    assert!(invalid
        .iter()
        .all(|f| f.help.as_deref().unwrap().contains("rollcall import")));
    let lost = with_code(&report, "doctor-unrecoverable-message");
    assert_eq!(lost.len() as u64, c["unrecoverable"].as_u64().unwrap());
    assert!(lost
        .iter()
        .all(|f| f.severity == "error" && f.file.is_some()));
    assert_eq!(with_code(&report, "doctor-stale-current-session").len(), 1);
    let temp = with_code(&report, "doctor-temp-file");
    assert_eq!(temp.len(), 1);
    assert!(temp[0]
        .help
        .as_deref()
        .unwrap()
        .contains("rollcall doctor --fix"));
    assert_eq!(with_code(&report, "doctor-not-imported").len(), 1);
    assert!(
        report.findings.iter().all(|f| f.help.is_some()),
        "every finding says what to do"
    );
    assert!(!report.clean);
    assert_eq!(report.errors + report.warnings, report.findings.len());
}

#[test]
fn following_the_help_makes_the_folder_clean() {
    let folder = Folder::legacy();
    let import = folder.run(&["import"]);
    assert_ne!(import.status.code(), Some(2), "{}", describe(&import));
    for e in expected()["messages"].as_array().unwrap() {
        if e["outcome"] == "unrecoverable" {
            fs::remove_file(folder.path(e["path"].as_str().unwrap())).unwrap();
        }
    }
    fs::remove_file(
        folder
            .path("messages/broadcast/.2025-11-16_09-30-00-marketing-orchestrator.json.4242.0.tmp"),
    )
    .unwrap();
    fs::write(folder.path(".current_session"), "marketing-orchestrator\n").unwrap();
    let (report, out) = doctor(&folder);
    assert!(report.clean, "{:#?}", report.findings);
    assert_eq!(out.status.code(), Some(0));
    let human = folder.run(&["doctor"]);
    assert!(String::from_utf8_lossy(&human.stdout).contains("looks healthy"));
}

#[test]
fn hand_edited_markdown_is_journal_drift() {
    let folder = Folder::legacy();
    folder.run(&["import"]);
    let md = folder.path("SESSION_IDENTITY_REGISTRY.md");
    let text = fs::read_to_string(&md).unwrap();
    let edited = text.replacen("- **NUMBER**: 4", "- **NUMBER**: 14", 1);
    assert_ne!(text, edited);
    fs::write(&md, &edited).unwrap();
    let (report, _) = doctor(&folder);
    let drift = with_code(&report, "doctor-journal-drift");
    assert_eq!(drift.len(), 1, "{:#?}", report.findings);
    let line = edited
        .lines()
        .position(|l| l.contains("**NUMBER**: 14"))
        .unwrap() as u32
        + 1;
    assert_eq!(drift[0].line, Some(line));
}

#[test]
fn missing_folders_are_reported() {
    let folder = Folder::empty();
    let (report, out) = doctor(&folder);
    assert_eq!(out.status.code(), Some(1));
    let missing = with_code(&report, "doctor-missing-folder");
    assert_eq!(missing.len(), 3, "{:#?}", report.findings);
    assert!(missing
        .iter()
        .all(|f| f.help.as_deref().unwrap().contains("mkdir -p")));
}

#[test]
fn file_where_a_folder_belongs_is_an_error_not_a_crash() {
    let folder = Folder::legacy();
    let direct = folder.path("messages/direct");
    fs::remove_dir_all(&direct).unwrap();
    fs::write(&direct, b"x").unwrap();
    let (report, out) = doctor(&folder);
    assert_eq!(out.status.code(), Some(1), "{}", describe(&out));
    let f = with_code(&report, "doctor-not-a-folder");
    assert_eq!(f[0].file.as_deref(), Some("messages/direct"));
    assert_eq!(f[0].severity, "error");
}

#[test]
fn current_session_older_than_newest_message_is_stale() {
    let folder = Folder::empty();
    let broadcast = folder.path("messages/broadcast");
    fs::create_dir_all(&broadcast).unwrap();
    fs::create_dir_all(folder.path("messages/direct")).unwrap();
    fs::write(
        folder.path("claude_sessions.json"),
        r#"{"1": {"session_id": "s-1"}}"#,
    )
    .unwrap();
    let current = folder.path(".current_session");
    fs::write(&current, "s-1\n").unwrap();
    let message = broadcast.join("m.json");
    fs::write(
        &message,
        r#"{"from":"s-1","to":"broadcast","timestamp":"t","subject":"s","message":"m"}"#,
    )
    .unwrap();
    let now = SystemTime::now();
    let set = |path: &std::path::Path, t: SystemTime| {
        fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(t)
            .unwrap();
    };
    set(&current, now - Duration::from_secs(3600));
    set(&message, now);
    let (report, _) = doctor(&folder);
    assert!(
        with_code(&report, "doctor-stale-current-session").is_empty(),
        "1 hour is not stale"
    );
    set(&current, now - Duration::from_secs(49 * 3600));
    let (report, _) = doctor(&folder);
    assert_eq!(
        with_code(&report, "doctor-stale-current-session").len(),
        1,
        "{:#?}",
        report.findings
    );
    fs::write(&current, "someone-else\n").unwrap();
    let (report, _) = doctor(&folder);
    assert_eq!(with_code(&report, "doctor-stale-current-session").len(), 1);
}

#[test]
fn unwritable_folder_is_a_permission_finding() {
    let folder = Folder::legacy();
    let (report, out) = {
        let _guard = ReadOnly::folders(&folder.path("messages/broadcast"));
        doctor(&folder)
    };
    assert_eq!(out.status.code(), Some(1));
    let f = with_code(&report, "doctor-not-writable");
    assert_eq!(f.len(), 1, "{:#?}", report.findings);
    assert_eq!(f[0].file.as_deref(), Some("messages/broadcast"));
    assert_eq!(f[0].severity, "error");
}

#[test]
fn github_format_annotates_each_finding_with_its_file() {
    let folder = Folder::legacy();
    let out = folder.run(&["doctor", "--format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let (json, _) = doctor(&folder);
    assert_eq!(stdout.lines().count(), json.findings.len());
    assert!(stdout
        .lines()
        .all(|l| l.starts_with("::error ") || l.starts_with("::warning ")));
    let tmp = stdout
        .lines()
        .find(|l| l.contains("title=doctor-temp-file"))
        .unwrap();
    assert!(
        tmp.contains("file=") && tmp.contains(".4242.0.tmp"),
        "{tmp}"
    );
}

#[test]
fn control_characters_from_the_folder_never_reach_the_terminal() {
    let folder = Folder::legacy();
    fs::write(folder.path(".current_session"), "evil\u{1b}]0;pwned\u{7}\n").unwrap();
    let out = folder.run(&["doctor"]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("doctor-stale-current-session"), "{stdout}");
    assert!(
        !stdout.contains('\u{1b}') && !stdout.contains('\u{7}'),
        "{stdout:?}"
    );
}
