//! `CONSENSUS.json`: numbers proposed per session id, who agreed, and the file's own verdict.
//!
//! Shape: `{"sessions": {<id>: {"number", "role", "goal", "proposed_at", "agreed_by": [ids]}},
//! "conflicts": [], "consensus_reached": false}`. The verdict is kept but never trusted: rollcall
//! computes consensus from the data.

use super::{boolean, number, parse_object, records, text, Claim, Record, Source};
use crate::diagnostic::Diagnostic;
use serde::{Deserialize, Serialize};

/// What the file holds.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ConsensusFile {
    /// One claim per proposing session, in ascending number order.
    pub sessions: Vec<Claim>,
    /// The `conflicts` entries, as text.
    pub conflicts: Vec<String>,
    /// What the file claims about consensus.
    pub consensus_reached: Option<bool>,
}

/// Reads the file tolerantly, plus findings.
pub fn parse(input: &str) -> (ConsensusFile, Vec<Diagnostic>) {
    let file = Source::Consensus.file();
    let mut out = ConsensusFile::default();
    let root = match parse_object(input, file) {
        Ok(o) => o,
        Err(d) => return (out, vec![d]),
    };
    out.consensus_reached = boolean(&root, "consensus_reached");
    if let Some(list) = root.get("conflicts").and_then(|c| c.as_array()) {
        out.conflicts = list
            .iter()
            .map(|c| c.as_str().map_or_else(|| c.to_string(), str::to_string))
            .collect();
    }
    if let Some(sessions) = root.get("sessions").and_then(|s| s.as_object()) {
        // A record that is not an object is skipped without a finding.
        for Record { key, line, obj } in records(input, file, sessions).flatten() {
            out.sessions.push(Claim {
                source: Some(Source::Consensus),
                line,
                id: Some(key.clone()),
                number: number(obj, "number"),
                role: text(obj, "role"),
                goal: text(obj, "goal"),
                registered_at: text(obj, "proposed_at"),
                agreed_by: agreed_by(obj),
                ..Claim::default()
            });
        }
    }
    out.sessions
        .sort_by_key(|c| (c.number.unwrap_or(u32::MAX), c.line));
    (out, Vec::new())
}

fn agreed_by(obj: &serde_json::Map<String, serde_json::Value>) -> Vec<String> {
    obj.get("agreed_by")
        .and_then(|a| a.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn reads_proposals_sorted_by_number() {
        let input = r#"{"sessions": {
            "s-3": {"number": 2, "role": "R", "agreed_by": ["s-1", 7]},
            "s-1": {"number": "1", "goal": "G", "proposed_at": "2025-11-15T21:51:00Z"}},
          "conflicts": ["two claim 2", {"n": 2}], "consensus_reached": false}"#;
        let (file, diags) = parse(input);
        assert!(diags.is_empty());
        assert_eq!(file.sessions[0].id.as_deref(), Some("s-1"));
        assert_eq!(file.sessions[0].number, Some(1));
        assert_eq!(file.sessions[1].agreed_by, vec!["s-1".to_string()]);
        assert_eq!(file.conflicts.len(), 2);
        assert_eq!(file.consensus_reached, Some(false));
    }

    #[test]
    fn shape_errors_are_findings() {
        assert_eq!(parse("nope").1[0].code, "legacy-json-invalid");
        assert_eq!(parse("3").1[0].code, "legacy-unexpected-shape");
        assert!(parse("{}").0.sessions.is_empty());
    }
}
