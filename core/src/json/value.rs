//! The JSON value tree the reader builds, with the byte offset and line where each value starts.
//!
//! Strings, keys and numbers borrow from the text when they can (no escapes), so reading a large
//! document allocates little more than the arrays and objects.

use std::borrow::Cow;

/// One JSON value and where it starts in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value<'t> {
    /// What the value is.
    pub kind: Kind<'t>,
    /// 1-based line of the value's first character.
    pub line: u32,
    /// Byte offset of the value's first character (see [`super::position`] for its column).
    pub offset: usize,
}

/// The six kinds of JSON value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind<'t> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written in the source (`-1.5e3`); syntax-checked, never rounded.
    Number(&'t str),
    /// A string, escapes decoded.
    String(Cow<'t, str>),
    /// An array's items in order.
    Array(Vec<Value<'t>>),
    /// An object's members in order; keys are unique (the reader refuses duplicates).
    Object(Vec<(Cow<'t, str>, Value<'t>)>),
}

impl Kind<'_> {
    /// What the value is, for messages: `a string`, `an array`, `null`.
    pub fn describe(&self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool(_) => "a boolean",
            Kind::Number(_) => "a number",
            Kind::String(_) => "a string",
            Kind::Array(_) => "an array",
            Kind::Object(_) => "an object",
        }
    }
}

impl<'t> Value<'t> {
    /// The member of an object with this key, `None` for a missing key or a non-object.
    pub fn get(&self, key: &str) -> Option<&Value<'t>> {
        match &self.kind {
            Kind::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value as an unsigned integer: a number written with digits only (no sign, fraction
    /// or exponent) that fits in a `u64`.
    pub fn as_u64(&self) -> Option<u64> {
        let Kind::Number(text) = &self.kind else {
            return None;
        };
        if text.is_empty() {
            return None;
        }
        text.bytes().try_fold(0_u64, |n, b| {
            let digit = u64::from(b.checked_sub(b'0').filter(|d| *d <= 9)?);
            n.checked_mul(10)?.checked_add(digit)
        })
    }

    /// The string's text, `None` for any other kind.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(text) => Some(text),
            _ => None,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::parse;

    #[test]
    fn unsigned_integers_are_digits_only() {
        let value =
            parse(r#"[0, 42, 18446744073709551615, 18446744073709551616, -1, -0, 1.0, 1e2]"#)
                .unwrap();
        let super::Kind::Array(items) = value.kind else {
            panic!("an array")
        };
        let read: Vec<Option<u64>> = items.iter().map(|v| v.as_u64()).collect();
        assert_eq!(
            read,
            [
                Some(0),
                Some(42),
                Some(u64::MAX),
                None,
                None,
                None,
                None,
                None
            ]
        );
    }

    #[test]
    fn get_finds_members_by_exact_key() {
        let value = parse(r#"{"Title": 1, "title": "x"}"#).unwrap();
        assert_eq!(value.get("title").unwrap().as_str(), Some("x"));
        assert!(value.get("TITLE").is_none());
        assert!(parse("[]").unwrap().get("title").is_none());
    }
}
