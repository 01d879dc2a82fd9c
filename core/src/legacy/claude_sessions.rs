//! `claude_sessions.json`: the old registration script's record, keyed by session number.
//!
//! Shape: `{"2": {"session_id", "number", "role", "goal", "status": "active|inactive",
//! "registered_at", "terminal", "marked_inactive_at"}}`. The key is the number; a record's own
//! `number`, when present and different, is reported (`legacy-key-mismatch`) and the key is used.

use super::{number, parse_object, records, text, Claim, Record, Source};
use crate::diagnostic::Diagnostic;

/// Reads every record as a claim, in ascending number order, plus findings.
pub fn parse(input: &str) -> (Vec<Claim>, Vec<Diagnostic>) {
    let file = Source::ClaudeSessions.file();
    let root = match parse_object(input, file) {
        Ok(o) => o,
        Err(d) => return (Vec::new(), vec![d]),
    };
    let mut diagnostics = Vec::new();
    let mut claims = Vec::new();
    for record in records(input, file, &root) {
        let Record { key, line, obj } = match record {
            Ok(r) => r,
            Err(d) => {
                diagnostics.push(d);
                continue;
            }
        };
        let key_number: Option<u32> = key.trim().parse().ok();
        let own_number = number(obj, "number");
        if let (Some(k), Some(n)) = (key_number, own_number) {
            if k != n {
                diagnostics.push(key_mismatch(file, k, n, line));
            }
        }
        claims.push(Claim {
            source: Some(Source::ClaudeSessions),
            line,
            id: text(obj, "session_id"),
            name: text(obj, "name"),
            number: key_number.or(own_number),
            role: text(obj, "role"),
            goal: text(obj, "goal"),
            status: text(obj, "status"),
            registered_at: text(obj, "registered_at"),
            ..Claim::default()
        });
    }
    claims.sort_by_key(|c| (c.number.unwrap_or(u32::MAX), c.line));
    (claims, diagnostics)
}

fn key_mismatch(file: &str, key: u32, own: u32, line: Option<u32>) -> Diagnostic {
    let mut d = Diagnostic::warning(
        "legacy-key-mismatch",
        format!("{file}: the record under key \"{key}\" says number {own}; the key {key} is used"),
    )
    .for_session(Some(key))
    .with_help("check which number this session really claimed");
    d.line = line;
    d
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn reads_records_in_number_order_tolerantly() {
        let input = r#"{
  "13": {"session_id": "session-9", "number": 13, "role": "R", "status": "active", "extra": [1]},
  "2": {"session_id": "session-2", "number": 2, "goal": "G", "marked_inactive_at": null},
  "12": {"session_id": "session-12"}
}"#;
        let (claims, diags) = parse(input);
        assert!(diags.is_empty(), "{diags:?}");
        let numbers: Vec<_> = claims.iter().map(|c| c.number).collect();
        assert_eq!(numbers, vec![Some(2), Some(12), Some(13)]);
        assert_eq!(claims[0].id.as_deref(), Some("session-2"));
        assert_eq!(claims[0].goal.as_deref(), Some("G"));
        assert_eq!(claims[0].line, Some(3));
        assert_eq!(claims[2].status.as_deref(), Some("active"));
    }

    #[test]
    fn key_and_number_disagreeing_is_reported() {
        let (claims, diags) = parse(r#"{"4": {"session_id": "s", "number": 5}}"#);
        assert_eq!(claims[0].number, Some(4));
        assert_eq!(diags[0].code, "legacy-key-mismatch");
    }

    #[test]
    fn broken_file_is_one_error() {
        let (claims, diags) = parse("{\"2\": {");
        assert!(claims.is_empty());
        assert_eq!(diags[0].code, "legacy-json-invalid");
        let (_, diags) = parse("[1, 2]");
        assert_eq!(diags[0].code, "legacy-unexpected-shape");
        let (_, diags) = parse(r#"{"2": "x"}"#);
        assert_eq!(diags[0].code, "legacy-unexpected-shape");
    }
}
