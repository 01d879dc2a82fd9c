//! Replays the committed seed corpus and every past fuzz finding through each target's property,
//! so `cargo test` here (and `scripts/test.sh`) keeps a fixed crash fixed without running AFL++.

use std::fs;
use std::path::Path;

/// Every file under `fuzz/<kind>/<target>/`, sorted by name.
fn inputs(kind: &str, target: &str) -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(kind).join(target);
    let mut files: Vec<_> = fs::read_dir(&dir)
        .map(|entries| entries.flatten().map(|entry| entry.path()).collect())
        .unwrap_or_default();
    files.retain(|path| path.is_file() && !path.ends_with("README.md"));
    files.sort();
    files
}

#[test]
fn every_target_has_a_seed_corpus() {
    for (target, _) in rollcall_fuzz::TARGETS {
        assert!(!inputs("corpus", target).is_empty(), "no seed corpus for {target}");
    }
}

#[test]
fn seed_corpus_and_past_findings_hold_every_property() {
    for (target, property) in rollcall_fuzz::TARGETS {
        for kind in ["corpus", "regressions"] {
            for path in inputs(kind, target) {
                let data = fs::read(&path).unwrap();
                let text = rollcall_fuzz::text_of(&data);
                let outcome = std::panic::catch_unwind(|| property(&text));
                assert!(outcome.is_ok(), "{target} fails on {}", path.display());
            }
        }
    }
}
