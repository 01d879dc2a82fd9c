//! The JavaScript API as JavaScript sees it: values that cross the boundary are read back into the
//! core's Rust types and compared with what core returns directly.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(rollcall_wasm::version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn failure_becomes_an_error_with_code() {
    let value: JsValue =
        rollcall_wasm::error::Failure::new("not-a-registry", "no session found").into();
    assert!(value.is_instance_of::<js_sys::Error>());
    let code = js_sys::Reflect::get(&value, &"code".into()).unwrap();
    assert_eq!(code.as_string().as_deref(), Some("not-a-registry"));
}
