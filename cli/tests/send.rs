//! `rollcall send` end to end: the real binary in a temp coordination folder.
#![allow(clippy::unwrap_used)]

use rollcall_core::Message;
use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use support::{stderr, stdout};

mod support;

/// A temp project with a `COORDINATION/` folder; commands run from `COORDINATION/scripts`.
struct Project {
    _tmp: tempfile::TempDir,
    root: PathBuf,
}

impl Project {
    fn new() -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().to_path_buf();
        fs::create_dir_all(root.join("COORDINATION/scripts")).unwrap();
        Project { _tmp: tmp, root }
    }

    fn coord(&self) -> PathBuf {
        self.root.join("COORDINATION")
    }

    fn cmd(&self) -> Command {
        support::rollcall(&self.coord().join("scripts"))
    }

    fn send<S: AsRef<OsStr>>(&self, args: &[S]) -> Output {
        self.cmd()
            .arg("send")
            .args(args)
            .arg("--as")
            .arg("session-3")
            .output()
            .unwrap()
    }

    /// Every message file under messages/, sorted.
    fn files(&self) -> Vec<PathBuf> {
        let mut out = Vec::new();
        walk(&self.coord().join("messages"), &mut out);
        out.sort();
        out
    }
}

/// Every message file under `dir` (not their `.json.sig` signatures); the store's own hidden
/// folders (`.receipts/`, read cursors) hold no messages and are skipped.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.file_name().unwrap().to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

fn parse(path: &Path) -> Message {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn direct_message_lands_in_the_old_layout_with_the_old_success_line() {
    let p = Project::new();
    let line = "REGISTRATION: NUMBER=3 ROLE=Content Strategist GOAL=12 posts/week SESSION_ID=s3 STATUS=REGISTERED";
    let out = p.send(&["marketing-orchestrator", line]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "✅ Message sent to marketing-orchestrator\n");
    let files = p.files();
    assert_eq!(files.len(), 1);
    let rel = files[0]
        .strip_prefix(p.coord())
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(
        rel.starts_with("messages/direct/marketing-orchestrator/20"),
        "{rel}"
    );
    assert!(rel.ends_with("-session-3.json"), "{rel}");
    let m = parse(&files[0]);
    assert_eq!(
        (m.from.as_str(), m.subject.as_str(), m.message.as_str()),
        ("session-3", line, "")
    );
    assert_eq!(m.id.unwrap().len(), 26);
    assert!(m.timestamp.ends_with('Z') && m.timestamp.len() == 20);
}

#[test]
fn hostile_bodies_are_stored_byte_exact() {
    let p = Project::new();
    let bodies = [
        "$120k budget",
        "line one\nline two\n",
        "she said \"yes\" and 'no'",
        "C:\\path\\to\\file \\! \\n literally",
        "tab\there",
        "emoji 🎉👩‍💻 and é",
        "<script>alert('x')</script> &amp;",
        "windows\r\nline\r\n",
        "",
    ];
    for (i, body) in bodies.iter().enumerate() {
        let subject = format!("case {i} \"{body}\"");
        let out = p.send(&["broadcast", subject.as_str(), body]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let out_json = p
            .cmd()
            .args(["send", "bob", &subject, body, "--as", "s", "--json"])
            .output()
            .unwrap();
        let printed: Message = serde_json::from_slice(&out_json.stdout).unwrap();
        assert_eq!(printed.message, *body);
    }
    let messages: Vec<Message> = p.files().iter().map(|f| parse(f)).collect();
    assert_eq!(messages.len(), bodies.len() * 2, "nothing overwritten");
    for body in bodies {
        let same: Vec<&Message> = messages.iter().filter(|m| m.message == body).collect();
        assert_eq!(same.len(), 2, "{body:?}");
        assert!(same
            .iter()
            .all(|m| m.subject.ends_with(&format!("\"{body}\""))));
    }
}

#[test]
fn json_output_is_the_stored_file_and_carries_the_options() {
    let p = Project::new();
    let out = p.send(&[
        "bob",
        "s",
        "m",
        "--json",
        "--thread",
        "t-1",
        "--reply-to",
        "01ABC",
        "--ack-required",
        "--no-sync",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let files = p.files();
    assert_eq!(fs::read(&files[0]).unwrap(), out.stdout);
    let m = parse(&files[0]);
    assert_eq!(m.thread.as_deref(), Some("t-1"));
    assert_eq!(m.reply_to.as_deref(), Some("01ABC"));
    assert!(m.ack_required);
}

#[test]
fn dash_reads_the_body_from_stdin_and_quiet_prints_nothing() {
    let p = Project::new();
    let mut child = p
        .cmd()
        .args(["send", "bob", "from stdin", "-", "--as", "s", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"piped \"body\"\n$HOME\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    assert_eq!(parse(&p.files()[0]).message, "piped \"body\"\n$HOME\n");
}

#[test]
fn missing_arguments_print_usage_and_exit_2() {
    let p = Project::new();
    for args in [&["send"][..], &["send", "bob"][..]] {
        let out = p.cmd().args(args).arg("--as").arg("s").output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = stderr(&out);
        assert!(err.contains("Usage: rollcall send"), "{err}");
        assert!(err.contains("<TO> <SUBJECT> [MESSAGE]"), "{err}");
    }
    assert!(p.files().is_empty());
}

#[test]
fn hostile_names_are_refused_and_nothing_is_written() {
    let p = Project::new();
    let long = "x".repeat(129);
    for bad in ["../x", "a/b", "", "a\nb", "tab\tname", "..", long.as_str()] {
        let out = p.send(&[bad, "s", "m"]);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(stderr(&out).contains("recipient id"), "{}", stderr(&out));
        let out = p
            .cmd()
            .args(["send", "bob", "s", "m", "--as", bad])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(stderr(&out).starts_with("rollcall: "), "{}", stderr(&out));
    }
    assert!(p.files().is_empty(), "{:?}", p.files());
    assert!(!p.root.join("x").exists());
}

#[test]
fn bidi_and_control_characters_in_ids_are_refused_like_register_refuses_them() {
    let p = Project::new();
    for bad in [
        "a\u{202e}b",
        "evil\u{202e}txt.exe",
        "x\u{2066}y",
        "esc\u{1b}[31m",
        "c1\u{9b}",
    ] {
        let out = p.send(&[bad, "s", "m"]);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        let err = stderr(&out);
        assert!(
            err.contains("recipient id") && err.contains("control character"),
            "{err}"
        );
        assert!(!err.contains(bad), "raw id reached the terminal: {err:?}");
        let out = p
            .cmd()
            .args(["send", "bob", "s", "m", "--as", bad])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(stderr(&out).contains("hint: "), "{}", stderr(&out));
    }
    assert!(p.files().is_empty(), "{:?}", p.files());
}

#[test]
fn broadcast_is_not_a_sender() {
    let p = Project::new();
    let out = p
        .cmd()
        .args(["send", "bob", "s", "m", "--as", "broadcast"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("address of every session"),
        "{}",
        stderr(&out)
    );
    assert!(p.files().is_empty(), "{:?}", p.files());
}

#[test]
fn invalid_utf8_is_refused() {
    let p = Project::new();
    let bad = OsStr::from_bytes(b"caf\xe9");
    let out = p.send(&[OsStr::new("bob"), OsStr::new("s"), bad]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("MESSAGE is not valid UTF-8"));
    let out = p.send(&[OsStr::new("bob"), bad, OsStr::new("m")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(p.files().is_empty());
}

#[test]
fn identity_comes_from_flag_then_env_then_legacy_file() {
    let p = Project::new();
    let run = |extra: &[&str], env: Option<&str>| {
        let mut cmd = p.cmd();
        cmd.args(["send", "bob", "s", "m", "--json"]).args(extra);
        if let Some(id) = env {
            cmd.env("ROLLCALL_SESSION", id);
        }
        cmd.output().unwrap()
    };
    let none = run(&[], None);
    assert_eq!(none.status.code(), Some(2));
    assert!(
        stderr(&none).contains("no session identity"),
        "{}",
        stderr(&none)
    );
    assert!(stderr(&none).contains("--as"));
    fs::write(p.coord().join(".current_session"), "legacy-7\n").unwrap();
    let from = |out: Output| serde_json::from_slice::<Message>(&out.stdout).unwrap().from;
    assert_eq!(from(run(&[], None)), "legacy-7");
    assert_eq!(from(run(&[], Some("env-5"))), "env-5");
    assert_eq!(from(run(&["--as", "flag-1"], Some("env-5"))), "flag-1");
}

#[test]
fn folder_discovery_and_its_error() {
    let tmp = tempfile::tempdir().unwrap();
    let deep = tmp.path().join("repo/src/deep");
    fs::create_dir_all(&deep).unwrap();
    let cmd = |dir: &Path| {
        let mut c = support::rollcall(dir);
        c.args(["send", "bob", "s", "m", "--as", "a"]);
        c
    };
    let out = cmd(&deep).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("no coordination folder found"), "{err}");
    assert!(err.contains(&deep.display().to_string()), "{err}");
    fs::create_dir_all(tmp.path().join("repo/docs/coordination")).unwrap();
    assert_eq!(cmd(&deep).output().unwrap().status.code(), Some(0));
    assert_eq!(
        support::message_files(
            &tmp.path()
                .join("repo/docs/coordination/messages/direct/bob")
        )
        .len(),
        1
    );
    let elsewhere = tmp.path().join("elsewhere");
    fs::create_dir_all(&elsewhere).unwrap();
    let out = cmd(&deep).env("ROLLCALL_DIR", &elsewhere).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(elsewhere.join("messages/direct/bob").is_dir());
}

#[test]
fn rapid_sends_from_one_sender_never_overwrite() {
    let p = Project::new();
    for i in 0..15 {
        let out = p.send(&["bob", "same second", &format!("n{i}"), "--no-sync"]);
        assert_eq!(out.status.code(), Some(0));
    }
    let mut bodies: Vec<String> = p.files().iter().map(|f| parse(f).message).collect();
    bodies.sort();
    let mut expected: Vec<String> = (0..15).map(|i| format!("n{i}")).collect();
    expected.sort();
    assert_eq!(bodies, expected);
}
