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

/// Free numbers in `1..=required` that no listed number claims, written `3, 7, 9` (at most 10 shown).
pub fn free_numbers(taken: impl IntoIterator<Item = u32>, required: u32) -> Vec<u32> {
    let taken: std::collections::HashSet<u32> = taken.into_iter().collect();
    (1..=required).filter(|n| !taken.contains(n)).collect()
}

/// `[1, 2, 3]` as `1, 2, 3`, eliding after ten.
pub fn list_numbers(numbers: &[u32]) -> String {
    let shown: Vec<String> = numbers.iter().take(10).map(u32::to_string).collect();
    let more = numbers.len().saturating_sub(10);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
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
        assert_eq!(free_numbers([1, 2, 2, 5], 6), vec![3, 4, 6]);
        assert_eq!(
            list_numbers(&(1..=12).collect::<Vec<_>>()),
            "1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 2 more"
        );
    }
}
