//! Small text helpers shared by the rules: escaping, case folding, naming sessions.

use crate::model::Session;
use std::borrow::Cow;

/// True for characters that must never reach a terminal raw: controls (tab aside) and bidi overrides.
pub fn is_unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\t') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with control characters (tab aside) and bidi overrides written as `\u{1b}`.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Trimmed, case-folded, inner whitespace collapsed: the form in which two texts are "the same".
pub fn fold(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The session's number: its NUMBER field, else the number in its heading.
pub fn number_of(session: &Session) -> Option<u32> {
    session.number().or(session.heading_number)
}

/// How messages name a session: `session 5`, else `the session at line 40`.
pub fn label(session: &Session) -> String {
    match number_of(session) {
        Some(n) => format!("session {n}"),
        None => format!("the session at line {}", session.line),
    }
}

/// The last source line that belongs to the session (its heading, fields and items).
pub fn last_line(session: &Session) -> u32 {
    session
        .fields
        .iter()
        .flat_map(|f| std::iter::once(f.line).chain(f.items.iter().map(|i| i.line)))
        .fold(session.line, u32::max)
}

/// The numbers in `1..=required` nobody claims: the first ten and how many in all (computed
/// without walking a hostile `required` of four billion).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FreeNumbers {
    /// The lowest free numbers, at most ten.
    pub first: Vec<u32>,
    /// How many numbers are free in all.
    pub total: u64,
}

impl FreeNumbers {
    /// True when every number is taken.
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// `3, 7, 9`, or `1, 2, ..., 10 and 5 more`.
    pub fn list(&self) -> String {
        let shown: Vec<String> = self.first.iter().map(u32::to_string).collect();
        let more = self.total.saturating_sub(self.first.len() as u64);
        if more > 0 {
            format!("{} and {more} more", shown.join(", "))
        } else {
            shown.join(", ")
        }
    }
}

/// The free numbers in `1..=required` given the claimed ones.
pub fn free_numbers(taken: impl IntoIterator<Item = u32>, required: u32) -> FreeNumbers {
    let taken: std::collections::HashSet<u32> = taken
        .into_iter()
        .filter(|n| (1..=required).contains(n))
        .collect();
    let first = (1..=required)
        .filter(|n| !taken.contains(n))
        .take(10)
        .collect();
    FreeNumbers {
        first,
        total: u64::from(required) - taken.len() as u64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_escape_sequences_but_not_tabs_or_emoji() {
        assert_eq!(escape_controls("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(escape_controls("a\tb ✅"), "a\tb ✅");
        assert_eq!(escape_controls("x\u{202e}y\r\n"), "x\\u{202e}y\\u{d}\\u{a}");
    }

    #[test]
    fn fold_ignores_case_and_spacing() {
        assert_eq!(fold("  Outreach   AI "), fold("outreach ai"));
        assert_ne!(fold("Batch 1"), fold("Batch 2"));
    }

    #[test]
    fn free_numbers_lists_holes() {
        assert_eq!(free_numbers([1, 2, 2, 5, 9], 6).list(), "3, 4, 6");
        assert_eq!(
            free_numbers([2, 3], u32::MAX).list(),
            "1, 4, 5, 6, 7, 8, 9, 10, 11, 12 and 4294967283 more"
        );
        assert!(free_numbers(1..=3, 3).is_empty());
        assert_eq!(
            free_numbers([5], 12).list(),
            "1, 2, 3, 4, 6, 7, 8, 9, 10, 11 and 1 more"
        );
        assert_eq!(free_numbers([], u32::MAX).total, u64::from(u32::MAX));
    }
}
