//! Consensus computed from the data, never read from the file's own claims: who counts as
//! registered, the six checklist checks with stable ids, and the protocol state.

use crate::diagnostic::Diagnostic;
use crate::model::{ChecklistItem, Registry, Session};
use crate::report::{Check, Consensus, ConsensusState};
use crate::session_info::{last_line, number_of};
use crate::text::fold;
use crate::validate::Attestations;
use std::collections::BTreeSet;

/// Stable id: every required slot holds a registered, error-free session.
pub const ALL_REGISTERED: &str = "all-registered";
/// Stable id: no number is claimed twice.
pub const NO_DUPLICATE_NUMBERS: &str = "no-duplicate-numbers";
/// Stable id: every session has a role and no two roles or work ranges clash.
pub const ROLES_DEFINED: &str = "roles-defined";
/// Stable id: every session has a measurable goal.
pub const GOALS_MEASURABLE: &str = "goals-measurable";
/// Stable id: the orchestrator confirmed (box ticked or journal).
pub const ORCHESTRATOR_CONFIRMS: &str = "orchestrator-confirms";
/// Stable id: a human approved (box ticked or journal).
pub const HUMAN_APPROVES: &str = "human-approves";

/// The six check ids in the order the seed's checklist lists them.
pub const CHECK_IDS: [&str; 6] = [
    ALL_REGISTERED,
    NO_DUPLICATE_NUMBERS,
    ROLES_DEFINED,
    GOALS_MEASURABLE,
    ORCHESTRATOR_CONFIRMS,
    HUMAN_APPROVES,
];

/// The canonical text of a check, used when the file has no such checklist item.
pub fn canonical_text(id: &str, required: u32) -> String {
    match id {
        ALL_REGISTERED => format!("All {required} sessions registered with unique numbers"),
        NO_DUPLICATE_NUMBERS => "No duplicate numbers claimed".into(),
        ROLES_DEFINED => "All roles clearly defined and accepted".into(),
        GOALS_MEASURABLE => "All goals measurable and committed to".into(),
        ORCHESTRATOR_CONFIRMS => "Orchestrator confirms no conflicts".into(),
        _ => "Human approves final registry".into(),
    }
}

/// Which check a checklist item states, by its words (`duplicate` before `registered`, ...).
pub fn check_id_of(text: &str) -> Option<&'static str> {
    let text = fold(text);
    let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
    if has(&["duplicate"]) {
        Some(NO_DUPLICATE_NUMBERS)
    } else if has(&["orchestrator", "confirm"]) {
        Some(ORCHESTRATOR_CONFIRMS)
    } else if has(&["human", "approv"]) {
        Some(HUMAN_APPROVES)
    } else if has(&["role"]) {
        Some(ROLES_DEFINED)
    } else if has(&["goal"]) {
        Some(GOALS_MEASURABLE)
    } else if has(&["register"]) {
        Some(ALL_REGISTERED)
    } else {
        None
    }
}

/// The file's checklist item for each check id (first match wins).
fn items_by_id(checklist: &[ChecklistItem]) -> [Option<&ChecklistItem>; 6] {
    let mut found = [None; 6];
    for item in checklist {
        let Some(id) = check_id_of(&item.text) else {
            continue;
        };
        if let Some(slot) = CHECK_IDS.iter().position(|c| *c == id) {
            found[slot].get_or_insert(item);
        }
    }
    found
}

/// Sessions whose status is registered or later and that no error finding points into.
pub fn registered_sessions<'a>(
    registry: &'a Registry,
    findings: &[Diagnostic],
) -> Vec<&'a Session> {
    let mut error_lines: Vec<u32> = Vec::new();
    let mut error_numbers: BTreeSet<u32> = BTreeSet::new();
    for d in findings.iter().filter(|d| d.is_error()) {
        match (d.line, d.session) {
            (Some(line), _) => error_lines.push(line),
            (None, Some(number)) => {
                error_numbers.insert(number);
            }
            (None, None) => {}
        }
    }
    error_lines.sort_unstable();
    let mut registered = Vec::new();
    for s in &registry.sessions {
        if !s.status().is_some_and(|st| st.is_registered_or_later()) {
            continue;
        }
        let from = error_lines.partition_point(|&l| l < s.line);
        let clean_lines = error_lines.get(from).is_none_or(|&l| l > last_line(s));
        let clean_number = number_of(s).is_none_or(|n| !error_numbers.contains(&n));
        if clean_lines && clean_number {
            registered.push(s);
        }
    }
    registered
}

/// Whether each data check holds, given the findings of every rule.
fn data_checks(
    registry: &Registry,
    required: u32,
    registered: u32,
    findings: &[Diagnostic],
) -> [bool; 4] {
    let any = |code: &str| findings.iter().any(|d| d.code == code);
    let sessions = &registry.sessions;
    let some = !sessions.is_empty();
    [
        required > 0 && registered >= required,
        !any("duplicate-number"),
        some && sessions.iter().all(|s| s.role().is_some())
            && !any("duplicate-role")
            && !any("range-overlap"),
        some && sessions.iter().all(|s| s.goal().is_some()) && !any("unmeasurable-goal"),
    ]
}

/// Computes the consensus block from the registry, every finding, and what the journal attests.
pub fn compute(
    registry: &Registry,
    required: u32,
    findings: &[Diagnostic],
    attestations: &Attestations,
) -> Consensus {
    let registered =
        u32::try_from(registered_sessions(registry, findings).len()).unwrap_or(u32::MAX);
    let items = items_by_id(&registry.checklist);
    let [all, unique, roles, goals] = data_checks(registry, required, registered, findings);
    let ticked = |slot: usize| items[slot].is_some_and(|i| i.checked);
    let confirmed = ticked(4) || attestations.confirmed_by.is_some();
    let approved = ticked(5) || attestations.approved_by.is_some();
    let holds = [all, unique, roles, goals, confirmed, approved];
    let mut checks: Vec<Check> = Vec::with_capacity(CHECK_IDS.len());
    for (slot, id) in CHECK_IDS.iter().enumerate() {
        let item = items[slot];
        checks.push(Check {
            id: (*id).to_string(),
            text: item.map_or_else(|| canonical_text(id, required), |i| i.text.clone()),
            holds: holds[slot],
            claimed: item.map(|i| i.checked),
            line: item.map(|i| i.line),
        });
    }
    let errors = findings.iter().any(Diagnostic::is_error);
    let state = if errors {
        ConsensusState::Conflicts
    } else if !(all && unique && roles && goals) {
        ConsensusState::Registering
    } else if !confirmed {
        ConsensusState::AwaitingConfirmation
    } else if !approved {
        ConsensusState::AwaitingApproval
    } else if !attestations.activated {
        ConsensusState::Approved
    } else {
        ConsensusState::Active
    };
    Consensus {
        required,
        registered,
        reached: !errors && holds.iter().all(|h| *h),
        state,
        checks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ChecklistItem;
    use crate::rules::fixture::{registry, set, sound};

    fn checklist(checked: &[bool; 6]) -> Vec<ChecklistItem> {
        let texts = [
            "All 2 sessions registered with unique numbers",
            "No duplicate numbers claimed",
            "All roles clearly defined and accepted",
            "All goals measurable and committed to",
            "Orchestrator confirms no conflicts",
            "Human approves final registry",
        ];
        texts
            .iter()
            .zip(checked)
            .zip(100..)
            .map(|((t, c), line)| ChecklistItem {
                text: (*t).into(),
                checked: *c,
                line,
            })
            .collect()
    }

    #[test]
    fn checklist_items_map_to_stable_ids() {
        let ids: Vec<_> = checklist(&[false; 6])
            .iter()
            .map(|i| check_id_of(&i.text))
            .collect();
        let expected: Vec<_> = CHECK_IDS.iter().map(|id| Some(*id)).collect();
        assert_eq!(ids, expected);
    }

    #[test]
    fn states_progress_with_confirmation_approval_and_activation() {
        let mut reg = registry(2, vec![sound(1), sound(2)]);
        reg.checklist = checklist(&[true, true, true, true, false, false]);
        let none = Attestations::default();
        let c = compute(&reg, 2, &[], &none);
        assert_eq!(
            (c.registered, c.state, c.reached),
            (2, ConsensusState::AwaitingConfirmation, false)
        );
        assert_eq!(c.checks[0].line, Some(100));
        assert_eq!(c.checks[4].claimed, Some(false));

        let confirmed = Attestations {
            confirmed_by: Some("marketing-orchestrator".into()),
            ..none.clone()
        };
        assert_eq!(
            compute(&reg, 2, &[], &confirmed).state,
            ConsensusState::AwaitingApproval
        );

        let approved = Attestations {
            approved_by: Some("james".into()),
            ..confirmed.clone()
        };
        let c = compute(&reg, 2, &[], &approved);
        assert_eq!((c.state, c.reached), (ConsensusState::Approved, true));

        let active = Attestations {
            activated: true,
            ..approved
        };
        assert_eq!(compute(&reg, 2, &[], &active).state, ConsensusState::Active);

        reg.checklist = checklist(&[true; 6]);
        let c = compute(&reg, 2, &[], &none);
        assert_eq!(
            (c.state, c.reached),
            (ConsensusState::Approved, true),
            "ticked boxes count for confirm/approve"
        );
    }

    #[test]
    fn errors_mean_conflicts_and_uncount_the_session() {
        let reg = registry(2, vec![sound(1), sound(2)]);
        let error = Diagnostic::error("duplicate-role", "x").at_line(22);
        let c = compute(&reg, 2, &[error], &Attestations::default());
        assert_eq!(
            (c.registered, c.state, c.reached),
            (1, ConsensusState::Conflicts, false)
        );
        assert!(!c.checks[0].holds);
        assert_eq!(c.checks[0].claimed, None, "no checklist in the file");
        assert_eq!(
            c.checks[0].text,
            "All 2 sessions registered with unique numbers"
        );
    }

    #[test]
    fn pending_sessions_are_not_registered() {
        let pending = set(sound(2), "STATUS", "⏳ PENDING REGISTRATION");
        let reg = registry(2, vec![sound(1), pending]);
        let c = compute(&reg, 2, &[], &Attestations::default());
        assert_eq!((c.registered, c.state), (1, ConsensusState::Registering));
    }
}
