//! The seed and the hostile fixtures under tests/fixtures/: what parsing must find, and that
//! rendering keeps every fixture's content.
#![allow(clippy::unwrap_used)]

use rollcall_core::{parse_registry, render_markdown, repair_mojibake, Registry, Status};
use std::path::PathBuf;

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(name);
    String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned()
}

fn registry(name: &str) -> Registry {
    parse_registry(&fixture(name)).unwrap().registry
}

const PARSEABLE: [&str; 8] = [
    "marketing-registry.md",
    "hostile/cr-only.md",
    "marketing-registry.mojibake.txt",
    "hostile/crlf-bom.md",
    "hostile/extra-blank-lines.md",
    "hostile/html-in-fields.md",
    "hostile/long-line.md",
    "hostile/missing-and-unknown-fields.md",
];

#[test]
fn every_fixture_survives_render_and_parse() {
    for name in PARSEABLE {
        let first = registry(name);
        let rendered = render_markdown(&first);
        let second = parse_registry(&rendered).unwrap().registry;
        assert_eq!(second.without_lines(), first.without_lines(), "{name}");
        assert_eq!(render_markdown(&second), rendered, "{name}");
    }
}

#[test]
fn seed_renders_byte_identical() {
    let seed = fixture("marketing-registry.md");
    assert_eq!(render_markdown(&registry("marketing-registry.md")), seed);
}

#[test]
fn stored_registry_json_still_reads_as_the_seed() {
    let stored = rollcall_core::registry_from_json(&fixture("marketing-registry.json")).unwrap();
    assert_eq!(stored, registry("marketing-registry.md"));
    assert_eq!(render_markdown(&stored), fixture("marketing-registry.md"));
}

#[test]
fn crlf_bom_copy_parses_like_the_seed_with_the_same_lines() {
    assert_eq!(
        registry("hostile/crlf-bom.md"),
        registry("marketing-registry.md")
    );
}

#[test]
fn mojibake_seed_repairs_byte_for_byte() {
    let repaired = repair_mojibake(&fixture("marketing-registry.mojibake.txt")).unwrap();
    assert_eq!(repaired, fixture("marketing-registry.md"));
    assert_eq!(repair_mojibake(&fixture("marketing-registry.md")), None);
    assert_eq!(repair_mojibake(&fixture("hostile/html-in-fields.md")), None);
}

#[test]
fn messy_layout_reads_every_field() {
    let r = registry("hostile/extra-blank-lines.md");
    assert_eq!((r.required, r.stated_registered), (Some(3), Some(2)));
    assert_eq!(r.sessions.len(), 3);
    for s in &r.sessions {
        assert!(s.number().is_some() && s.role().is_some() && s.goal().is_some());
        assert!(s.session_name().is_some() && s.status().is_some());
    }
    let first = &r.sessions[0];
    assert_eq!(first.session_name(), Some("orchestrator"));
    let items: Vec<_> = first
        .responsibilities()
        .iter()
        .map(|i| i.text.as_str())
        .collect();
    assert_eq!(items, ["Run daily workflow", "Monitor progress"]);
    assert_eq!(r.sessions[1].status(), Some(Status::Registered));
    assert_eq!(r.sessions[1].timestamp(), Some("2025-11-15T22:05:00Z"));
    assert_eq!(r.checklist.len(), 2);
    assert!(r.checklist[0].checked && !r.checklist[1].checked);
}

#[test]
fn missing_and_unknown_fields_are_kept_as_found() {
    let parsed = parse_registry(&fixture("hostile/missing-and-unknown-fields.md")).unwrap();
    let r = &parsed.registry;
    assert_eq!(r.sessions.len(), 4);
    let keys: Vec<_> = r.sessions[1]
        .fields
        .iter()
        .map(|f| f.key.as_str())
        .collect();
    assert_eq!(
        keys,
        ["ROLE", "GOAL", "MOOD", "SESSION_ID", "PRIORITY", "STATUS"]
    );
    assert_eq!(r.sessions[1].number(), None);
    assert_eq!(r.sessions[2].role(), None);
    assert_eq!(
        r.sessions[2].status(),
        Some(Status::Other("🤷 THINKING ABOUT IT".into()))
    );
    assert_eq!(r.sessions[3].heading_number, None);
    let warning = &parsed.diagnostics[0];
    assert_eq!(warning.code, "malformed-field");
    assert_eq!((warning.line, warning.session), (Some(21), Some(3)));
}

#[test]
fn html_and_shell_text_stay_verbatim() {
    let r = registry("hostile/html-in-fields.md");
    assert_eq!(r.sessions[0].title, "<script>alert(\"pwned\")</script>");
    assert_eq!(
        r.sessions[0].session_name(),
        Some("orchestrator\"><svg onload=alert(2)>")
    );
    assert_eq!(
        r.sessions[1].role(),
        Some("Writer with \\backslashes\\ and $HOME and $(rm -rf /) and `id`")
    );
    assert_eq!(r.sessions[1].session_name(), Some("../../etc/passwd"));
    assert_eq!(r.checklist[0].text, "<b>All</b> sessions registered");
}

#[test]
fn ten_thousand_character_lines_are_read_whole() {
    let r = registry("hostile/long-line.md");
    assert!(r.sessions[0].goal().unwrap().len() >= 10_000);
    assert_eq!(r.sessions[1].role().unwrap().len(), 10_000);
}

#[test]
fn inputs_that_are_not_registries_are_refused() {
    let cases = [
        ("hostile/empty.md", "not-a-registry", Some(1)),
        ("hostile/json-array.json", "not-a-registry", Some(1)),
        ("hostile/not-a-registry.md", "not-a-registry", Some(1)),
        ("hostile/nul-byte.md", "nul-byte", Some(5)),
        ("hostile/broken.json", "invalid-registry-json", Some(3)),
    ];
    for (name, code, line) in cases {
        let err = parse_registry(&fixture(name)).unwrap_err();
        assert_eq!((err.code.as_str(), err.line), (code, line), "{name}");
    }
}
