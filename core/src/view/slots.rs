//! The numbered slots 1..=required and what each holds: free, pending, registered or in conflict.

use crate::model::{Registry, Session, Status, KEY_NUMBER, KEY_SESSION_ID, KEY_STATUS};
use crate::{Diagnostic, Report};
use serde::{Deserialize, Serialize};

/// The code of the rule whose findings put a slot in conflict.
const DUPLICATE_NUMBER: &str = "duplicate-number";

/// What a slot holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SlotState {
    /// No session claims the number.
    Free,
    /// A session is described for the number but has not registered.
    Pending,
    /// The session registered (or got further: confirmed, acknowledged, active).
    Registered,
    /// Two or more sessions claim the number (a `duplicate-number` finding).
    Conflict,
}

/// One session as a slot shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotSession {
    /// The heading's title after the colon.
    pub title: String,
    /// ROLE, when given.
    pub role: Option<String>,
    /// SESSION_ID as written, when given.
    pub session_id: Option<String>,
    /// The canonical status name (`PENDING`, `REGISTERED`...; unknown text as written).
    pub status: Option<String>,
    /// STATUS as written (`⏳ PENDING REGISTRATION`).
    pub status_text: Option<String>,
    /// NUMBER as written, when given.
    pub number: Option<String>,
    /// 1-based line of the session's heading.
    pub line: u32,
    /// 1-based line of its NUMBER (the heading when it has none).
    pub number_line: u32,
}

/// One numbered slot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Slot {
    /// The slot's number, 1-based.
    pub number: u32,
    /// What it holds.
    pub state: SlotState,
    /// The sessions claiming the number, in file order.
    pub sessions: Vec<SlotSession>,
    /// Error-severity findings about this number.
    pub errors: Vec<Diagnostic>,
}

/// Every slot 1..=required, and the sessions whose number lies outside (or is missing).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlotGrid {
    /// How many sessions must register (the report's consensus count).
    pub required: u32,
    /// Slots 1..=required in order.
    pub slots: Vec<Slot>,
    /// Sessions with no valid number in 1..=required.
    pub outside: Vec<SlotSession>,
}

/// Arranges the registry's sessions into slots, with states from the report's findings.
pub fn slots(registry: &Registry, report: &Report) -> SlotGrid {
    let required = report.consensus.required;
    let mut grid: Vec<Slot> = (1..=required)
        .map(|number| Slot {
            number,
            state: SlotState::Free,
            sessions: Vec::new(),
            errors: Vec::new(),
        })
        .collect();
    let mut outside = Vec::new();
    let mut statuses: Vec<Option<Status>> = vec![None; grid.len()];
    for session in &registry.sessions {
        match session.number().filter(|n| (1..=required).contains(n)) {
            Some(n) => {
                let index = (n - 1) as usize;
                if grid[index].sessions.is_empty() {
                    statuses[index] = session.status();
                }
                grid[index].sessions.push(slot_session(session));
            }
            None => outside.push(slot_session(session)),
        }
    }
    for slot in &mut grid {
        let about: Vec<&Diagnostic> = report
            .diagnostics
            .iter()
            .filter(|d| d.session == Some(slot.number))
            .collect();
        slot.errors = about
            .iter()
            .filter(|d| d.is_error())
            .map(|d| (*d).clone())
            .collect();
        let status = &statuses[(slot.number - 1) as usize];
        slot.state = state_of(slot, status.as_ref(), &about);
    }
    SlotGrid {
        required,
        slots: grid,
        outside,
    }
}

/// The state of one slot: a `duplicate-number` finding first, then occupancy and status.
fn state_of(slot: &Slot, status: Option<&Status>, about: &[&Diagnostic]) -> SlotState {
    if about.iter().any(|d| d.code == DUPLICATE_NUMBER) {
        SlotState::Conflict
    } else if slot.sessions.is_empty() {
        SlotState::Free
    } else if status.is_some_and(Status::is_registered_or_later) {
        SlotState::Registered
    } else {
        SlotState::Pending
    }
}

fn slot_session(session: &Session) -> SlotSession {
    SlotSession {
        title: session.title.clone(),
        role: session.role().map(str::to_string),
        session_id: session.text(KEY_SESSION_ID).map(str::to_string),
        status: session.status().map(|s| s.name().to_string()),
        status_text: session.text(KEY_STATUS).map(str::to_string),
        number: session.text(KEY_NUMBER).map(str::to_string),
        line: session.line,
        number_line: session.line_of(KEY_NUMBER),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::{parse_registry, validate, ValidateOptions};

    fn grid(text: &str) -> SlotGrid {
        let registry = parse_registry(text).unwrap().registry;
        let report = validate(text, &ValidateOptions::default()).unwrap();
        slots(&registry, &report)
    }

    fn states(grid: &SlotGrid) -> Vec<SlotState> {
        grid.slots.iter().map(|s| s.state).collect()
    }

    #[test]
    fn seed_has_twelve_pending_slots_with_their_sessions() {
        let g = grid(include_str!(
            "../../../tests/fixtures/marketing-registry.md"
        ));
        assert_eq!(g.required, 12);
        assert_eq!(states(&g), vec![SlotState::Pending; 12]);
        let four = &g.slots[3].sessions[0];
        assert_eq!(
            four.role.as_deref(),
            Some("Outreach AI - Personalize and send emails (Morning Batch 1)")
        );
        assert!(four
            .session_id
            .as_deref()
            .unwrap()
            .starts_with("marketing-outreach-1"));
        assert_eq!(four.status.as_deref(), Some("PENDING"));
        assert!(g.outside.is_empty());
    }

    #[test]
    fn duplicate_number_fixture_shows_the_conflict_and_the_free_slot() {
        let g = grid(include_str!(
            "../../../tests/fixtures/rules/duplicate-number.md"
        ));
        assert_eq!(
            states(&g),
            [SlotState::Registered, SlotState::Conflict, SlotState::Free]
        );
        assert_eq!(g.slots[1].sessions.len(), 2);
        assert!(g.slots[1].errors.iter().any(|d| d.code == DUPLICATE_NUMBER));
    }

    #[test]
    fn a_number_outside_the_range_is_listed_apart() {
        let text = include_str!("../../../tests/fixtures/rules/number-out-of-range.md");
        let g = grid(text);
        assert!(!g.outside.is_empty());
        assert_eq!(g.slots.len() as u32, g.required);
    }
}
