//! Parsers: registry markdown and registry JSON (sniffed), and registration messages.

pub mod json;
pub mod markdown;
pub mod registration;
pub mod summary;

use crate::diagnostic::Diagnostic;
use crate::encoding::repair_mojibake;
use crate::model::Registry;

/// Code of the error for input that is not a session identity registry at all.
pub const NOT_A_REGISTRY: &str = "not-a-registry";
/// Code of the error for input holding a NUL byte (a binary file).
pub const NUL_BYTE: &str = "nul-byte";
/// Code of the warning for Mac-Roman mojibake that was repaired before parsing.
pub const MOJIBAKE: &str = "mojibake";

/// A parsed registry plus the non-fatal findings met while reading it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Parsed {
    /// The registry model.
    pub registry: Registry,
    /// Non-fatal parse findings (malformed bullets, unreadable counts, repaired mojibake, ...).
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses a registry in markdown or registry-JSON form (JSON when the first non-blank char is `{`).
///
/// CRLF and a leading BOM are accepted; Mac-Roman mojibake is repaired first (with a `mojibake`
/// warning carrying the repaired text as its fix). `Err` only when the input is not a registry:
/// `nul-byte`, or `not-a-registry` (empty, a JSON array, or neither a `# ...Registry...` title
/// nor a `### Session #N` section).
#[allow(clippy::result_large_err)]
pub fn parse_registry(text: &str) -> Result<Parsed, Diagnostic> {
    let body = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if let Some(pos) = body.find('\0') {
        let line = line_at(text, pos + (text.len() - body.len()));
        return Err(Diagnostic::error(
            NUL_BYTE,
            "contains a NUL byte: this is a binary file, not a registry",
        )
        .at_line(line)
        .with_help("pass the registry's markdown or registry.json file"));
    }
    let start = body.trim_start();
    if start.is_empty() {
        return Err(not_a_registry("the input is empty"));
    }
    if start.starts_with('[') && is_json_array(start) {
        return Err(not_a_registry(
            "the input is a JSON array, not a registry (markdown, or a registry.json object)",
        ));
    }
    if start.starts_with('{') {
        let registry = json::registry_from_json(body)?;
        return Ok(Parsed {
            registry,
            diagnostics: Vec::new(),
        });
    }
    match repair_mojibake(text) {
        Some(repaired) => {
            let mut parsed = parse_markdown_checked(&repaired)?;
            parsed
                .diagnostics
                .insert(0, mojibake_warning(text, repaired));
            Ok(parsed)
        }
        None => parse_markdown_checked(text),
    }
}

/// Parses markdown and rejects text that has neither a registry title nor a session section.
#[allow(clippy::result_large_err)]
fn parse_markdown_checked(text: &str) -> Result<Parsed, Diagnostic> {
    let parsed = markdown::parse_markdown(text);
    let titled = crate::text::fold(&parsed.registry.title).contains("registry");
    if parsed.registry.sessions.is_empty() && !titled {
        return Err(not_a_registry(
            "no `# ... Registry` title and no `### Session #N` section: this is not a session identity registry",
        ));
    }
    Ok(parsed)
}

/// The `mojibake` warning at the first damaged line; its fix is the repaired text.
fn mojibake_warning(text: &str, repaired: String) -> Diagnostic {
    let line = crate::encoding::first_changed_line(text, &repaired);
    Diagnostic::warning(
        MOJIBAKE,
        "the text is UTF-8 that was decoded as Mac Roman (mojibake, e.g. `‚è≥` for `⏳`); it was read as repaired",
    )
    .at_line(line)
    .with_help("run `rollcall fix FILE --write` to repair the file (keeps FILE.bak)")
    .with_fix("repair Mac-Roman mojibake", repaired)
}

/// The `not-a-registry` error with a hint.
fn not_a_registry(message: &str) -> Diagnostic {
    Diagnostic::error(NOT_A_REGISTRY, message)
        .at_line(1)
        .with_help("pass a session identity registry: markdown with `### Session #N: Title` sections, or its registry.json")
}

/// True when `text` is a JSON array: well-formed as
/// serde_json reads it, with no key twice in an object (numbers beyond `f64` allowed).
fn is_json_array(text: &str) -> bool {
    text.trim_start().starts_with('[') && crate::strict_json::is_well_formed(text)
}

/// The 1-based line holding byte offset `pos`.
fn line_at(text: &str, pos: usize) -> u32 {
    let newlines = text.as_bytes()[..pos.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count();
    u32::try_from(newlines + 1).unwrap_or(u32::MAX)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {

    #[test]
    fn json_array_sniffing_accepts_what_serde_json_value_accepts() {
        let cases = [
            "[]",
            " [1, -2, 3.5e10, \"x\\u00e9\", null, true, {\"k\": [{}]}] ",
            "[1e400]",
            "[\"\\ud800\"]",
            "[1,]",
            "[1] x",
            "[{\"a\" 1}]",
            "{\"a\": []}",
            "[\"tab\there\"]",
            &format!("{}{}", "[".repeat(200), "]".repeat(200)),
            &format!("{}{}", "[".repeat(100), "]".repeat(100)),
        ];
        for text in cases {
            let expected = matches!(
                serde_json::from_str::<serde_json::Value>(text),
                Ok(serde_json::Value::Array(_))
            );
            // serde_json refuses a number beyond f64 (`1e400`); RFC 8259 allows it, and it is
            // an array either way.
            let expected = expected || text == "[1e400]";
            assert_eq!(is_json_array(text), expected, "{text}");
        }
        assert!(!is_json_array("[{\"a\": 1, \"a\": 2}]"));
    }

    use super::*;

    const SEED: &str = include_str!("../../../tests/fixtures/marketing-registry.md");
    const MOJIBAKE_SEED: &str =
        include_str!("../../../tests/fixtures/marketing-registry.mojibake.txt");

    #[test]
    fn empty_and_blank_input_is_not_a_registry() {
        for text in ["", "   \n\n", "\u{FEFF}"] {
            assert_eq!(parse_registry(text).unwrap_err().code, NOT_A_REGISTRY);
        }
    }

    #[test]
    fn json_array_is_not_a_registry() {
        let err = parse_registry("[{\"number\": 1}]").unwrap_err();
        assert_eq!(err.code, NOT_A_REGISTRY);
        assert!(err.message.contains("JSON array"));
    }

    #[test]
    fn prose_without_title_or_sessions_is_not_a_registry() {
        let err = parse_registry("# Shopping list\n\n- milk\n").unwrap_err();
        assert_eq!(err.code, NOT_A_REGISTRY);
    }

    #[test]
    fn nul_byte_names_its_line() {
        let err = parse_registry("# Registry\n\nabc\0def\n").unwrap_err();
        assert_eq!(err.code, NUL_BYTE);
        assert_eq!(err.line, Some(3));
    }

    #[test]
    fn mojibake_is_read_as_repaired_with_a_warning() {
        let parsed = parse_registry(MOJIBAKE_SEED).unwrap();
        let clean = parse_registry(SEED).unwrap();
        assert_eq!(parsed.registry, clean.registry);
        assert_eq!(parsed.diagnostics[0].code, MOJIBAKE);
        assert_eq!(parsed.diagnostics[0].line, Some(23));
        let fix = parsed.diagnostics[0].fix.as_ref().unwrap();
        assert_eq!(fix.replacement, SEED);
        assert!(clean.diagnostics.iter().all(|d| d.code != MOJIBAKE));
    }
}
