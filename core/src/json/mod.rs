//! A small, strict JSON reader (RFC 8259) that keeps every value's position, written by hand so
//! the wasm module does not carry serde_json's generic deserializer.
//!
//! [`parse`] turns text into a [`Value`] tree; callers build their own types from it and name the
//! line and column of a wrong value with [`position`]. Numbers are kept as their source text.
//! [`write::to_string`] writes any serde value as compact JSON, as serde_json does.

mod read;
mod value;
pub mod write;

pub use read::{parse, position, Error, MAX_DEPTH};
pub use value::{Kind, Value};
