//! `invalid-number`: a session's NUMBER is not a whole number.
//!
//! ## What it does
//! Flags a NUMBER field whose value is not a non-negative integer (`five`, `5a`, `-3`, `4.5`).
//!
//! ## Why is this bad
//! Numbers identify sessions; a value that is not an integer cannot be checked for uniqueness
//! or range, and no tool can address the session by it.
//!
//! ## Example
//! ```markdown
//! - **NUMBER**: five
//! ```
//!
//! ## Use instead
//! ```markdown
//! - **NUMBER**: 5
//! ```

use super::{Context, RuleInfo};
use crate::model::KEY_NUMBER;
use crate::session_info::label;
use crate::text::escape_controls;
use crate::{Diagnostic, Severity};

pub(super) const RULE: RuleInfo = RuleInfo {
    code: "invalid-number",
    severity: Severity::Error,
    summary: "a session's NUMBER is not a whole number",
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for session in &cx.registry.sessions {
        let Some(value) = session.text(KEY_NUMBER) else {
            continue;
        };
        if session.number().is_some() || session.oversized_number().is_some() {
            continue;
        }
        out.push(
            RULE.diagnostic(format!(
                "NUMBER `{}` of {} is not a whole number",
                escape_controls(value),
                label(session)
            ))
            .at_line(session.line_of(KEY_NUMBER))
            .for_session(session.heading_number)
            .with_help(format!(
                "write the number in digits, between 1 and {}",
                cx.required.max(1)
            )),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::fixture::{check, registry, set, sound};

    #[test]
    fn flags_words_and_signs() {
        for bad in ["five", "5a", "-3", "4.5"] {
            let found = check(&RULE, &registry(5, vec![set(sound(1), "NUMBER", bad)]));
            assert_eq!(found.len(), 1, "{bad}");
            assert_eq!(found[0].line, Some(11));
            assert!(found[0].message.contains(bad));
        }
    }

    #[test]
    fn oversized_digits_are_left_to_number_out_of_range() {
        let huge = set(sound(1), "NUMBER", "4294967297");
        assert!(check(&RULE, &registry(5, vec![huge])).is_empty());
    }

    #[test]
    fn digits_pass_and_empty_is_left_to_missing_field() {
        let empty = set(sound(2), "NUMBER", "");
        assert!(check(&RULE, &registry(5, vec![sound(1), empty])).is_empty());
    }
}
