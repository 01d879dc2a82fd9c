//! A small serde serializer to compact JSON text: byte-for-byte what `serde_json::to_string`
//! writes for rollcall's types, without serde_json's generic writer and formatter layers.
//!
//! It cannot fail, so its error type is uninhabited and every `?` in the serde-derived code is
//! compiled away (measured: 6.4 KB raw, 2.0 KB gzip of the wasm module). What it cannot write
//! is a bug in the caller and panics: floats (no output type has one; printing them would pull in
//! float formatting) and map keys that are neither strings nor integers (serde_json refuses those
//! too).

use serde::ser::{self, Serialize};
use std::fmt::{self, Display, Write as _};

/// Serializes `value` as compact JSON, exactly as `serde_json::to_string` does.
///
/// # Panics
/// When the value holds a float, a map key that is not a string or an integer, or its
/// `Serialize` impl reports a custom error: none of rollcall's types does.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = Writer(String::new());
    match value.serialize(&mut out) {
        Ok(()) => out.0,
        Err(never) => match never {},
    }
}

/// The writer's error type: uninhabited, since writing cannot fail (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Never {}

impl Display for Never {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {}
    }
}

impl std::error::Error for Never {}

impl ser::Error for Never {
    fn custom<T: Display>(message: T) -> Self {
        panic!("cannot write JSON: {message}")
    }
}

/// Refuses what this writer does not write (a bug in the caller: see the module doc).
fn unsupported<T>(what: &str) -> Result<T, Never> {
    panic!("cannot write {what} as JSON")
}

/// The output text; `&mut Writer` is the serde serializer.
struct Writer(String);

impl Writer {
    /// Writes `text` as a JSON string, escaping as serde_json does.
    #[inline(never)]
    fn string(&mut self, text: &str) {
        let out = &mut self.0;
        out.push('"');
        let mut start = 0;
        for (index, byte) in text.bytes().enumerate() {
            let escape = match byte {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                0..=0x1f => "",
                _ => continue,
            };
            out.push_str(&text[start..index]);
            if escape.is_empty() {
                let _ = write!(out, "\\u{byte:04x}");
            } else {
                out.push_str(escape);
            }
            start = index + 1;
        }
        out.push_str(&text[start..]);
        out.push('"');
    }

    /// Writes a signed integer.
    #[inline(never)]
    fn signed(&mut self, value: i64) {
        let _ = write!(self.0, "{value}");
    }

    /// Writes an unsigned integer.
    #[inline(never)]
    fn unsigned(&mut self, value: u64) {
        let _ = write!(self.0, "{value}");
    }

    /// Opens an object or array: `{` or `[`.
    #[inline(never)]
    fn open(&mut self, bracket: char) -> Compound<'_> {
        self.0.push(bracket);
        Compound {
            writer: self,
            first: true,
        }
    }
}

/// An object or array being written: remembers whether a comma is due.
struct Compound<'a> {
    /// Where the text goes.
    writer: &'a mut Writer,
    /// No member written yet.
    first: bool,
}

impl Compound<'_> {
    /// Writes the comma before every member but the first.
    #[inline(never)]
    fn separate(&mut self) {
        if !self.first {
            self.writer.0.push(',');
        }
        self.first = false;
    }

    /// Writes an object member's `"key":`.
    #[inline(never)]
    fn key(&mut self, key: &str) {
        self.separate();
        self.writer.string(key);
        self.writer.0.push(':');
    }

    /// Closes the object or array with `bracket`.
    fn close(self, bracket: char) {
        self.writer.0.push(bracket);
    }
}

/// The serializer's integer methods: each widens its integer and writes it with `signed` or
/// `unsigned`.
macro_rules! write_integers {
    ($($method:ident($ty:ty) $write:ident),* $(,)?) => {$(
        fn $method(self, value: $ty) -> Result<(), Never> {
            self.$write(value.into());
            Ok(())
        }
    )*};
}

/// The key serializer's integer methods: an integer key is its decimal text.
macro_rules! integer_keys {
    ($($method:ident($ty:ty)),* $(,)?) => {$(
        fn $method(self, value: $ty) -> Result<String, Never> {
            Ok(value.to_string())
        }
    )*};
}

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = Never;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, value: bool) -> Result<(), Never> {
        self.0.push_str(if value { "true" } else { "false" });
        Ok(())
    }
    write_integers! {
        serialize_i8(i8) signed, serialize_i16(i16) signed, serialize_i32(i32) signed,
        serialize_i64(i64) signed, serialize_u8(u8) unsigned, serialize_u16(u16) unsigned,
        serialize_u32(u32) unsigned, serialize_u64(u64) unsigned,
    }
    fn serialize_f32(self, _: f32) -> Result<(), Never> {
        unsupported("a float")
    }
    fn serialize_f64(self, _: f64) -> Result<(), Never> {
        unsupported("a float")
    }
    fn serialize_char(self, value: char) -> Result<(), Never> {
        self.string(value.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, value: &str) -> Result<(), Never> {
        self.string(value);
        Ok(())
    }
    fn serialize_bytes(self, value: &[u8]) -> Result<(), Never> {
        let mut seq = self.open('[');
        for byte in value {
            seq.separate();
            seq.writer.unsigned((*byte).into());
        }
        seq.close(']');
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Never> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Never> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Never> {
        self.0.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Never> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Never> {
        self.string(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Never> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Never> {
        let mut object = self.open('{');
        object.key(variant);
        value.serialize(&mut *object.writer)?;
        object.close('}');
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, Never> {
        Ok(self.open('['))
    }
    fn serialize_tuple(self, _: usize) -> Result<Compound<'a>, Never> {
        Ok(self.open('['))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, Never> {
        Ok(self.open('['))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Never> {
        self.open_variant(variant, '[')
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>, Never> {
        Ok(self.open('{'))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, Never> {
        Ok(self.open('{'))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Never> {
        self.open_variant(variant, '{')
    }
}

impl Writer {
    /// Opens `{"variant":` and then the variant's own `[` or `{` (closed by `end`).
    fn open_variant(&mut self, variant: &str, bracket: char) -> Result<Compound<'_>, Never> {
        self.0.push('{');
        self.string(variant);
        self.0.push(':');
        Ok(self.open(bracket))
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Never;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
        self.separate();
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result<(), Never> {
        self.close(']');
        Ok(())
    }
}

/// Tuples and tuple structs are written as arrays, exactly as sequences are.
macro_rules! like_a_seq {
    ($($trait:ident::$method:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Never;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
                ser::SerializeSeq::serialize_element(self, value)
            }
            fn end(self) -> Result<(), Never> {
                ser::SerializeSeq::end(self)
            }
        }
    )*};
}

like_a_seq!(
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field
);

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = Never;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Never> {
        self.writer.0.push_str("]}");
        Ok(())
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Never;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Never> {
        let key = key.serialize(KeyWriter)?;
        self.key(&key);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result<(), Never> {
        self.close('}');
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Never;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Never> {
        self.key(key);
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result<(), Never> {
        self.close('}');
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = Never;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Never> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }
    fn end(self) -> Result<(), Never> {
        self.writer.0.push_str("}}");
        Ok(())
    }
}

/// Serializes a map key: strings as they are, integers as their decimal text (as serde_json).
struct KeyWriter;

impl ser::Serializer for KeyWriter {
    type Ok = String;
    type Error = Never;
    type SerializeSeq = ser::Impossible<String, Never>;
    type SerializeTuple = ser::Impossible<String, Never>;
    type SerializeTupleStruct = ser::Impossible<String, Never>;
    type SerializeTupleVariant = ser::Impossible<String, Never>;
    type SerializeMap = ser::Impossible<String, Never>;
    type SerializeStruct = ser::Impossible<String, Never>;
    type SerializeStructVariant = ser::Impossible<String, Never>;

    fn serialize_str(self, value: &str) -> Result<String, Never> {
        Ok(value.to_string())
    }
    fn serialize_char(self, value: char) -> Result<String, Never> {
        Ok(value.to_string())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<String, Never> {
        Ok(variant.to_string())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<String, Never> {
        value.serialize(self)
    }
    integer_keys! {
        serialize_i8(i8), serialize_i16(i16), serialize_i32(i32), serialize_i64(i64),
        serialize_u8(u8), serialize_u16(u16), serialize_u32(u32), serialize_u64(u64),
    }
    fn serialize_bool(self, _: bool) -> Result<String, Never> {
        unsupported("a boolean map key")
    }
    fn serialize_f32(self, _: f32) -> Result<String, Never> {
        unsupported("a float")
    }
    fn serialize_f64(self, _: f64) -> Result<String, Never> {
        unsupported("a float")
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<String, Never> {
        unsupported("a byte-string map key")
    }
    fn serialize_none(self) -> Result<String, Never> {
        unsupported("a null map key")
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<String, Never> {
        unsupported("an optional map key")
    }
    fn serialize_unit(self) -> Result<String, Never> {
        unsupported("a null map key")
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<String, Never> {
        unsupported("a null map key")
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<String, Never> {
        unsupported("an enum map key")
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Never> {
        unsupported("a list map key")
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Never> {
        unsupported("a list map key")
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Never> {
        unsupported("a list map key")
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Never> {
        unsupported("an enum map key")
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Never> {
        unsupported("an object map key")
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Never> {
        unsupported("an object map key")
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Never> {
        unsupported("an enum map key")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::to_string;
    use serde::Serialize;
    use std::collections::BTreeMap;

    /// Asserts the writer writes `value` as serde_json does.
    fn same<T: Serialize + ?Sized>(value: &T) {
        assert_eq!(to_string(value), serde_json::to_string(value).unwrap());
    }

    #[test]
    fn every_control_character_and_quote_is_escaped_as_serde_json_escapes_it() {
        let all: String = (0u8..0x80).map(char::from).collect();
        same(&all);
        same(&"\"$120k\" \\ é 🎯 <script>alert('x')</script> \u{2028}\u{feff}");
        same(&'\n');
        same(&"");
    }

    #[test]
    fn numbers_options_and_lists_are_written_as_serde_json_writes_them() {
        same(&(u64::MAX, i64::MIN, 0u8, -1i32, u32::MAX));
        same(&vec![Some(1u32), None]);
        same(&Vec::<String>::new());
        same(&[true, false]);
        same(&b"bytes"[..]);
    }

    #[test]
    fn map_keys_are_strings_and_integers_become_their_text() {
        same(&BTreeMap::from([("b", 1), ("a\n", 2)]));
        same(&BTreeMap::from([(10u32, "x"), (2, "y")]));
    }

    #[test]
    #[should_panic(expected = "cannot write a list map key as JSON")]
    fn a_map_key_that_is_not_a_string_or_integer_is_a_bug() {
        to_string(&BTreeMap::from([((1, 2), 3)]));
    }

    #[derive(Serialize)]
    #[serde(rename_all = "snake_case")]
    enum External {
        Unit,
        Newtype(u32),
        Tuple(u32, String),
        Struct { a: u32, b: Option<String> },
    }

    #[derive(Serialize)]
    #[serde(tag = "kind", rename_all = "snake_case")]
    enum Internal {
        Accepted,
        Refused { holder: String },
    }

    #[test]
    fn enums_are_written_as_serde_json_writes_them() {
        same(&[
            External::Unit,
            External::Newtype(3),
            External::Tuple(1, "t".into()),
            External::Struct { a: 1, b: None },
        ]);
        same(&[
            Internal::Accepted,
            Internal::Refused {
                holder: "s-1".into(),
            },
        ]);
    }

    #[test]
    #[should_panic(expected = "cannot write a float as JSON")]
    fn floats_are_refused_rather_than_written_wrongly() {
        to_string(&1.5f64);
    }
}
