//! `range-count-mismatch`: a session's work range holds a different number of items than its GOAL.
//!
//! ## What it does
//! Compares the first quantity in a session's GOAL (`Send 17 ... emails`) with the size of the
//! numbered work ranges in its RESPONSIBILITIES (`prospects 18-33` holds 16). With ranges of
//! several item types, only the type the goal names is compared.
//!
//! ## Why is this bad
//! The goal and the assignment cannot both be met: either an item is left out or the session
//! is measured against a target its work cannot reach. The seed registry has two: session 5
//! (17 vs 16) and session 6 (16 vs 17).
//!
//! ## Example
//! ```markdown
//! - **GOAL**: Send 17 perfectly personalized emails daily
//!   - Personalize emails for prospects 18-33
//! ```
//!
//! ## Use instead
//! ```markdown
//! - **GOAL**: Send 16 perfectly personalized emails daily
//!   - Personalize emails for prospects 18-33
//! ```

use super::ranges::{goal_count, session_ranges, singular, WorkRange};
use super::{Context, RuleInfo};
use crate::model::{Session, KEY_GOAL};
use crate::session_info::{label, number_of};
use crate::{Diagnostic, Severity};
use std::collections::BTreeSet;

pub(super) const RULE: RuleInfo = RuleInfo {
    code: "range-count-mismatch",
    severity: Severity::Warning,
    summary: "a GOAL's count disagrees with the size of the session's numbered work range",
    check,
};

/// The ranges the goal is about: all of them when they share one item type, else the type the
/// goal's words name, else none.
fn compared<'a>(ranges: &'a [WorkRange], goal_words: &str) -> Vec<&'a WorkRange> {
    let first = &ranges[0].noun;
    let mixed = ranges.iter().any(|r| &r.noun != first);
    if !mixed {
        return ranges.iter().collect();
    }
    let named: BTreeSet<String> = goal_words
        .split(|c: char| !c.is_alphanumeric())
        .map(singular)
        .collect();
    ranges.iter().filter(|r| named.contains(&r.noun)).collect()
}

fn check_session(session: &Session) -> Option<Diagnostic> {
    let goal = goal_count(session.goal()?)?;
    let ranges = session_ranges(session);
    if ranges.is_empty() {
        return None;
    }
    let ranges = compared(&ranges, &goal.rest);
    let first = ranges.first()?;
    let held: u64 = ranges.iter().map(|r| r.len()).sum();
    if held == u64::from(goal.count) {
        return None;
    }
    let written: Vec<&str> = ranges.iter().map(|r| r.text.as_str()).collect();
    let written = written.join(" and ");
    Some(
        RULE.diagnostic(format!(
            "{}'s GOAL counts {} but its range {written} holds {held}",
            label(session),
            goal.count
        ))
        .at_line(first.line)
        .for_session(number_of(session))
        .with_related(
            session.line_of(KEY_GOAL),
            format!("the GOAL says {}", goal.count),
        )
        .with_help(format!(
            "make them agree: change the GOAL to {held} or the range to {} items",
            goal.count
        )),
    )
}

fn check(cx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for session in &cx.registry.sessions {
        out.extend(check_session(session));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::fixture::{check, registry, session};

    fn worker(goal: &str, duty: &str) -> Session {
        session(
            10,
            &[("NUMBER", "5"), ("GOAL", goal), ("RESPONSIBILITIES", duty)],
        )
    }

    #[test]
    fn seed_session_five_is_flagged() {
        let s = worker(
            "Send 17 perfectly personalized emails daily, 95%+ delivery rate",
            "Personalize emails for prospects 18-33; Send morning batch 10-11 AM",
        );
        let found = check(&RULE, &registry(5, vec![s]));
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "session 5's GOAL counts 17 but its range prospects 18-33 holds 16"
        );
        assert_eq!(found[0].line, Some(14));
        assert_eq!(found[0].related[0].line, 12);
    }

    #[test]
    fn matching_counts_and_unrelated_types_pass() {
        let exact = worker(
            "Find 25 high-quality prospects daily",
            "Find prospects 26-50; Queue prospects 26-50 for approval",
        );
        let split = worker(
            "Send 10 emails",
            "Email prospects 1-5; Email prospects 6-10",
        );
        let other = worker("Write 3 chapters", "Review pages 1-40; Draft chapters 4-6");
        let none = worker(
            "Process all replies within 4 hours",
            "Handle prospects 1-30",
        );
        assert!(check(&RULE, &registry(5, vec![exact, split, other, none])).is_empty());
    }
}
