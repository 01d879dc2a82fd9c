//! `duplicate-number`: two sessions claim the same number.
//!
//! ## What it does
//! Flags every session that claims a number another session claimed first. "First" is the
//! earliest TIMESTAMP; sessions without a timestamp rank after those with one, and ties go to the
//! one earlier in the file. The finding points at both claims and lists the free numbers.
//!
//! ## Why is this bad
//! Numbers are identities: messages, confirmations and work ranges are addressed by them. The
//! protocol says the first registration wins and the other session must pick a free number.
//!
//! ## Example
//! ```markdown
//! ### Session #5: Outreach Team Member
//! - **NUMBER**: 5
//! - **TIMESTAMP**: 2025-11-15T21:45:00Z
//! ### Session #5: Sales Support
//! - **NUMBER**: 5
//! - **TIMESTAMP**: 2025-11-15T21:50:00Z
//! ```
//!
//! ## Use instead
//! ```markdown
//! ### Session #11: Sales Support
//! - **NUMBER**: 11
//! ```

use super::{Context, RuleInfo};
use crate::free_numbers::{free_numbers, FreeNumbers};
use crate::model::{Session, KEY_NUMBER};
use crate::session_info::label;
use crate::time::UtcTime;
use crate::{Diagnostic, Severity};
use std::collections::BTreeMap;

pub(super) const RULE: RuleInfo = RuleInfo {
    code: "duplicate-number",
    severity: Severity::Error,
    summary: "two sessions claim one number (says who registered first and which numbers are free)",
    check,
};

/// A sortable key for a TIMESTAMP: the instant it names, offsets applied (`…+05:00` is five
/// hours before the same wall time in `Z`), read by [`UtcTime::parse_loose`].
fn timestamp_key(session: &Session) -> Option<i64> {
    UtcTime::parse_loose(session.timestamp()?).map(|time| time.unix_seconds())
}

/// `claims` (sessions claiming one number, in file order) first registration first: by
/// TIMESTAMP, sessions without one last, ties in file order.
fn claim_order(claims: &mut [&Session]) {
    claims.sort_by_cached_key(|session| {
        let key = timestamp_key(session);
        (key.is_none(), key)
    });
}

fn check(cx: &Context) -> Vec<Diagnostic> {
    let sessions = &cx.registry.sessions;
    let mut claims_of: BTreeMap<u32, Vec<&Session>> = BTreeMap::new();
    for s in sessions {
        if let Some(n) = s.number() {
            claims_of.entry(n).or_default().push(s);
        }
    }
    let mut free: Option<FreeNumbers> = None;
    let mut out = Vec::new();
    for (number, mut claims) in claims_of {
        if claims.len() < 2 {
            continue;
        }
        claim_order(&mut claims);
        let first = claims[0];
        let why = if timestamp_key(first).is_some() {
            "earliest TIMESTAMP"
        } else {
            "first in the file"
        };
        let free = free.get_or_insert_with(|| {
            free_numbers(sessions.iter().filter_map(Session::number), cx.required)
        });
        let help = if free.is_empty() {
            format!("first registration wins; no number from 1 to {} is free, so raise the required count or drop this session", cx.required)
        } else {
            format!(
                "first registration wins; this session must pick a free number: {}",
                free.list()
            )
        };
        for later in &claims[1..] {
            out.push(
                RULE.diagnostic(format!(
                    "number {number} is claimed twice: {} at line {} registered first ({why})",
                    name(first),
                    first.line_of(KEY_NUMBER)
                ))
                .at_line(later.line_of(KEY_NUMBER))
                .for_session(Some(number))
                .with_related(first.line_of(KEY_NUMBER), "first claimed here")
                .with_help(help.clone()),
            );
        }
    }
    crate::diagnostic::sort_by_line(&mut out);
    out
}

/// `marketing-outreach-2` when the session has a name, else `session 5`.
fn name(session: &Session) -> String {
    session
        .session_name()
        .map(|n| format!("`{}`", crate::text::escape_controls(n)))
        .unwrap_or_else(|| label(session))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::fixture::{check, registry, set, sound};

    #[test]
    fn later_timestamp_loses_even_when_first_in_file() {
        let late = set(
            set(sound(1), "NUMBER", "2"),
            "TIMESTAMP",
            "2025-11-15T21:50:00Z",
        );
        let early = set(sound(2), "TIMESTAMP", "2025-11-15T21:45:00Z");
        let found = check(&RULE, &registry(3, vec![late, early]));
        assert_eq!(found.len(), 1);
        let d = &found[0];
        assert_eq!(d.line, Some(11), "the later registration is flagged");
        assert_eq!(d.related[0].line, 21, "and points at the first claim");
        assert!(d
            .message
            .contains("`worker-2` at line 21 registered first (earliest TIMESTAMP)"));
        assert!(d.help.as_deref().unwrap().ends_with("free number: 1, 3"));
        assert_eq!(d.session, Some(2));
    }

    #[test]
    fn offsets_count_when_ordering_claims() {
        let later_in_utc = set(sound(1), "TIMESTAMP", "2025-11-15T21:45:00Z");
        let earlier_with_offset = set(
            set(sound(2), "NUMBER", "1"),
            "TIMESTAMP",
            "2025-11-15T23:00:00+05:00",
        );
        let found = check(&RULE, &registry(3, vec![later_in_utc, earlier_with_offset]));
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].line,
            Some(11),
            "21:45Z is after 18:00Z (23:00+05:00)"
        );
    }

    #[test]
    fn without_timestamps_the_first_in_file_wins() {
        let found = check(
            &RULE,
            &registry(2, vec![sound(1), set(sound(2), "NUMBER", "1")]),
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, Some(21));
        assert!(found[0].message.contains("(first in the file)"));
        assert!(found[0]
            .help
            .as_deref()
            .unwrap()
            .ends_with("free number: 2"));
    }

    #[test]
    fn unique_numbers_pass() {
        assert!(check(&RULE, &registry(3, vec![sound(1), sound(2), sound(3)])).is_empty());
    }
}
