//! Reading JSON text strictly, with serde_json and the serde derives: the text must be one
//! well-formed value with no key twice in an object, and every struct an object. A refusal says
//! where (line, column, and the path of the value, as serde_path_to_error finds it) and why, for
//! the caller to name the place in its own document's words.

mod object;
mod unique_keys;

pub(crate) use object::{object, objects, Object};

use serde::Deserialize;
use serde_json::Value;

/// A JSON text that was refused: why, where, and the document when it is well-formed.
#[derive(Debug)]
pub(crate) struct Refusal {
    /// Why it was refused.
    pub cause: Cause,
    /// 1-based line serde_json names.
    pub line: u32,
    /// 1-based column (in characters) serde_json names.
    pub column: u32,
    /// The keys and indexes leading to the value at fault: the wrong value itself, the object
    /// lacking or repeating a key, or the array or object a syntax error is in.
    pub path: Vec<Step>,
    /// The text as a `serde_json::Value`, when it reads as one (to name a place by its content).
    pub document: Option<Value>,
}

/// Why a JSON text was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Cause {
    /// Not one well-formed JSON value: serde_json's words (`EOF while parsing a list`).
    Syntax(String),
    /// An object holds this key twice.
    RepeatedKey(String),
    /// An object lacks this required key.
    MissingKey(String),
    /// A value is of the wrong type or out of range: serde's words
    /// (`invalid type: string "7", expected u32`).
    WrongValue(String),
}

/// One step of a path into a JSON document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    /// The member of an object with this key.
    Key(String),
    /// The item of an array at this 0-based index.
    Index(usize),
}

/// Reads a `T` from `text` strictly (see the module's doc); the refusal is boxed, as it is rare.
///
/// One pass, with the path tracked: a second pass to learn the path only on failure would
/// build every `T`'s deserializer twice into the wasm module (measured: 12 KB gzip more).
pub(crate) fn read<'a, T: Deserialize<'a>>(text: &'a str) -> Result<T, Box<Refusal>> {
    if let Err(malformed) = unique_keys::check(text) {
        return Err(Box::new(malformed_refusal(text, malformed)));
    }
    let mut track = serde_path_to_error::Track::new();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let tracked = serde_path_to_error::Deserializer::new(&mut deserializer, &mut track);
    T::deserialize(tracked).map_err(|error| Box::new(wrong_refusal(text, error, track)))
}

/// True when `text` is one well-formed JSON value with no key twice in an object.
pub(crate) fn is_well_formed(text: &str) -> bool {
    unique_keys::check(text).is_ok()
}

/// The refusal for `text`, which is well-formed but not what was asked for: serde's error, with
/// the path of the value at fault.
fn wrong_refusal(
    text: &str,
    error: serde_json::Error,
    track: serde_path_to_error::Track,
) -> Refusal {
    let path = steps(&track.path());
    let words = words_of(&error);
    let cause = match words
        .strip_prefix("missing field `")
        .and_then(|rest| rest.strip_suffix('`'))
    {
        Some(key) => Cause::MissingKey(key.to_string()),
        None => Cause::WrongValue(words),
    };
    let (line, column) = position(text, &error);
    Refusal {
        cause,
        line,
        column,
        path,
        document: serde_json::from_str(text).ok(),
    }
}

/// The refusal of a text that is not well-formed JSON or repeats a key.
fn malformed_refusal(text: &str, malformed: unique_keys::Malformed) -> Refusal {
    let (line, column) = position(text, &malformed.error);
    let cause = match malformed.repeated {
        Some(key) => Cause::RepeatedKey(key),
        None => Cause::Syntax(words_of(&malformed.error)),
    };
    let mut track = serde_path_to_error::Track::new();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let tracked = serde_path_to_error::Deserializer::new(&mut deserializer, &mut track);
    // The walk is read again to learn the path; a text holding a number beyond `f64` is walked
    // differently (see `unique_keys::check`), so the path is kept only for the same error.
    let path = match unique_keys::check_with(tracked) {
        Err(again) if position(text, &again) == (line, column) => steps(&track.path()),
        _ => Vec::new(),
    };
    Refusal {
        cause,
        line,
        column,
        path,
        document: None,
    }
}

/// serde_json's words without the ` at line L column C` it appends.
fn words_of(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    match text.strip_suffix(&suffix) {
        Some(words) => words.to_string(),
        None => text,
    }
}

/// The 1-based line and column, in characters, of serde_json's position (which counts bytes,
/// and names column 0 at the start of a line it reached the end of the text on).
fn position(text: &str, error: &serde_json::Error) -> (u32, u32) {
    let line = error.line().max(1);
    let line_text = text.split('\n').nth(line - 1).unwrap_or("");
    let bytes = error.column().min(line_text.len());
    let before = (0..=bytes)
        .rev()
        .find_map(|end| line_text.get(..end))
        .unwrap_or("");
    let column = before.chars().count().max(1);
    (saturate(line), saturate(column))
}

/// A count as `u32`, saturating.
fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// serde_path_to_error's path as steps (the enum-variant and unknown segments it may also name
/// do not occur in the documents read here, and are left out).
fn steps(path: &serde_path_to_error::Path) -> Vec<Step> {
    path.iter()
        .filter_map(|segment| match segment {
            serde_path_to_error::Segment::Map { key } => Some(Step::Key(key.clone())),
            serde_path_to_error::Segment::Seq { index } => Some(Step::Index(*index)),
            _ => None,
        })
        .collect()
}

/// The value `path` leads to in `document`.
pub(crate) fn value_at<'v>(document: &'v Value, path: &[Step]) -> Option<&'v Value> {
    path.iter().try_fold(document, |value, step| match step {
        Step::Key(key) => value.get(key),
        Step::Index(index) => value.get(index),
    })
}

/// What a value is, for messages: `the string "7"` (up to 40 characters, controls escaped),
/// `the number 1.5`, `a boolean`, `null`, `an array`.
pub(crate) fn found(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(_) => "a boolean".to_string(),
        Value::Number(number) => format!("the number {number}"),
        Value::String(text) if text.chars().count() <= 40 => {
            format!("the string \"{}\"", crate::text::escape_controls(text))
        }
        Value::String(_) => "a string".to_string(),
        Value::Array(_) => "an array".to_string(),
        Value::Object(_) => "an object".to_string(),
    }
}

/// The path as text, `sessions[1].fields` (as serde_path_to_error writes it).
pub(crate) fn path_text(path: &[Step]) -> String {
    let mut text = String::new();
    for step in path {
        match step {
            Step::Key(key) if text.is_empty() => text.push_str(key),
            Step::Key(key) => {
                text.push('.');
                text.push_str(key);
            }
            Step::Index(index) => text.push_str(&format!("[{index}]")),
        }
    }
    text
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Doc {
        #[serde(default, deserialize_with = "objects")]
        items: Vec<Item>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Item {
        name: String,
        #[serde(default)]
        size: u32,
    }

    fn refusal(text: &str) -> Refusal {
        *read::<Object<Doc>>(text).unwrap_err()
    }

    #[test]
    fn a_wrong_value_has_its_path_position_and_document() {
        let r = refusal("{\"items\": [{\"name\": \"a\"},\n  {\"name\": \"é\", \"size\": \"7\"}]}");
        assert_eq!(
            r.cause,
            Cause::WrongValue("invalid type: string \"7\", expected u32".into())
        );
        assert_eq!(
            r.path,
            [
                Step::Key("items".into()),
                Step::Index(1),
                Step::Key("size".into())
            ]
        );
        assert_eq!((r.line, r.column), (2, 27));
        let value = value_at(r.document.as_ref().unwrap(), &r.path).unwrap();
        assert_eq!(found(value), "the string \"7\"");
        assert_eq!(path_text(&r.path), "items[1].size");
    }

    #[test]
    fn a_missing_key_names_the_object() {
        let r = refusal(r#"{"items": [{"size": 1}]}"#);
        assert_eq!(r.cause, Cause::MissingKey("name".into()));
        assert_eq!(r.path, [Step::Key("items".into()), Step::Index(0)]);
    }

    #[test]
    fn syntax_and_repeated_keys_come_first_with_the_enclosing_path() {
        let r = refusal("{\"items\": [{\"size\": \"x\"},\n\n");
        assert_eq!(r.cause, Cause::Syntax("EOF while parsing a value".into()));
        assert_eq!((r.line, r.column), (3, 1));
        assert_eq!(r.path, [Step::Key("items".into())]);
        let r = refusal(r#"{"items": [{"name": "a", "x": {"k": 1, "k": 2}}]}"#);
        assert_eq!(r.cause, Cause::RepeatedKey("k".into()));
        assert_eq!(path_text(&r.path), "items[0].x");
        assert!(r.document.is_none());
    }

    #[test]
    fn a_struct_written_as_an_array_is_a_wrong_value() {
        let r = refusal(r#"{"items": [["a", 1]]}"#);
        assert!(matches!(r.cause, Cause::WrongValue(_)));
        assert_eq!(r.path, [Step::Key("items".into()), Step::Index(0)]);
        assert!(matches!(refusal("[]").cause, Cause::WrongValue(_)));
    }

    #[test]
    fn numbers_beyond_f64_are_read_where_nothing_reads_them() {
        assert!(read::<Object<Doc>>(r#"{"extra": [1e400], "items": []}"#).is_ok());
        let r = refusal(r#"{"items": [{"name": "a", "size": 1e400}]}"#);
        assert_eq!(r.cause, Cause::WrongValue("number out of range".into()));
        assert!(r.document.is_none());
        let r = refusal("{\"extra\": [1e400],\n \"items\": [}");
        assert!(matches!(r.cause, Cause::Syntax(_)));
        assert_eq!(r.line, 2);
    }

    #[test]
    fn well_formed_is_serde_json_without_repeated_keys() {
        assert!(is_well_formed("[1, {\"a\": 2}]"));
        assert!(!is_well_formed("[1, {\"a\": 2, \"a\": 3}]"));
        assert!(!is_well_formed("[1,]"));
    }
}
