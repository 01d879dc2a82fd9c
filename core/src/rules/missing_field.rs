//! `missing-field`: a session lacks one of the fields the protocol requires.
//!
//! ## What it does
//! Flags a session whose NUMBER, ROLE, GOAL, SESSION_ID or STATUS is absent or empty.
//!
//! ## Why is this bad
//! Every other check and the consensus read these fields; a session without them cannot be
//! told apart, confirmed or counted as registered.
//!
//! ## Example
//! ```markdown
//! ### Session #4: Outreach Team Leader
//! - **NUMBER**: 4
//! - **ROLE**:
//! - **STATUS**: ✅ REGISTERED
//! ```
//!
//! ## Use instead
//! ```markdown
//! ### Session #4: Outreach Team Leader
//! - **NUMBER**: 4
//! - **ROLE**: Outreach AI - Personalize and send emails (Morning Batch 1)
//! - **GOAL**: Send 17 personalized emails daily
//! - **SESSION_ID**: marketing-outreach-1
//! - **STATUS**: ✅ REGISTERED
//! ```

use super::{Context, RuleInfo};
use crate::model::{KEY_GOAL, KEY_NUMBER, KEY_ROLE, KEY_SESSION_ID, KEY_STATUS};
use crate::session_info::{label, number_of};
use crate::{Diagnostic, Severity};

/// The fields every session must fill.
pub const REQUIRED_FIELDS: [&str; 5] = [KEY_NUMBER, KEY_ROLE, KEY_GOAL, KEY_SESSION_ID, KEY_STATUS];

pub(super) const RULE: RuleInfo = RuleInfo {
    code: "missing-field",
    severity: Severity::Error,
    summary: "a session's NUMBER, ROLE, GOAL, SESSION_ID or STATUS is absent or empty",
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for session in &cx.registry.sessions {
        for key in REQUIRED_FIELDS {
            if session.text(key).is_some() {
                continue;
            }
            let how = if session.field(key).is_some() {
                "is empty"
            } else {
                "is missing"
            };
            out.push(
                RULE.diagnostic(format!("{key} {how} in {}", label(session)))
                    .at_line(session.line_of(key))
                    .for_session(number_of(session))
                    .with_help(format!("add `- **{key}**: ...` to the session")),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::fixture::{check, registry, session, set, sound};

    #[test]
    fn flags_absent_and_empty_fields() {
        let bare = session(50, &[("NUMBER", "5"), ("ROLE", "  ")]);
        let found = check(&RULE, &registry(5, vec![bare]));
        let keys: Vec<&str> = found
            .iter()
            .map(|d| d.message.split(' ').next().unwrap())
            .collect();
        assert_eq!(keys, ["ROLE", "GOAL", "SESSION_ID", "STATUS"]);
        assert!(found[0].message.contains("is empty"));
        assert_eq!(found[0].line, Some(52));
        assert_eq!(
            found[1].line,
            Some(50),
            "absent field points at the heading"
        );
        assert!(found.iter().all(|d| d.session == Some(5)));
    }

    #[test]
    fn complete_sessions_pass() {
        let full = set(sound(1), "TIMESTAMP", "");
        assert!(check(&RULE, &registry(2, vec![full, sound(2)])).is_empty());
    }
}
