//! Moving values across the boundary: Rust values to plain JavaScript objects and back.

use crate::error::{Failure, INTERNAL};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

/// Serializes a core value as a plain JavaScript object: `None` becomes `null` (as the types
/// declare, and as the CLI's JSON has it), maps become objects, field names stay snake_case.
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, Failure> {
    let serializer = serde_wasm_bindgen::Serializer::new()
        .serialize_missing_as_null(true)
        .serialize_maps_as_objects(true);
    value.serialize(&serializer).map_err(|e| {
        Failure::new(
            INTERNAL,
            format!("cannot convert the result to JavaScript: {e}"),
        )
    })
}

/// Reads a JavaScript argument into a core value; a wrong shape is an `invalid-argument` failure.
pub fn from_js<T: DeserializeOwned>(name: &str, value: JsValue) -> Result<T, Failure> {
    serde_wasm_bindgen::from_value(value).map_err(|e| Failure::invalid_argument(name, e))
}
