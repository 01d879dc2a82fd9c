//! Moving values across the boundary: Rust values to plain JavaScript objects and back.
//!
//! Results cross as JSON text (`serde_json::to_string`, what the CLI's `--format json` writes)
//! parsed by the engine's `JSON.parse`, rather than through serde-wasm-bindgen: the objects are
//! then exactly the CLI's (`None` as `null`, snake_case names), and one `JSON.parse` is as fast
//! or faster than building the objects property by property across the boundary (measured on
//! 10,000 sessions in Node: `validate` the same, `parseRegistry` 74 ms against 93 ms).
//!
//! Arguments: a registry through `JSON.stringify` and core's registry.json reader, the options
//! with `Reflect`, the page's timeline messages through `JSON.stringify` and core's serde_json reader.

use crate::error::{Failure, INTERNAL};
use rollcall_core::view::TimelineInput;
use rollcall_core::{Registry, ValidateOptions};
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

/// Serializes a core value as a plain JavaScript object, exactly as the CLI's JSON output has it.
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, Failure> {
    let cannot = || Failure::new(INTERNAL, "cannot convert the result to JavaScript");
    let json = serde_json::to_string(value).map_err(|_| cannot())?;
    js_sys::JSON::parse(&json).map_err(|_| cannot())
}

/// Reads a registry object argument (registry.json's shape) through `JSON.stringify` and core's
/// registry.json reader; anything else (a string, an array, `null`, `undefined`, a cyclic object,
/// a wrong shape) is an `invalid-argument` saying which part is wrong.
pub fn registry_from_js(name: &str, value: &JsValue) -> Result<Registry, Failure> {
    if !value.is_object() || js_sys::Array::is_array(value) {
        return Err(Failure::invalid_argument(name, "expected an object"));
    }
    let json = js_sys::JSON::stringify(value)
        .map_err(|_| Failure::invalid_argument(name, "cannot be read as JSON (a cycle?)"))?;
    rollcall_core::registry_from_json(&String::from(json)).map_err(|diagnostic| {
        let message = &diagnostic.message;
        let cause = message
            .strip_prefix(rollcall_core::parse::json::NOT_VALID)
            .and_then(|rest| rest.strip_prefix(": "))
            .unwrap_or(message);
        Failure::invalid_argument(name, cause)
    })
}

/// Reads the options object of `validate` and the views (`undefined` and `null` mean none) with
/// `Reflect`: `required` a whole number from 0 to 4294967295 and `path` a string, each optional
/// (`undefined` or `null` for absent). Any other key is refused, so a typo such as `require` is
/// an error rather than silently ignored.
pub fn options_from_js(value: Option<&JsValue>) -> Result<ValidateOptions, Failure> {
    let mut options = ValidateOptions::default();
    let Some(value) = value.filter(|v| !v.is_undefined() && !v.is_null()) else {
        return Ok(options);
    };
    if !value.is_object() || js_sys::Array::is_array(value) {
        return Err(Failure::invalid_argument("options", "expected an object"));
    }
    for key in js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        let given = js_sys::Reflect::get(value, &JsValue::from_str(&key))
            .map_err(|_| Failure::invalid_argument("options", format!("cannot read `{key}`")))?;
        if given.is_undefined() || given.is_null() {
            continue;
        }
        match key.as_str() {
            "required" => options.required = Some(whole_number(&given)?),
            "path" => {
                let path = given
                    .as_string()
                    .ok_or_else(|| wrong_option("path", "a string", &given))?;
                options.path = Some(path);
            }
            _ => {
                return Err(Failure::invalid_argument(
                    "options",
                    format!("unknown key `{key}` (expected `required` or `path`)"),
                ))
            }
        }
    }
    Ok(options)
}

/// The `required` option as a `u32`.
fn whole_number(given: &JsValue) -> Result<u32, Failure> {
    match given.as_f64() {
        // The range check makes the conversion exact.
        Some(n) if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) => Ok(n as u32),
        _ => Err(wrong_option(
            "required",
            "a whole number from 0 to 4294967295",
            given,
        )),
    }
}

/// The `invalid-argument` failure for an option of the wrong type: what it must be, what it is.
fn wrong_option(key: &str, expected: &str, given: &JsValue) -> Failure {
    let found = if let Some(text) = given.as_string() {
        format!("the string \"{}\"", rollcall_core::escape_controls(&text))
    } else if given.as_f64().is_some() {
        let number: &js_sys::Number = given.unchecked_ref();
        let shown = number
            .to_string_with_radix(10)
            .map(String::from)
            .unwrap_or_default();
        format!("the number {shown}")
    } else if js_sys::Array::is_array(given) {
        "an array".to_string()
    } else {
        format!(
            "a value of type {}",
            String::from(given.js_typeof().unchecked_into::<js_sys::JsString>())
        )
    };
    Failure::invalid_argument(
        "options",
        format!("`{key}` must be {expected}, found {found}"),
    )
}

/// Reads a string argument. wasm-bindgen's own `&str` conversion trusts the caller and, handed a
/// number or an object from untyped JavaScript, reads out of bounds; this refuses anything but a
/// string with an `invalid-argument` failure instead.
pub fn string_from_js(name: &str, value: &JsValue) -> Result<String, Failure> {
    value
        .as_string()
        .ok_or_else(|| Failure::invalid_argument(name, "expected a string"))
}

/// Reads an optional string argument: `undefined`, `null` or absent is `None`, anything else must be
/// a string (`invalid-argument` otherwise).
pub fn optional_string_from_js(
    name: &str,
    value: Option<&JsValue>,
) -> Result<Option<String>, Failure> {
    match value.filter(|v| !v.is_undefined() && !v.is_null()) {
        Some(given) => string_from_js(name, given).map(Some),
        None => Ok(None),
    }
}

/// Reads the messages argument of `registrationTimeline`: an array of objects whose `key`,
/// `from`, `timestamp`, `subject` and `message` are strings (each optional, `""` when absent;
/// other keys ignored). Read through `JSON.stringify` and core's reader; anything else is an
/// `invalid-argument` naming the item and key.
pub fn timeline_from_js(name: &str, value: &JsValue) -> Result<Vec<TimelineInput>, Failure> {
    if !js_sys::Array::is_array(value) {
        return Err(Failure::invalid_argument(name, "expected an array"));
    }
    let json = js_sys::JSON::stringify(value)
        .map_err(|_| Failure::invalid_argument(name, "cannot be read as JSON (a cycle?)"))?;
    rollcall_core::view::timeline_inputs_from_json(&String::from(json))
        .map_err(|cause| Failure::invalid_argument(name, cause))
}
