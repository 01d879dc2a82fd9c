//! Issue 15's "one consistent state" defects, each as a regression test named for it: a damaged
//! journal line refuses writes until `doctor --fix`, leftover temp files are removed, a markdown
//! left behind by a killed writer is re-rendered, and `doctor` is clean on what `init` made.

#![allow(clippy::unwrap_used)]

use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use support::{describe, stderr, stdout};

mod support;

temp_folder!(
    /// A coordination folder; `registered()` inits 3 slots with `orch`, `a`, `b` holding them.
    Team,
    "coordination"
);

impl Team {
    /// The folder with its three sessions registered.
    fn registered() -> Self {
        let team = Team::new();
        let ada = support::approver_arg(team.keys(), "Ada Human");
        team.ok(&[
            "init",
            "--sessions",
            "3",
            "--as",
            "orch",
            "--approver",
            &ada,
        ]);
        for (id, number, goal) in [
            ("orch", "1", "Coordinate 3 sessions to 100% agreement"),
            ("a", "2", "Write 3 posts weekly"),
            ("b", "3", "Write 4 posts weekly"),
        ] {
            let out = team.register(id, number, goal);
            assert_eq!(out.status.code(), Some(0), "{}", describe(&out));
        }
        team
    }

    fn register(&self, id: &str, number: &str, goal: &str) -> Output {
        self.run(&[
            "register",
            "--as",
            id,
            "--number",
            number,
            "--role",
            &format!("Role of {id}"),
            "--goal",
            goal,
        ])
    }

    /// Where approver keys are made: beside the coordination folder, never in it.
    fn keys(&self) -> &Path {
        self.dir.parent().unwrap()
    }

    /// `approve --by NAME`, signed with the approver's key by rollcall (`--key`).
    fn approve(&self, by: &str) -> Output {
        let (private, _) = support::approver_key(self.keys(), by);
        self.run(&["approve", "--by", by, "--key", private.to_str().unwrap()])
    }

    fn journal(&self) -> PathBuf {
        self.dir.join("registry.journal.jsonl")
    }

    fn markdown(&self) -> PathBuf {
        self.dir.join("SESSION_IDENTITY_REGISTRY.md")
    }

    fn files_named(&self, prefix: &str) -> Vec<PathBuf> {
        let mut found: Vec<PathBuf> = fs::read_dir(&self.dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
            .collect();
        found.sort();
        found
    }
}

/// Cuts journal line `n` (1-based) in the middle, as a bad hand edit or a disk error would.
fn break_line(journal: &Path, n: usize) -> String {
    let text = fs::read_to_string(journal).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines[n - 1].truncate(30);
    let broken = lines.join("\n") + "\n";
    fs::write(journal, &broken).unwrap();
    broken
}

#[test]
fn broken_middle_journal_line_refuses_every_write_until_doctor_fix() {
    let team = Team::registered();
    let journal = fs::read_to_string(team.journal()).unwrap();
    let line = 1 + journal
        .lines()
        .position(|l| l.contains(r#""session":"a""#))
        .unwrap();
    let broken = break_line(&team.journal(), line);
    let out = team.register("c", "next", "Write 5 posts weekly");
    assert_eq!(out.status.code(), Some(2), "{}", describe(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("registry.journal.jsonl:{line}:"))
            && err.contains("hint: run `rollcall doctor --fix`"),
        "{err}"
    );
    assert_eq!(
        fs::read_to_string(team.journal()).unwrap(),
        broken,
        "nothing was appended"
    );
    for args in [
        &["release", "--as", "b", "--number", "3"][..],
        &["confirm", "--as", "orch"],
    ] {
        assert_eq!(team.run(args).status.code(), Some(2), "{args:?}");
    }

    let fixed = team.ok(&["doctor", "--fix", "--json"]);
    let report: Value = serde_json::from_slice(&fixed.stdout).unwrap();
    let sentences = report["fixed"].as_array().unwrap();
    assert!(
        sentences.iter().any(|s| s
            .as_str()
            .unwrap()
            .starts_with(&format!("dropped journal line {line} "))),
        "{sentences:?}"
    );
    let backups = team.files_named("registry.journal.jsonl.damaged-");
    assert_eq!(backups.len(), 1);
    assert_eq!(
        fs::read_to_string(&backups[0]).unwrap(),
        broken,
        "the original is kept byte for byte"
    );
    assert!(!report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["code"] == "journal-bad-line"));

    let out = team.register("c", "next", "Write 5 posts weekly");
    assert_eq!(out.status.code(), Some(0), "{}", describe(&out));
    assert!(
        stdout(&out).contains("#2"),
        "the number the broken line held is free again: {}",
        stdout(&out)
    );
}

#[test]
fn doctor_is_clean_on_the_layout_init_made() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let run = |args: &[&str]| {
        support::rollcall(dir)
            .args(args)
            .args(["--dir", dir.to_str().unwrap()])
            .output()
            .unwrap()
    };
    assert_eq!(
        run(&["init", "--sessions", "2", "--as", "orch"])
            .status
            .code(),
        Some(0)
    );
    let out = run(&["doctor"]);
    assert_eq!(out.status.code(), Some(0), "{}", describe(&out));
    assert!(stdout(&out).contains("looks healthy"));
}

#[test]
fn leftover_temp_files_of_dead_writers_are_removed_by_the_next_locked_command() {
    let team = Team::registered();
    let dead = team
        .dir
        .join(".SESSION_IDENTITY_REGISTRY.md.999999999.0.tmp");
    let foreign = team.dir.join("editor-swap.tmp");
    fs::write(&dead, "half a registry").unwrap();
    fs::write(&foreign, "not ours").unwrap();
    team.ok(&["confirm", "--as", "orch"]);
    assert!(
        !dead.exists(),
        "a dead writer's temp file outlived the next locked command"
    );
    assert!(
        foreign.exists(),
        "a temp file that is not rollcall's was removed"
    );
}

#[test]
fn markdown_left_behind_by_a_killed_writer_is_re_rendered_by_the_next_locked_command() {
    let team = Team::registered();
    let current = fs::read_to_string(team.markdown()).unwrap();
    fs::remove_file(team.markdown()).unwrap();
    let refused = team.register("z", "2", "Take a taken number");
    assert_eq!(refused.status.code(), Some(3), "{}", describe(&refused));
    assert_eq!(fs::read_to_string(team.markdown()).unwrap(), current);
}

#[test]
fn doctor_fix_re_renders_a_drifted_markdown_and_keeps_the_edited_file() {
    let team = Team::registered();
    let edited = fs::read_to_string(team.markdown())
        .unwrap()
        .replace("Write 3 posts", "Write 30 posts");
    fs::write(team.markdown(), &edited).unwrap();
    let before = team.run(&["doctor", "--json"]);
    let report: Value = serde_json::from_slice(&before.stdout).unwrap();
    assert!(report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["code"] == "doctor-journal-drift"));
    team.ok(&["doctor", "--fix"]);
    let kept = team.files_named("SESSION_IDENTITY_REGISTRY.md.drift-");
    assert_eq!(kept.len(), 1);
    assert_eq!(fs::read_to_string(&kept[0]).unwrap(), edited);
    assert!(!fs::read_to_string(team.markdown())
        .unwrap()
        .contains("Write 30 posts"));
}

#[cfg(unix)]
#[test]
fn symlinked_message_folders_that_lead_outside_are_never_written_through() {
    let team = Team::registered();
    let outside = tempfile::tempdir().unwrap();
    let direct = team.dir.join("messages/direct");
    std::os::unix::fs::symlink(outside.path(), direct.join("b")).unwrap();
    let out = team.run(&["send", "b", "s", "m", "--as", "a"]);
    assert_eq!(out.status.code(), Some(2), "{}", describe(&out));
    assert!(
        stderr(&out).contains("outside the coordination folder"),
        "{}",
        stderr(&out)
    );
    fs::remove_dir(team.dir.join("messages/broadcast")).unwrap();
    std::os::unix::fs::symlink(outside.path(), team.dir.join("messages/broadcast")).unwrap();
    let out = team.run(&["send", "broadcast", "s", "m", "--as", "a"]);
    assert_eq!(out.status.code(), Some(2), "{}", describe(&out));
    assert_eq!(
        fs::read_dir(outside.path()).unwrap().count(),
        0,
        "a file was written outside"
    );
}

#[cfg(unix)]
#[test]
fn a_journal_symlinked_outside_is_not_appended_to() {
    let team = Team::registered();
    let outside = tempfile::tempdir().unwrap();
    let elsewhere = outside.path().join("journal.jsonl");
    fs::rename(team.journal(), &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, team.journal()).unwrap();
    let before = fs::read(&elsewhere).unwrap();
    let out = team.run(&["confirm", "--as", "orch"]);
    assert_eq!(out.status.code(), Some(2), "{}", describe(&out));
    assert_eq!(fs::read(&elsewhere).unwrap(), before);
}

#[test]
fn activate_killed_before_its_broadcast_is_completed_by_the_next_activate_once() {
    let team = Team::registered();
    team.ok(&["confirm", "--as", "orch"]);
    for id in ["orch", "a", "b"] {
        team.ok(&["ack", "--as", id]);
    }
    support::assert_exit(&team.approve("Ada Human"), 0);
    team.ok(&["activate", "--as", "orch"]);
    let broadcast = team.dir.join("messages/broadcast");
    let written = support::message_files(&broadcast);
    assert_eq!(written.len(), 1);
    let original = fs::read(&written[0]).unwrap();
    fs::remove_file(&written[0]).unwrap();
    for _ in 0..2 {
        let again = team.run(&["activate", "--as", "orch"]);
        assert_eq!(
            again.status.code(),
            Some(0),
            "already activated: {}",
            describe(&again)
        );
    }
    let restored = support::message_files(&broadcast);
    assert_eq!(restored, written, "one broadcast, under its first name");
    assert_eq!(
        fs::read(&restored[0]).unwrap(),
        original,
        "the same message, byte for byte"
    );
}

#[test]
fn re_registering_after_confirm_says_what_it_withdrew() {
    let team = Team::registered();
    team.ok(&["confirm", "--as", "orch"]);
    team.ok(&["ack", "--as", "a"]);
    let out = team.run(&[
        "register",
        "--as",
        "a",
        "--number",
        "2",
        "--role",
        "New role",
        "--goal",
        "Write 5 posts weekly",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", describe(&out));
    let said = stdout(&out);
    assert!(
        said.contains("This change withdrew the orchestrator's confirmation and 1 acknowledgement: they are needed again."),
        "{said}"
    );
    let quiet = team.run(&[
        "register",
        "--as",
        "b",
        "--number",
        "3",
        "--role",
        "Role of b",
        "--goal",
        "Write 6 posts weekly",
    ]);
    assert!(
        !stdout(&quiet).contains("withdrew"),
        "nothing was attested, nothing withdrawn: {}",
        stdout(&quiet)
    );
}

#[test]
fn init_from_a_registry_with_findings_reports_them() {
    let tmp = tempfile::tempdir().unwrap();
    let from = support::fixture_path("rules/control-character.md");
    let out = support::rollcall(tmp.path())
        .args([
            "init",
            "--from",
            from.to_str().unwrap(),
            "--as",
            "orch",
            "--dir",
            tmp.path().to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", describe(&out));
    let err = stderr(&out);
    assert!(err.contains("error[control-character]"), "{err}");
    assert!(
        err.contains("1 error finding; the sessions they touch are not counted as registered"),
        "{err}"
    );
}

#[test]
fn a_claim_appended_when_the_markdown_cannot_be_written_is_reported_made_and_rendered_later() {
    let team = Team::new();
    team.ok(&["init", "--sessions", "3", "--as", "orch"]);
    fs::remove_file(team.markdown()).unwrap();
    fs::create_dir(team.markdown()).unwrap();
    let out = team.register("orch", "1", "Coordinate 3 sessions to 100% agreement");
    assert_eq!(
        out.status.code(),
        Some(0),
        "the claim is made: {}",
        describe(&out)
    );
    assert!(stdout(&out).contains("Registered #1"), "{}", describe(&out));
    assert!(
        stderr(&out).contains("warning: the change is recorded in registry.journal.jsonl"),
        "{}",
        describe(&out)
    );
    fs::remove_dir(team.markdown()).unwrap();
    team.register("a", "2", "Write 3 posts weekly");
    let status = team.run(&["status", "--json"]);
    let status: Value = serde_json::from_slice(&status.stdout).unwrap();
    let markdown = team.markdown();
    let report = team.run(&["validate", markdown.to_str().unwrap(), "--format", "json"]);
    let report: Value = serde_json::from_slice(&report.stdout).unwrap();
    assert_eq!(status["registered"], 2);
    assert_eq!(
        report["consensus"], status["consensus"],
        "journal and markdown agree again"
    );
}

#[test]
fn status_reports_a_damaged_journal_line_in_json_and_exits_1() {
    let team = Team::registered();
    break_line(&team.journal(), 3);
    let out = team.run(&["status", "--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", describe(&out));
    let status: Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes = support::diagnostic_codes(&status);
    assert!(codes.contains(&"journal-bad-line"), "{codes:?}");
}

#[test]
fn status_shows_one_registered_count_when_a_claim_has_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let from = support::fixture_path("rules/control-character.md");
    let dir = tmp.path().to_str().unwrap();
    support::rollcall(tmp.path())
        .args([
            "init",
            "--from",
            from.to_str().unwrap(),
            "--as",
            "orch",
            "--dir",
            dir,
        ])
        .output()
        .unwrap();
    let out = support::rollcall(tmp.path())
        .args(["status", "--dir", dir])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(
        text.contains(
            "Registered 2/3 (3 claimed; 1 not counted until their error findings are fixed)"
        ),
        "{text}"
    );
}
