//! The shared folder options (`--dir`, `--as`, `--json`) on the commands that took only a
//! positional DIR before: `import` and `doctor` find the folder through `--dir` as every other
//! command does, refuse a DIR and `--dir` together, and give `--as` its meaning (the journal's
//! actor for import, a session to check for doctor).

#![allow(clippy::unwrap_used)]

mod legacy_util;
mod support;

use legacy_util::Folder;
use std::process::Output;
use support::{assert_exit, describe, rollcall};

/// `rollcall ARGS` from the temp dir above the folder, the folder named only by the arguments.
fn run(folder: &Folder, args: &[&str]) -> Output {
    rollcall(folder.dir.parent().unwrap())
        .args(args)
        .output()
        .unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON: {e}\n{}", describe(out)))
}

#[test]
fn import_and_doctor_take_dir_as_the_flag_too() {
    let by_flag = Folder::legacy();
    let by_position = Folder::legacy();
    let dir = by_flag.dir.to_str().unwrap();
    let flagged = run(&by_flag, &["doctor", "--dir", dir, "--json"]);
    let positional = by_position.run(&["doctor", "--json"]);
    assert_exit(&flagged, 1);
    let codes = |out: &Output| -> Vec<String> {
        json(out)["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(codes(&flagged), codes(&positional));
    let imported = run(&by_flag, &["import", "--dir", dir, "--dry-run", "--json"]);
    assert_eq!(
        json(&imported)["dir"].as_str(),
        Some(dir),
        "{}",
        describe(&imported)
    );
}

#[test]
fn a_positional_dir_and_dir_together_are_a_usage_error() {
    let folder = Folder::empty();
    let dir = folder.dir.to_str().unwrap();
    for command in ["import", "doctor"] {
        let out = run(&folder, &[command, dir, "--dir", dir]);
        assert_exit(&out, 2);
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("cannot be used with"),
            "{}",
            describe(&out)
        );
    }
}

#[test]
fn import_records_its_journal_events_as_the_as_session() {
    let default = Folder::legacy();
    assert_exit(&default.run(&["import", "--json"]), 1);
    let named = Folder::legacy();
    assert_exit(&named.run(&["import", "--as", "alice", "--json"]), 1);
    let actors = |f: &Folder| -> Vec<String> {
        std::fs::read_to_string(f.dir.join("registry.journal.jsonl"))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["actor"].to_string())
            .collect()
    };
    let defaults = actors(&default);
    assert!(!defaults.is_empty() && defaults.iter().all(|a| a == "\"rollcall-import\""));
    assert!(actors(&named).iter().all(|a| a == "\"alice\""));
    let bad = Folder::legacy();
    assert_exit(&bad.run(&["import", "--as", "../x"]), 2);
}

#[test]
fn doctor_as_checks_that_the_session_holds_a_number() {
    let folder = Folder::legacy();
    let findings = |args: &[&str]| -> Vec<String> {
        json(&folder.run(args))["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect()
    };
    let unknown = "doctor-unknown-session".to_string();
    assert!(findings(&["doctor", "--json"])
        .iter()
        .all(|c| *c != unknown));
    assert!(findings(&["doctor", "--json", "--as", "nobody-here"]).contains(&unknown));
    let holder = findings(&["doctor", "--json", "--as", "marketing-research-1"]);
    assert!(!holder.contains(&unknown), "{holder:?}");
}
