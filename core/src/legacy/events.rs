//! The journal events an import appends: `init` from the markdown registry when the folder has no
//! journal yet, then one `register` per merged session that a legacy file records as registered
//! and the journal does not already hold. Pure: the CLI stamps time and actor and appends them.

use super::merge::{Merged, MergedSession};
use crate::diagnostic::Diagnostic;
use crate::model::Registry;
use crate::protocol::journal::{Claim, Entry, Event};
use crate::protocol::state::{blank_registry, coordinator_slot, State};

/// The title of a registry built when no markdown registry exists.
const DEFAULT_TITLE: &str = "Session Identity Registry - Universal Consensus";

/// Events that bring `state` up to `merged`, plus a finding for each claim the journal refuses.
///
/// Idempotent: against a state that already holds every merged session, the list is empty.
pub fn import_events(
    merged: &Merged,
    markdown: Option<&Registry>,
    state: &State,
) -> (Vec<Event>, Vec<Diagnostic>) {
    let mut working = state.clone();
    let mut events = Vec::new();
    let mut diagnostics = Vec::new();
    if !working.initialized {
        match init_event(merged, markdown) {
            Ok(init) => {
                if working.apply(&stamp(&init)).is_ok() {
                    events.push(init);
                }
            }
            Err(d) => return (Vec::new(), vec![d]),
        }
    }
    for session in &merged.sessions {
        if !session.status.is_registered_or_later() {
            continue;
        }
        let Some(claim) = claim_of(session) else {
            continue;
        };
        let held = working.holders.get(&claim.number);
        if held.is_some_and(|h| h.session == claim.session) {
            continue;
        }
        let event = Event::Register(claim);
        match working.apply(&stamp(&event)) {
            Ok(()) => events.push(event),
            Err(why) => diagnostics.push(refused(session, &why)),
        }
    }
    (events, diagnostics)
}

#[allow(clippy::result_large_err)]
fn init_event(merged: &Merged, markdown: Option<&Registry>) -> Result<Event, Diagnostic> {
    let size = merged
        .size
        .or_else(|| merged.sessions.iter().map(|s| s.number).max())
        .unwrap_or(12);
    let registry = match markdown {
        Some(r) => r.clone(),
        None => blank_registry(DEFAULT_TITLE, size)?,
    };
    let required = registry.required.unwrap_or(size);
    let coordinator = coordinator_slot(&registry);
    Ok(Event::Init {
        registry,
        required,
        coordinator,
    })
}

/// The registration a merged session amounts to; `None` without a name or id.
fn claim_of(s: &MergedSession) -> Option<Claim> {
    let session = s.name.clone().or_else(|| s.id.clone())?;
    let session_id = match (&s.name, &s.id) {
        (Some(name), Some(id)) if name != id => format!("{name} ({id})"),
        _ => session.clone(),
    };
    Some(Claim {
        number: s.number,
        session,
        session_id,
        role: s.role.clone().unwrap_or_default(),
        goal: s.goal.clone().unwrap_or_default(),
        responsibilities: Vec::new(),
        message: None,
        key: None,
    })
}

fn stamp(event: &Event) -> Entry {
    Entry::new("", "rollcall-import", event.clone())
}

fn refused(s: &MergedSession, why: &str) -> Diagnostic {
    Diagnostic::warning(
        "legacy-journal-conflict",
        format!(
            "number {}: the legacy files say it is registered, but the journal refuses it: {why}; the journal is kept",
            s.number
        ),
    )
    .for_session(Some(s.number))
    .with_help("check `rollcall status`; release or reassign the number if the legacy files are right")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::legacy::merge::{merge, Inputs};
    use crate::legacy::{claude_sessions, consensus_json};

    fn apply_all(state: &mut State, events: &[Event]) {
        for e in events {
            state.apply(&stamp(e)).unwrap();
        }
    }

    #[test]
    fn fresh_folder_gets_init_then_registrations_and_second_run_nothing() {
        let (claude, _) = claude_sessions::parse(
            r#"{"1": {"session_id": "s-1", "role": "Coordinator", "goal": "G1"},
                "2": {"session_id": "s-2", "role": "R2", "goal": "G2"}}"#,
        );
        let merged = merge(&Inputs {
            claude_sessions: claude,
            ..Inputs::default()
        });
        let mut state = State::default();
        let (events, diags) = import_events(&merged, None, &state);
        assert!(diags.is_empty(), "{diags:?}");
        let names: Vec<_> = events.iter().map(Event::name).collect();
        assert_eq!(names, ["init", "register", "register"]);
        apply_all(&mut state, &events);
        assert_eq!(state.holders[&2].session, "s-2");
        let (again, diags) = import_events(&merged, None, &state);
        assert!(again.is_empty() && diags.is_empty());
    }

    #[test]
    fn journal_holding_another_session_is_kept_and_reported() {
        let (claude, _) = claude_sessions::parse(r#"{"2": {"session_id": "s-2"}}"#);
        let merged = merge(&Inputs {
            claude_sessions: claude,
            ..Inputs::default()
        });
        let (consensus, _) = consensus_json::parse(r#"{"sessions": {"other": {"number": 2}}}"#);
        let first = merge(&Inputs {
            consensus: Some(consensus),
            ..Inputs::default()
        });
        let mut state = State::default();
        let (events, _) = import_events(&first, None, &state);
        apply_all(&mut state, &events);
        let (events, diags) = import_events(&merged, None, &state);
        assert!(events.is_empty());
        assert_eq!(diags[0].code, "legacy-journal-conflict");
        assert_eq!(state.holders[&2].session, "other");
    }
}
