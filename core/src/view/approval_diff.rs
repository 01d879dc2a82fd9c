//! What changed since the last approval: the roster as it stood at the journal's last `approve`
//! event against the roster now, per session (number, role, goal, session id and key changed,
//! sessions added and removed). The question a human asks before approving again.

use super::roster::{state_row, RosterRow};
use crate::protocol::journal::{Entry, Event};
use crate::protocol::state::replay;
use crate::protocol::{Attestation, State};
use crate::Diagnostic;
use serde::{Deserialize, Serialize};

/// One field of a session that differs between the approved roster and now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field: `number`, `role`, `goal`, `session_id` or `key`.
    pub field: String,
    /// Its value at the approval.
    pub before: Option<String>,
    /// Its value now.
    pub after: Option<String>,
}

/// A session that holds a number both at the approval and now, with what changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionChange {
    /// The holding session's name.
    pub session: String,
    /// The number it holds now.
    pub number: u32,
    /// The fields that differ, in the order number, role, goal, session_id, key.
    pub changes: Vec<FieldChange>,
}

/// The roster at the last approval against the roster now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalDiff {
    /// Who approved last and when; `None` when the journal holds no approval.
    pub approval: Option<Attestation>,
    /// Whether that approval still stands (no change of holders since).
    pub approved_now: bool,
    /// Sessions holding a number then and now whose identity changed, by number now.
    pub changed: Vec<SessionChange>,
    /// Rows of sessions that hold a number now but did not at the approval.
    pub added: Vec<RosterRow>,
    /// Rows of sessions that held a number at the approval but do not now.
    pub removed: Vec<RosterRow>,
    /// Problems met replaying the journal (torn or bad lines, refused events).
    pub journal: Vec<Diagnostic>,
}

/// The diff between the roster at the last `approve` event of `journal` (registry.journal.jsonl's
/// text) and the roster the whole journal gives. Never fails: with no approval, nothing is listed.
pub fn approval_diff(journal: &str) -> ApprovalDiff {
    let now = replay(journal);
    let then = last_approval_end(journal).map(|end| replay(&journal[..end]).state);
    let approval = then.as_ref().and_then(|s| s.approved.clone());
    let mut diff = ApprovalDiff {
        approved_now: now.state.approved.is_some(),
        approval,
        changed: Vec::new(),
        added: Vec::new(),
        removed: Vec::new(),
        journal: now.diagnostics,
    };
    let Some(then) = then else {
        return diff;
    };
    let before = held_rows(&then);
    let after = held_rows(&now.state);
    for row in &after {
        match before.iter().find(|b| b.session == row.session) {
            Some(old) => diff.changed.extend(session_change(old, row)),
            None => diff.added.push(row.clone()),
        }
    }
    diff.removed = before
        .into_iter()
        .filter(|b| !after.iter().any(|a| a.session == b.session))
        .collect();
    diff
}

/// The byte offset just past the journal's last line that is an `approve` event.
fn last_approval_end(journal: &str) -> Option<usize> {
    let mut end = 0;
    let mut found = None;
    for line in journal.split_inclusive('\n') {
        end += line.len();
        let entry = Entry::from_line(line.trim_end_matches(['\n', '\r']));
        if matches!(
            entry,
            Ok(Entry {
                event: Event::Approve { .. },
                ..
            })
        ) {
            found = Some(end);
        }
    }
    found
}

/// The roster rows of the numbers that are held, in number order.
fn held_rows(state: &State) -> Vec<RosterRow> {
    state
        .holders
        .keys()
        .map(|&n| state_row(state, &state.registry, n))
        .collect()
}

/// The change of one session between two rows, `None` when nothing that identifies it changed.
fn session_change(before: &RosterRow, after: &RosterRow) -> Option<SessionChange> {
    let number = |r: &RosterRow| r.number.map(|n| n.to_string());
    let fields = [
        ("number", number(before), number(after)),
        ("role", before.role.clone(), after.role.clone()),
        ("goal", before.goal.clone(), after.goal.clone()),
        (
            "session_id",
            before.session_id.clone(),
            after.session_id.clone(),
        ),
        ("key", before.key.clone(), after.key.clone()),
    ];
    let changes: Vec<FieldChange> = fields
        .into_iter()
        .filter(|(_, b, a)| b != a)
        .map(|(field, before, after)| FieldChange {
            field: field.to_string(),
            before,
            after,
        })
        .collect();
    (!changes.is_empty()).then(|| SessionChange {
        session: after.session.clone().unwrap_or_default(),
        number: after.number.unwrap_or_default(),
        changes,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Made with the CLI: init 3, boss/alpha/beta register, confirm, three acks, approve by James;
    /// then beta re-registers with a new role and goal, alpha releases and gamma takes number 2.
    const JOURNAL: &str = include_str!(
        "../../../tests/fixtures/journal/approved-then-changed/registry.journal.jsonl"
    );

    /// The journal up to and including its approval line.
    fn until_approval() -> &'static str {
        &JOURNAL[..last_approval_end(JOURNAL).unwrap()]
    }

    #[test]
    fn re_registration_release_and_a_new_claim_are_the_diff() {
        let diff = approval_diff(JOURNAL);
        assert_eq!(diff.approval.as_ref().unwrap().by, "James");
        assert!(!diff.approved_now);
        assert_eq!(diff.changed.len(), 1);
        let beta = &diff.changed[0];
        assert_eq!((beta.session.as_str(), beta.number), ("beta", 3));
        let fields: Vec<&str> = beta.changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["role", "goal"]);
        assert_eq!(
            beta.changes[0].before.as_deref(),
            Some("Outreach AI - send emails")
        );
        assert_eq!(
            beta.changes[0].after.as_deref(),
            Some("Outreach AI - send follow-ups")
        );
        let added: Vec<Option<&str>> = diff.added.iter().map(|r| r.session.as_deref()).collect();
        let removed: Vec<Option<&str>> =
            diff.removed.iter().map(|r| r.session.as_deref()).collect();
        assert_eq!((added, removed), (vec![Some("gamma")], vec![Some("alpha")]));
        assert!(diff.journal.is_empty());
    }

    #[test]
    fn right_after_the_approval_nothing_changed() {
        let diff = approval_diff(until_approval());
        assert!(diff.approved_now);
        assert!(diff.changed.is_empty() && diff.added.is_empty() && diff.removed.is_empty());
    }

    #[test]
    fn a_journal_never_approved_lists_nothing() {
        let first_approve = until_approval().trim_end().rfind('\n').unwrap() + 1;
        let diff = approval_diff(&JOURNAL[..first_approve]);
        assert_eq!(diff.approval, None);
        assert!(!diff.approved_now);
        assert!(diff.changed.is_empty() && diff.added.is_empty() && diff.removed.is_empty());
    }

    #[test]
    fn a_torn_tail_is_reported_and_ignored() {
        let torn = format!("{JOURNAL}{{\"time\":");
        let diff = approval_diff(&torn);
        assert_eq!(diff.journal.len(), 1);
        assert_eq!(diff.changed.len(), 1);
    }
}
