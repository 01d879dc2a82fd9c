//! `number-out-of-range`: a session's NUMBER lies outside `1..=required`.
//!
//! ## What it does
//! Flags a NUMBER of 0 or above the registry's required count (`**Required**: All 12 sessions`,
//! or `--required N`).
//!
//! ## Why is this bad
//! The protocol hands out numbers 1..N; a number outside that range leaves a slot empty and
//! consensus can never count N sessions.
//!
//! ## Example
//! ```markdown
//! **Required**: All 12 sessions must register
//! - **NUMBER**: 13
//! ```
//!
//! ## Use instead
//! ```markdown
//! - **NUMBER**: 7
//! ```

use super::{Context, RuleInfo};
use crate::free_numbers::{free_numbers, FreeNumbers};
use crate::model::{Session, KEY_NUMBER};
use crate::session_info::label;
use crate::{Diagnostic, Severity};

pub(super) const RULE: RuleInfo = RuleInfo {
    code: "number-out-of-range",
    severity: Severity::Error,
    summary: "a session's NUMBER is outside 1 to required",
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let sessions = &cx.registry.sessions;
    let mut out = Vec::new();
    let mut free: Option<FreeNumbers> = None;
    for session in sessions {
        let Some(number) = claimed_out_of_range(session, cx.required) else {
            continue;
        };
        let free = free.get_or_insert_with(|| {
            free_numbers(sessions.iter().filter_map(Session::number), cx.required)
        });
        let help = if free.is_empty() {
            format!(
                "every number from 1 to {} is taken; raise the required count or remove a session",
                cx.required
            )
        } else {
            format!("pick a free number: {}", free.list())
        };
        out.push(
            RULE.diagnostic(format!(
                "{} claims number {number}, outside 1 to {}",
                label(session),
                cx.required
            ))
            .at_line(session.line_of(KEY_NUMBER))
            .for_session(session.number())
            .with_help(help),
        );
    }
    out
}

/// The number a session claims outside `1..=required`, as written (also digits too large for any
/// number, which `invalid-number` leaves here).
fn claimed_out_of_range(session: &Session, required: u32) -> Option<String> {
    if let Some(text) = session.oversized_number() {
        return Some(text.to_string());
    }
    let number = session.number()?;
    (!(1..=required).contains(&number)).then(|| number.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::fixture::{check, registry, set, sound};

    #[test]
    fn flags_zero_and_above_required() {
        let zero = set(sound(1), "NUMBER", "0");
        let high = set(sound(2), "NUMBER", "13");
        let found = check(&RULE, &registry(3, vec![zero, high, sound(3)]));
        assert_eq!(found.len(), 2);
        assert!(found[1].message.contains("number 13, outside 1 to 3"));
        assert_eq!(found[1].help.as_deref(), Some("pick a free number: 1, 2"));
    }

    #[test]
    fn digits_too_large_for_any_number_are_out_of_range() {
        let huge = set(sound(1), "NUMBER", "4294967297");
        let found = check(&RULE, &registry(3, vec![huge]));
        assert_eq!(found.len(), 1);
        assert!(found[0]
            .message
            .contains("number 4294967297, outside 1 to 3"));
    }

    #[test]
    fn numbers_in_range_pass() {
        assert!(check(&RULE, &registry(3, vec![sound(1), sound(3)])).is_empty());
    }
}
