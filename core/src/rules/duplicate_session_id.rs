//! `duplicate-session-id`: two sessions give the same SESSION_ID.
//!
//! ## What it does
//! Flags a session whose SESSION_ID name (without the legacy id in parentheses) equals an
//! earlier session's, ignoring case and surrounding space.
//!
//! ## Why is this bad
//! Messages are delivered to `messages/direct/<SESSION_ID>/`; two sessions with one id read each
//! other's mail and the registry cannot say who holds which number.
//!
//! ## Example
//! ```markdown
//! - **SESSION_ID**: marketing-outreach-1 (session-1763243115)
//! - **SESSION_ID**: marketing-outreach-1 (session-1763243134)
//! ```
//!
//! ## Use instead
//! ```markdown
//! - **SESSION_ID**: marketing-outreach-1 (session-1763243115)
//! - **SESSION_ID**: marketing-outreach-2 (session-1763243134)
//! ```

use super::repeats::repeats;
use super::{Context, RuleInfo};
use crate::model::{Session, KEY_SESSION_ID};
use crate::session_info::label;
use crate::text::escape_controls;
use crate::{Diagnostic, Severity};

pub(super) const RULE: RuleInfo = RuleInfo {
    code: "duplicate-session-id",
    severity: Severity::Error,
    summary: "two sessions give the same SESSION_ID",
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for r in repeats(&cx.registry.sessions, KEY_SESSION_ID, Session::session_name) {
        let message = format!(
            "SESSION_ID `{}` of {} is already used by {}",
            escape_controls(r.value),
            label(r.session),
            label(r.first)
        );
        out.push(r.diagnostic(
            &RULE,
            message,
            "first used here",
            "each session has its own id from the coordination system; correct one of them",
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::fixture::{check, registry, set, sound};

    #[test]
    fn same_name_in_other_case_is_a_duplicate() {
        let twin = set(sound(2), "SESSION_ID", " Worker-1 (session-99)");
        let found = check(&RULE, &registry(2, vec![sound(1), twin]));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, Some(24));
        assert_eq!(found[0].related[0].line, 14);
        assert!(found[0].message.contains("already used by session 1"));
    }

    #[test]
    fn ids_differing_only_by_case_in_any_script_are_duplicates() {
        for (first, second) in [
            ("ＷＯＲＫＥＲ-1", "ｗｏｒｋｅｒ-1"),
            ("İZMİR-1", "i\u{307}zmi\u{307}r-1"),
        ] {
            let a = set(sound(1), "SESSION_ID", first);
            let b = set(sound(2), "SESSION_ID", second);
            let found = check(&RULE, &registry(2, vec![a, b]));
            assert_eq!(found.len(), 1, "{first} / {second}");
        }
    }

    #[test]
    fn distinct_ids_pass() {
        assert!(check(&RULE, &registry(2, vec![sound(1), sound(2)])).is_empty());
    }
}
