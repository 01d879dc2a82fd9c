//! `unmeasurable-goal`: a GOAL with nothing to measure it by.
//!
//! ## What it does
//! Flags a GOAL that holds no number, percentage, amount or deadline (`daily`, `by Friday`,
//! `per week`, a number word such as `five`).
//!
//! ## Why is this bad
//! The protocol asks every goal to be measurable; "help with outreach" can never be met or
//! missed, so nobody can tell whether the session is doing its job.
//!
//! ## Example
//! ```markdown
//! - **GOAL**: Help with outreach
//! ```
//!
//! ## Use instead
//! ```markdown
//! - **GOAL**: Send 17 personalized emails daily, 95%+ delivery rate
//! ```

use super::{Context, RuleInfo};
use crate::model::KEY_GOAL;
use crate::session_info::{label, number_of};
use crate::text::fold;
use crate::{Diagnostic, Severity};

pub(super) const RULE: RuleInfo = RuleInfo {
    code: "unmeasurable-goal",
    severity: Severity::Warning,
    summary: "a GOAL with no number, percentage, amount or deadline",
    check,
};

/// Words that make a goal measurable without digits: deadlines, cadences, number words.
const MEASURES: &[&str] = &[
    "daily",
    "weekly",
    "monthly",
    "hourly",
    "yearly",
    "annually",
    "quarterly",
    "nightly",
    "today",
    "tonight",
    "tomorrow",
    "deadline",
    "eod",
    "eow",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "twenty",
    "hundred",
    "thousand",
    "million",
    "dozen",
    "half",
    "double",
    "twice",
    "zero",
    "per",
];

/// True when the goal holds a digit, a currency or percent sign, or a measuring word.
pub fn is_measurable(goal: &str) -> bool {
    if goal
        .chars()
        .any(|c| c.is_ascii_digit() || matches!(c, '%' | '$' | '€' | '£' | '¥'))
    {
        return true;
    }
    goal.split(|c: char| !c.is_alphanumeric())
        .any(|w| MEASURES.contains(&fold(w).as_str()))
}

fn check(cx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for session in &cx.registry.sessions {
        let Some(goal) = session.goal() else {
            continue;
        };
        if is_measurable(goal) {
            continue;
        }
        out.push(
            RULE.diagnostic(format!(
                "the GOAL of {} has no number, percentage, amount or deadline",
                label(session)
            ))
            .at_line(session.line_of(KEY_GOAL))
            .for_session(number_of(session))
            .with_help("say how much by when, e.g. `Send 17 personalized emails daily`"),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::fixture::{check, registry, set, sound};

    #[test]
    fn vague_goal_is_flagged() {
        let vague = set(sound(1), "GOAL", "Help with outreach and be great");
        let found = check(&RULE, &registry(1, vec![vague]));
        assert_eq!(found.len(), 1);
        let every = set(sound(1), "GOAL", "Answer every customer");
        assert_eq!(check(&RULE, &registry(1, vec![every])).len(), 1);
        assert_eq!(found[0].line, Some(13));
    }

    #[test]
    fn numbers_percentages_amounts_and_deadlines_pass() {
        let goals = [
            "Send 17 emails",
            "Keep 95%+ delivery",
            "Generate $120k MRR",
            "Prepare the approval queue daily",
            "Ship the report by Friday",
            "Close five deals",
        ];
        let sessions = goals
            .iter()
            .zip(1..)
            .map(|(g, n)| set(sound(n), "GOAL", g))
            .collect();
        assert!(check(&RULE, &registry(6, sessions)).is_empty());
    }
}
