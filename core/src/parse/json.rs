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
    let registry: Registry = serde_json::from_str(body).map_err(|e| {
        let line = u32::try_from(e.line()).unwrap_or(u32::MAX).max(1);
        let column = u32::try_from(e.column()).unwrap_or(u32::MAX).max(1);
        Diagnostic::error(
            INVALID_REGISTRY_JSON,
            format!("not a valid registry.json document: {e}"),
        )
        .at(line, column)
        .with_help(
            "see README `### registry.json`; `rollcall parse FILE.md --format registry` writes one",
        )
    })?;
    check_keys(&registry)?;
    Ok(registry)
}

/// Rejects field keys the markdown form cannot hold: empty, or with `*`, a line break or a final `:`.
#[allow(clippy::result_large_err)]
fn check_keys(registry: &Registry) -> Result<(), Diagnostic> {
    for (index, session) in registry.sessions.iter().enumerate() {
        for field in &session.fields {
            let key = field.key.trim();
            let bad = key.is_empty() || key.ends_with(':') || key.contains(['*', '\n', '\r']);
            if bad {
                let which = session.heading_number.map_or_else(
                    || format!("session {}", index + 1),
                    |n| format!("session #{n}"),
                );
                return Err(Diagnostic::error(
                    INVALID_REGISTRY_JSON,
                    format!(
                        "{which} has a field key {:?} that markdown cannot hold",
                        field.key
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

    #[test]
    fn bad_json_names_line_and_column() {
        let err = registry_from_json("{\n  \"title\": 3\n}").unwrap_err();
        assert_eq!(err.code, INVALID_REGISTRY_JSON);
        assert_eq!(err.line, Some(2));
    }
}
