//! Hostile input never panics: arbitrary text, and the seed spliced with arbitrary text, through
//! parse + validate; control characters never leak into a message.

use proptest::prelude::*;
use rollcall_core::{validate, ValidateOptions};

const SEED: &str = include_str!("../../tests/fixtures/marketing-registry.md");

fn check(text: &str) {
    let options = ValidateOptions::default();
    if let Ok(report) = validate(text, &options) {
        for d in &report.diagnostics {
            assert!(
                !d.message.contains('\u{1b}'),
                "raw ESC in message of {}",
                d.code
            );
        }
        assert_eq!(report.consensus.checks.len(), 6);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        check(&text);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        check(&String::from_utf8_lossy(&bytes));
        check(&format!("# Registry\n### Session #1: X\n- **ROLE**: {}", String::from_utf8_lossy(&bytes)));
    }

    #[test]
    fn seed_with_arbitrary_splice_never_panics(at in 0usize..12000, junk in "(\\PC|[\u{0}-\u{1f}\u{7f}$%:,#*\\-\\[\\]]){0,60}") {
        let mut cut = at.min(SEED.len());
        while !SEED.is_char_boundary(cut) {
            cut -= 1;
        }
        let text = format!("{}{junk}{}", &SEED[..cut], &SEED[cut..]);
        check(&text);
    }

    #[test]
    fn registry_shaped_lines_never_panic(lines in prop::collection::vec(
        prop_oneof![
            Just("### Session #1: X".to_string()),
            "- \\*\\*(NUMBER|ROLE|GOAL|SESSION_ID|STATUS|TIMESTAMP|RESPONSIBILITIES)\\*\\*: .{0,30}",
            "  - [a-z ]{0,10}[0-9]{1,10} ?[-–] ?[0-9]{1,10}[a-zA-Z ]{0,6}",
            "- \\[[x ]\\] .{0,30}",
            "\\*\\*Current Status\\*\\*: [0-9]{1,12}/[0-9]{1,12}.{0,5}",
            "\\*\\*Required\\*\\*: All [0-9]{1,12} sessions",
            ".{0,40}",
        ],
        0..40,
    )) {
        let text = format!("# Session Identity Registry\n{}", lines.join("\n"));
        check(&text);
    }
}

#[test]
fn escape_sequences_in_fields_are_errors_shown_escaped() {
    let text = SEED.replace(
        "Master Coordinator - Orchestrate",
        "Master Coordinator\u{1b}[2J\u{7} - Orchestrate",
    );
    let report = validate(&text, &ValidateOptions::default()).unwrap();
    let found: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "control-character")
        .collect();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].line, Some(27));
    assert!(found[0].message.contains("\\u{1b}[2J\\u{7}"));
    assert!(report.has_errors());
}

#[test]
fn huge_numbers_and_ranges_do_not_overflow() {
    let text = SEED
        .replace("prospects 1-25", "prospects 1-4294967295")
        .replace(
            "prospects 26-50",
            "prospects 99999999999999999999-99999999999999999999",
        )
        .replace("- **NUMBER**: 3", "- **NUMBER**: 4294967295")
        .replace("Find 25 high", "Find 18446744073709551616 high");
    check(&text);
}

#[test]
fn a_huge_required_count_with_a_duplicate_lists_free_numbers() {
    let text = SEED
        .replace(
            "All 12 sessions must register",
            "All 4294967295 sessions must register",
        )
        .replace("- **NUMBER**: 3", "- **NUMBER**: 2");
    let report = validate(&text, &ValidateOptions::default()).unwrap();
    let dup = report
        .diagnostics
        .iter()
        .find(|d| d.code == "duplicate-number")
        .unwrap();
    assert!(
        dup.help
            .as_deref()
            .unwrap()
            .ends_with("and 4294967274 more"),
        "{:?}",
        dup.help
    );
    assert_eq!(report.consensus.required, u32::MAX);
}

#[test]
fn one_session_with_fifty_thousand_ranges_is_checked() {
    let items: String = (0..50_000u32)
        .map(|i| format!("  - Email prospects {}-{}\n", 2 * i + 1, 2 * i + 2))
        .collect();
    let text = SEED.replace("  - Personalize emails for prospects 1-17\n", &items);
    let report = validate(&text, &ValidateOptions::default()).unwrap();
    assert!(report
        .diagnostics
        .iter()
        .any(|d| d.code == "range-count-mismatch" && d.session == Some(4)));
}
