//! `rollcall fix`: mojibake, CRLF and BOM repair, to stdout or atomically in place with a backup.
#![allow(clippy::unwrap_used)]

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use support::{fixture, race, run_clean as rollcall};

fn seed() -> Vec<u8> {
    fixture("marketing-registry.md")
}

/// A temp folder holding `fixture` as `registry.md`.
fn setup(fixture_name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("registry.md");
    fs::write(&path, fixture(fixture_name)).unwrap();
    (dir, path)
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn mojibake_is_repaired_to_stdout_byte_for_byte() {
    let (dir, path) = setup("marketing-registry.mojibake.txt");
    let out = rollcall(dir.path(), &["fix", "registry.md"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout, seed());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("registry.md: repaired Mac-Roman mojibake on "),
        "{err}"
    );
    assert_eq!(
        fs::read(&path).unwrap(),
        fixture("marketing-registry.mojibake.txt")
    );
    assert_eq!(names(dir.path()), ["registry.md"]);
}

#[test]
fn write_replaces_the_file_and_keeps_a_backup() {
    let (dir, path) = setup("marketing-registry.mojibake.txt");
    let out = rollcall(dir.path(), &["fix", "registry.md", "--write"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    assert_eq!(fs::read(&path).unwrap(), seed());
    assert_eq!(
        fs::read(dir.path().join("registry.md.bak")).unwrap(),
        fixture("marketing-registry.mojibake.txt")
    );
    assert_eq!(names(dir.path()), ["registry.md", "registry.md.bak"]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("original kept as registry.md.bak"), "{err}");
}

#[test]
fn crlf_and_bom_are_normalized() {
    let (dir, path) = setup("hostile/crlf-bom.md");
    let out = rollcall(dir.path(), &["fix", "registry.md", "--write"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(fs::read(&path).unwrap(), seed());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("removed the byte-order mark"), "{err}");
    assert!(
        err.contains("converted 319 CRLF line endings to LF"),
        "{err}"
    );
}

#[test]
fn classic_mac_line_endings_become_lf() {
    let (dir, path) = setup("hostile/cr-only.md");
    let out = rollcall(dir.path(), &["fix", "registry.md", "--write"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(fs::read(&path).unwrap(), seed());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("converted 319 CR line endings to LF"), "{err}");
}

#[test]
fn clean_file_has_nothing_to_fix_and_is_not_touched() {
    let (dir, path) = setup("marketing-registry.md");
    let before = fs::metadata(&path).unwrap().modified().unwrap();
    let out = rollcall(dir.path(), &["fix", "registry.md", "--write"]);
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("nothing to fix"), "{err}");
    assert_eq!(names(dir.path()), ["registry.md"]);
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), before);
    let out = rollcall(dir.path(), &["fix", "registry.md"]);
    assert_eq!(out.stdout, seed());
}

#[test]
fn an_existing_backup_is_never_overwritten() {
    let (dir, path) = setup("hostile/crlf-bom.md");
    fs::write(dir.path().join("registry.md.bak"), "older backup\n").unwrap();
    let out = rollcall(dir.path(), &["fix", "registry.md", "--write"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        fs::read(dir.path().join("registry.md.bak")).unwrap(),
        b"older backup\n"
    );
    assert_eq!(
        fs::read(dir.path().join("registry.md.bak.1")).unwrap(),
        fixture("hostile/crlf-bom.md")
    );
    assert_eq!(fs::read(&path).unwrap(), seed());
}

#[test]
fn unfixable_inputs_fail_and_leave_the_file_alone() {
    for (name, expected) in [
        ("hostile/not-utf8.md", "registry.md:3: not valid UTF-8"),
        ("hostile/nul-byte.md", "registry.md:5: contains a NUL byte"),
        (
            "hostile/not-a-registry.md",
            "registry.md:1: no `# ... Registry` title",
        ),
        ("hostile/empty.md", "registry.md:1: the input is empty"),
    ] {
        let (dir, path) = setup(name);
        let out = rollcall(dir.path(), &["fix", "registry.md", "--write"]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.starts_with("rollcall: ") && err.contains(expected),
            "{name}: {err}"
        );
        assert_eq!(fs::read(&path).unwrap(), fixture(name));
        assert_eq!(names(dir.path()), ["registry.md"], "{name}");
    }
}

#[test]
fn write_needs_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = rollcall(dir.path(), &["fix", "-", "--write"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("--write needs a file"));
}

#[test]
fn concurrent_fixes_agree_and_lose_nothing() {
    let (dir, path) = setup("marketing-registry.mojibake.txt");
    for out in race(8, |_| {
        let mut cmd = support::rollcall(dir.path());
        cmd.args(["fix", "registry.md", "--write"]);
        cmd
    }) {
        support::assert_exit(&out, 0);
    }
    assert_eq!(fs::read(&path).unwrap(), seed());
    assert_eq!(
        fs::read(dir.path().join("registry.md.bak")).unwrap(),
        fixture("marketing-registry.mojibake.txt")
    );
    assert_eq!(names(dir.path()), ["registry.md", "registry.md.bak"]);
}

#[cfg(unix)]
#[test]
fn write_on_a_symlink_fixes_the_target_with_its_backup_and_keeps_the_link() {
    let (tmp, target) = setup("marketing-registry.mojibake.txt");
    let link = tmp.path().join("link.md");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let original = fs::read(&target).unwrap();
    let out = rollcall(tmp.path(), &["fix", "link.md", "--write"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link was replaced by a file"
    );
    assert_eq!(
        fs::read(&target).unwrap(),
        seed(),
        "the target was not fixed"
    );
    let backup = PathBuf::from(format!("{}.bak", target.display()));
    assert_eq!(
        fs::read(backup).unwrap(),
        original,
        "the target's backup is beside it"
    );
}
