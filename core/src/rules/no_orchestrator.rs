//! `no-orchestrator`: no session coordinates the others.
//!
//! ## What it does
//! Flags a registry with sessions but none whose ROLE or heading names an orchestrator or
//! coordinator: one that, case-folded, contains `coordinat` or `orchestrat` (`Master
//! Coordinator`, `Coordinates outreach`, `Orchestrator`). It is the same test by which `rollcall
//! init` picks the coordinator's slot (`session_info::is_coordinator`).
//!
//! ## Why is this bad
//! The protocol needs an orchestrator to confirm registrations and mediate conflicts; without
//! one, "orchestrator confirms" can never hold and duplicate claims are never settled.
//!
//! ## Example
//! ```markdown
//! ### Session #1: Research
//! - **ROLE**: Prospect Research AI - Find prospects
//! ```
//!
//! ## Use instead
//! ```markdown
//! ### Session #1: Orchestrator
//! - **ROLE**: Master Coordinator - Orchestrate all workflows
//! ```

use super::{Context, RuleInfo};
use crate::session_info::is_coordinator;
use crate::{Diagnostic, Severity};

pub(super) const RULE: RuleInfo = RuleInfo {
    code: "no-orchestrator",
    severity: Severity::Warning,
    summary: "no session's ROLE orchestrates or coordinates the others",
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let sessions = &cx.registry.sessions;
    if sessions.is_empty() || sessions.iter().any(is_coordinator) {
        return Vec::new();
    }
    vec![RULE
        .diagnostic(format!(
            "no session orchestrates or coordinates the others ({} listed)",
            sessions.len()
        ))
        .at_line(sessions[0].line)
        .with_help("make one session the orchestrator (ROLE `Master Coordinator - ...`), usually session 1")]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::fixture::{check, registry, set, sound};

    #[test]
    fn team_without_coordinator_is_flagged() {
        let found = check(&RULE, &registry(2, vec![sound(1), sound(2)]));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, Some(10));
    }

    #[test]
    fn an_orchestrator_or_coordinator_passes() {
        let lead = set(
            sound(1),
            "ROLE",
            "Master Coordinator - Orchestrate all workflows",
        );
        assert!(check(&RULE, &registry(2, vec![lead, sound(2)])).is_empty());
        let mut titled = sound(1);
        titled.title = "Orchestrator".into();
        assert!(check(&RULE, &registry(2, vec![titled, sound(2)])).is_empty());
        assert!(check(&RULE, &registry(0, vec![])).is_empty());
    }

    #[test]
    fn a_role_that_coordinates_in_any_case_or_script_passes() {
        for role in [
            "Coordinates outreach",
            "LEAD - ORCHESTRATING ALL WORK",
            "Team  COORDINATION",
        ] {
            let lead = set(sound(1), "ROLE", role);
            assert!(
                check(&RULE, &registry(2, vec![lead, sound(2)])).is_empty(),
                "{role}"
            );
        }
    }
}
