//! registry.json: the model as JSON (serde), lossless both ways with the markdown form.

use crate::diagnostic::Diagnostic;
use crate::model::Registry;

/// Code of the error for JSON that is not a valid registry.json document.
pub const INVALID_REGISTRY_JSON: &str = "invalid-registry-json";

/// The registry as pretty-printed registry.json (schema documented in README `### registry.json`).
pub fn registry_to_json(registry: &Registry) -> String {
    // Serializing plain structs of strings and integers to a String cannot fail.
    serde_json::to_string_pretty(registry).unwrap_or_default()
}

/// Reads registry.json; the error names the line and column serde stopped at.
#[allow(clippy::result_large_err)]
pub fn registry_from_json(text: &str) -> Result<Registry, Diagnostic> {
    let body = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    serde_json::from_str(body).map_err(|e| {
        let line = u32::try_from(e.line()).unwrap_or(u32::MAX).max(1);
        let column = u32::try_from(e.column()).unwrap_or(u32::MAX).max(1);
        Diagnostic::error(
            INVALID_REGISTRY_JSON,
            format!("line {line}: not a valid registry.json document: {e}"),
        )
        .at(line, column)
        .with_help(
            "see README `### registry.json`; `rollcall parse FILE.md --format registry` writes one",
        )
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
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
    fn bad_json_names_line_and_column() {
        let err = registry_from_json("{\n  \"title\": 3\n}").unwrap_err();
        assert_eq!(err.code, INVALID_REGISTRY_JSON);
        assert_eq!(err.line, Some(2));
        assert!(err.message.starts_with("line 2:"));
    }
}
