//! Issue 17 on a fake clock (`ROLLCALL_NOW`; nothing sleeps): liveness at the TTLs, `release
//! --stale` rights, dead letters and `--strict`, receipts as the recipient peeks, reads and
//! acknowledges, one copy of a retried message, and an unknown reader told apart from an empty
//! inbox.

#![allow(clippy::unwrap_used)]

use serde_json::Value;
use std::fs;
use std::process::Output;
use support::{describe, stderr, stdout};

mod support;

temp_folder!(
    /// A coordination folder; `team()` registers orch (#1), a (#2) and b (#3) at 10:00.
    Folder,
    "coordination"
);

const START: &str = "2026-12-01T10:00:00Z";

impl Folder {
    fn team() -> Self {
        let folder = Folder::new();
        folder.at(START, &["init", "--sessions", "3", "--as", "orch"]);
        for (id, number) in [("orch", "1"), ("a", "2"), ("b", "3")] {
            let goal = format!("Write {number} posts weekly");
            let out = folder.at(
                START,
                &[
                    "register",
                    "--as",
                    id,
                    "--number",
                    number,
                    "--role",
                    &format!("Role {id}"),
                    "--goal",
                    &goal,
                ],
            );
            assert_eq!(out.status.code(), Some(0), "{}", describe(&out));
        }
        folder
    }

    /// `rollcall ARGS` with the clock at `now`.
    fn at(&self, now: &str, args: &[&str]) -> Output {
        support::rollcall(&self.dir)
            .args(args)
            .env("ROLLCALL_DIR", &self.dir)
            .env("ROLLCALL_NOW", now)
            .output()
            .unwrap()
    }

    fn json_at(&self, now: &str, args: &[&str]) -> Value {
        let out = self.at(now, args);
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", describe(&out)))
    }

    /// The liveness `status --json` gives session `id` at `now`.
    fn liveness(&self, now: &str, id: &str) -> String {
        let status = self.json_at(now, &["status", "--json"]);
        let sessions = status["sessions"].as_array().unwrap();
        let session = sessions.iter().find(|s| s["session"] == id).unwrap();
        session["liveness"].as_str().unwrap().to_string()
    }
}

#[test]
fn a_session_that_stops_beating_turns_idle_then_stale_exactly_at_the_ttls() {
    let folder = Folder::team();
    let cases = [
        ("2026-12-01T10:01:59Z", "active"),
        ("2026-12-01T10:02:00Z", "idle"),
        ("2026-12-01T10:14:59Z", "idle"),
        ("2026-12-01T10:15:00Z", "stale"),
    ];
    for (now, expected) in cases {
        assert_eq!(folder.liveness(now, "b"), expected, "at {now}");
    }
    folder.at("2026-12-01T10:15:00Z", &["heartbeat", "--as", "b"]);
    assert_eq!(
        folder.liveness("2026-12-01T10:15:30Z", "b"),
        "active",
        "a heartbeat makes it active again"
    );
    let status = folder.json_at("2026-12-01T10:15:30Z", &["status", "--json"]);
    assert_eq!(status["ttls"]["idle_secs"], 120);
    assert_eq!(status["ttls"]["stale_secs"], 900);
}

#[test]
fn heartbeats_never_grow_the_journal() {
    let folder = Folder::team();
    let journal = folder.dir.join("registry.journal.jsonl");
    let before = fs::read(&journal).unwrap();
    for minute in 10..40 {
        let now = format!("2026-12-01T10:{minute}:00Z");
        assert_eq!(
            folder.at(&now, &["heartbeat", "--as", "a"]).status.code(),
            Some(0)
        );
    }
    assert_eq!(fs::read(&journal).unwrap(), before);
}

#[test]
fn release_stale_is_refused_to_a_plain_session_and_frees_only_stale_numbers() {
    let folder = Folder::team();
    let late = "2026-12-01T10:20:00Z";
    folder.at("2026-12-01T10:19:00Z", &["heartbeat", "--as", "a"]);
    let refused = folder.at(late, &["release", "--stale", "--as", "a"]);
    assert_eq!(refused.status.code(), Some(3), "{}", describe(&refused));
    assert!(
        stderr(&refused).contains("not-permitted"),
        "{}",
        stderr(&refused)
    );
    let released = folder.at(late, &["release", "--stale", "--as", "orch"]);
    assert_eq!(released.status.code(), Some(0), "{}", describe(&released));
    let status = folder.json_at(late, &["status", "--json"]);
    let holder = |n: usize| status["sessions"][n]["session"].clone();
    assert_eq!(holder(0), "orch", "the orchestrator ran a command just now");
    assert_eq!(holder(1), "a", "a beat a minute ago: not stale");
    assert_eq!(holder(2), Value::Null, "b was stale and is released");
    let journal = fs::read_to_string(folder.dir.join("registry.journal.jsonl")).unwrap();
    assert!(
        journal.contains("\"release-stale\""),
        "the reason is in the journal"
    );
    let told = folder.json_at(late, &["inbox", "--as", "b", "--json"]);
    assert!(
        told.to_string().contains("released as stale"),
        "b is told: {told}"
    );
    let next = folder.at(
        late,
        &[
            "register",
            "--as",
            "c",
            "--number",
            "next",
            "--role",
            "Role c",
            "--goal",
            "Write 9 posts",
        ],
    );
    assert!(
        stdout(&next).contains("#3"),
        "the freed number is offered to next: {}",
        describe(&next)
    );
}

#[test]
fn a_message_to_an_unknown_id_is_a_dead_letter_and_strict_refuses_it_with_exit_4() {
    let folder = Folder::team();
    let out = folder.at(START, &["send", "ghost", "s", "m", "--as", "a"]);
    assert_eq!(out.status.code(), Some(0), "{}", describe(&out));
    assert!(
        stderr(&out).contains("ghost is not in the registry"),
        "{}",
        stderr(&out)
    );
    let letters: Vec<_> = fs::read_dir(folder.dir.join("messages/dead-letter/ghost"))
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(letters.len(), 1);
    let letter = fs::read_to_string(letters[0].path()).unwrap();
    assert!(
        letter.contains("not in the registry"),
        "the reason is kept: {letter}"
    );
    assert!(!folder.dir.join("messages/direct/ghost").exists());
    let strict = folder.at(START, &["send", "ghost", "s", "m", "--as", "a", "--strict"]);
    assert_eq!(strict.status.code(), Some(4), "{}", describe(&strict));
}

#[test]
fn sent_shows_delivered_then_read_then_acknowledged() {
    let folder = Folder::team();
    let sent = folder.json_at(
        START,
        &[
            "send",
            "b",
            "handoff",
            "chapter 1",
            "--as",
            "a",
            "--ack-required",
            "--json",
        ],
    );
    let id = sent["id"].as_str().unwrap().to_string();
    let state = |now: &str| {
        let report = folder.json_at(now, &["sent", "--as", "a", "--json"]);
        let message = report["messages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == id.as_str())
            .unwrap()
            .clone();
        message["recipients"][0]["state"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(state("2026-12-01T10:00:10Z"), "delivered");
    folder.at("2026-12-01T10:01:00Z", &["inbox", "--as", "b", "--peek"]);
    assert_eq!(
        state("2026-12-01T10:01:10Z"),
        "delivered",
        "peeking is not reading"
    );
    folder.at(
        "2026-12-01T10:02:00Z",
        &["inbox", "--as", "b", "--mark-read"],
    );
    assert_eq!(state("2026-12-01T10:02:10Z"), "read");
    let acked = folder.at("2026-12-01T10:03:00Z", &["ack-message", &id, "--as", "b"]);
    assert_eq!(acked.status.code(), Some(0), "{}", describe(&acked));
    assert_eq!(state("2026-12-01T10:03:10Z"), "acknowledged");
}

#[test]
fn a_message_delivered_twice_shows_once() {
    let folder = Folder::team();
    let sent = folder.json_at(
        START,
        &["send", "b", "retry me", "x", "--as", "a", "--json"],
    );
    let inbox = folder.dir.join("messages/direct/b");
    let first = support::message_files(&inbox).remove(0);
    fs::copy(&first, inbox.join("2026-12-01_10-00-00-a-retry.json")).unwrap();
    let listed = folder.json_at(START, &["inbox", "--as", "b", "--json"]);
    let copies = listed
        .to_string()
        .matches(sent["id"].as_str().unwrap())
        .count();
    assert_eq!(copies, 1, "{listed}");
}

#[test]
fn an_unknown_reader_is_told_so_and_an_empty_inbox_is_not_an_error() {
    let folder = Folder::team();
    let unknown = folder.at(START, &["inbox", "--as", "stranger"]);
    assert_eq!(unknown.status.code(), Some(2), "{}", describe(&unknown));
    assert!(
        stderr(&unknown).contains("not in the registry"),
        "{}",
        stderr(&unknown)
    );
    assert!(
        stderr(&unknown).contains("hint: ") && stderr(&unknown).contains("orch"),
        "{}",
        stderr(&unknown)
    );
    let empty = folder.at(START, &["inbox", "--as", "b"]);
    assert_eq!(empty.status.code(), Some(0), "{}", describe(&empty));
    assert!(
        stdout(&empty).to_lowercase().contains("no messages"),
        "{}",
        stdout(&empty)
    );
}

/// The number of messages in `id`'s inbox (`inbox --json --peek`, real clock).
fn inbox_count(folder: &Folder, id: &str) -> usize {
    let out = folder.run(&["inbox", "--as", id, "--peek", "--json"]);
    let listed: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", describe(&out)));
    listed["messages"].as_array().map_or(0, Vec::len)
}

#[test]
fn twelve_sessions_beating_while_600_messages_are_sent_lose_nothing_and_keep_the_journal() {
    let seconds: u64 = std::env::var("ROLLCALL_LOAD_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let folder = Folder::new();
    folder.ok(&["init", "--sessions", "12", "--as", "s1"]);
    let ids: Vec<String> = (1..=12).map(|n| format!("s{n}")).collect();
    for (n, id) in ids.iter().enumerate() {
        let number = (n + 1).to_string();
        folder.ok(&[
            "register",
            "--as",
            id,
            "--number",
            &number,
            "--role",
            &format!("Role {id}"),
            "--goal",
            &format!("Write {number} posts"),
        ]);
    }
    let journal = folder.dir.join("registry.journal.jsonl");
    let before = fs::read(&journal).unwrap();
    let mut beats: Vec<_> = ids
        .iter()
        .map(|id| {
            support::rollcall(&folder.dir)
                .args(["heartbeat", "--every", "1", "--as", id])
                .env("ROLLCALL_DIR", &folder.dir)
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    let senders: Vec<_> = (0..12)
        .map(|n| {
            let dir = folder.dir.clone();
            let (from, to) = (format!("s{}", n + 1), format!("s{}", (n + 1) % 12 + 1));
            std::thread::spawn(move || {
                for i in 0..50 {
                    let out = support::rollcall(&dir)
                        .args(["send", &to, &format!("load {i}"), "body", "--as", &from])
                        .env("ROLLCALL_DIR", &dir)
                        .output()
                        .unwrap();
                    assert_eq!(out.status.code(), Some(0), "{}", describe(&out));
                }
            })
        })
        .collect();
    for sender in senders {
        sender.join().unwrap();
    }
    while std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    for beat in &mut beats {
        let _ = beat.kill();
        let _ = beat.wait();
    }
    let received: usize = ids.iter().map(|id| inbox_count(&folder, id)).sum();
    assert_eq!(received, 600, "every message arrived once");
    assert_eq!(
        fs::read(&journal).unwrap(),
        before,
        "presence never touched the journal"
    );
    let status: Value = serde_json::from_slice(&folder.run(&["status", "--json"]).stdout).unwrap();
    let active = status["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["liveness"] == "active")
        .count();
    assert_eq!(active, 12, "every beating session is active: {status}");
}
