//! Concurrency: many `rollcall register` processes claim the same number at once; exactly one
//! wins, the others get a clear refusal (exit 3), and journal and markdown agree. Also: killed
//! registering processes never corrupt the state.

#![allow(clippy::unwrap_used)]

mod support;

use serde::Deserialize;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use support::{assert_exit, race};

fn rollcall(dir: &Path) -> Command {
    let mut cmd = support::rollcall(dir);
    cmd.args(["--color", "never"]);
    cmd
}

fn init(dir: &Path, sessions: u32) {
    let out = rollcall(dir)
        .args(["init", "--as", "boss", "--dir"])
        .arg(dir)
        .args(["--sessions", &sessions.to_string()])
        .output()
        .unwrap();
    assert_exit(&out, 0);
}

fn register_cmd(dir: &Path, who: &str, number: &str) -> Command {
    let mut cmd = rollcall(dir);
    cmd.args(["register", "--dir"])
        .arg(dir)
        .args(["--as", who, "--number", number])
        .args(["--role", &format!("Role of {who} - distinct duty")])
        .args([
            "--goal",
            "Send 17 personalized emails daily, 95%+ delivery rate",
        ]);
    cmd
}

/// The journal line shape every reader relies on.
#[derive(Debug, Deserialize)]
struct Line {
    time: String,
    actor: String,
    event: String,
    data: serde_json::Value,
}

fn journal(dir: &Path) -> Vec<Line> {
    std::fs::read_to_string(dir.join("registry.journal.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The sessions `status --json` reports.
#[derive(Debug, Deserialize)]
struct Status {
    registered: u32,
    sessions: Vec<Row>,
}

#[derive(Debug, Deserialize)]
struct Row {
    number: u32,
    session: Option<String>,
    status: String,
}

fn status(dir: &Path) -> (Status, Output) {
    let out = rollcall(dir)
        .args(["status", "--json", "--dir"])
        .arg(dir)
        .output()
        .unwrap();
    assert_exit(&out, 0);
    (serde_json::from_slice(&out.stdout).unwrap(), out)
}

#[test]
fn twelve_processes_one_number_exactly_one_winner_twenty_times() {
    for round in 0..20 {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        init(dir, 12);
        let target = (round % 12 + 1).to_string();
        let outputs = race(12, |i| {
            register_cmd(dir, &format!("racer-{round}-{i}x"), &target)
        });
        let winners: Vec<&Output> = outputs.iter().filter(|o| o.status.success()).collect();
        assert_eq!(winners.len(), 1, "round {round}: exactly one winner");
        let losers: Vec<&Output> = outputs
            .iter()
            .filter(|o| o.status.code() == Some(3))
            .collect();
        assert_eq!(
            losers.len(),
            11,
            "round {round}: eleven refusals with exit 3"
        );

        let lines = journal(dir);
        let registers: Vec<&Line> = lines.iter().filter(|l| l.event == "register").collect();
        assert_eq!(registers.len(), 1, "round {round}: one register event");
        let winner = registers[0].actor.clone();
        assert!(!registers[0].time.is_empty());
        assert_eq!(registers[0].data["number"], target.parse::<u32>().unwrap());
        for loser in losers {
            let err = String::from_utf8_lossy(&loser.stderr);
            assert!(err.contains("[number-taken]"), "{err}");
            assert!(err.contains(&winner), "refusal names the holder: {err}");
            assert!(err.contains("free numbers: "), "{err}");
            assert!(!err.contains(&format!("free numbers: {target},")), "{err}");
        }

        let (status, _) = status(dir);
        assert_eq!(status.registered, 1);
        let row = &status.sessions[target.parse::<usize>().unwrap() - 1];
        assert_eq!(row.session.as_deref(), Some(winner.as_str()));
        assert_eq!(row.status, "registered");
        let markdown = std::fs::read_to_string(dir.join("SESSION_IDENTITY_REGISTRY.md")).unwrap();
        for i in 0..12 {
            let name = format!("racer-{round}-{i}x");
            assert_eq!(
                markdown.contains(&name),
                name == winner,
                "{name}: {markdown}"
            );
        }
        assert!(markdown.contains("1/12 sessions registered"), "{markdown}");
    }
}

#[test]
fn twelve_sessions_racing_for_next_get_twelve_distinct_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    init(dir, 12);
    for out in race(12, |i| register_cmd(dir, &format!("next-{i}"), "next")) {
        assert_exit(&out, 0);
    }
    let (status, _) = status(dir);
    assert_eq!(status.registered, 12);
    let mut holders: Vec<String> = status
        .sessions
        .iter()
        .filter_map(|r| r.session.clone())
        .collect();
    holders.sort();
    holders.dedup();
    assert_eq!(holders.len(), 12);
    assert!(status
        .sessions
        .iter()
        .all(|r| r.number >= 1 && r.number <= 12));
}

#[test]
fn killed_registering_processes_never_corrupt_the_state() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    init(dir, 40);
    for i in 0..30u64 {
        let mut child = register_cmd(dir, &format!("victim-{i}"), "next")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // A spread of kill points: before start-up, while locking, while appending, after.
        std::thread::sleep(std::time::Duration::from_micros((i * 397) % 4000));
        let _ = child.kill();
        let _ = child.wait();
    }
    let (before, out) = status(dir);
    let warnings = String::from_utf8_lossy(&out.stderr);
    assert!(!warnings.contains("error:"), "{warnings}");
    let out = register_cmd(dir, "survivor", "next").output().unwrap();
    assert_exit(&out, 0);
    let (after, out) = status(dir);
    assert_eq!(after.registered, before.registered + 1);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = journal(dir);
    assert!(lines.iter().all(|l| !l.actor.is_empty()));
    assert!(after
        .sessions
        .iter()
        .any(|r| r.session.as_deref() == Some("survivor")));
}
