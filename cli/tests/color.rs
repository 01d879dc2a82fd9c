//! `--color` end to end, on stderr as on stdout: `always` colours diagnostics, warnings and errors
//! on stderr even through a pipe (and even with `NO_COLOR` set), `never` and `NO_COLOR` keep both
//! streams plain, and `auto` colours a stream only when it is a terminal (a real pseudo-terminal
//! here), so stdout piped to a file stays plain while stderr on the terminal is coloured.

#![allow(clippy::unwrap_used)]

mod support;

use std::path::Path;
use std::process::Output;
use support::{assert_exit, describe, fixture_path, rollcall, stderr, stdout};

const ESC: char = '\u{1b}';

/// `rollcall parse` on the mojibake fixture: parse warnings on stderr, JSON on stdout.
fn parse_mojibake(extra: &[&str]) -> Output {
    let tmp = tempfile::tempdir().unwrap();
    let path = fixture_path("marketing-registry.mojibake.txt");
    rollcall(tmp.path())
        .args(["parse", path.to_str().unwrap(), "--format", "json"])
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn color_always_paints_parse_warnings_on_stderr_even_with_no_color_set() {
    let out = parse_mojibake(&["--color", "always"]);
    assert_exit(&out, 0);
    let err = stderr(&out);
    assert!(err.contains(&format!("{ESC}[")), "{}", describe(&out));
    assert!(err.contains("warning[mojibake]"), "{err:?}");
    assert!(!out.stdout.contains(&0x1b), "JSON is never coloured");
}

#[test]
fn color_never_and_no_color_keep_stderr_plain() {
    for extra in [&["--color", "never"][..], &[]] {
        let out = parse_mojibake(extra);
        assert_exit(&out, 0);
        let err = stderr(&out);
        assert!(err.contains("warning[mojibake]"), "{extra:?}: {err}");
        assert!(!err.contains(ESC), "{extra:?}: {err:?}");
    }
}

#[test]
fn color_always_paints_errors_and_journal_warnings_on_stderr() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = rollcall(tmp.path())
        .args(["--color", "always", "validate", "no-such-registry.md"])
        .output()
        .unwrap();
    assert_exit(&missing, 2);
    assert!(
        stderr(&missing).starts_with(&format!("{ESC}[")),
        "{}",
        describe(&missing)
    );
    let dir = tmp.path().join("coordination");
    std::fs::create_dir(&dir).unwrap();
    let init = rollcall(&dir)
        .args(["init", "--sessions", "2"])
        .output()
        .unwrap();
    assert_exit(&init, 0);
    let journal = dir.join("registry.journal.jsonl");
    let mut text = std::fs::read_to_string(&journal).unwrap();
    text.push_str("{\"not\": \"an event\"}\n");
    std::fs::write(&journal, text).unwrap();
    for (flag, coloured) in [("always", true), ("never", false)] {
        let out = rollcall(&dir)
            .args(["status", "--color", flag])
            .output()
            .unwrap();
        assert_exit(&out, 0);
        let err = stderr(&out);
        assert!(err.contains("registry.journal.jsonl"), "{}", describe(&out));
        assert_eq!(err.contains(ESC), coloured, "--color {flag}: {err:?}");
        assert_eq!(stdout(&out).contains(ESC), coloured, "--color {flag}");
    }
}

#[cfg(unix)]
mod terminal {
    //! `--color auto` with stderr on a pseudo-terminal.

    use super::*;
    use rustix::pty::{grantpt, openpt, ptsname, unlockpt, OpenptFlags};
    use std::fs::{File, OpenOptions};
    use std::io::Read;
    use std::process::Stdio;

    /// Runs `rollcall ARGS` from `dir` with stderr on a new pseudo-terminal and `env` set; returns
    /// stdout (a pipe) and what the terminal received.
    fn with_stderr_on_a_terminal(
        dir: &Path,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> (Vec<u8>, String) {
        let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).unwrap();
        grantpt(&master).unwrap();
        unlockpt(&master).unwrap();
        let name = ptsname(&master, Vec::new()).unwrap();
        let slave = OpenOptions::new()
            .read(true)
            .write(true)
            .open(name.to_str().unwrap())
            .unwrap();
        let mut cmd = rollcall(dir);
        cmd.env_remove("NO_COLOR").env("TERM", "xterm-256color");
        for (key, value) in env {
            cmd.env(key, value);
        }
        let child = cmd
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::from(slave))
            .spawn()
            .unwrap();
        // The command holds the terminal's other end until dropped; the reader ends only when
        // no process holds it, and reads while the child runs so a full terminal never stalls it.
        drop(cmd);
        let mut master = File::from(master);
        let reader = std::thread::spawn(move || {
            let mut terminal = Vec::new();
            let mut chunk = [0u8; 4096];
            // With no writer left the master reads 0 bytes (macOS) or fails with EIO (Linux).
            while let Ok(n) = master.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                terminal.extend_from_slice(&chunk[..n]);
            }
            terminal
        });
        let out = child.wait_with_output().unwrap();
        let terminal = reader.join().unwrap();
        (out.stdout, String::from_utf8(terminal).unwrap())
    }

    #[test]
    fn auto_colours_the_terminal_only_and_no_color_or_dumb_term_turns_it_off() {
        let tmp = tempfile::tempdir().unwrap();
        let path = fixture_path("marketing-registry.mojibake.txt");
        let args = ["validate", path.to_str().unwrap(), "no-such-registry.md"];
        let (out, err) = with_stderr_on_a_terminal(tmp.path(), &args, &[]);
        assert!(err.contains(&format!("{ESC}[")), "{err:?}");
        assert!(err.contains("no-such-registry.md"), "{err:?}");
        assert!(
            !out.is_empty() && !out.contains(&0x1b),
            "stdout is a pipe: plain"
        );
        for env in [("NO_COLOR", "1"), ("TERM", "dumb")] {
            let (_, err) = with_stderr_on_a_terminal(tmp.path(), &args, &[env]);
            assert!(err.contains("no-such-registry.md"), "{env:?}: {err:?}");
            assert!(!err.contains(ESC), "{env:?}: {err:?}");
        }
    }
}
