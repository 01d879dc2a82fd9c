//! Sessions that repeat an earlier session's value: grouped by the folded value, each later one
//! reported against the first in file order.

use super::RuleInfo;
use crate::model::Session;
use crate::session_info::number_of;
use crate::text::fold;
use crate::Diagnostic;
use std::collections::hash_map::{Entry, HashMap};

/// A session whose value folds to the same text as an earlier session's.
pub struct Repeat<'a> {
    /// The later session.
    pub session: &'a Session,
    /// Its value, as written.
    pub value: &'a str,
    /// The line of its field.
    pub line: u32,
    /// The first session with that value.
    pub first: &'a Session,
    /// The line of the first session's field.
    pub first_line: u32,
}

impl Repeat<'_> {
    /// `rule`'s finding at the later session's field, pointing back at the first one's.
    pub fn diagnostic(
        &self,
        rule: &RuleInfo,
        message: String,
        related: &str,
        help: &str,
    ) -> Diagnostic {
        rule.diagnostic(message)
            .at_line(self.line)
            .for_session(number_of(self.session))
            .with_related(self.first_line, related)
            .with_help(help)
    }
}

/// Every session whose `value` (the field `key`) repeats an earlier one's after `fold`.
pub fn repeats<'a>(
    sessions: &'a [Session],
    key: &str,
    value: impl Fn(&'a Session) -> Option<&'a str>,
) -> Vec<Repeat<'a>> {
    let mut first_with: HashMap<String, &Session> = HashMap::new();
    let mut out = Vec::new();
    for session in sessions {
        let Some(text) = value(session) else {
            continue;
        };
        match first_with.entry(fold(text)) {
            Entry::Vacant(slot) => {
                slot.insert(session);
            }
            Entry::Occupied(slot) => {
                let first = *slot.get();
                out.push(Repeat {
                    session,
                    value: text,
                    line: session.line_of(key),
                    first,
                    first_line: first.line_of(key),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::KEY_ROLE;
    use crate::rules::fixture::{registry, set, sound};

    #[test]
    fn every_later_repeat_points_at_the_first() {
        let a = set(sound(1), "ROLE", "Writer");
        let b = set(sound(2), "ROLE", " WRITER ");
        let c = set(sound(3), "ROLE", "writer");
        let reg = registry(3, vec![a, b, sound(4), c]);
        let found = repeats(&reg.sessions, KEY_ROLE, Session::role);
        let pairs: Vec<_> = found.iter().map(|r| (r.line, r.first_line)).collect();
        assert_eq!(pairs.len(), 2);
        assert!(pairs
            .iter()
            .all(|&(_, first)| first == reg.sessions[0].line_of(KEY_ROLE)));
        assert_eq!(found[0].value, "WRITER");
        assert_eq!(found[1].line, reg.sessions[3].line_of(KEY_ROLE));
    }
}
