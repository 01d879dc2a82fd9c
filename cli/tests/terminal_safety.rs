//! Nothing hostile reaches a terminal: every ASCII control character, DEL, the C1 controls and
//! the bidi controls, fed through every command's human output (arguments, message files,
//! registry text, file names), arrive escaped; JSON keeps the exact text.

#![allow(clippy::unwrap_used)]

use rollcall_core::text::is_unsafe_char;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use support::describe;

mod support;

/// Every control and bidi character a terminal could act on (NUL aside: no argument can hold it).
fn hostile() -> String {
    let c0 = (1u8..0x20).filter(|b| *b != b'\n').map(char::from);
    let c1 = (0x80u32..0xA0).filter_map(char::from_u32);
    let bidi = ('\u{202a}'..='\u{202e}').chain('\u{2066}'..='\u{2069}');
    let mut text = String::from("X");
    text.extend(c0.chain(['\u{7f}']).chain(c1).chain(bidi));
    text.push_str("\u{1b}]0;pwned\u{7}\u{1b}[2J\rY");
    text
}

/// Panics when `bytes` (one stream of `what`) hold a character a terminal would act on; line
/// breaks and tabs are the only controls allowed through.
fn assert_safe(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for (i, c) in text.char_indices() {
        if c == '\n' || c == '\t' {
            continue;
        }
        assert!(
            !is_unsafe_char(c),
            "{what}: raw U+{:04X} at byte {i}:\n{text}",
            c as u32
        );
    }
}

fn assert_output_safe(what: &str, out: &Output) {
    assert_safe(&format!("{what} (stdout)"), &out.stdout);
    assert_safe(&format!("{what} (stderr)"), &out.stderr);
}

temp_folder!(
    /// A coordination folder where `init_three` registers orch, alice and carol.
    Folder,
    "coordination"
);

impl Folder {
    fn init_three() -> Self {
        let folder = Folder::new();
        folder.ok(&["init", "--sessions", "3", "--as", "orch"]);
        for (id, number, goal) in [
            ("orch", "1", "Coordinate 3 sessions"),
            ("alice", "2", "Write 3 posts"),
            ("carol", "3", "Edit 3 posts"),
        ] {
            folder.ok(&[
                "register",
                "--as",
                id,
                "--number",
                number,
                "--role",
                &format!("Role of {id}"),
                "--goal",
                goal,
            ]);
        }
        folder
    }

    /// Runs `args` and checks both streams, whatever the exit code.
    fn check(&self, args: &[&str]) -> Output {
        let out = self.run(args);
        assert_output_safe(&args.join(" "), &out);
        out
    }
}

/// A registry whose role, goal and session id hold `hostile`.
fn hostile_registry(dir: &Path, hostile: &str) -> PathBuf {
    let clean = String::from_utf8(support::fixture("rules/clean.md")).unwrap();
    let text = clean
        .replace(
            "Writer AI - Draft chapters (Batch 1)",
            &format!("Writer {hostile}"),
        )
        .replace(
            "Draft 10 chapters weekly, 90%+ editor approval",
            &format!("Draft 10 chapters {hostile}"),
        )
        .replace(
            "book-writer-2 (session-1763243097)",
            &format!("book-{hostile}"),
        );
    let path = dir.join("hostile.md");
    fs::write(&path, text).unwrap();
    path
}

#[test]
fn every_control_and_bidi_character_is_escaped_in_every_human_output() {
    let bad = hostile();
    let folder = Folder::init_three();
    let registry = hostile_registry(&folder.dir, &bad);
    let registry = registry.to_str().unwrap();
    for args in [
        &["validate", registry][..],
        &["parse", registry],
        &["status"],
    ] {
        folder.check(args);
    }
    // `render` and `fix` print the registry document itself (to redirect into a file): byte-exact
    // on stdout, and only their messages on stderr are human text.
    for args in [&["render", registry][..], &["fix", registry]] {
        let out = folder.run(args);
        assert_safe(&args.join(" "), &out.stderr);
        assert!(!out.stdout.is_empty(), "{}", describe(&out));
    }
    folder.check(&[
        "register",
        "--as",
        "orch",
        "--number",
        "1",
        "--role",
        &bad,
        "--goal",
        "Coordinate 3 sessions",
    ]);
    folder.check(&[
        "register",
        "--as",
        "orch",
        "--number",
        "1",
        "--role",
        "Lead",
        "--goal",
        &format!("Coordinate 3 {bad}"),
    ]);
    folder.check(&[
        "register",
        "--as",
        &bad,
        "--number",
        "2",
        "--role",
        "R",
        "--goal",
        "Write 3 posts",
    ]);
    folder.check(&[
        "register",
        "--as",
        "orch",
        "--number",
        "1",
        "--role",
        "Lead",
        "--goal",
        "Coordinate 3 sessions",
    ]);
    folder.check(&["send", "carol", &bad, &bad, "--as", "alice"]);
    folder.check(&["send", &bad, "s", "m", "--as", "alice"]);
    folder.check(&["send", "carol", "s", "m", "--as", &bad]);
    folder.check(&["inbox", "--as", "carol"]);
    folder.check(&["inbox", "--as", "carol", "--since", &bad]);
    folder.check(&["approve", "--by", &bad]);
    folder.check(&["status"]);
    folder.check(&["release", "--as", &bad, "--number", "1"]);

    let carol = folder.dir.join("messages/direct/carol");
    let nul_body = "{\"from\":\"a\\u0000b\",\"to\":\"carol\",\"timestamp\":\"2026-12-01T10:00:00Z\",\"subject\":\"s\\u0000\\u009b\",\"message\":\"m\\u001b[31m\\u0000\"}";
    fs::write(carol.join("2026-12-01_10-00-00-nul.json"), nul_body).unwrap();
    fs::write(
        carol.join(format!("2026-12-01_10-00-01-{}.json", bad.replace('/', ""))),
        "{broken",
    )
    .unwrap();
    folder.check(&["inbox", "--as", "carol"]);
    folder.check(&["doctor"]);
    folder.check(&["import", "--dry-run"]);
    fs::write(folder.dir.join(".current_session"), &bad).unwrap();
    folder.check(&["send", "carol", "s", "m"]);
    folder.check(&["doctor"]);
}

#[test]
fn json_output_keeps_the_exact_text() {
    let bad = hostile();
    let folder = Folder::init_three();
    let out = folder.run(&["send", "carol", "subject", &bad, "--as", "alice", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", describe(&out));
    let message: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(message["message"], bad.as_str());
    let inbox = folder.run(&["inbox", "--as", "carol", "--json"]);
    let listed: serde_json::Value = serde_json::from_slice(&inbox.stdout).unwrap();
    assert!(
        listed
            .to_string()
            .contains(&serde_json::to_string(&bad).unwrap()[1..20]),
        "{listed}"
    );
}
