//! JavaScript face of rollcall-core: free functions over core, built with wasm-bindgen.
//!
//! Findings are returned as data (a `Report`); only misuse or unreadable input throws, always an
//! `Error` with a stable `code` (see `error.rs`). Values cross as plain objects whose field names
//! are the CLI's JSON contract; `types.d.ts` declares them for TypeScript.

#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::todo,
    clippy::unimplemented,
    clippy::panic
)]

mod convert;
pub mod error;

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

/// Runs once when the module is instantiated: a Rust panic is logged with its message to
/// `console.error` before the module traps (the trap reaches JS as a `WebAssembly.RuntimeError`).
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// The package version, the same as the Rust crates'.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
