//! `range-gap`: numbered work ranges of one team leave items uncovered between them.
//!
//! ## What it does
//! Within one team (sessions whose ROLE shares the part before ` - `), sorts the work ranges of
//! one item type and flags a hole between them (`prospects 1-17`, then `prospects 20-33`).
//!
//! ## Why is this bad
//! Items in the hole belong to nobody: those prospects are never emailed, those chapters never
//! written.
//!
//! ## Example
//! ```markdown
//!   - Personalize emails for prospects 1-17
//!   - Personalize emails for prospects 20-33
//! ```
//!
//! ## Use instead
//! ```markdown
//!   - Personalize emails for prospects 1-17
//!   - Personalize emails for prospects 18-33
//! ```

use super::ranges::{by_team, sweep, WorkRange};
use super::{Context, RuleInfo};
use crate::session_info::{label, number_of};
use crate::{Diagnostic, Severity};

pub(super) const RULE: RuleInfo = RuleInfo {
    code: "range-gap",
    severity: Severity::Warning,
    summary: "numbered work ranges of one team leave a hole between them",
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let groups = by_team(&cx.registry.sessions);
    let mut out = Vec::new();
    sweep(&groups, |step| {
        if let Some(prev) = step.reach {
            if u64::from(step.entry.1.start) > u64::from(prev.1.end) + 1 {
                out.push(gap(cx, step.team, step.noun, prev, step.entry));
            }
        }
    });
    crate::diagnostic::sort_by_line(&mut out);
    out
}

/// The finding for the items between `prev` (reaching furthest so far) and `next` of a team.
fn gap(
    cx: &Context,
    team: &str,
    noun: &str,
    prev: &(usize, WorkRange),
    next: &(usize, WorkRange),
) -> Diagnostic {
    let sessions = &cx.registry.sessions;
    let team = if team.is_empty() {
        "sessions without a role".to_string()
    } else {
        format!("team `{}`", crate::text::escape_controls(team))
    };
    RULE.diagnostic(format!(
        "{noun} {}-{} are covered by no session of {team}",
        prev.1.end + 1,
        next.1.start - 1
    ))
    .at_line(next.1.line)
    .for_session(number_of(&sessions[next.0]))
    .with_related(
        prev.1.line,
        format!("{} of {} ends here", prev.1.text, label(&sessions[prev.0])),
    )
    .with_help("extend a neighbouring range or add a session for the missing items")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::fixture::{check, registry, worker};

    #[test]
    fn hole_between_ranges_is_flagged() {
        let a = worker(1, "Outreach AI - Batch 1", "Email prospects 1-17");
        let b = worker(2, "Outreach AI - Batch 2", "Email prospects 20-33");
        let found = check(&RULE, &registry(2, vec![a, b]));
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .message
                .starts_with("prospect 18-19 are covered by no session of team `outreach ai`"),
            "{}",
            found[0].message
        );
        assert_eq!(found[0].line, Some(24));
        assert_eq!(found[0].related[0].line, 14);
    }

    #[test]
    fn contiguous_ranges_and_other_teams_pass() {
        let a = worker(1, "Outreach AI - Batch 1", "Email prospects 1-17");
        let b = worker(2, "Outreach AI - Batch 2", "Email prospects 18-33");
        let c = worker(3, "Research AI - Batch 1", "Queue prospects 40-50");
        assert!(check(&RULE, &registry(3, vec![a, b, c])).is_empty());
    }
}
