//! `rollcall inbox` end to end: listing, legacy recovery, read cursors, filters and --follow.
#![allow(clippy::unwrap_used)]

use serde::Deserialize;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

mod support;
use std::sync::mpsc;
use std::time::Duration;

/// The `--json` document, as a user's script would parse it.
#[derive(Debug, Deserialize)]
struct Inbox {
    session: String,
    messages: Vec<Entry>,
    unreadable: Vec<Broken>,
}

#[derive(Debug, Deserialize)]
struct Entry {
    file: String,
    unread: bool,
    recovered: bool,
    repairs: Vec<rollcall_core::Diagnostic>,
    message: rollcall_core::Message,
}

#[derive(Debug, Deserialize)]
struct Broken {
    file: String,
    problem: rollcall_core::Diagnostic,
}

temp_folder!(
    /// A temp `coordination/` folder that commands run in.
    Folder,
    "coordination"
);

impl Folder {
    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = support::rollcall(&self.dir);
        cmd.args(args);
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().unwrap()
    }

    fn send(&self, from: &str, to: &str, subject: &str, body: &str) {
        let out = self.run(&["send", to, subject, body, "--as", from, "--quiet"]);
        assert_eq!(out.status.code(), Some(0));
    }

    fn inbox(&self, me: &str, extra: &[&str]) -> Inbox {
        let mut args = vec!["inbox", "--json", "--as", me];
        args.extend_from_slice(extra);
        let out = self.run(&args);
        support::assert_exit(&out, 0);
        serde_json::from_slice(&out.stdout).unwrap()
    }

    fn write_legacy(&self, to: &str, name: &str, text: &str) -> PathBuf {
        let folder = self.dir.join("messages/direct").join(to);
        fs::create_dir_all(&folder).unwrap();
        let path = folder.join(name);
        fs::write(&path, text).unwrap();
        path
    }
}

/// The subjects of the listed messages, in order.
fn subjects(inbox: &Inbox) -> Vec<&str> {
    inbox
        .messages
        .iter()
        .map(|e| e.message.subject.as_str())
        .collect()
}

/// A file exactly as the old heredoc wrote it (no escaping at all).
fn old_script_file(from: &str, to: &str, ts: &str, subject: &str, message: &str) -> String {
    format!(
        "{{\n  \"from\": \"{from}\",\n  \"to\": \"{to}\",\n  \"timestamp\": \"{ts}\",\n  \"subject\": \"{subject}\",\n  \"message\": \"{message}\"\n}}\n"
    )
}

#[test]
fn direct_and_broadcast_oldest_first_without_own_broadcasts() {
    let f = Folder::new();
    f.write_legacy(
        "bob",
        "2025-01-01_00-00-00-old.json",
        &old_script_file("old", "bob", "2025-01-01T00:00:00Z", "first", "oldest"),
    );
    f.send("alice", "bob", "direct", "to bob");
    f.send("alice", "broadcast", "all", "to all");
    f.send("bob", "broadcast", "mine", "from bob");
    f.send("carol", "dave", "other", "not for bob");
    let inbox = f.inbox("bob", &[]);
    assert_eq!(inbox.session, "bob");
    let subjects = subjects(&inbox);
    assert_eq!(subjects[0], "first");
    assert_eq!(subjects.len(), 3, "{subjects:?}");
    assert!(subjects.contains(&"direct") && subjects.contains(&"all"));
    assert!(inbox.messages.iter().all(|e| e.unread));
}

#[test]
fn legacy_files_are_recovered_or_named_and_never_modified() {
    let f = Folder::new();
    let broken_quotes = old_script_file(
        "7",
        "bob",
        "2025-10-01T12:00:00Z",
        "Vote",
        "Reply: \"CONSENSUS-1: ACKNOWLEDGED\"\nGreat work\\!\tDone",
    );
    let a = f.write_legacy("bob", "2025-10-01_12-00-00-7.json", &broken_quotes);
    let b = f.write_legacy(
        "bob",
        "2025-10-01_12-00-05-8.json",
        "{\n  \"from\": \"8\",\n  \"to",
    );
    let out = f.run(&["inbox", "--json", "--as", "bob"]);
    assert_eq!(out.status.code(), Some(0));
    let inbox: Inbox = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(inbox.messages.len(), 1);
    let e = &inbox.messages[0];
    assert!(e.recovered);
    assert_eq!(e.file, "messages/direct/bob/2025-10-01_12-00-00-7.json");
    assert_eq!(
        e.message.message,
        "Reply: \"CONSENSUS-1: ACKNOWLEDGED\"\nGreat work!\tDone"
    );
    let codes: Vec<&str> = e.repairs.iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&"legacy-unescaped-quote") && codes.contains(&"legacy-invalid-escape"));
    assert_eq!(inbox.unreadable.len(), 1);
    assert_eq!(
        inbox.unreadable[0].file,
        "messages/direct/bob/2025-10-01_12-00-05-8.json"
    );
    assert_eq!(inbox.unreadable[0].problem.code, "legacy-unrecoverable");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("2025-10-01_12-00-05-8.json"), "{err}");
    assert!(err.contains("1 message file(s) could not be read"), "{err}");
    let human = f.run(&["inbox", "--as", "bob"]);
    let text = String::from_utf8(human.stdout).unwrap();
    assert!(
        text.contains("Reply: \"CONSENSUS-1: ACKNOWLEDGED\""),
        "{text}"
    );
    assert!(text.contains("recovered"), "{text}");
    assert_eq!(fs::read_to_string(a).unwrap(), broken_quotes);
    assert_eq!(
        fs::read_to_string(b).unwrap(),
        "{\n  \"from\": \"8\",\n  \"to"
    );
}

#[test]
fn mark_read_moves_the_cursor_and_unread_hides_read_messages() {
    let f = Folder::new();
    f.send("alice", "bob", "one", "1");
    let out = f.run(&["inbox", "--as", "bob", "--unread", "--mark-read"]);
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("Subject: one"));
    assert!(f.dir.join("messages/.cursors/bob").is_file());
    assert!(f.inbox("bob", &["--unread"]).messages.is_empty());
    f.send("alice", "bob", "two", "2");
    let unread = f.inbox("bob", &["--unread"]);
    assert_eq!(unread.messages.len(), 1);
    assert_eq!(unread.messages[0].message.subject, "two");
    let all = f.inbox("bob", &[]);
    assert_eq!(all.messages.len(), 2);
    assert_eq!(all.messages.iter().filter(|e| e.unread).count(), 1);
    assert_eq!(f.inbox("alice", &["--unread"]).messages.len(), 0);
}

#[test]
fn from_and_since_filter() {
    let f = Folder::new();
    f.write_legacy(
        "bob",
        "2020-01-01_00-00-00-old.json",
        &old_script_file("alice", "bob", "2020-01-01T00:00:00Z", "ancient", "x"),
    );
    f.send("alice", "bob", "new", "y");
    f.send("carol", "bob", "carol's", "z");
    let since = f.inbox("bob", &["--since", "2024-06-01"]);
    assert_eq!(since.messages.len(), 2);
    let from = f.inbox("bob", &["--from", "alice"]);
    let subjects = subjects(&from);
    assert_eq!(subjects, ["ancient", "new"]);
    for impossible in [
        "last tuesday",
        "2026-13-45",
        "2026-12-03T99:99",
        "2026-00-00",
    ] {
        let bad = f.run(&["inbox", "--as", "bob", "--since", impossible]);
        assert_eq!(bad.status.code(), Some(2), "{impossible}");
        let err = String::from_utf8(bad.stderr).unwrap();
        assert!(err.contains("hint: write a date (2026-11-25)"), "{err}");
    }
    let offset = f.inbox("bob", &["--since", "2024-06-01T05:00:00+05:00"]);
    assert_eq!(offset.messages.len(), 2);
}

#[test]
fn identity_is_required() {
    let f = Folder::new();
    let out = f.run(&["inbox"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("no session identity"));
}

#[test]
fn follow_streams_new_messages_as_json_lines() {
    let f = Folder::new();
    f.send("alice", "bob", "before", "already here");
    let mut child = f
        .cmd(&["inbox", "--as", "bob", "--follow", "--json"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    let wait = Duration::from_secs(30);
    let first: Entry = serde_json::from_str(&rx.recv_timeout(wait).unwrap()).unwrap();
    assert_eq!(first.message.subject, "before");
    f.send("carol", "bob", "after", "arrived later");
    f.send("carol", "dave", "not mine", "x");
    f.send("carol", "broadcast", "to all", "y");
    let mut later: Vec<String> = (0..2)
        .map(|_| {
            let line = rx.recv_timeout(wait).unwrap();
            serde_json::from_str::<Entry>(&line)
                .unwrap()
                .message
                .subject
        })
        .collect();
    later.sort();
    assert_eq!(later, ["after", "to all"]);
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        rx.recv_timeout(Duration::from_millis(200)).is_err(),
        "nothing else printed"
    );
}

#[test]
fn control_characters_in_a_message_never_reach_the_terminal() {
    let f = Folder::new();
    let body = "first line\n\u{1b}]0;pwned\u{7}second\tline\r\nthird \u{202e}line";
    f.send("alice", "bob", "hi\u{1b}[2J", body);
    let out = f.run(&["inbox", "--as", "bob"]);
    support::assert_exit(&out, 0);
    let text = support::stdout(&out);
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text:?}"
    );
    assert!(
        !text.contains('\u{202e}') && !text.contains('\r'),
        "{text:?}"
    );
    assert!(text.contains("Subject: hi\\u{1b}[2J"), "{text}");
    assert!(
        text.contains("first line\n\\u{1b}]0;pwned\\u{7}second\tline\nthird \\u{202e}line\n"),
        "{text}"
    );
    let stored = f.inbox("bob", &[]);
    assert_eq!(stored.messages[0].message.message, body, "JSON stays exact");
}
