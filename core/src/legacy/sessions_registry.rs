//! `sessions/REGISTRY.json`: names, roles and confirmations keyed by session id (no numbers).
//!
//! Shape: `{"registry_version", "coordinator", "sessions": {<id>: {"id", "name", "role",
//! "status", "agreed", "confirmed_at" (epoch float)}}}`.

use super::{as_object, boolean, float, parse_object, records, text, Claim, Record, Source};
use crate::diagnostic::Diagnostic;
use serde::{Deserialize, Serialize};

/// What the file holds: its version, its coordinator and one claim per session.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SessionsRegistry {
    /// `registry_version` as written.
    pub version: Option<String>,
    /// The coordinator's id.
    pub coordinator: Option<String>,
    /// One claim per session, in file order.
    pub sessions: Vec<Claim>,
}

/// Reads the file tolerantly, plus findings.
pub fn parse(input: &str) -> (SessionsRegistry, Vec<Diagnostic>) {
    let file = Source::SessionsRegistry.file();
    let mut out = SessionsRegistry::default();
    let root = match parse_object(input, file) {
        Ok(o) => o,
        Err(d) => return (out, vec![d]),
    };
    out.version = text(&root, "registry_version");
    out.coordinator = text(&root, "coordinator");
    let mut diagnostics = Vec::new();
    let Some(sessions) = root.get("sessions") else {
        return (out, diagnostics);
    };
    let sessions = match as_object(sessions, file, "\"sessions\"") {
        Ok(o) => o,
        Err(d) => return (out, vec![d]),
    };
    // A record that is not an object is skipped without a finding.
    for Record { key, line, obj } in records(input, file, sessions).flatten() {
        out.sessions.push(Claim {
            source: Some(Source::SessionsRegistry),
            line,
            id: text(obj, "id").or_else(|| Some(key.clone())),
            name: text(obj, "name"),
            role: text(obj, "role"),
            status: text(obj, "status"),
            agreed: boolean(obj, "agreed"),
            confirmed_at: float(obj, "confirmed_at"),
            ..Claim::default()
        });
        if text(obj, "id").is_some_and(|id| id != *key) {
            diagnostics.push(Diagnostic::warning(
                "legacy-key-mismatch",
                format!("{file}: the record under key \"{key}\" has a different \"id\"; the \"id\" is used"),
            ));
        }
    }
    (out, diagnostics)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn reads_version_coordinator_and_sessions() {
        let input = r#"{"registry_version": 2, "coordinator": "s-1",
          "sessions": {"s-1": {"id": "s-1", "name": "orch", "agreed": true, "confirmed_at": 1763243100.5},
                       "s-2": {"status": "registered", "unknown": {}}}}"#;
        let (reg, diags) = parse(input);
        assert!(diags.is_empty());
        assert_eq!(reg.version.as_deref(), Some("2"));
        assert_eq!(reg.coordinator.as_deref(), Some("s-1"));
        assert_eq!(reg.sessions.len(), 2);
        assert_eq!(reg.sessions[0].confirmed_at, Some(1763243100.5));
        assert_eq!(reg.sessions[0].agreed, Some(true));
        assert_eq!(reg.sessions[1].id.as_deref(), Some("s-2"));
        assert_eq!(reg.sessions[1].number, None);
    }

    #[test]
    fn missing_sessions_is_empty_not_error() {
        let (reg, diags) = parse(r#"{"registry_version": "1"}"#);
        assert!(reg.sessions.is_empty());
        assert!(diags.is_empty());
    }
}
