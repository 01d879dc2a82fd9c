//! JavaScript face of rollcall-core: free functions over core, built with wasm-bindgen.

use wasm_bindgen::prelude::*;

/// The package version, the same as the Rust crates'.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
