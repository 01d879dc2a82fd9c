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

use convert::{object_from_js, to_js};
use error::Failure;
use rollcall_core::Registry;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

/// Runs once when the module is instantiated: a Rust panic is logged with its message to
/// `console.error` before the module traps (the trap reaches JS as a `WebAssembly.RuntimeError`).
#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// The package version, the same as the Rust crates'.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Parses registry markdown or registry.json into the registry model (`registry.json`'s shape).
///
/// Mac-Roman mojibake is repaired first. Throws `not-a-registry`, `nul-byte` or
/// `invalid-registry-json` when the text is not a registry.
#[wasm_bindgen(js_name = parseRegistry, unchecked_return_type = "Registry")]
pub fn parse_registry(text: &str) -> Result<JsValue, JsValue> {
    let parsed = rollcall_core::parse_registry(text).map_err(Failure::from)?;
    Ok(to_js(&parsed.registry)?)
}

/// Renders a registry model (as `parseRegistry` returns it, or hand-written) as markdown.
///
/// Throws `invalid-argument` when the object does not have the `Registry` shape.
#[wasm_bindgen(js_name = renderRegistry)]
pub fn render_registry(
    #[wasm_bindgen(unchecked_param_type = "Registry")] registry: JsValue,
) -> Result<String, JsValue> {
    let registry: Registry = object_from_js("registry", registry)?;
    Ok(rollcall_core::render_markdown(&registry))
}

/// The text with Mac-Roman mojibake repaired, or `null` when the text is not mojibake.
#[wasm_bindgen(js_name = repairEncoding, unchecked_return_type = "string | null")]
pub fn repair_encoding(text: &str) -> JsValue {
    rollcall_core::repair_mojibake(text).map_or(JsValue::NULL, JsValue::from)
}

/// Parses a registration message: the one-line `REGISTRATION: NUMBER=5 ROLE=...` form or the
/// `REGISTRATION COMPLETE` block, found anywhere in the text.
///
/// Throws `invalid-registration` naming the missing or malformed key.
#[wasm_bindgen(js_name = parseRegistration, unchecked_return_type = "Registration")]
pub fn parse_registration(text: &str) -> Result<JsValue, JsValue> {
    let registration = rollcall_core::parse_registration(text).map_err(Failure::from)?;
    Ok(to_js(&registration)?)
}
