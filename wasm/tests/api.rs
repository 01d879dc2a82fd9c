//! The JavaScript API as JavaScript sees it: values that cross the boundary are read back into the
//! core's Rust types and compared with what core returns directly; failures must be `Error`s with
//! a `code`.
#![cfg(target_arch = "wasm32")]

mod support;

use rollcall_core::{Registry, Report, ValidateOptions};
use support::{back, error_code, js_options, MOJIBAKE, SEED};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

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

/// The `message` of a thrown `Error`.
fn error_message(thrown: &JsValue) -> String {
    js_sys::Reflect::get(thrown, &"message".into())
        .unwrap()
        .as_string()
        .unwrap()
}

#[wasm_bindgen_test]
fn render_registry_names_the_wrong_part_of_the_registry() {
    let cases = [
        (
            r#"{"title": 5}"#,
            "invalid registry: `title` must be a string, found the number 5",
        ),
        (
            r#"{"sessions": [{"heading_number": 4, "fields": [{"value": "x"}]}]}"#,
            "invalid registry: field 1 (``) of session 1 (#4) has no `key` (it is required)",
        ),
        (
            r#"{"blocks": [{"kind": "table"}]}"#,
            "invalid registry: `kind` of block 1 must be one of",
        ),
    ];
    for (json, message) in cases {
        let thrown = rollcall_wasm::render_registry(js_options(json)).unwrap_err();
        assert_eq!(error_code(&thrown), "invalid-argument");
        assert!(
            error_message(&thrown).starts_with(message),
            "{}",
            error_message(&thrown)
        );
    }
}

#[wasm_bindgen_test]
fn validate_options_errors_name_the_option() {
    let cases = [
        (
            r#"{"require": 12}"#,
            "invalid options: unknown key `require` (expected `required` or `path`)",
        ),
        (
            r#"{"required": "twelve"}"#,
            "invalid options: `required` must be a whole number from 0 to 4294967295, found the string \"twelve\"",
        ),
        (
            r#"{"required": -1}"#,
            "invalid options: `required` must be a whole number from 0 to 4294967295, found the number -1",
        ),
        (
            r#"{"required": 2.5}"#,
            "invalid options: `required` must be a whole number from 0 to 4294967295, found the number 2.5",
        ),
        (
            r#"{"required": 4294967296}"#,
            "invalid options: `required` must be a whole number from 0 to 4294967295, found the number 4294967296",
        ),
        (
            r#"{"path": ["r.md"]}"#,
            "invalid options: `path` must be a string, found an array",
        ),
        (r#"{"path": true}"#, "invalid options: `path` must be a string, found a value of type boolean"),
        ("[]", "invalid options: expected an object"),
    ];
    for (json, message) in cases {
        let thrown = rollcall_wasm::validate(SEED.into(), Some(js_options(json))).unwrap_err();
        assert_eq!(error_code(&thrown), "invalid-argument", "{json}");
        assert_eq!(error_message(&thrown), message);
    }
    let nulls = js_options(r#"{"required": null, "path": null}"#);
    let report: Report = back(rollcall_wasm::validate(SEED.into(), Some(nulls)).unwrap());
    assert_eq!((report.path, report.consensus.required), (None, 12));
    let whole = js_options(r#"{"required": 4294967295, "path": "é 🎯.md"}"#);
    let report: Report = back(rollcall_wasm::validate(SEED.into(), Some(whole)).unwrap());
    assert_eq!(report.path.as_deref(), Some("é 🎯.md"));
    assert_eq!(report.consensus.required, u32::MAX);
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
        ];
        for error in thrown {
            assert_eq!(error_code(&error), "invalid-argument", "{value:?}");
        }
    }
    // The module is still sound afterwards.
    let report: Report = back(rollcall_wasm::validate(SEED.into(), None).unwrap());
    assert_eq!(report.consensus.required, 12);
}
