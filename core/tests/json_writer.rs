//! core's JSON writer against serde_json on real inputs: every registry, report and registration
//! the fixtures under tests/fixtures/ give is written byte-for-byte as serde_json writes it, so the
//! wasm module (which uses the writer) and the CLI (serde_json) print the same objects.
#![allow(clippy::unwrap_used)]

use rollcall_core::json::write::to_string;
use rollcall_core::{parse_registration, parse_registry, validate, ValidateOptions};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Every file under `dir`, recursively, in a stable order.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files(&path));
        } else {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// Asserts the writer and serde_json agree on `value`; returns whether it was written.
fn agree<T: Serialize>(value: &T, path: &Path) -> bool {
    let expected = serde_json::to_string(value).unwrap();
    assert_eq!(to_string(value), expected, "{}", path.display());
    true
}

#[test]
fn every_fixture_is_written_as_serde_json_writes_it() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let (mut registries, mut reports, mut registrations) = (0, 0, 0);
    for path in files(&root) {
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        if let Ok(parsed) = parse_registry(&text) {
            registries += usize::from(agree(&parsed, &path));
        }
        if let Ok(report) = validate(&text, &ValidateOptions::default()) {
            reports += usize::from(agree(&report, &path));
        }
        if let Ok(registration) = parse_registration(&text) {
            registrations += usize::from(agree(&registration, &path));
        }
    }
    assert!(registries >= 40, "{registries} registries written");
    assert!(reports >= 40, "{reports} reports written");
    assert!(registrations >= 1, "{registrations} registrations written");
}

#[test]
fn registrations_of_both_forms_are_written_as_serde_json_writes_them() {
    let texts = [
        "REGISTRATION: NUMBER=5 ROLE=\"Writer\" GOAL=\"5 posts\" SESSION_ID=s-5 EXTRA=\"$120k\"",
        "REGISTRATION: NUMBER=next ROLE=a GOAL=b SESSION_ID=c",
        "REGISTRATION COMPLETE\nNUMBER: 7\nROLE: R\u{e9}viewer 🎯\nGOAL: Review 3 \"drafts\" \\ day\nSESSION_ID: x\nSTATUS: ✅ READY",
    ];
    for text in texts {
        let registration = parse_registration(text).unwrap();
        agree(&registration, Path::new(text));
    }
}
