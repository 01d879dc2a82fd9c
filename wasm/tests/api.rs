//! The JavaScript API as JavaScript sees it: values that cross the boundary are read back into the
//! core's Rust types and compared with what core returns directly; failures must be `Error`s with
//! a `code`.
#![cfg(target_arch = "wasm32")]

use rollcall_core::{view, Registry, Report, ValidateOptions};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const SEED: &str = include_str!("../../tests/fixtures/marketing-registry.md");
const MOJIBAKE: &str = include_str!("../../tests/fixtures/marketing-registry.mojibake.txt");

/// The `code` property of a thrown value, asserting it is a JavaScript `Error`.
fn error_code(thrown: &JsValue) -> String {
    assert!(
        thrown.is_instance_of::<js_sys::Error>(),
        "thrown value is an Error: {thrown:?}"
    );
    let message = js_sys::Reflect::get(thrown, &"message".into()).unwrap();
    assert!(
        !message.as_string().unwrap().is_empty(),
        "Error has a message"
    );
    js_sys::Reflect::get(thrown, &"code".into())
        .unwrap()
        .as_string()
        .unwrap()
}

/// Reads a JavaScript value back into a Rust type, as a consumer's data would be.
fn back<T: serde::de::DeserializeOwned>(value: JsValue) -> T {
    serde_wasm_bindgen::from_value(value).unwrap()
}

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(rollcall_wasm::version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn parse_registry_round_trips_the_seed() {
    let js = rollcall_wasm::parse_registry(SEED.into()).unwrap();
    let registry: Registry = back(js);
    assert_eq!(
        registry,
        rollcall_core::parse_registry(SEED).unwrap().registry
    );
    assert_eq!(registry.sessions.len(), 12);
}

#[wasm_bindgen_test]
fn missing_values_are_null_not_undefined() {
    let js = rollcall_wasm::parse_registry("# Session Identity Registry\n".into()).unwrap();
    let purpose = js_sys::Reflect::get(&js, &"purpose".into()).unwrap();
    assert!(purpose.is_null(), "purpose is null: {purpose:?}");
}

#[wasm_bindgen_test]
fn parse_registry_repairs_the_mojibake_seed() {
    let repaired: Registry = back(rollcall_wasm::parse_registry(MOJIBAKE.into()).unwrap());
    let clean: Registry = back(rollcall_wasm::parse_registry(SEED.into()).unwrap());
    assert_eq!(repaired, clean);
}

#[wasm_bindgen_test]
fn render_registry_gives_back_the_markdown() {
    let js = rollcall_wasm::parse_registry(SEED.into()).unwrap();
    let markdown = rollcall_wasm::render_registry(js).unwrap();
    let registry = rollcall_core::parse_registry(SEED).unwrap().registry;
    assert_eq!(markdown, rollcall_core::render_markdown(&registry));
    let again = rollcall_core::parse_registry(&markdown).unwrap().registry;
    assert_eq!(again.without_lines(), registry.without_lines());
}

#[wasm_bindgen_test]
fn repair_encoding_is_exact_and_null_for_clean_text() {
    let repaired = rollcall_wasm::repair_encoding(MOJIBAKE.into()).unwrap();
    assert_eq!(repaired.as_string().as_deref(), Some(SEED));
    assert!(rollcall_wasm::repair_encoding(SEED.into())
        .unwrap()
        .is_null());
}

#[wasm_bindgen_test]
fn not_a_registry_throws_an_error_with_its_code() {
    let thrown = rollcall_wasm::parse_registry("just some notes\n".into()).unwrap_err();
    assert_eq!(error_code(&thrown), "not-a-registry");
    let thrown = rollcall_wasm::parse_registry("a\0b".into()).unwrap_err();
    assert_eq!(error_code(&thrown), "nul-byte");
    let thrown = rollcall_wasm::parse_registry("{\"title\": 3}".into()).unwrap_err();
    assert_eq!(error_code(&thrown), "invalid-registry-json");
}

#[wasm_bindgen_test]
fn render_registry_rejects_a_wrong_shape() {
    for bad in [
        JsValue::from_str("# text"),
        JsValue::NULL,
        JsValue::UNDEFINED,
        js_sys::Array::new().into(),
    ] {
        let thrown = rollcall_wasm::render_registry(bad).unwrap_err();
        assert_eq!(error_code(&thrown), "invalid-argument");
    }
}

#[wasm_bindgen_test]
fn parse_registration_round_trips_both_forms() {
    let line = "REGISTRATION: NUMBER=5 ROLE=Outreach AI - Batch 2 GOAL=Send 17 emails daily, 95%+ delivery SESSION_ID=marketing-outreach-2 STATUS=REGISTERED";
    let block = "REGISTRATION COMPLETE\nNUMBER: 1\nROLE: Orchestrator\nGOAL: Ship 3 reports by Friday\nSESSION_ID: marketing-orchestrator\nREADY: YES\n";
    for text in [line, block] {
        let js = rollcall_wasm::parse_registration(text.into()).unwrap();
        let back: rollcall_core::Registration = back(js);
        assert_eq!(back, rollcall_core::parse_registration(text).unwrap());
    }
}

#[wasm_bindgen_test]
fn bad_registration_throws_with_its_code() {
    let thrown =
        rollcall_wasm::parse_registration("REGISTRATION: ROLE=x GOAL=y".into()).unwrap_err();
    assert_eq!(error_code(&thrown), "invalid-registration");
}

/// Options as JavaScript would write them.
fn js_options(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

#[wasm_bindgen_test]
fn validate_round_trips_reports_of_every_kind() {
    let fixtures = [
        SEED,
        MOJIBAKE,
        include_str!("../../tests/fixtures/rules/duplicate-number.md"),
        include_str!("../../tests/fixtures/rules/control-character.md"),
        include_str!("../../tests/fixtures/rules/missing-field.md"),
        include_str!("../../tests/fixtures/rules/clean.md"),
    ];
    for text in fixtures {
        let js = rollcall_wasm::validate(text.into(), None).unwrap();
        let report: Report = back(js);
        let options = ValidateOptions::default();
        assert_eq!(report, rollcall_core::validate(text, &options).unwrap());
    }
}

#[wasm_bindgen_test]
fn validate_finds_the_seed_mojibake_and_range_warnings() {
    let report: Report = back(rollcall_wasm::validate(MOJIBAKE.into(), None).unwrap());
    let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&"mojibake"), "{codes:?}");
    assert!(!report.has_errors(), "{codes:?}");
}

#[wasm_bindgen_test]
fn validate_options_reach_core() {
    let js = rollcall_wasm::validate(
        SEED.into(),
        Some(js_options(r#"{"required": 3, "path": "r.md"}"#)),
    );
    let report: Report = back(js.unwrap());
    let options = ValidateOptions {
        path: Some("r.md".into()),
        required: Some(3),
        ..ValidateOptions::default()
    };
    assert_eq!(report, rollcall_core::validate(SEED, &options).unwrap());
    assert_eq!(report.consensus.required, 3);
    for empty in [JsValue::UNDEFINED, JsValue::NULL, js_options("{}")] {
        let report: Report = back(rollcall_wasm::validate(SEED.into(), Some(empty)).unwrap());
        assert_eq!(report.path, None);
    }
}

#[wasm_bindgen_test]
fn validate_refuses_bad_options_and_non_registries() {
    for bad in [
        r#"{"require": 12}"#,
        r#"{"required": "twelve"}"#,
        r#"{"required": -1}"#,
        "[]",
        "\"r.md\"",
    ] {
        let thrown = rollcall_wasm::validate(SEED.into(), Some(js_options(bad))).unwrap_err();
        assert_eq!(error_code(&thrown), "invalid-argument", "{bad}");
    }
    let thrown = rollcall_wasm::validate("".into(), None).unwrap_err();
    assert_eq!(error_code(&thrown), "not-a-registry");
}

/// A JavaScript value as JSON text, to compare with core's serialization of the same value.
fn json_of(value: &JsValue) -> String {
    String::from(js_sys::JSON::stringify(value).unwrap())
}

#[wasm_bindgen_test]
fn work_ranges_are_cores_range_chart_with_the_seed_mismatches() {
    let js = rollcall_wasm::work_ranges(SEED.into()).unwrap();
    let registry = rollcall_core::parse_registry(SEED).unwrap().registry;
    let groups: Vec<view::RangeGroup> = back(js.clone());
    let report = rollcall_core::validate(SEED, &ValidateOptions::default()).unwrap();
    assert_eq!(
        groups,
        view::range_chart_with(&registry, &report.diagnostics)
    );
    assert!(json_of(&js).contains("\"start\":18,\"end\":33"));
    let mismatched: Vec<Option<u32>> = groups
        .iter()
        .flat_map(|g| &g.ranges)
        .filter(|r| r.findings.iter().any(|d| d.code == "range-count-mismatch"))
        .map(|r| r.session)
        .collect();
    assert_eq!(mismatched, [Some(5), Some(6)]);
}

#[wasm_bindgen_test]
fn slots_show_the_seed_pending_and_the_duplicate_as_a_conflict() {
    let grid: view::SlotGrid = back(rollcall_wasm::slots(SEED.into(), None).unwrap());
    assert_eq!(grid.slots.len(), 12);
    assert!(grid
        .slots
        .iter()
        .all(|s| s.state == view::SlotState::Pending));
    let duplicate = include_str!("../../tests/fixtures/rules/duplicate-number.md");
    let js = rollcall_wasm::slots(duplicate.into(), None).unwrap();
    assert!(json_of(&js).contains(r#""state":"conflict""#));
    let grid: view::SlotGrid = back(js);
    let states: Vec<view::SlotState> = grid.slots.iter().map(|s| s.state).collect();
    use view::SlotState::{Conflict, Free, Registered};
    assert_eq!(states, [Registered, Conflict, Free]);
    let small: view::SlotGrid =
        back(rollcall_wasm::slots(SEED.into(), Some(js_options(r#"{"required": 3}"#))).unwrap());
    assert_eq!(small.slots.len(), 3);
    assert_eq!(small.outside.len(), 9);
}

#[wasm_bindgen_test]
fn overview_is_validate_parse_slots_and_work_ranges_in_one() {
    let duplicate = include_str!("../../tests/fixtures/rules/duplicate-number.md");
    for text in [SEED, MOJIBAKE, duplicate] {
        let all: view::Overview = back(rollcall_wasm::overview(text.into(), None).unwrap());
        let report: Report = back(rollcall_wasm::validate(text.into(), None).unwrap());
        let registry: Registry = back(rollcall_wasm::parse_registry(text.into()).unwrap());
        let grid: view::SlotGrid = back(rollcall_wasm::slots(text.into(), None).unwrap());
        let ranges: Vec<view::RangeGroup> = back(rollcall_wasm::work_ranges(text.into()).unwrap());
        assert_eq!(all.report, report);
        assert_eq!(all.registry, registry);
        assert_eq!(all.slots, grid);
        assert_eq!(all.ranges, ranges);
    }
    let thrown = rollcall_wasm::overview("notes\n".into(), None).unwrap_err();
    assert_eq!(error_code(&thrown), "not-a-registry");
}

/// A message object as a message file holds it.
fn message(from: &str, time: &str, number: u32) -> JsValue {
    js_options(&format!(
        r#"{{"key": "{time}-{from}.json", "from": "{from}", "timestamp": "{time}", "subject": "REGISTRATION: NUMBER={number} ROLE=Outreach AI - Batch GOAL=Send 17 emails daily SESSION_ID={from} STATUS=REGISTERED", "message": ""}}"#
    ))
}

#[wasm_bindgen_test]
fn registration_timeline_lets_the_first_registration_win() {
    let messages = js_sys::Array::new();
    messages.push(&message("marketing-outreach-3", "2025-11-15T22:02:00Z", 5));
    messages.push(&message("marketing-outreach-2", "2025-11-15T22:01:05Z", 5));
    let js = rollcall_wasm::registration_timeline(messages.into(), Some(SEED.into())).unwrap();
    let timeline: Vec<view::TimelineEntry> = back(js.clone());
    assert_eq!(timeline[0].from, "marketing-outreach-2");
    assert_eq!(timeline[0].outcome, view::Outcome::Accepted);
    assert!(json_of(&js).contains(r#""kind":"refused","code":"number-taken""#));
    match &timeline[1].outcome {
        view::Outcome::Refused { holder, .. } => {
            assert_eq!(holder.as_deref(), Some("marketing-outreach-2"))
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[wasm_bindgen_test]
fn registration_timeline_refuses_what_is_not_a_message_list() {
    for bad in [js_options("{}"), JsValue::from_str("x"), js_options("[3]")] {
        let thrown = rollcall_wasm::registration_timeline(bad, None).unwrap_err();
        assert_eq!(error_code(&thrown), "invalid-argument");
    }
    let thrown =
        rollcall_wasm::registration_timeline(js_sys::Array::new().into(), Some("notes\n".into()))
            .unwrap_err();
    assert_eq!(error_code(&thrown), "not-a-registry");
}

#[wasm_bindgen_test]
fn escape_controls_is_cores() {
    let text = "marketing\u{1b}[31m-1 \u{202e}x ✅\t";
    assert_eq!(
        rollcall_wasm::escape_controls(text.into()).unwrap(),
        rollcall_core::escape_controls(text)
    );
    assert_eq!(
        rollcall_wasm::escape_controls(text.into()).unwrap(),
        "marketing\\u{1b}[31m-1 \\u{202e}x ✅\t"
    );
}

#[wasm_bindgen_test]
fn text_that_is_not_a_string_throws_instead_of_reading_memory() {
    let not_strings = [
        JsValue::UNDEFINED,
        JsValue::NULL,
        JsValue::from_f64(42.0),
        js_options("{}"),
        js_options(r##"["# Session Identity Registry"]"##),
    ];
    for value in not_strings {
        let thrown = [
            rollcall_wasm::validate(value.clone(), None).unwrap_err(),
            rollcall_wasm::parse_registry(value.clone()).unwrap_err(),
            rollcall_wasm::parse_registration(value.clone()).unwrap_err(),
            rollcall_wasm::repair_encoding(value.clone()).unwrap_err(),
            rollcall_wasm::work_ranges(value.clone()).unwrap_err(),
            rollcall_wasm::slots(value.clone(), None).unwrap_err(),
            rollcall_wasm::overview(value.clone(), None).unwrap_err(),
            rollcall_wasm::escape_controls(value.clone()).unwrap_err(),
        ];
        for error in thrown {
            assert_eq!(error_code(&error), "invalid-argument", "{value:?}");
        }
    }
    // The module is still sound afterwards.
    let report: Report = back(rollcall_wasm::validate(SEED.into(), None).unwrap());
    assert_eq!(report.consensus.required, 12);
}
