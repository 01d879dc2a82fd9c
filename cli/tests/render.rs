//! `rollcall render`: registry.json (and markdown) back to the seed's markdown layout.
#![allow(clippy::unwrap_used)]

mod support;

use std::path::{Path, PathBuf};
use support::{fixture_path as fixture, run_clean as rollcall};

/// `parse --format registry` of `source` written to `dir/registry.json`.
fn registry_json(dir: &Path, source: &Path) -> PathBuf {
    let out = rollcall(
        dir,
        &["parse", source.to_str().unwrap(), "--format", "registry"],
    );
    assert_eq!(out.status.code(), Some(0));
    let path = dir.join("registry.json");
    std::fs::write(&path, &out.stdout).unwrap();
    path
}

fn summary(dir: &Path, file: &Path) -> serde_json::Value {
    let out = rollcall(dir, &["parse", file.to_str().unwrap(), "--format", "json"]);
    support::assert_exit(&out, 0);
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn seed_registry_json_renders_back_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let json = registry_json(dir.path(), &fixture("marketing-registry.md"));
    let out = rollcall(dir.path(), &["render", "registry.json"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty());
    assert_eq!(
        out.stdout,
        std::fs::read(fixture("marketing-registry.md")).unwrap()
    );
    assert!(json.exists());
}

#[test]
fn hostile_fixtures_survive_json_and_render() {
    for name in [
        "hostile/html-in-fields.md",
        "hostile/long-line.md",
        "hostile/extra-blank-lines.md",
        "hostile/missing-and-unknown-fields.md",
        "hostile/crlf-bom.md",
    ] {
        let dir = tempfile::tempdir().unwrap();
        registry_json(dir.path(), &fixture(name));
        let out = rollcall(dir.path(), &["render", "registry.json"]);
        assert_eq!(out.status.code(), Some(0), "{name}");
        let rendered = dir.path().join("rendered.md");
        std::fs::write(&rendered, &out.stdout).unwrap();
        let mut before = summary(dir.path(), &fixture(name));
        let mut after = summary(dir.path(), &rendered);
        for value in [&mut before, &mut after] {
            strip_lines(value);
        }
        assert_eq!(after, before, "{name}");
    }
}

/// Removes every `line` key (layout normalization may move lines).
fn strip_lines(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.remove("line");
            map.values_mut().for_each(strip_lines);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_lines),
        _ => {}
    }
}

#[test]
fn hand_written_json_gets_the_standard_layout() {
    let dir = tempfile::tempdir().unwrap();
    let json = r#"{
      "title": "Launch Team Registry",
      "required": 2,
      "sessions": [
        {"heading_number": 1, "title": "Lead", "fields": [
          {"key": "NUMBER", "value": "1"},
          {"key": "ROLE", "value": "Coordinator \"quoted\" $HOME"},
          {"key": "RESPONSIBILITIES", "items": [{"text": "Plan"}, {"text": "Ship 🚀"}]}
        ]},
        {"heading_number": 2, "title": "Writer", "fields": [{"key": "NUMBER", "value": "2"}]}
      ],
      "checklist": [{"text": "All 2 sessions registered", "checked": true}],
      "stated_registered": 1
    }"#;
    std::fs::write(dir.path().join("team.json"), json).unwrap();
    let out = rollcall(dir.path(), &["render", "team.json"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("# Launch Team Registry\n"));
    assert!(text.contains("\n### Session #1: Lead\n- **NUMBER**: 1\n- **ROLE**: Coordinator \"quoted\" $HOME\n- **RESPONSIBILITIES**:\n  - Plan\n  - Ship 🚀\n"));
    assert!(text.contains("\n- [x] All 2 sessions registered\n"));
    assert!(text.contains("\n**Current Status**: 1/2 sessions registered\n"));
    std::fs::write(dir.path().join("team.md"), &text).unwrap();
    let parsed = summary(dir.path(), &dir.path().join("team.md"));
    assert_eq!(parsed["sessions"][1]["number"], 2);
    assert_eq!(parsed["required"], 2);
}

#[test]
fn bad_json_fails_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    for (name, expected) in [
        (
            "hostile/broken.json",
            "broken.json:3:1: not a valid registry.json",
        ),
        (
            "hostile/json-array.json",
            "json-array.json:1: the input is a JSON array",
        ),
        ("hostile/empty.md", "empty.md:1: the input is empty"),
    ] {
        let out = rollcall(dir.path(), &["render", fixture(name).to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.starts_with("rollcall: ") && err.contains(expected),
            "{err}"
        );
    }
}
