//! The registry summary `rollcall parse --format json` prints: the stable, flat view of a registry.

use crate::model::{Registry, Session, Status};
use serde::{Deserialize, Serialize};

/// What `rollcall parse --format json` prints (README `### rollcall parse`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// The document title.
    pub title: String,
    /// From `**Required**: All N sessions must register`; `null` when absent.
    pub required: Option<u32>,
    /// The sessions in document order.
    pub sessions: Vec<SessionSummary>,
    /// The consensus checklist in document order.
    pub checklist: Vec<ChecklistSummary>,
    /// From `**Current Status**: N/M sessions registered`; `null` when absent.
    pub stated_registered: Option<u32>,
}

/// One session in the summary; absent or empty fields are `null`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSummary {
    /// The NUMBER field, else the heading's `#N`.
    pub number: Option<u32>,
    /// ROLE.
    pub role: Option<String>,
    /// GOAL.
    pub goal: Option<String>,
    /// SESSION_ID's name, without the legacy id in parentheses.
    pub session_id: Option<String>,
    /// `pending`, `registered`, `confirmed`, `acknowledged`, `active`, or the text as written.
    pub status: Option<String>,
    /// 1-based line of the session heading.
    pub line: u32,
}

/// One checklist item in the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistSummary {
    /// The item text.
    pub text: String,
    /// Whether the box is ticked.
    pub checked: bool,
    /// 1-based line.
    pub line: u32,
}

/// The summary of a registry.
pub fn summarize(registry: &Registry) -> Summary {
    Summary {
        title: registry.title.clone(),
        required: registry.required,
        sessions: registry.sessions.iter().map(session_summary).collect(),
        checklist: registry
            .checklist
            .iter()
            .map(|item| ChecklistSummary {
                text: item.text.clone(),
                checked: item.checked,
                line: item.line,
            })
            .collect(),
        stated_registered: registry.stated_registered,
    }
}

/// The summary of one session.
fn session_summary(session: &Session) -> SessionSummary {
    SessionSummary {
        number: session.number().or(session.heading_number),
        role: session.role().map(str::to_string),
        goal: session.goal().map(str::to_string),
        session_id: session.session_name().map(str::to_string),
        status: session.status().map(|s| status_word(&s)),
        line: session.line,
    }
}

/// The lower-case protocol state, or unknown text as written.
pub fn status_word(status: &Status) -> String {
    match status {
        Status::Other(text) => text.clone(),
        known => known.name().to_ascii_lowercase(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::parse::parse_registry;

    #[test]
    fn seed_summary_matches_the_documented_shape() {
        let seed = include_str!("../../../tests/fixtures/marketing-registry.md");
        let summary = summarize(&parse_registry(seed).unwrap().registry);
        let json = serde_json::to_value(&summary).unwrap();
        let keys: Vec<_> = json.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys.len(), 5);
        let first = &json["sessions"][0];
        assert_eq!(first["number"], 1);
        assert_eq!(first["session_id"], "marketing-orchestrator");
        assert_eq!(first["status"], "pending");
        assert_eq!(first["line"], 25);
        assert_eq!(json["checklist"][5]["checked"], false);
    }
}
