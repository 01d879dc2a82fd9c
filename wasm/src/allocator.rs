//! The module's allocator: talc instead of Rust's default dlmalloc for wasm.
//!
//! Measured on the npm module: 6.8 KB smaller raw, 2.0 KB smaller gzip (285,189 -> 278,406 bytes,
//! 122,784 -> 120,803 gzip -9), and `validate` as fast in Node on the seed and on 10,000
//! sessions (`scripts/bench-wasm.sh`). lol_alloc was smaller still but 25% slower on large
//! registries.

/// The global allocator of the wasm module (single-threaded wasm only: no `atomics`).
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
