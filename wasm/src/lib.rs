//! JavaScript face of rollcall-core: free functions over core, built with wasm-bindgen.
//!
//! Findings are returned as data (a `Report`); only misuse or unreadable input throws, always an
//! `Error` with a stable `code` (see `error.rs`). Values cross as plain objects whose field names
//! are the CLI's JSON contract (see `convert.rs`); `types.d.ts` declares them for TypeScript.

#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::todo,
    clippy::unimplemented,
    clippy::panic
)]

mod convert;
pub mod error;

use convert::{
    optional_string_from_js, options_from_js, registry_from_js, string_from_js, timeline_from_js,
    to_js,
};
use error::Failure;
use rollcall_core::{view, ValidateOptions};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

/// In debug builds, installs the panic hook once (cheap afterwards); every export calls it first,
/// so a Rust panic is logged with its message to `console.error` before the module traps. Either
/// way the trap reaches JS as a `WebAssembly.RuntimeError`, an `Error`. Release builds (the npm
/// package) leave the hook out: it costs 2.2 KB raw, 0.9 KB gzip of the size budget. A start
/// function would do the same but would also be exported to JavaScript.
fn hook_panics() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
}

/// The package version, the same as the Rust crates'.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Validates registry markdown or registry.json: every finding plus the computed consensus, the
/// same object as `rollcall validate --format json`.
///
/// Findings are data, never thrown. Throws `not-a-registry`, `nul-byte` or
/// `invalid-registry-json` when the text is not a registry, `invalid-argument` for bad options.
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn validate(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ValidateOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    hook_panics();
    let text = string_from_js("text", &text)?;
    let options = options_from_js(options.as_ref())?;
    let report = rollcall_core::validate(&text, &options).map_err(Failure::from)?;
    Ok(to_js(&report)?)
}

/// Parses registry markdown or registry.json into the registry model (`registry.json`'s shape).
///
/// Mac-Roman mojibake is repaired first. Throws `not-a-registry`, `nul-byte` or
/// `invalid-registry-json` when the text is not a registry.
#[wasm_bindgen(js_name = parseRegistry, unchecked_return_type = "Registry")]
pub fn parse_registry(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
) -> Result<JsValue, JsValue> {
    hook_panics();
    let text = string_from_js("text", &text)?;
    let parsed = rollcall_core::parse_registry(&text).map_err(Failure::from)?;
    Ok(to_js(&parsed.registry)?)
}

/// Renders a registry model (as `parseRegistry` returns it, or hand-written) as markdown.
///
/// Throws `invalid-argument` when the object does not have the `Registry` shape.
#[wasm_bindgen(js_name = renderRegistry)]
pub fn render_registry(
    #[wasm_bindgen(unchecked_param_type = "Registry")] registry: JsValue,
) -> Result<String, JsValue> {
    hook_panics();
    let registry = registry_from_js("registry", &registry)?;
    Ok(rollcall_core::render_markdown(&registry))
}

/// The text with Mac-Roman mojibake repaired, or `null` when the text is not mojibake.
///
/// Throws `invalid-argument` only when `text` is not a string.
#[wasm_bindgen(js_name = repairEncoding, unchecked_return_type = "string | null")]
pub fn repair_encoding(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
) -> Result<JsValue, JsValue> {
    hook_panics();
    let text = string_from_js("text", &text)?;
    Ok(rollcall_core::repair_mojibake(&text).map_or(JsValue::NULL, JsValue::from))
}

/// Parses a registration message: the one-line `REGISTRATION: NUMBER=5 ROLE=...` form or the
/// `REGISTRATION COMPLETE` block, found anywhere in the text.
///
/// Throws `invalid-registration` naming the missing or malformed key.
#[wasm_bindgen(js_name = parseRegistration, unchecked_return_type = "Registration")]
pub fn parse_registration(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
) -> Result<JsValue, JsValue> {
    hook_panics();
    let text = string_from_js("text", &text)?;
    let registration = rollcall_core::parse_registration(&text).map_err(Failure::from)?;
    Ok(to_js(&registration)?)
}

/// The numbered work ranges in the sessions' responsibilities, grouped by team and item type, with
/// each group's coverage (gaps and overlaps) and the range rules' findings on each range: core's
/// `view::range_chart`. Throws as `parseRegistry` does.
#[wasm_bindgen(js_name = workRanges, unchecked_return_type = "RangeGroup[]")]
pub fn work_ranges(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
) -> Result<JsValue, JsValue> {
    hook_panics();
    let text = string_from_js("text", &text)?;
    let report =
        rollcall_core::validate(&text, &ValidateOptions::default()).map_err(Failure::from)?;
    let parsed = rollcall_core::parse_registry(&text).map_err(Failure::from)?;
    Ok(to_js(&view::range_chart_with(
        &parsed.registry,
        &report.diagnostics,
    ))?)
}

/// Everything a page draws for one text with one `validate`: `{report, registry, slots, roster,
/// ranges}`, each the same as `validate`, `parseRegistry`, `slots`, `roster(text).rows` and
/// `workRanges` return (core's `view::overview`). Throws as `validate` does.
#[wasm_bindgen(unchecked_return_type = "Overview")]
pub fn overview(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ValidateOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    hook_panics();
    let text = string_from_js("text", &text)?;
    let options = options_from_js(options.as_ref())?;
    let all = view::overview(&text, &options).map_err(Failure::from)?;
    Ok(to_js(&all)?)
}

/// The numbered slots 1..=required, each free, pending, registered or in conflict, with the
/// sessions claiming it (core's `view::slots` over the `validate` report for the same options).
/// Throws as `validate` does.
#[wasm_bindgen(unchecked_return_type = "SlotGrid")]
pub fn slots(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ValidateOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    hook_panics();
    let text = string_from_js("text", &text)?;
    let options = options_from_js(options.as_ref())?;
    let report = rollcall_core::validate(&text, &options).map_err(Failure::from)?;
    let parsed = rollcall_core::parse_registry(&text).map_err(Failure::from)?;
    Ok(to_js(&view::slots(&parsed.registry, &report))?)
}

/// The roster: one row per number with role, goal, session id, status, acknowledgement and the
/// findings about it, from `journal` (registry.journal.jsonl's text) when given and initialised,
/// else from the registry `text` (core's `view::roster`). Throws as `validate` does for a text
/// that is not a registry when there is no usable journal.
#[wasm_bindgen(unchecked_return_type = "Roster")]
pub fn roster(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] journal: Option<JsValue>,
    #[wasm_bindgen(unchecked_optional_param_type = "ValidateOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    hook_panics();
    let text = string_from_js("text", &text)?;
    let journal = optional_string_from_js("journal", journal.as_ref())?;
    let options = options_from_js(options.as_ref())?;
    let roster = view::roster(&text, journal.as_deref(), &options).map_err(Failure::from)?;
    Ok(to_js(&roster)?)
}

/// What changed since the journal's last approval: the roster at the last `approve` event against
/// the roster now, per session (core's `view::approval_diff`). Never throws for journal text;
/// bad lines are listed in `journal`. Throws `invalid-argument` when `journal` is not a string.
#[wasm_bindgen(js_name = approvalDiff, unchecked_return_type = "ApprovalDiff")]
pub fn approval_diff(
    #[wasm_bindgen(unchecked_param_type = "string")] journal: JsValue,
) -> Result<JsValue, JsValue> {
    hook_panics();
    let journal = string_from_js("journal", &journal)?;
    Ok(to_js(&view::approval_diff(&journal))?)
}

/// The REGISTRATION messages among `messages` in time order, each decided as `rollcall ingest`
/// decides it (first registration wins), starting from the registry in `registryText` when given.
///
/// Throws `invalid-argument` when `messages` is not an array of message objects, and as
/// `parseRegistry` does for a `registryText` that is not a registry.
#[wasm_bindgen(js_name = registrationTimeline, unchecked_return_type = "TimelineEntry[]")]
pub fn registration_timeline(
    #[wasm_bindgen(unchecked_param_type = "TimelineInput[]")] messages: JsValue,
    #[wasm_bindgen(js_name = registryText, unchecked_optional_param_type = "string | null")]
    registry_text: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    hook_panics();
    let messages = timeline_from_js("messages", &messages)?;
    let registry = match optional_string_from_js("registryText", registry_text.as_ref())? {
        Some(text) => Some(
            rollcall_core::parse_registry(&text)
                .map_err(Failure::from)?
                .registry,
        ),
        None => None,
    };
    Ok(to_js(&view::registration_timeline(
        &messages,
        registry.as_ref(),
    ))?)
}

/// The text with control and invisible characters shown as escapes (`\u{1b}`), as the CLI prints
/// registry text; safe to show in a tooltip. Throws `invalid-argument` when `text` is not a string.
#[wasm_bindgen(js_name = escapeControls)]
pub fn escape_controls(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
) -> Result<String, JsValue> {
    hook_panics();
    let text = string_from_js("text", &text)?;
    Ok(rollcall_core::escape_controls(&text).into_owned())
}
