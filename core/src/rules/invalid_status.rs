//! `invalid-status`: a session's STATUS is not a protocol state.
//!
//! ## What it does
//! Flags a STATUS that is none of PENDING, REGISTERED, CONFIRMED, ACKNOWLEDGED or ACTIVE (marks
//! such as `⏳` or `✅` and trailing words such as `REGISTRATION` are ignored).
//!
//! ## Why is this bad
//! Consensus counts sessions by state; an unknown state is neither registered nor pending, so
//! the count is wrong whichever way a reader guesses.
//!
//! ## Example
//! ```markdown
//! - **STATUS**: ✅ DONE
//! ```
//!
//! ## Use instead
//! ```markdown
//! - **STATUS**: ✅ REGISTERED
//! ```

use super::{Context, RuleInfo};
use crate::model::{Status, KEY_STATUS};
use crate::session_info::{label, number_of};
use crate::text::escape_controls;
use crate::{Diagnostic, Severity};

pub(super) const RULE: RuleInfo = RuleInfo {
    code: "invalid-status",
    severity: Severity::Error,
    summary: "a STATUS that is not PENDING, REGISTERED, CONFIRMED, ACKNOWLEDGED or ACTIVE",
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for session in &cx.registry.sessions {
        let Some(Status::Other(text)) = session.status() else {
            continue;
        };
        out.push(
            RULE.diagnostic(format!(
                "STATUS `{}` of {} is not a protocol state",
                escape_controls(&text),
                label(session)
            ))
            .at_line(session.line_of(KEY_STATUS))
            .for_session(number_of(session))
            .with_help("use one of PENDING, REGISTERED, CONFIRMED, ACKNOWLEDGED, ACTIVE"),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::fixture::{check, registry, set, sound};

    #[test]
    fn unknown_state_is_flagged() {
        let done = set(sound(1), "STATUS", "✅ DONE");
        let found = check(&RULE, &registry(1, vec![done]));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, Some(15));
        assert!(found[0].message.contains("`✅ DONE`"));
    }

    #[test]
    fn protocol_states_pass() {
        let states = [
            "⏳ PENDING REGISTRATION",
            "✅ REGISTERED",
            "confirmed",
            "ACKNOWLEDGED",
            "🚀 ACTIVE",
        ];
        let sessions = states
            .iter()
            .zip(1..)
            .map(|(s, n)| set(sound(n), "STATUS", s))
            .collect();
        assert!(check(&RULE, &registry(5, sessions)).is_empty());
    }
}
