//! `rollcall import` end to end on a whole legacy coordination folder (tests/fixtures/legacy/):
//! every broken message repaired with the sender's text, originals kept byte-exact, the legacy
//! registry files merged into the journal with each disagreement reported, idempotence,
//! `--dry-run`, and a read-only folder.

#![allow(clippy::unwrap_used)]

mod legacy_util;
mod support;

use legacy_util::{expected, fixture_dir, Folder, ReadOnly};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fs;
use support::{describe, race};

#[derive(Debug, Deserialize)]
struct Summary {
    dry_run: bool,
    messages: Messages,
    registry: RegistrySummary,
    findings: Vec<Finding>,
}

#[derive(Debug, Deserialize)]
struct Messages {
    read: usize,
    valid: usize,
    repaired: usize,
    unrecoverable: usize,
    repaired_earlier: usize,
    recovery_rate: f64,
    repairs_by_kind: BTreeMap<String, usize>,
    repaired_files: Vec<String>,
    backups_written: Vec<String>,
    unrecoverable_files: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct RegistrySummary {
    sources: Vec<String>,
    sessions_merged: usize,
    conflicts: usize,
    journal_events: usize,
}

#[derive(Debug, Deserialize)]
struct Finding {
    file: Option<String>,
    code: String,
    severity: String,
    message: String,
    session: Option<u32>,
    help: Option<String>,
}

fn import_json(folder: &Folder, extra: &[&str]) -> (Summary, std::process::Output) {
    let mut args = vec!["import", "--json"];
    args.extend_from_slice(extra);
    let out = folder.run(&args);
    let summary = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not the JSON summary: {e}\n{}", describe(&out)));
    (summary, out)
}

fn counts() -> (usize, usize, usize) {
    let c = &expected()["counts"];
    let get = |k: &str| c[k].as_u64().unwrap() as usize;
    (get("valid"), get("repaired"), get("unrecoverable"))
}

#[test]
fn every_message_is_valid_json_with_the_senders_text_and_originals_are_kept() {
    let folder = Folder::legacy();
    let (summary, out) = import_json(&folder, &[]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "error findings remain: {}",
        describe(&out)
    );
    let (valid, repaired, unrecoverable) = counts();
    assert!(
        repaired >= 30,
        "the fixture must hold at least 30 broken messages"
    );
    let m = &summary.messages;
    assert_eq!(
        (m.valid, m.repaired, m.unrecoverable),
        (valid, repaired, unrecoverable)
    );
    assert_eq!(m.read, valid + repaired + unrecoverable);
    let rate = (repaired as f64 * 1000.0 / (repaired + unrecoverable) as f64).round() / 10.0;
    assert_eq!(m.recovery_rate, rate);
    assert_eq!(m.backups_written.len(), repaired);
    assert!(!summary.dry_run);
    for kind in [
        "legacy-raw-control",
        "legacy-unescaped-quote",
        "legacy-invalid-escape",
    ] {
        assert!(
            m.repairs_by_kind.get(kind).is_some_and(|n| *n > 0),
            "{kind}: {:?}",
            m.repairs_by_kind
        );
    }
    let fixture = fixture_dir();
    for e in expected()["messages"].as_array().unwrap() {
        let rel = e["path"].as_str().unwrap();
        let original = fs::read(fixture.join(rel)).unwrap();
        let now = fs::read(folder.path(rel)).unwrap();
        let backup = folder.path(&format!("{rel}.orig"));
        match e["outcome"].as_str().unwrap() {
            "unrecoverable" => {
                assert_eq!(now, original, "{rel} must be left as it is");
                assert!(!backup.exists(), "{rel}");
                assert!(
                    m.unrecoverable_files.iter().any(|f| f == rel),
                    "{rel} not named"
                );
            }
            outcome => {
                let value: serde_json::Value = serde_json::from_slice(&now)
                    .unwrap_or_else(|err| panic!("{rel} is still not JSON: {err}"));
                for key in ["from", "to", "timestamp", "subject", "message"] {
                    assert_eq!(value[key], e[key], "{rel}: {key}");
                }
                if outcome == "repaired" {
                    assert_eq!(
                        fs::read(&backup).unwrap(),
                        original,
                        "{rel}.orig must be byte-exact"
                    );
                    assert!(m.repaired_files.iter().any(|f| f == rel));
                } else {
                    assert_eq!(now, original, "valid {rel} must not be rewritten");
                    assert!(!backup.exists(), "{rel}");
                }
            }
        }
    }
}

#[test]
fn recovery_rate_and_counts_are_printed() {
    let folder = Folder::legacy();
    let out = folder.run(&["import"]);
    let stdout = String::from_utf8(out.stdout.clone()).unwrap();
    let (valid, repaired, unrecoverable) = counts();
    let rate = (repaired as f64 * 1000.0 / (repaired + unrecoverable) as f64).round() / 10.0;
    let line = format!(
        "messages: {} read, {valid} valid, {repaired} repaired, {unrecoverable} unrecoverable (recovery rate {rate:.1}%)",
        valid + repaired + unrecoverable
    );
    assert!(
        stdout.contains(&line),
        "missing `{line}`\n{}",
        describe(&out)
    );
    assert!(stdout.contains("12 sessions merged"), "{}", describe(&out));
    assert!(
        !stdout.contains('\u{1b}'),
        "NO_COLOR output must not be coloured"
    );
}

#[test]
fn registry_disagreements_are_reported_not_guessed() {
    let folder = Folder::legacy();
    let (summary, _) = import_json(&folder, &[]);
    let r = &summary.registry;
    assert_eq!(r.sessions_merged, 12);
    for source in [
        "SESSION_IDENTITY_REGISTRY.md",
        "claude_sessions.json",
        "sessions/REGISTRY.json",
        "CONSENSUS.json",
    ] {
        assert!(
            r.sources.iter().any(|s| s == source),
            "{source} not read: {:?}",
            r.sources
        );
    }
    let find = |code: &str, session: u32| {
        summary
            .findings
            .iter()
            .find(|f| f.code == code && f.session == Some(session))
            .unwrap_or_else(|| panic!("no {code} for #{session}: {:#?}", summary.findings))
    };
    // claude_sessions.json registers #5's id under number 4.
    let taken = find("legacy-number-conflict", 4);
    assert!(
        taken.message.contains("session-1763243115")
            && taken.message.contains("session-1763243134")
    );
    assert!(taken
        .help
        .as_deref()
        .unwrap()
        .contains("rollcall reassign --number 4"));
    find("legacy-id-conflict", 5);
    // One id under numbers 9 and 10.
    find("legacy-number-conflict", 10);
    find("legacy-id-conflict", 9);
    // CONSENSUS.json proposes #3's id for number 2.
    find("legacy-number-conflict", 2);
    // Number 13 in a 12-session registry.
    assert_eq!(find("legacy-number-out-of-range", 13).severity, "error");
    assert_eq!(r.conflicts, 7);
    let impossible: Vec<_> = summary
        .findings
        .iter()
        .filter(|f| f.code == "legacy-impossible-count")
        .collect();
    assert!(
        impossible.iter().any(|f| f.message.contains("-2")),
        "{impossible:#?}"
    );
    assert!(impossible
        .iter()
        .all(|f| f.file.as_deref() == Some("sessions/STATUS_SUMMARY.json")));
    assert!(r.journal_events > 0);
    // The journal keeps the markdown's holder of number 4, not the conflicting claim.
    let status = support::rollcall(&folder.dir)
        .args(["status", "--json", "--dir"])
        .arg(&folder.dir)
        .output()
        .unwrap();
    let status: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    let text = status.to_string();
    assert!(
        !text.contains("session-1763249999"),
        "number 13's session must not be imported"
    );
}

#[test]
fn second_run_changes_nothing() {
    let folder = Folder::legacy();
    let first = folder.run(&["import"]);
    assert_ne!(first.status.code(), Some(2), "{}", describe(&first));
    let after_first = folder.snapshot();
    let (summary, second) = import_json(&folder, &[]);
    assert_eq!(
        folder.snapshot(),
        after_first,
        "the second import changed the folder"
    );
    assert_eq!(second.status.code(), first.status.code());
    let (valid, repaired, unrecoverable) = counts();
    assert_eq!(
        summary.messages.valid,
        valid + repaired,
        "repaired files now read as valid"
    );
    assert_eq!(summary.messages.repaired, 0);
    assert_eq!(summary.messages.unrecoverable, unrecoverable);
    assert!(summary.messages.backups_written.is_empty());
    assert_eq!(summary.registry.journal_events, 0);
    assert_eq!(
        summary.messages.repaired_earlier, repaired,
        "earlier repairs still count"
    );
    let (first_summary, _) = {
        let again = Folder::legacy();
        import_json(&again, &[])
    };
    assert_eq!(
        summary.messages.recovery_rate, first_summary.messages.recovery_rate,
        "a second import reports the same recovery rate, not 0.0%"
    );
}

#[test]
fn dry_run_writes_nothing() {
    let folder = Folder::legacy();
    let before = folder.snapshot();
    let (summary, out) = import_json(&folder, &["--dry-run"]);
    assert_eq!(folder.snapshot(), before, "--dry-run changed the folder");
    assert!(summary.dry_run);
    assert_eq!(summary.messages.repaired, counts().1, "{}", describe(&out));
    assert!(summary.messages.backups_written.is_empty());
    assert!(
        summary.registry.journal_events > 0,
        "reports the events it would append"
    );
    let human = folder.run(&["import", "--dry-run"]);
    assert_eq!(folder.snapshot(), before);
    assert!(String::from_utf8_lossy(&human.stdout).contains("dry run: nothing was written"));
}

#[test]
fn read_only_folder_is_a_clear_error_and_nothing_changes() {
    let folder = Folder::legacy();
    let before = folder.snapshot();
    let (out, dry) = {
        let _guard = ReadOnly::folders(&folder.dir);
        (
            folder.run(&["import"]),
            folder.run(&["import", "--dry-run"]),
        )
    };
    assert_eq!(
        dry.status.code(),
        Some(1),
        "--dry-run only reads: {}",
        describe(&dry)
    );
    assert_eq!(out.status.code(), Some(2), "{}", describe(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("rollcall: cannot write to "), "{stderr}");
    assert!(
        stderr.contains("hint:") && stderr.contains("--dry-run"),
        "{stderr}"
    );
    assert!(
        out.stdout.is_empty(),
        "stdout carries only what was asked for"
    );
    assert_eq!(
        folder.snapshot(),
        before,
        "a refused import must not write anything"
    );
}

#[test]
fn a_file_where_a_folder_belongs_is_a_clear_error() {
    let folder = Folder::legacy();
    let direct = folder.path("messages/direct");
    fs::remove_dir_all(&direct).unwrap();
    fs::write(&direct, b"not a folder").unwrap();
    let before = folder.snapshot();
    let out = folder.run(&["import"]);
    assert_eq!(out.status.code(), Some(2), "{}", describe(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("messages/direct: expected a folder, found a file"),
        "{stderr}"
    );
    assert_eq!(folder.snapshot(), before);
}

#[test]
fn missing_folder_is_exit_2() {
    let folder = Folder::empty();
    let out = support::rollcall(&folder.dir)
        .args(["import"])
        .arg(folder.path("nope"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", describe(&out));
}

#[test]
fn clean_folder_exits_0_and_a_half_done_backup_is_reused() {
    let folder = Folder::empty();
    let dir = folder.path("messages/broadcast");
    fs::create_dir_all(&dir).unwrap();
    fs::create_dir_all(folder.path("messages/direct")).unwrap();
    let broken = "{\n  \"from\": \"a\",\n  \"to\": \"broadcast\",\n  \"timestamp\": \"2025-11-15T22:00:00Z\",\n  \"subject\": \"$120k \\\"quoted\\\"\",\n  \"message\": \"line\none \"two\" \\! 🎉\"\n}\n";
    fs::write(dir.join("m.json"), broken).unwrap();
    // An earlier run stopped after its backup: the identical backup is reused, not duplicated.
    fs::write(dir.join("m.json.orig"), broken).unwrap();
    let (summary, out) = import_json(&folder, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", describe(&out));
    assert_eq!(summary.messages.repaired, 1);
    assert!(summary.messages.backups_written.is_empty());
    let v: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join("m.json")).unwrap()).unwrap();
    assert_eq!(v["message"], "line\none \"two\" ! 🎉");
    assert_eq!(v["subject"], "$120k \"quoted\"");
    let names: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        names.len(),
        2,
        "no temp files or extra backups left: {names:?}"
    );
    assert_eq!(summary.findings.len(), 0);
}

#[test]
fn concurrent_imports_agree_and_lose_nothing() {
    let folder = Folder::legacy();
    for out in race(4, |_| {
        let mut cmd = support::rollcall(&folder.dir);
        cmd.args(["import", "--json"]).arg(&folder.dir);
        cmd
    }) {
        assert_eq!(out.status.code(), Some(1), "{}", describe(&out));
    }
    let fixture = fixture_dir();
    for e in expected()["messages"].as_array().unwrap() {
        let rel = e["path"].as_str().unwrap();
        if e["outcome"] == "repaired" {
            let v: serde_json::Value =
                serde_json::from_slice(&fs::read(folder.path(rel)).unwrap()).unwrap();
            assert_eq!(v["message"], e["message"], "{rel}");
            let orig = fs::read(folder.path(&format!("{rel}.orig"))).unwrap();
            assert_eq!(orig, fs::read(fixture.join(rel)).unwrap(), "{rel}.orig");
            assert!(
                !folder.path(&format!("{rel}.orig.2")).exists(),
                "one backup per original"
            );
        }
    }
    let journal = fs::read_to_string(folder.path("registry.journal.jsonl")).unwrap();
    let inits = journal
        .lines()
        .filter(|l| l.contains(r#""event":"init""#))
        .count();
    assert_eq!(inits, 1, "{journal}");
    let snapshot = folder.snapshot();
    assert!(
        snapshot
            .keys()
            .all(|k| !k.ends_with(".tmp") || k.contains(".4242.0.")),
        "temp files left: {:?}",
        snapshot.keys()
    );
}

/// `import` killed (SIGKILL) at spread-out moments, then run again to the end: the result is
/// byte for byte what one uninterrupted import gives, whatever the kill interrupted (a message
/// repair, a backup, the journal), so no message and no claim is lost or doubled.
#[cfg(unix)]
#[test]
fn import_killed_at_any_moment_then_run_again_ends_as_one_uninterrupted_import() {
    let reference = Folder::legacy();
    assert_ne!(reference.run(&["import"]).status.code(), Some(2));
    let _ = reference.run(&["doctor", "--fix"]);
    let expected = without_run_specific_files(reference.snapshot());
    let kills: u64 = std::env::var("ROLLCALL_IMPORT_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let mut interrupted = 0;
    for kill in 0..kills {
        let folder = Folder::legacy();
        let mut child = support::rollcall(folder.dir.parent().unwrap())
            .arg("import")
            .arg(&folder.dir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_micros(kill * 700 % 12_000));
        interrupted += usize::from(matches!(child.try_wait(), Ok(None)));
        let _ = child.kill();
        let _ = child.wait();
        let again = folder.run(&["import"]);
        assert_ne!(
            again.status.code(),
            Some(2),
            "kill {kill}: {}",
            describe(&again)
        );
        let _ = folder.run(&["doctor", "--fix"]);
        let got = without_run_specific_files(folder.snapshot());
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            expected.keys().collect::<Vec<_>>(),
            "kill {kill}: other files"
        );
        for (name, bytes) in &expected {
            if name.ends_with(".json") || name.ends_with(".orig") {
                assert_eq!(&got[name], bytes, "kill {kill}: {name} differs");
            }
        }
    }
    assert!(interrupted > 0, "no kill interrupted an import");
}

/// A folder snapshot without what differs between two runs by design: times in the journal and
/// the rendered registry, the lock, and torn-line copies.
fn without_run_specific_files(
    mut snapshot: std::collections::BTreeMap<String, Vec<u8>>,
) -> std::collections::BTreeMap<String, Vec<u8>> {
    snapshot.retain(|name, _| {
        !(name.starts_with("registry.")
            || name.starts_with("SESSION_IDENTITY_REGISTRY.md")
            || name.contains(".torn-"))
    });
    snapshot
}
