//! What the wasm API tests share: the seed fixtures and reading values and errors back from JS.
#![allow(dead_code)]

use wasm_bindgen::{JsCast, JsValue};

pub const SEED: &str = include_str!("../../../tests/fixtures/marketing-registry.md");
pub const MOJIBAKE: &str = include_str!("../../../tests/fixtures/marketing-registry.mojibake.txt");

/// The `code` property of a thrown value, asserting it is a JavaScript `Error`.
pub fn error_code(thrown: &JsValue) -> String {
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
pub fn back<T: serde::de::DeserializeOwned>(value: JsValue) -> T {
    serde_wasm_bindgen::from_value(value).unwrap()
}

/// Options as JavaScript would write them.
pub fn js_options(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}
