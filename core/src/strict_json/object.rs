//! Structs read from JSON objects only. serde's derives also read a struct from an array of its
//! fields in declaration order (`[4, 1]` as a session with line 4 and heading #1), a form
//! registry.json never had; these adapters answer such an array with the error for a non-object.

use serde::de::{Deserialize, Deserializer, Visitor};
use serde::forward_to_deserialize_any;

/// A struct (or an internally tagged enum) that was read from a JSON object, never an array.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Object<T>(pub T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(MapOnly(deserializer)).map(Object)
    }
}

/// For `#[serde(deserialize_with)]`: a struct read from an object only.
pub(crate) fn object<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Object::deserialize(deserializer).map(|Object(value)| value)
}

/// For `#[serde(deserialize_with)]`: a list of structs, each read from an object only.
pub(crate) fn objects<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    let list: Vec<Object<T>> = Vec::deserialize(deserializer)?;
    Ok(list.into_iter().map(|Object(value)| value).collect())
}

/// A deserializer that hands every request (a struct, or any value as an internally tagged enum
/// asks) to the wrapped one as a request for a map, so an array is refused as a wrong type.
struct MapOnly<D>(D);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for MapOnly<D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, PartialEq, Deserialize)]
    struct Pair {
        a: u32,
        #[serde(default)]
        b: u32,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(tag = "kind", rename_all = "snake_case")]
    enum Tagged {
        Text { text: String },
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Holder {
        #[serde(default, deserialize_with = "objects")]
        pairs: Vec<Pair>,
        #[serde(default, deserialize_with = "objects")]
        tagged: Vec<Tagged>,
    }

    #[test]
    fn objects_are_read_and_arrays_of_fields_refused() {
        let read = |text| serde_json::from_str::<Object<Pair>>(text).map(|Object(p)| p);
        assert_eq!(read(r#"{"a": 1}"#).unwrap(), Pair { a: 1, b: 0 });
        assert!(
            serde_json::from_str::<Pair>("[1, 2]").is_ok(),
            "serde alone takes it"
        );
        let err = read("[1, 2]").unwrap_err().to_string();
        assert!(err.starts_with("invalid type: sequence"), "{err}");
        assert!(read("3").is_err());
    }

    #[test]
    fn lists_refuse_arrays_of_fields_and_tagged_arrays() {
        let holder: Holder = serde_json::from_str(
            r#"{"pairs": [{"a": 2}], "tagged": [{"kind": "text", "text": "t"}]}"#,
        )
        .unwrap();
        assert_eq!(holder.pairs, [Pair { a: 2, b: 0 }]);
        assert_eq!(holder.tagged, [Tagged::Text { text: "t".into() }]);
        assert!(serde_json::from_str::<Holder>(r#"{"pairs": [[2]]}"#).is_err());
        assert!(serde_json::from_str::<Holder>(r#"{"tagged": [["text", "t"]]}"#).is_err());
        assert!(serde_json::from_str::<Holder>(r#"{"pairs": null}"#).is_err());
    }
}
