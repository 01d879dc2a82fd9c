//! The page's views as JavaScript sees them: each equals core's view of the
//! same input, read back into core's Rust types.
#![cfg(target_arch = "wasm32")]

mod support;

use rollcall_core::{view, Registry, Report, ValidateOptions};
use support::{back, error_code, js_options, MOJIBAKE, SEED};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

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
    let wrong = js_options(r#"[{"from": "a"}, {"from": "b", "subject": null}]"#);
    let thrown = rollcall_wasm::registration_timeline(wrong, None).unwrap_err();
    let message = js_sys::Reflect::get(&thrown, &"message".into()).unwrap();
    assert_eq!(
        message.as_string().unwrap(),
        "invalid messages: `subject` of item 2 must be a string, found null"
    );
    let sparse = js_options(r#"[{"subject": "hello", "extra": [1, {"x": null}]}, {}]"#);
    let timeline = rollcall_wasm::registration_timeline(sparse, None).unwrap();
    assert_eq!(js_sys::Array::from(&timeline).length(), 0);
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
fn view_text_that_is_not_a_string_throws_instead_of_reading_memory() {
    for value in [JsValue::UNDEFINED, JsValue::NULL, JsValue::from_f64(42.0)] {
        let thrown = [
            rollcall_wasm::work_ranges(value.clone()).unwrap_err(),
            rollcall_wasm::slots(value.clone(), None).unwrap_err(),
            rollcall_wasm::overview(value.clone(), None).unwrap_err(),
            rollcall_wasm::escape_controls(value.clone()).unwrap_err(),
        ];
        for error in thrown {
            assert_eq!(error_code(&error), "invalid-argument", "{value:?}");
        }
    }
}
