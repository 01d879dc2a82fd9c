//! `summary-mismatch`: the file's own summary claims something its sessions do not show.
//!
//! ## What it does
//! Compares `**Current Status**: N/M sessions registered` with the sessions whose STATUS is
//! registered or later, and every ticked `- [x]` consensus box with the check computed from the
//! data (see the consensus block of `rollcall validate`).
//!
//! ## Why is this bad
//! Sessions and humans read the summary, not forty session sections. A summary that says 12/12
//! or ticks "No duplicate numbers claimed" over a duplicate makes them activate on a false
//! consensus.
//!
//! ## Example
//! ```markdown
//! - [x] No duplicate numbers claimed      <- while two sessions claim 5
//! **Current Status**: 12/12 sessions registered   <- while 3 are pending
//! ```
//!
//! ## Use instead
//! ```markdown
//! - [ ] No duplicate numbers claimed
//! **Current Status**: 9/12 sessions registered
//! ```

use super::{Context, RuleInfo};
use crate::consensus;
use crate::{Diagnostic, Severity};

pub(super) const RULE: RuleInfo = RuleInfo {
    code: "summary-mismatch",
    severity: Severity::Warning,
    summary:
        "`Current Status: N/M` or a ticked `- [x]` box does not hold for the sessions as listed",
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let registry = cx.registry;
    if let Some(stated) = registry.stated_registered {
        let listed = registry
            .sessions
            .iter()
            .filter(|s| s.status().is_some_and(|st| st.is_registered_or_later()))
            .count();
        if u64::from(stated) != listed as u64 {
            let mut d = RULE
                .diagnostic(format!(
                    "Current Status says {stated} sessions registered, but {listed} of the listed sessions are registered"
                ))
                .with_help(format!("write `**Current Status**: {listed}/{} sessions registered`", cx.required));
            if let Some(line) = registry.stated_line {
                d = d.at_line(line);
            }
            out.push(d);
        }
    }
    let computed = consensus::compute(registry, cx.required, cx.prior, cx.attestations);
    for check in computed.checks {
        if check.claimed == Some(true) && !check.holds {
            let mut d = RULE
                .diagnostic(format!(
                    "the box `{}` is ticked, but the check does not hold",
                    crate::text::escape_controls(&check.text)
                ))
                .with_help("untick it until the data supports it; run `rollcall validate` to see why it fails");
            if let Some(line) = check.line {
                d = d.at_line(line);
            }
            out.push(d);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ChecklistItem;
    use crate::rules::fixture::{check, registry, set, sound};

    #[test]
    fn overstated_count_and_false_tick_are_flagged() {
        let pending = set(sound(2), "STATUS", "⏳ PENDING");
        let mut reg = registry(2, vec![sound(1), pending]);
        reg.stated_registered = Some(2);
        reg.stated_line = Some(90);
        reg.checklist = vec![ChecklistItem {
            text: "All 2 sessions registered with unique numbers".into(),
            checked: true,
            line: 80,
        }];
        let found = check(&RULE, &reg);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].line, Some(90));
        assert!(found[0].message.contains("says 2"), "{}", found[0].message);
        assert!(found[0].message.contains("but 1 of"));
        assert_eq!(found[1].line, Some(80));
    }

    #[test]
    fn true_summary_passes() {
        let mut reg = registry(2, vec![sound(1), sound(2)]);
        reg.stated_registered = Some(2);
        reg.checklist = vec![ChecklistItem {
            text: "No duplicate numbers claimed".into(),
            checked: true,
            line: 80,
        }];
        assert!(check(&RULE, &reg).is_empty());
    }
}
