//! The legacy coordination folder's own state files: tolerant parsers for each JSON shape the old
//! scripts wrote, and the merge of them with the markdown registry into one view.
//!
//! Every parser takes the file's text and returns what it could read plus diagnostics: unknown
//! fields are ignored, missing fields are `None`, and only text that is not JSON at all is an
//! error finding (`legacy-json-invalid`). Disagreements between files are reported by
//! [`merge::merge`], never resolved by guessing.

pub mod claude_sessions;
pub mod consensus_json;
pub mod events;
pub mod merge;
pub mod sessions_registry;
pub mod status_summary;

use crate::diagnostic::Diagnostic;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Which legacy file a fact came from; the file names are the ones the old scripts used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The markdown session identity registry.
    Markdown,
    /// `CONSENSUS.json`: proposed numbers keyed by session id.
    Consensus,
    /// `claude_sessions.json`: registrations keyed by number.
    ClaudeSessions,
    /// `sessions/REGISTRY.json`: names, roles and confirmations keyed by session id.
    SessionsRegistry,
}

impl Source {
    /// The file's conventional path inside the coordination folder.
    pub fn file(self) -> &'static str {
        match self {
            Source::Markdown => "SESSION_IDENTITY_REGISTRY.md",
            Source::Consensus => "CONSENSUS.json",
            Source::ClaudeSessions => "claude_sessions.json",
            Source::SessionsRegistry => "sessions/REGISTRY.json",
        }
    }
}

/// One session as one legacy file records it; every field is optional because real files omit them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Claim {
    /// The file it came from (`None` only in hand-built values).
    pub source: Option<Source>,
    /// 1-based line in that file where the record starts, when known.
    pub line: Option<u32>,
    /// The legacy session id (`session-1763243115`) or whatever id the file used.
    pub id: Option<String>,
    /// The session's name (`marketing-outreach-1`), when the file has one.
    pub name: Option<String>,
    /// The number the file gives the session.
    pub number: Option<u32>,
    /// The role text.
    pub role: Option<String>,
    /// The goal text.
    pub goal: Option<String>,
    /// The status word as written (`active`, `inactive`, `confirmed`, `⏳ PENDING REGISTRATION`).
    pub status: Option<String>,
    /// When it registered or proposed, as written.
    pub registered_at: Option<String>,
    /// Epoch seconds of confirmation (`sessions/REGISTRY.json`).
    pub confirmed_at: Option<f64>,
    /// Whether the file says the session agreed.
    pub agreed: Option<bool>,
    /// Ids that agreed to this session's claim (`CONSENSUS.json`).
    pub agreed_by: Vec<String>,
}

/// Parses `text` as JSON, or returns a `legacy-json-invalid` error naming `file` and the place.
#[allow(clippy::result_large_err)]
pub(crate) fn parse_json(text: &str, file: &str) -> Result<Value, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_json::from_str(text).map_err(|e| {
        Diagnostic::error(
            "legacy-json-invalid",
            format!("{file} is not valid JSON: {e}"),
        )
        .at(e.line().max(1) as u32, e.column().max(1) as u32)
        .with_help(format!("repair {file} by hand; nothing was read from it"))
    })
}

/// The object `value` holds, or an `legacy-unexpected-shape` warning naming `what`.
#[allow(clippy::result_large_err)]
pub(crate) fn as_object<'a>(
    value: &'a Value,
    file: &str,
    what: &str,
) -> Result<&'a Map<String, Value>, Diagnostic> {
    value.as_object().ok_or_else(|| {
        Diagnostic::warning(
            "legacy-unexpected-shape",
            format!("{file}: expected {what} to be a JSON object; it was skipped"),
        )
    })
}

/// Parses a whole file that must be one JSON object, or returns the one finding saying why not
/// (`legacy-json-invalid`, or `legacy-unexpected-shape` for any other JSON value).
#[allow(clippy::result_large_err)]
pub(crate) fn parse_object(input: &str, file: &str) -> Result<Map<String, Value>, Diagnostic> {
    match parse_json(input, file)? {
        Value::Object(map) => Ok(map),
        other => as_object(&other, file, "the file").cloned(),
    }
}

/// One object record of a sessions map: its key, the line of the key and its fields.
pub(crate) struct Record<'a> {
    /// The record's key (a session id or number).
    pub key: &'a String,
    /// The 1-based line of the key in the file, when found.
    pub line: Option<u32>,
    /// The record's fields.
    pub obj: &'a Map<String, Value>,
}

/// Each entry of `sessions` as a [`Record`], or a `legacy-unexpected-shape` finding for an
/// entry that is not an object (it is skipped).
#[allow(clippy::result_large_err)]
pub(crate) fn records<'a>(
    input: &'a str,
    file: &'a str,
    sessions: &'a Map<String, Value>,
) -> impl Iterator<Item = Result<Record<'a>, Diagnostic>> + 'a {
    sessions.iter().map(move |(key, value)| {
        let line = line_of_key(input, key);
        match value.as_object() {
            Some(obj) => Ok(Record { key, line, obj }),
            None => {
                let mut d = Diagnostic::warning(
                    "legacy-unexpected-shape",
                    format!("{file}: record \"{key}\" is not an object; it was skipped"),
                );
                d.line = line;
                Err(d)
            }
        }
    })
}

/// A text field: strings as given (trimmed, empty is `None`), numbers and booleans as text.
pub(crate) fn text(obj: &Map<String, Value>, key: &str) -> Option<String> {
    match obj.get(key)? {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A number field: a JSON integer or a string holding one.
pub(crate) fn number(obj: &Map<String, Value>, key: &str) -> Option<u32> {
    match obj.get(key)? {
        Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A float field: a JSON number or a string holding one.
pub(crate) fn float(obj: &Map<String, Value>, key: &str) -> Option<f64> {
    match obj.get(key)? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A boolean field: `true`/`false`, or the strings `"true"`/`"yes"`.
pub(crate) fn boolean(obj: &Map<String, Value>, key: &str) -> Option<bool> {
    match obj.get(key)? {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" => Some(true),
            "false" | "no" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// The 1-based line where `"key":` first appears in `text`, to point findings at a record.
pub(crate) fn line_of_key(text: &str, key: &str) -> Option<u32> {
    let needle = format!("\"{key}\"");
    let mut from = 0;
    while let Some(found) = text[from..].find(&needle) {
        let at = from + found;
        let rest = text[at + needle.len()..].trim_start();
        if rest.starts_with(':') {
            return Some(text[..at].matches('\n').count() as u32 + 1);
        }
        from = at + needle.len();
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn line_of_key_skips_values() {
        let text = "{\n  \"a\": \"2\",\n  \"2\": {}\n}";
        assert_eq!(line_of_key(text, "2"), Some(3));
        assert_eq!(line_of_key(text, "zz"), None);
    }

    #[test]
    fn invalid_json_names_file_and_place() {
        let d = parse_json("{\n  \"a\": ,\n}", "x.json").unwrap_err();
        assert_eq!(d.code, "legacy-json-invalid");
        assert_eq!(d.line, Some(2));
        assert!(d.message.contains("x.json"));
    }

    #[test]
    fn tolerant_field_readers() {
        let v: Value = serde_json::json!({"n": "7", "f": 1.5, "b": "yes", "t": "  ", "x": 3});
        let o = v.as_object().unwrap();
        assert_eq!(number(o, "n"), Some(7));
        assert_eq!(float(o, "f"), Some(1.5));
        assert_eq!(boolean(o, "b"), Some(true));
        assert_eq!(text(o, "t"), None);
        assert_eq!(text(o, "x").as_deref(), Some("3"));
        assert_eq!(number(o, "missing"), None);
    }
}
