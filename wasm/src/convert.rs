//! Moving values across the boundary: Rust values to plain JavaScript objects and back.
//!
//! Values cross as JSON text (serde_json on the Rust side, the engine's `JSON.parse` and
//! `JSON.stringify` on the other) rather than through serde-wasm-bindgen: the objects are then
//! byte-for-byte the CLI's `--format json` (the same serializer, `None` as `null`, snake_case
//! names), the module is smaller (serde_json is linked by core already, so a second serde data
//! format would only add code: about 15 KB gzip measured), and one `JSON.parse` is faster than
//! building a large report property by property across the boundary.

use crate::error::{Failure, INTERNAL};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

/// Serializes a core value as a plain JavaScript object, exactly as the CLI's JSON output has it.
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, Failure> {
    let json = serde_json::to_string(value).map_err(|e| {
        Failure::new(
            INTERNAL,
            format!("cannot convert the result to JavaScript: {e}"),
        )
    })?;
    js_sys::JSON::parse(&json)
        .map_err(|_| Failure::new(INTERNAL, "cannot convert the result to JavaScript"))
}

/// Reads a JavaScript object argument into a core value; anything but a plain object of the right
/// shape (a string, an array, `null`, `undefined`, a cyclic object) is an `invalid-argument`.
pub fn object_from_js<T: DeserializeOwned>(name: &str, value: JsValue) -> Result<T, Failure> {
    if !value.is_object() || js_sys::Array::is_array(&value) {
        return Err(Failure::invalid_argument(name, "expected an object"));
    }
    let json = js_sys::JSON::stringify(&value)
        .map_err(|_| Failure::invalid_argument(name, "cannot be read as JSON (a cycle?)"))?;
    let json = String::from(json);
    serde_json::from_str(&json).map_err(|e| Failure::invalid_argument(name, e))
}

/// Reads a string argument. wasm-bindgen's own `&str` conversion trusts the caller and, handed a
/// number or an object from untyped JavaScript, reads out of bounds; this refuses anything but a
/// string with an `invalid-argument` failure instead.
pub fn string_from_js(name: &str, value: &JsValue) -> Result<String, Failure> {
    value
        .as_string()
        .ok_or_else(|| Failure::invalid_argument(name, "expected a string"))
}

#[cfg(feature = "view")]
/// Reads a JavaScript array argument into a list of core values; anything but an array whose
/// items have the right shape is an `invalid-argument`.
pub fn list_from_js<T: DeserializeOwned>(name: &str, value: JsValue) -> Result<Vec<T>, Failure> {
    if !js_sys::Array::is_array(&value) {
        return Err(Failure::invalid_argument(name, "expected an array"));
    }
    let json = js_sys::JSON::stringify(&value)
        .map_err(|_| Failure::invalid_argument(name, "cannot be read as JSON (a cycle?)"))?;
    let json = String::from(json);
    serde_json::from_str(&json).map_err(|e| Failure::invalid_argument(name, e))
}
