//! Session ids used as file and folder names: refused when they could escape or break the store.

use crate::diagnostic::Diagnostic;
use crate::message::BROADCAST;
use crate::text::{escape_controls, is_unsafe_char};

/// Code of the refusal for a name holding a control character or a bidi control, as the
/// `control-character` rule reports the same text in a registry.
const CONTROL_CHARACTER: &str = "control-character";

/// The longest accepted session id, in bytes.
pub const MAX_NAME_BYTES: usize = 128;

/// Checks that `name` (a sender or recipient id; `what` says which) is safe as one path
/// component: not empty, at most 128 bytes, no `/` or `\`, no control characters or bidi
/// controls (`control-character`), not starting with `.` (which also refuses `.` and `..`, and
/// keeps the store's hidden files apart).
#[allow(clippy::result_large_err)] // Diagnostic is the one error type; these run once per file
pub fn validate_name(what: &str, name: &str) -> Result<(), Diagnostic> {
    if let Some(c) = name.chars().find(|&c| c == '\t' || is_unsafe_char(c)) {
        return Err(Diagnostic::error(
            CONTROL_CHARACTER,
            format!("{what} id {} contains the control character U+{:04X}", shown(name), c as u32),
        )
        .with_help("session ids are plain names: remove control characters and bidi overrides, e.g. `session-3`"));
    }
    let problem = if name.is_empty() {
        Some("is empty".to_string())
    } else if name.len() > MAX_NAME_BYTES {
        Some(format!(
            "is {} bytes long; the limit is {MAX_NAME_BYTES}",
            name.len()
        ))
    } else if name.contains('/') || name.contains('\\') {
        Some("contains a path separator (`/` or `\\`)".to_string())
    } else if name.starts_with('.') {
        Some("starts with `.`".to_string())
    } else if name.trim() != name {
        Some("starts or ends with white space".to_string())
    } else {
        None
    };
    match problem {
        None => Ok(()),
        Some(why) => Err(Diagnostic::error(
            "invalid-name",
            format!("{what} id {} {why}", shown(name)),
        )
        .with_help(
            "session ids are names, not paths: use letters, digits, `-` or `_`, e.g. `session-3`",
        )),
    }
}

/// Checks the id a session acts as: a safe name ([`validate_name`]) that is not `broadcast`, the
/// address of every session.
#[allow(clippy::result_large_err)] // Diagnostic is the one error type; this runs once per command
pub fn validate_session_id(id: &str) -> Result<(), Diagnostic> {
    validate_name("session", id)?;
    if id.eq_ignore_ascii_case(BROADCAST) {
        return Err(Diagnostic::error(
            "invalid-name",
            format!("session id \"{id}\" is the address of every session, not a session"),
        )
        .with_help("act as your own session id, e.g. `--as session-3`; send to `broadcast` to reach everyone"));
    }
    Ok(())
}

/// The name quoted for an error message, with control characters escaped and long names cut.
fn shown(name: &str) -> String {
    let escaped = escape_controls(name);
    if escaped.chars().count() > 40 {
        let head: String = escaped.chars().take(40).collect();
        format!("\"{head}…\"")
    } else {
        format!("\"{escaped}\"")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_are_refused() {
        let long = "a".repeat(MAX_NAME_BYTES + 1);
        for bad in ["../x", "a/b", "", "..", ".", "a\\b", " x", long.as_str()] {
            let d = validate_name("recipient", bad).unwrap_err();
            assert_eq!(d.code, "invalid-name", "{bad:?}");
            assert!(d.message.starts_with("recipient id "), "{}", d.message);
        }
    }

    #[test]
    fn control_and_bidi_characters_are_control_character() {
        for bad in [
            "a\nb",
            "a\u{7}",
            "a\tb",
            "a\u{202e}b",
            "evil\u{2066}txt.exe",
            "a\u{9b}b",
        ] {
            let d = validate_name("recipient", bad).unwrap_err();
            assert_eq!(d.code, "control-character", "{bad:?}");
            assert!(!d.message.chars().any(is_unsafe_char), "{}", d.message);
        }
    }

    #[test]
    fn broadcast_is_an_address_not_a_session() {
        assert!(validate_name("recipient", "broadcast").is_ok());
        for id in ["broadcast", "BROADCAST"] {
            assert_eq!(validate_session_id(id).unwrap_err().code, "invalid-name");
        }
        assert!(validate_session_id("session-3").is_ok());
    }

    #[test]
    fn ordinary_names_pass() {
        let max = "é".repeat(MAX_NAME_BYTES / 2);
        for good in [
            "3",
            "session-3",
            "marketing-orchestrator",
            "broadcast",
            "Ops Lead",
            max.as_str(),
        ] {
            assert!(validate_name("sender", good).is_ok(), "{good}");
        }
    }

    #[test]
    fn message_escapes_control_characters() {
        let d = validate_name("sender", "a\u{1b}b").unwrap_err();
        assert!(d.message.contains("\\u{1b}"), "{}", d.message);
        assert!(d.message.contains("U+001B"));
    }
}
