//! `range-overlap`: two numbered work ranges of one team cover the same items.
//!
//! ## What it does
//! Within one team (sessions whose ROLE shares the part before ` - `), flags a work range in
//! RESPONSIBILITIES (`prospects 18-33`) that overlaps another range of the same item type.
//! Different teams may cover the same items (research and outreach both cover prospects 1-50).
//!
//! ## Why is this bad
//! Two sessions working the same items duplicate effort, and for outreach they email the same
//! prospect twice.
//!
//! ## Example
//! ```markdown
//! - **ROLE**: Outreach AI - Send emails (Batch 1)
//!   - Personalize emails for prospects 1-20
//! - **ROLE**: Outreach AI - Send emails (Batch 2)
//!   - Personalize emails for prospects 18-33
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
    code: "range-overlap",
    severity: Severity::Error,
    summary: "numbered work ranges of one team (ROLE before ` - `) overlap",
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let groups = by_team(&cx.registry.sessions);
    let mut out = Vec::new();
    sweep(&groups, |step| {
        if let Some(prev) = step.rival.filter(|p| step.entry.1.start <= p.1.end) {
            out.push(overlap(cx, prev, step.entry));
        }
    });
    crate::diagnostic::sort_by_line(&mut out);
    out
}

/// The finding for two overlapping ranges, placed on the one later in the file.
fn overlap(cx: &Context, a: &(usize, WorkRange), b: &(usize, WorkRange)) -> Diagnostic {
    let (first, later) = if (a.1.line, a.0) <= (b.1.line, b.0) {
        (a, b)
    } else {
        (b, a)
    };
    let session = &cx.registry.sessions[later.0];
    let other = &cx.registry.sessions[first.0];
    let from = first.1.start.max(later.1.start);
    let to = first.1.end.min(later.1.end);
    RULE.diagnostic(format!(
        "{}'s {} overlaps {}'s {} (items {from}-{to} are covered twice)",
        label(session),
        later.1.text,
        label(other),
        first.1.text
    ))
    .at_line(later.1.line)
    .for_session(number_of(session))
    .with_related(first.1.line, format!("{} covered here", first.1.text))
    .with_help("split the items so each is covered by one session of the team")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::fixture::{check, registry, worker};

    #[test]
    fn overlapping_ranges_in_one_team_are_flagged() {
        let a = worker(1, "Outreach AI - Batch 1", "Email prospects 1-20");
        let b = worker(2, "Outreach AI - Batch 2", "Email prospects 18-33");
        let found = check(&RULE, &registry(2, vec![a, b]));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, Some(24));
        assert_eq!(found[0].related[0].line, 14);
        assert!(
            found[0].message.contains("items 18-20 are covered twice"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn overlap_behind_a_longer_range_of_the_same_session_is_found() {
        let a = worker(1, "Outreach AI - Batch 1", "Email prospects 1-10");
        let b = worker(
            2,
            "Outreach AI - Batch 2",
            "Email prospects 5-40; Call prospects 8-9",
        );
        let found = check(&RULE, &registry(2, vec![a, b]));
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().all(|d| d.related[0].line == 14));
    }

    #[test]
    fn a_session_repeating_or_nesting_its_own_range_passes() {
        let a = worker(
            1,
            "Research AI - Batch 1",
            "Find prospects 1-25; Queue prospects 1-25; Score prospects 3-4",
        );
        let b = worker(2, "Research AI - Batch 2", "Find prospects 26-50");
        assert!(check(&RULE, &registry(2, vec![a, b])).is_empty());
    }

    #[test]
    fn other_teams_and_adjacent_ranges_pass() {
        let r1 = worker(1, "Prospect Research AI - Batch 1", "Queue prospects 1-25");
        let r2 = worker(2, "Prospect Research AI - Batch 2", "Queue prospects 26-50");
        let o1 = worker(3, "Outreach AI - Batch 1", "Email prospects 1-17");
        let o2 = worker(
            4,
            "Outreach AI - Batch 2",
            "Email prospects 18-33; Send batch 10-11 AM",
        );
        assert!(check(&RULE, &registry(4, vec![r1, r2, o1, o2])).is_empty());
    }
}
