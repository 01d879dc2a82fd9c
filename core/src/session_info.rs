//! What rules and the protocol read off one session: its number, how messages name it, the lines
//! it spans, and whether it is the coordinator.

use crate::model::Session;
use crate::text::fold;

/// Word stems that make a session the coordinator when its folded ROLE or heading contains one.
///
/// Stems rather than whole words, so `Master Coordinator`, `Orchestrator`, `Coordinates outreach`
/// and `orchestrating the workflow` all count: the union of what `rollcall init` and the
/// `no-orchestrator` rule once looked for separately.
pub const COORDINATOR_WORDS: [&str; 2] = ["coordinat", "orchestrat"];

/// True when the session's ROLE or heading, folded, contains one of [`COORDINATOR_WORDS`].
pub fn is_coordinator(session: &Session) -> bool {
    let says = |text: &str| {
        let text = fold(text);
        COORDINATOR_WORDS.iter().any(|word| text.contains(word))
    };
    session.role().is_some_and(says) || says(&session.title)
}

/// The session's number: its NUMBER field, else the number in its heading.
pub fn number_of(session: &Session) -> Option<u32> {
    session.number().or(session.heading_number)
}

/// How messages name a session: `session 5`, else `the session at line 40`.
pub fn label(session: &Session) -> String {
    match number_of(session) {
        Some(n) => format!("session {n}"),
        None => format!("the session at line {}", session.line),
    }
}

/// The last source line that belongs to the session (its heading, fields and items).
pub fn last_line(session: &Session) -> u32 {
    let mut last = session.line;
    for field in &session.fields {
        last = last.max(field.line);
        for item in &field.items {
            last = last.max(item.line);
        }
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Field;

    /// Session `n` at line `n * 10`: a NUMBER and, when given, a ROLE on the lines after.
    fn session(n: u32, role: Option<&str>) -> Session {
        let field = |key: &str, value: &str, line: u32| Field {
            key: key.into(),
            value: value.into(),
            line,
            items: Vec::new(),
        };
        let mut fields = vec![field("NUMBER", &n.to_string(), n * 10 + 1)];
        fields.extend(role.map(|role| field("ROLE", role, n * 10 + 2)));
        Session {
            line: n * 10,
            heading_number: None,
            title: String::new(),
            fields,
        }
    }

    fn with_role(role: &str) -> Session {
        session(1, Some(role))
    }

    #[test]
    fn coordinator_words_count_in_any_form_and_case() {
        for role in [
            "Master Coordinator - Orchestrate all workflows",
            "Coordinates outreach",
            "ORCHESTRATOR",
            "Lead - orchestrating the workflow",
            "Team coordination",
        ] {
            assert!(is_coordinator(&with_role(role)), "{role}");
        }
    }

    #[test]
    fn a_heading_makes_a_coordinator_too() {
        let mut titled = session(1, None);
        titled.title = "Session Coordinator".into();
        assert!(is_coordinator(&titled));
    }

    #[test]
    fn other_roles_are_not_coordinators() {
        for role in [
            "Prospect Research AI - Find prospects",
            "Outreach AI",
            "Co-ordinator",
        ] {
            assert!(!is_coordinator(&with_role(role)), "{role}");
        }
        assert!(!is_coordinator(&session(1, None)));
    }

    #[test]
    fn labels_name_the_number_else_the_line() {
        let numbered = session(4, Some("Writer"));
        assert_eq!(label(&numbered), "session 4");
        assert_eq!(number_of(&numbered), Some(4));
        assert_eq!(last_line(&numbered), 42);
        let mut bare = session(5, None);
        bare.fields.clear();
        assert_eq!(label(&bare), "the session at line 50");
    }
}
