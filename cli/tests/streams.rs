//! Output streams: a closed stdout (`rollcall ... | head`) ends a command quietly with success.

use std::process::Stdio;

mod support;

/// A registry big enough that its rendering overflows a pipe buffer (64 KiB) many times over.
fn big_registry() -> String {
    let mut text = String::from(
        "# Session Identity Registry\n\n**Required**: All 3000 sessions must register\n\n",
    );
    for n in 1..=3000 {
        text.push_str(&format!(
            "### Session #{n}: Worker\n- **NUMBER**: {n}\n- **ROLE**: Worker {n}\n- **GOAL**: Ship {n} items daily\n- **SESSION_ID**: worker-{n}\n- **STATUS**: ⏳ PENDING REGISTRATION\n\n---\n\n"
        ));
    }
    text
}

#[test]
fn closed_stdout_is_success_and_silent() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.md");
    std::fs::write(&file, big_registry()).unwrap();
    for args in [
        vec!["render", file.to_str().unwrap()],
        vec!["parse", file.to_str().unwrap(), "--format", "json"],
        vec!["validate", file.to_str().unwrap(), "--format", "json"],
    ] {
        let mut child = support::rollcall(dir.path())
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
    }
}
