//! Whether a text is one well-formed JSON value, as serde_json reads it, in which no object holds
//! a key twice. serde_json itself keeps the last of two equal keys (or, for a struct's field,
//! refuses them only where the struct has that field); registry.json refuses them anywhere.

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

/// Objects with more keys than this are checked with a set rather than by comparing each pair.
const FEW_KEYS: usize = 16;

/// Why a text is refused: serde_json's error, and the key when it is an object's repeated key.
pub(crate) struct Malformed {
    /// The error, with serde_json's line and column.
    pub error: serde_json::Error,
    /// The key an object holds twice, when that is the fault.
    pub repeated: Option<String>,
}

/// Checks `text` is one JSON value with no key twice in any object.
pub(crate) fn check(text: &str) -> Result<(), Malformed> {
    let mut state = State::default();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let checked = Scan { state: &mut state }
        .deserialize(&mut deserializer)
        .and_then(|()| deserializer.end());
    match checked {
        Ok(()) => Ok(()),
        // Walking every value makes serde_json read each number as one, and it refuses a number
        // beyond `f64` (`1e400`) that JSON allows and serde_json skips without reading in a value
        // nothing reads (an unknown key's): such a text is checked for its syntax only.
        Err(error) if state.repeated.is_none() && is_beyond_f64(&error) => {
            serde_json::from_str::<IgnoredAny>(text)
                .map(|_| ())
                .map_err(|error| Malformed {
                    error,
                    repeated: None,
                })
        }
        Err(error) => Err(Malformed {
            error,
            repeated: state.repeated,
        }),
    }
}

/// Walks `text` as [`check`] does through `deserializer` (one that records where an error
/// happens, such as serde_path_to_error's), returning the error.
pub(crate) fn check_with<'de, D: Deserializer<'de>>(deserializer: D) -> Result<(), D::Error> {
    Scan {
        state: &mut State::default(),
    }
    .deserialize(deserializer)
}

/// True for serde_json's error for a number beyond `f64`.
fn is_beyond_f64(error: &serde_json::Error) -> bool {
    error.to_string().starts_with("number out of range")
}

/// What the walk keeps: the keys of the objects being read (each object's after its parent's)
/// and the key found twice.
#[derive(Default)]
struct State<'de> {
    /// The keys read so far of every open object with few keys, innermost last.
    keys: Vec<Cow<'de, str>>,
    /// The repeated key, once found.
    repeated: Option<String>,
}

/// Reads one value of any kind, checking the keys of every object in it.
struct Scan<'s, 'de> {
    /// The walk's state, shared by every level.
    state: &'s mut State<'de>,
}

impl<'de> DeserializeSeed<'de> for Scan<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Scan<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<(), A::Error> {
        while items
            .next_element_seed(Scan {
                state: &mut *self.state,
            })?
            .is_some()
        {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut members: A) -> Result<(), A::Error> {
        let start = self.state.keys.len();
        let mut many = None;
        while let Some(key) = members.next_key_seed(KeyText)? {
            if let Err(key) = record(&mut self.state.keys, start, &mut many, key) {
                let error = de::Error::custom(format_args!("duplicate key `{key}`"));
                self.state.repeated = Some(key.into_owned());
                return Err(error);
            }
            members.next_value_seed(Scan {
                state: &mut *self.state,
            })?;
        }
        self.state.keys.truncate(start);
        Ok(())
    }
}

/// Records `key` as read in the object whose keys start at `start` on the stack (or, once it has
/// many, are in the set `many`); hands it back as the error when the object already had it.
fn record<'de>(
    keys: &mut Vec<Cow<'de, str>>,
    start: usize,
    many: &mut Option<HashSet<Cow<'de, str>>>,
    key: Cow<'de, str>,
) -> Result<(), Cow<'de, str>> {
    if let Some(set) = many {
        if set.contains(&key) {
            return Err(key);
        }
        set.insert(key);
        return Ok(());
    }
    if keys[start..].contains(&key) {
        return Err(key);
    }
    keys.push(key);
    if keys.len() - start > FEW_KEYS {
        *many = Some(keys.drain(start..).collect());
    }
    Ok(())
}

/// Reads an object's key, borrowing it from the text when it has no escapes.
struct KeyText;

impl<'de> DeserializeSeed<'de> for KeyText {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyText {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_borrowed_str<E>(self, key: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(key))
    }

    fn visit_str<E>(self, key: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(key.to_string()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn repeated(text: &str) -> Option<String> {
        check(text).err().and_then(|m| m.repeated)
    }

    #[test]
    fn well_formed_json_without_repeated_keys_passes() {
        for text in [
            "{}",
            "[]",
            "3",
            "\"x\"",
            r#"{"a": {"a": {"a": [1, -2.5e3, true, null, "é\u00e9"]}}, "b": 1}"#,
            r#"[{"a": 1}, {"a": 2}]"#,
            r#"{"a": {"b": 1}, "b": {"a": 1}}"#,
            "[1e400]",
        ] {
            assert!(check(text).is_ok(), "{text}");
        }
    }

    #[test]
    fn repeated_keys_are_found_at_any_depth() {
        assert_eq!(repeated(r#"{"a": 1, "a": 2}"#).as_deref(), Some("a"));
        assert_eq!(
            repeated(r#"[{"x": {"k": 1, "j": 2, "k": 3}}]"#).as_deref(),
            Some("k")
        );
        assert_eq!(
            repeated(r#"{"a\u0062": 1, "ab": 2}"#).as_deref(),
            Some("ab")
        );
        let err = check("{\"t\": 1,\n \"t\": 2}").err().unwrap().error;
        assert_eq!(err.line(), 2);
    }

    #[test]
    fn objects_with_many_keys_are_checked_whole() {
        let many: Vec<String> = (0..5000).map(|i| format!("\"k{i}\": {i}")).collect();
        assert!(check(&format!("{{{}}}", many.join(","))).is_ok());
        let text = format!("{{{}, \"k4321\": 0}}", many.join(","));
        assert_eq!(repeated(&text).as_deref(), Some("k4321"));
        let text = format!("{{{}, \"k3\": 0}}", many.join(","));
        assert_eq!(repeated(&text).as_deref(), Some("k3"));
    }

    #[test]
    fn what_serde_json_refuses_is_refused() {
        for text in [
            "",
            "{\"a\": 1,}",
            "[1,]",
            "{'a': 1}",
            "[01]",
            "[\"\\ud800\"]",
            "[\"tab\there\"]",
            "{\"a\": 1} x",
            &format!("{}{}", "[".repeat(200), "]".repeat(200)),
        ] {
            let malformed = check(text).err().unwrap();
            assert!(malformed.repeated.is_none(), "{text}");
        }
    }
}
