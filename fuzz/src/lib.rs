//! The property each fuzz target checks, one function per parser. The afl binaries in
//! `fuzz_targets/` call these on every input; `cargo test` here replays the committed corpus and
//! every past finding (`regressions/`) through the same functions, so a fixed crash stays fixed.

use rollcall_core::identity::replay::replay_verified;
use rollcall_core::protocol::state::replay;
use rollcall_core::{
    parse_registration, parse_registry, recover_legacy_message, registry_from_json,
    registry_to_json, repair_text, validate, Diagnostic, Registry, ValidateOptions,
};

/// Every fuzz target by name, with the property it checks.
pub const TARGETS: &[(&str, fn(&str))] = &[
    ("registry_markdown", registry_markdown),
    ("registry_json", registry_json),
    ("registration", registration),
    ("legacy_message", legacy_message),
    ("journal_replay", journal_replay),
    ("fix", fix),
];

/// Turns raw fuzz bytes into the text a command would see (files are read as UTF-8, lossily).
pub fn text_of(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// A diagnostic's position is 1-based when it has one.
fn assert_position(diagnostic: &Diagnostic) {
    assert_ne!(diagnostic.line, Some(0), "line 0 in {diagnostic:?}");
    assert_ne!(diagnostic.column, Some(0), "column 0 in {diagnostic:?}");
    assert!(!diagnostic.code.is_empty(), "empty code in {diagnostic:?}");
}

/// A registry survives registry.json unchanged: what `parse --format json` writes, `validate` reads back.
fn assert_json_roundtrip(registry: &Registry) {
    let json = registry_to_json(registry);
    let back = registry_from_json(&json)
        .unwrap_or_else(|error| panic!("own JSON refused: {error:?}\n{json}"));
    assert_eq!(&back, registry, "JSON round trip changed the registry");
}

/// Markdown registry: parsing and validating never panic, positions are 1-based, and the parsed
/// registry survives the JSON round trip.
pub fn registry_markdown(text: &str) {
    match parse_registry(text) {
        Ok(parsed) => {
            parsed.diagnostics.iter().for_each(assert_position);
            assert_json_roundtrip(&parsed.registry);
        }
        Err(refusal) => assert_position(&refusal),
    }
    if let Ok(report) = validate(text, &ValidateOptions::default()) {
        report.diagnostics.iter().for_each(assert_position);
    }
}

/// registry.json: a registry it accepts writes back to JSON that reads as the same registry.
pub fn registry_json(text: &str) {
    match registry_from_json(text) {
        Ok(registry) => assert_json_roundtrip(&registry),
        Err(refusal) => assert_position(&refusal),
    }
}

/// A REGISTRATION message: parsed or refused with a positioned diagnostic, never a panic.
pub fn registration(text: &str) {
    if let Err(refusal) = parse_registration(text) {
        assert_position(&refusal);
    }
}

/// A legacy message file: recovered or refused, never a panic.
pub fn legacy_message(text: &str) {
    if let Err(refusal) = recover_legacy_message(text) {
        assert_position(&refusal);
    }
}

/// The registry journal: replay (plain and with signature checks) never panics, its sound prefix
/// ends on a line boundary inside the text, and both replays agree on what the prefix is.
pub fn journal_replay(text: &str) {
    let plain = replay(text);
    assert!(plain.valid_len <= text.len(), "sound prefix past the end");
    assert!(text.is_char_boundary(plain.valid_len), "sound prefix splits a character");
    plain.diagnostics.iter().for_each(assert_position);
    let verified = replay_verified(text);
    assert_eq!(verified.replayed.valid_len, plain.valid_len, "replays disagree on the sound prefix");
}

/// `fix`: the repair is idempotent (a second `fix --write` changes nothing).
pub fn fix(text: &str) {
    let once = repair_text(text);
    let twice = repair_text(&once.text);
    assert_eq!(twice.text, once.text, "a second repair changed the text");
    assert!(twice.changes.is_empty(), "a second repair reported {:?}", twice.changes);
}
