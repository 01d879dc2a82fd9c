//! registry.json: the model as JSON, lossless both ways with the markdown form.
//!
//! Written and read with serde_json through the model's serde derives, strictly (README
//! `### registry.json`): one well-formed document, no key twice in an object, every session,
//! field, item, checklist item and block an object; unknown keys ignored, keys marked optional
//! defaulted, `null` only where the model holds an `Option`. Errors name the line and column and
//! the session, field and key that is wrong, turned from the path serde_path_to_error finds.

use crate::diagnostic::Diagnostic;
use crate::model::Registry;
use crate::strict_json::{self, found, path_text, value_at, Cause, Object, Refusal, Step};
use crate::text::escape_controls;
use serde_json::Value;

/// Code of the error for JSON that is not a valid registry.json document.
pub const INVALID_REGISTRY_JSON: &str = "invalid-registry-json";

/// How every `invalid-registry-json` message about the document begins (`NOT_VALID: cause`).
pub const NOT_VALID: &str = "not a valid registry.json document";

/// The hint of every `invalid-registry-json` error.
const HELP: &str =
    "see README `### registry.json`; `rollcall parse FILE.md --format registry` writes one";

/// The registry as pretty-printed registry.json (schema documented in README `### registry.json`).
pub fn registry_to_json(registry: &Registry) -> String {
    // Serializing plain structs of strings and integers to a String cannot fail.
    serde_json::to_string_pretty(registry).unwrap_or_default()
}

/// Reads registry.json (a leading BOM allowed); the error names the line and column, and for a
/// value of the wrong type which key of which session it is and what was expected.
#[allow(clippy::result_large_err)]
pub fn registry_from_json(text: &str) -> Result<Registry, Diagnostic> {
    let body = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let Object(registry) = strict_json::read::<Object<Registry>>(body).map_err(|refusal| {
        Diagnostic::error(
            INVALID_REGISTRY_JSON,
            format!("{NOT_VALID}: {}", message(&refusal)),
        )
        .at(refusal.line, refusal.column)
        .with_help(HELP)
    })?;
    check_keys(&registry)?;
    Ok(registry)
}

/// The kinds of block, as `kind` spells them.
const BLOCK_KINDS: [&str; 7] = [
    "prose",
    "title",
    "purpose",
    "required",
    "sessions",
    "checklist",
    "current_status",
];

/// What a wrong `kind` must be.
const ONE_OF_BLOCK_KINDS: &str =
    "one of `prose`, `title`, `purpose`, `required`, `sessions`, `checklist` or `current_status`";

/// What a `u32` must be; [`U32_OR_NULL`] when it may be `null`.
const U32: &str = "an integer from 0 to 4294967295";

/// What an `Option<u32>` must be.
const U32_OR_NULL: &str = "an integer from 0 to 4294967295, or null";

/// What a `String` must be.
const STRING: &str = "a string";

/// What a list must be.
const ARRAY: &str = "an array";

/// Where a value sits in the document, as errors name it: `` field 2 (`ROLE`) of session 3 (#4) ``.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Place {
    /// The whole document.
    Document,
    /// Session `n` (1-based) of `sessions`, with its heading number when it has one.
    Session(usize, Option<u64>),
    /// Field `n` of a session's `fields`, with its `key` when the document could be read.
    Field(usize, Option<String>, Box<Place>),
    /// Item `n` of a field's `items`.
    Item(usize, Box<Place>),
    /// Item `n` of `checklist`.
    Checklist(usize),
    /// Block `n` of `blocks`, with its `kind` when it is one of the kinds.
    Block(usize, Option<&'static str>),
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Place::Document => f.write_str("the document"),
            Place::Session(n, None) => write!(f, "session {n}"),
            Place::Session(n, Some(number)) => write!(f, "session {n} (#{number})"),
            Place::Field(n, None, session) => write!(f, "field {n} of {session}"),
            Place::Field(n, Some(key), session) => write!(f, "field {n} (`{key}`) of {session}"),
            Place::Item(n, field) => write!(f, "item {n} of {field}"),
            Place::Checklist(n) => write!(f, "checklist item {n}"),
            Place::Block(n, None) => write!(f, "block {n}"),
            Place::Block(n, Some(kind)) => write!(f, "block {n} (`{kind}`)"),
        }
    }
}

/// A value errors can name: the member `key` of the object at a place (`` `line` of session 2 ``,
/// just `` `title` `` in the document), or without a key the object itself.
struct What<'a>(Option<&'a str>, &'a Place);

impl std::fmt::Display for What<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            What(None, place) => place.fmt(f),
            What(Some(key), Place::Document) => write!(f, "`{key}`"),
            What(Some(key), place) => write!(f, "`{key}` of {place}"),
        }
    }
}

/// The message after [`NOT_VALID`] for a refused document.
fn message(refusal: &Refusal) -> String {
    let document = refusal.document.as_ref();
    let (place, rest) = place_of(&refusal.path, document);
    let key = (!rest.is_empty()).then(|| escape_controls(&path_text(rest)).into_owned());
    let what = What(key.as_deref(), &place);
    match &refusal.cause {
        Cause::Syntax(words) if refusal.path.is_empty() => words.clone(),
        Cause::Syntax(words) => format!("{words} in {what}"),
        Cause::RepeatedKey(repeated) => {
            format!("duplicate key `{}` in {what}", escape_controls(repeated))
        }
        Cause::MissingKey(missing) => format!("{what} has no `{missing}` (it is required)"),
        Cause::WrongValue(words) => wrong_value(&refusal.path, document, place, key, words),
    }
}

/// `{what} must be {expected}, found {found}` for the value at `path`.
///
/// A block's `text` or `count` is read after its `kind`, from what serde kept of the object, so
/// its path ends at the block; the key is then the one the block's kind needs.
fn wrong_value(
    path: &[Step],
    document: Option<&Value>,
    place: Place,
    mut key: Option<String>,
    words: &str,
) -> String {
    let mut value = document.and_then(|d| value_at(d, path));
    if let (Place::Block(_, Some(kind)), None, Some(block)) = (&place, &key, value) {
        if block.is_object() {
            let needs = if matches!(*kind, "sessions" | "checklist") {
                "count"
            } else {
                "text"
            };
            value = block.get(needs);
            key = Some(needs.to_string());
        }
    }
    let expected = expected(&place, key.as_deref())
        .or_else(|| words.rsplit_once(", expected ").map(|(_, e)| e))
        .unwrap_or("something else");
    let what = What(key.as_deref(), &place);
    match value {
        Some(value) => format!("{what} must be {expected}, found {}", found(value)),
        None => format!("{what} must be {expected} ({words})"),
    }
}

/// The place `path` leads to, and the steps after it (a key of that place's object, or more
/// inside an unknown key's value).
fn place_of<'p>(path: &'p [Step], document: Option<&Value>) -> (Place, &'p [Step]) {
    let at = |steps: &[Step]| document.and_then(|d| value_at(d, steps));
    match path {
        [Step::Key(list), Step::Index(i), rest @ ..] if list == "sessions" => {
            let number = at(&path[..2])
                .and_then(|s| s.get("heading_number"))
                .and_then(Value::as_u64);
            let session = Place::Session(i + 1, number);
            match rest {
                [Step::Key(fields), Step::Index(j), rest @ ..] if fields == "fields" => {
                    let label = at(&path[..4]).map(|f| {
                        let key = f.get("key").and_then(Value::as_str).unwrap_or("");
                        escape_controls(key).into_owned()
                    });
                    let field = Place::Field(j + 1, label, Box::new(session));
                    match rest {
                        [Step::Key(items), Step::Index(k), rest @ ..] if items == "items" => {
                            (Place::Item(k + 1, Box::new(field)), rest)
                        }
                        _ => (field, rest),
                    }
                }
                _ => (session, rest),
            }
        }
        [Step::Key(list), Step::Index(i), rest @ ..] if list == "checklist" => {
            (Place::Checklist(i + 1), rest)
        }
        [Step::Key(list), Step::Index(i), rest @ ..] if list == "blocks" => {
            let kind = at(&path[..2])
                .and_then(|b| b.get("kind"))
                .and_then(Value::as_str)
                .and_then(|kind| BLOCK_KINDS.into_iter().find(|k| *k == kind));
            (Place::Block(i + 1, kind), rest)
        }
        _ => (Place::Document, path),
    }
}

/// What the value of `key` of the object at `place` must be (the object itself without a key),
/// as the model holds it; `None` for a key the model does not have.
fn expected(place: &Place, key: Option<&str>) -> Option<&'static str> {
    let Some(key) = key else {
        return Some("an object");
    };
    Some(match (place, key) {
        (Place::Document, "title") => STRING,
        (Place::Document, "purpose") => "a string or null",
        (Place::Document, "required" | "stated_registered" | "stated_line") => U32_OR_NULL,
        (Place::Document, "sessions" | "checklist" | "blocks") => ARRAY,
        (Place::Session(..), "heading_number") => U32_OR_NULL,
        (Place::Session(..), "fields") | (Place::Field(..), "items") => ARRAY,
        (Place::Session(..), "title")
        | (Place::Field(..), "key" | "value")
        | (Place::Item(..) | Place::Checklist(_) | Place::Block(..), "text") => STRING,
        (Place::Session(..) | Place::Field(..) | Place::Item(..) | Place::Checklist(_), "line") => {
            U32
        }
        (Place::Checklist(_), "checked") => "`true` or `false`",
        (Place::Block(..), "kind") => ONE_OF_BLOCK_KINDS,
        (Place::Block(..), "count") => "a non-negative integer",
        _ => return None,
    })
}

/// Rejects field keys the markdown form cannot hold: empty, or with `*`, a line break or a final `:`.
#[allow(clippy::result_large_err)]
fn check_keys(registry: &Registry) -> Result<(), Diagnostic> {
    for (index, session) in registry.sessions.iter().enumerate() {
        for field in &session.fields {
            if !crate::model::is_field_key(&field.key) {
                let which = session.heading_number.map_or_else(
                    || format!("session {}", index + 1),
                    |n| format!("session #{n}"),
                );
                return Err(Diagnostic::error(
                    INVALID_REGISTRY_JSON,
                    format!(
                        "{which} has a field key \"{}\" that markdown cannot hold",
                        escape_controls(&field.key)
                    ),
                )
                .for_session(session.heading_number)
                .with_help(
                    "field keys are non-empty, one line, without `*` and without a final `:`",
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::model::Block;
    use crate::parse::markdown::parse_markdown;

    const SEED: &str = include_str!("../../../tests/fixtures/marketing-registry.md");

    #[test]
    fn seed_survives_json_both_ways() {
        let registry = parse_markdown(SEED).registry;
        let json = registry_to_json(&registry);
        assert_eq!(registry_from_json(&json).unwrap(), registry);
    }

    #[test]
    fn hand_written_json_may_omit_lines_and_blocks() {
        let json = r#"{"title":"Team Registry","required":2,"sessions":[
            {"heading_number":1,"title":"Lead","fields":[{"key":"NUMBER","value":"1"}]}]}"#;
        let r = registry_from_json(json).unwrap();
        assert_eq!(r.sessions[0].number(), Some(1));
        assert!(r.blocks.is_empty());
    }

    #[test]
    fn keys_markdown_cannot_hold_are_refused() {
        for key in ["", "A**B", "ROLE:", "TWO\nLINES"] {
            let json = serde_json::json!({"title": "R", "sessions": [
                {"heading_number": 4, "fields": [{"key": key, "value": "v"}]}]});
            let err = registry_from_json(&json.to_string()).unwrap_err();
            assert_eq!(err.code, INVALID_REGISTRY_JSON);
            assert!(
                err.message.starts_with("session #4 has a field key"),
                "{}",
                err.message
            );
        }
    }

    /// What the model's serde derives make of `text`, with the same key check.
    fn serde_reads(text: &str) -> Option<Registry> {
        let body = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        serde_json::from_str::<Registry>(body)
            .ok()
            .filter(|r| check_keys(r).is_ok())
    }

    fn error(text: &str) -> Diagnostic {
        let err = registry_from_json(text).unwrap_err();
        assert_eq!(err.code, INVALID_REGISTRY_JSON);
        assert!(err.message.starts_with(NOT_VALID), "{}", err.message);
        assert!(err.help.is_some());
        err
    }

    #[test]
    fn bad_json_names_line_and_column() {
        let err = error("{\n  \"title\": 3\n}");
        assert_eq!((err.line, err.column), (Some(2), Some(12)));
        assert_eq!(
            err.message,
            "not a valid registry.json document: `title` must be a string, found the number 3"
        );
        let err = error("{\"title\":\"broken\",\n  \"sessions\": [1,\n\n");
        assert_eq!(err.line, Some(4));
        assert!(
            err.message
                .contains("EOF while parsing a value in `sessions`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn every_registry_json_fixture_reads_as_serde_reads_it() {
        let fixtures = [
            include_str!("../../../tests/fixtures/marketing-registry.json"),
            include_str!("../../../tests/fixtures/hostile/broken.json"),
            include_str!("../../../tests/fixtures/hostile/json-array.json"),
        ];
        let seed = registry_to_json(&parse_markdown(SEED).registry);
        for text in fixtures.into_iter().chain([seed.as_str()]) {
            assert_eq!(registry_from_json(text).ok(), serde_reads(text), "{text}");
        }
        assert!(registry_from_json(fixtures[0]).is_ok());
    }

    #[test]
    fn wrong_values_name_the_session_field_and_key() {
        let cases = [
            (
                r#"{"sessions": [{}, {"heading_number": 4, "fields": [{"key": "ROLE", "line": "7"}]}]}"#,
                "`line` of field 1 (`ROLE`) of session 2 (#4) must be an integer from 0 to 4294967295, found the string \"7\"",
            ),
            (
                r#"{"sessions": [{"fields": [{"value": "x"}]}]}"#,
                "field 1 (``) of session 1 has no `key` (it is required)",
            ),
            (
                r#"{"sessions": [{"title": null}]}"#,
                "`title` of session 1 must be a string, found null",
            ),
            (
                r#"{"sessions": [{"fields": [{"key": "R", "items": [{"line": 2}]}]}]}"#,
                "item 1 of field 1 (`R`) of session 1 has no `text` (it is required)",
            ),
            (
                r#"{"required": -1}"#,
                "`required` must be an integer from 0 to 4294967295, or null, found the number -1",
            ),
            (
                r#"{"stated_line": 1.0}"#,
                "`stated_line` must be an integer from 0 to 4294967295, or null, found the number 1.0",
            ),
            (
                r#"{"checklist": [{"text": "x", "checked": "yes"}]}"#,
                "`checked` of checklist item 1 must be `true` or `false`, found the string \"yes\"",
            ),
            (
                r#"{"blocks": [{"kind": "prose", "text": "a"}, {"kind": "table"}]}"#,
                "`kind` of block 2 must be one of `prose`, `title`, `purpose`, `required`, `sessions`, `checklist` or `current_status`, found the string \"table\"",
            ),
            (
                r#"{"blocks": [{"kind": "sessions", "count": -2}]}"#,
                "`count` of block 1 (`sessions`) must be a non-negative integer, found the number -2",
            ),
            (r#"{"blocks": [{"text": "a"}]}"#, "block 1 has no `kind` (it is required)"),
            (r#"{"sessions": {}}"#, "`sessions` must be an array, found an object"),
        ];
        for (text, message) in cases {
            let err = error(text);
            assert_eq!(err.message, format!("{NOT_VALID}: {message}"), "{text}");
            assert_eq!(serde_reads(text), None, "serde refuses {text} too");
        }
    }

    #[test]
    fn the_positional_array_form_is_refused_by_the_derives_too() {
        // serde's derives alone read a struct from an array of its fields in declaration order
        // (`[4, 1]` as a session with line 4 and heading #1); registry.json never had that form
        // (README documents objects) and nobody writes it, so the model's lists take objects
        // only, and it is refused, naming the session.
        let text = r#"{"sessions": [[4, 1]]}"#;
        assert!(serde_reads(text).is_none());
        let err = error(text);
        assert!(err
            .message
            .ends_with("session 1 must be an object, found an array"));
    }

    #[test]
    fn defaults_nulls_and_unknown_keys_as_serde_derives_have_them() {
        let texts = [
            "{}",
            "\u{FEFF}{}",
            r#"{"title": "R", "purpose": null, "required": null, "stated_registered": 0, "stated_line": null, "extra": [1e400, {"deep": null}]}"#,
            r#"{"sessions": [{"heading_number": null, "x": 1}, {"line": 4294967295, "fields": [{"key": "K", "extra": true}]}]}"#,
            r#"{"checklist": [{"text": "t"}, {"text": "u", "checked": true, "line": 3, "y": {}}]}"#,
            r#"{"blocks": [{"kind": "title", "text": 5}, {"kind": "purpose"}, {"count": 2, "kind": "sessions"}, {"kind": "checklist", "count": 0}, {"kind": "required", "text": "r"}, {"kind": "current_status", "text": "s", "count": "x"}]}"#,
            r#"{"tit\u006ce": "\ud83c\udfaf é"}"#,
            r#"{"required": 4294967296}"#,
            r#"{"title": "a\u0000b"}"#,
        ];
        for text in texts {
            assert_eq!(registry_from_json(text).ok(), serde_reads(text), "{text}");
        }
        let blocks = registry_from_json(texts[5]).unwrap().blocks;
        assert_eq!(blocks[2], Block::Sessions { count: 2 });
        assert_eq!(registry_from_json(texts[6]).unwrap().title, "🎯 é");
    }

    #[test]
    fn duplicate_keys_are_refused() {
        let err = error("{\"title\": \"a\",\n \"title\": \"b\"}");
        assert_eq!(err.line, Some(2));
        assert!(
            err.message.contains("duplicate key `title`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn hostile_documents_are_refused_without_panicking() {
        let deep = format!(
            "{{\"blocks\": {}{}}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert!(error(&deep).message.contains("recursion limit exceeded"));
        let nul = "{\"title\": \"a\u{0}b\"}";
        assert!(error(nul).message.contains("control character"));
        let crlf = "{\r\n  \"title\": \"R\",\r\n  \"required\": \"12\"\r\n}";
        let err = error(crlf);
        // serde_json names the string's last character.
        assert_eq!((err.line, err.column), (Some(3), Some(18)));
        assert!(error("[]")
            .message
            .contains("the document must be an object, found an array"));
    }

    #[test]
    fn syntax_errors_and_repeated_keys_name_the_part_they_are_in() {
        let cases = [
            (
                "{\"sessions\": [{\"heading_number\": 2,\n \"fields\": [{\"key\": \"ROLE\" \"value\": 1}]}]}",
                "expected `,` or `}` in field 1 of session 1",
                2,
            ),
            (
                r#"{"sessions": [{"fields": [{"key": "A", "line": 1, "line": 2}]}]}"#,
                "duplicate key `line` in field 1 of session 1",
                1,
            ),
            (
                r#"{"title": "R", "extra": {"deep": [{"a": 1, "a": 2}]}}"#,
                "duplicate key `a` in `extra.deep[0]`",
                1,
            ),
            (
                "{\"title\": \"R\",\n\"title\": \"S\"}",
                "duplicate key `title` in the document",
                2,
            ),
        ];
        for (text, message, line) in cases {
            let err = error(text);
            assert_eq!(err.message, format!("{NOT_VALID}: {message}"), "{text}");
            assert_eq!(err.line, Some(line), "{text}");
        }
    }

    /// Every path to a member of an object in `value`, for the drift test below.
    fn member_paths(value: &Value, path: &mut Vec<String>, out: &mut Vec<String>) {
        match value {
            Value::Object(members) => {
                for (key, member) in members {
                    path.push(format!("/{key}"));
                    out.push(path.concat());
                    member_paths(member, path, out);
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    path.push(format!("/{index}"));
                    member_paths(item, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }

    #[test]
    fn every_key_the_model_writes_has_its_expected_value_named() {
        let seed = registry_to_json(&parse_markdown(SEED).registry);
        let document: Value = serde_json::from_str(&seed).unwrap();
        let mut paths = Vec::new();
        member_paths(&document, &mut Vec::new(), &mut paths);
        // One path per shape (`/sessions/#/fields/#/line`): the first of each.
        let mut shapes = std::collections::BTreeSet::new();
        let shape = |p: &str| -> Vec<String> {
            let numbered = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            p.split('/')
                .map(|s| if numbered(s) { "#".into() } else { s.into() })
                .collect()
        };
        paths.retain(|p| shapes.insert(shape(p)));
        assert_eq!(paths.len(), 24, "{paths:?}");
        for pointer in paths {
            let mut wrong = document.clone();
            *wrong.pointer_mut(&pointer).unwrap() = serde_json::json!({"x": 1});
            let err = error(&wrong.to_string());
            assert!(
                err.message.ends_with(", found an object") && !err.message.contains("expected"),
                "{pointer}: {}",
                err.message
            );
        }
    }
}
