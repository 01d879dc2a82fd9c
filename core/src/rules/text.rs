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
    use std::fmt::Write;
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe_char(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Trimmed, case-folded ([`lower`]), inner whitespace collapsed: the form in which two texts are
/// "the same".
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&lower(word));
    }
    out
}

/// `text` lower-cased exactly as `str::to_lowercase` does it for ASCII, Latin-1, Latin Extended-A,
/// Latin Extended Additional (Vietnamese), Greek (final sigma included), Cyrillic and the Kelvin
/// sign; every other character is kept as written (`İ`, Latin Extended-B, Armenian, Georgian,
/// fullwidth Latin, ...). So matching ASCII keywords gives the same answers as `to_lowercase`.
/// A final sigma is told from its neighbours only: `Σ` after a letter and before none becomes `ς`
/// (std also looks past marks and `·` between them).
///
/// Chosen for size: std's full Unicode lowercase table and code add ~15 KB to the wasm module.
pub fn lower(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    let mut prev = ' ';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let final_sigma = c == 'Σ'
            && prev.is_alphabetic()
            && !chars.peek().is_some_and(|next| next.is_alphabetic());
        out.push(if final_sigma { 'ς' } else { lower_char(c) });
        prev = c;
    }
    out
}

/// One character lower-cased by arithmetic on its code point, for the scripts [`lower`] covers
/// (a capital sigma becomes `σ`; [`lower`] picks `ς` at a word's end).
pub fn lower_char(c: char) -> char {
    let u = c as u32;
    let lower = match u {
        // ASCII, Latin-1, Greek capitals, basic Cyrillic capitals: one block up.
        0x41..=0x5a | 0xc0..=0xd6 | 0xd8..=0xde | 0x391..=0x3a1 | 0x3a3..=0x3ab | 0x410..=0x42f => {
            u + 0x20
        }
        // Pairs with the capital on the even code point.
        0x100..=0x12f
        | 0x132..=0x137
        | 0x14a..=0x177
        | 0x370..=0x373
        | 0x376
        | 0x3d8..=0x3ef
        | 0x460..=0x481
        | 0x48a..=0x4bf
        | 0x4d0..=0x52f
        | 0x1e00..=0x1e95
        | 0x1ea0..=0x1eff => u | 1,
        // Pairs with the capital on the odd code point.
        0x139..=0x148 | 0x179..=0x17e | 0x4c1..=0x4ce => u + (u & 1),
        0x178 => 0xff,
        0x37f => 0x3f3,
        0x386 => 0x3ac,
        0x388..=0x38a => u + 37,
        0x38c => 0x3cc,
        0x38e..=0x38f => u + 63,
        0x3cf => 0x3d7,
        0x3f4 => 0x3b8,
        0x3f7 | 0x3fa => u + 1,
        0x3f9 => 0x3f2,
        0x3fd..=0x3ff => u - 130,
        0x400..=0x40f => u + 0x50,
        0x4c0 => 0x4cf,
        0x1e9e => 0xdf,
        0x212a => 0x6b,
        _ => u,
    };
    char::from_u32(lower).unwrap_or(c)
}

/// The byte index of the first `needle` in `haystack`, as `str::find` with a text pattern gives
/// it, by a plain scan: the needles in core are short keywords, and std's two-way searcher is
/// ~2 KB of wasm. (For the same reason core tests characters with `matches!` or bytes rather
/// than `"$€£".contains(c)`: `str::contains(char)` searches for a non-ASCII char as text.)
pub fn find_text(haystack: &str, needle: &str) -> Option<usize> {
    let hay = haystack.as_bytes();
    let Some((&first, rest)) = needle.as_bytes().split_first() else {
        return Some(0);
    };
    (0..hay.len().saturating_sub(rest.len()))
        .find(|&i| hay[i] == first && hay[i + 1..].starts_with(rest))
}

/// `&text[range]`, which panics the same way on a byte index off a char boundary but without
/// std's `slice_error_fail` message: that message formats the char and its byte range with
/// `Debug`, which pulls Unicode printability tables into the wasm (~5 KB).
pub fn cut<R: std::slice::SliceIndex<str, Output = str>>(text: &str, range: R) -> &str {
    match text.get(range) {
        Some(part) => part,
        None => not_a_char_boundary(),
    }
}

/// The one panic behind [`cut`].
#[cold]
#[inline(never)]
fn not_a_char_boundary() -> ! {
    panic!("byte index is not on a char boundary or is out of range")
}

/// True when `needle` occurs in `haystack` (see [`find_text`]).
pub fn contains_text(haystack: &str, needle: &str) -> bool {
    find_text(haystack, needle).is_some()
}

/// `parts` with `separator` between them: a plain loop, where std's `join` is ~1 KB of wasm per
/// item type.
pub fn join<'a>(parts: impl Iterator<Item = &'a str>, separator: &str) -> String {
    let mut out = String::new();
    for (i, part) in parts.enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        out.push_str(part);
    }
    out
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
    let mut last = session.line;
    for field in &session.fields {
        last = last.max(field.line);
        for item in &field.items {
            last = last.max(item.line);
        }
    }
    last
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
        use std::fmt::Write;
        let mut out = String::new();
        for (i, n) in self.first.iter().enumerate() {
            let separator = if i > 0 { ", " } else { "" };
            let _ = write!(out, "{separator}{n}");
        }
        let more = self.total.saturating_sub(self.first.len() as u64);
        if more > 0 {
            let _ = write!(out, " and {more} more");
        }
        out
    }
}

/// The free numbers in `1..=required` given the claimed ones.
pub fn free_numbers(taken: impl IntoIterator<Item = u32>, required: u32) -> FreeNumbers {
    let taken = crate::order::sorted_set(
        taken
            .into_iter()
            .filter(|n| (1..=required).contains(n))
            .collect(),
    );
    let first = (1..=required)
        .filter(|n| taken.binary_search(n).is_err())
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
    fn cut_slices_as_indexing_does_and_panics_off_a_char_boundary() {
        let text = "a✅b";
        assert_eq!(cut(text, ..1), "a");
        assert_eq!(cut(text, 1..4), "✅");
        assert_eq!(cut(text, 4..), "b");
        assert!(std::panic::catch_unwind(|| cut(text, 2..)).is_err());
        assert!(std::panic::catch_unwind(|| cut(text, ..9)).is_err());
    }

    #[test]
    fn escapes_escape_sequences_but_not_tabs_or_emoji() {
        assert_eq!(escape_controls("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(escape_controls("a\tb ✅"), "a\tb ✅");
        assert_eq!(escape_controls("x\u{202e}y\r\n"), "x\\u{202e}y\\u{d}\\u{a}");
    }

    /// Every character [`lower`] claims to cover, with the one it leaves alone (`İ`, whose
    /// lowercase is two characters).
    fn covered() -> impl Iterator<Item = char> {
        [0..=0x17f, 0x370..=0x52f, 0x1e00..=0x1eff, 0x212a..=0x212a]
            .into_iter()
            .flatten()
            .filter(|&u| u != 0x130)
            .filter_map(char::from_u32)
    }

    #[test]
    fn lower_matches_std_on_every_covered_character() {
        for c in covered() {
            let text = format!("{c}");
            assert_eq!(lower(&text), text.to_lowercase(), "U+{:04X}", c as u32);
        }
        assert_eq!(lower("İ"), "İ");
        assert_eq!(lower("ǅ Ա Ａ"), "ǅ Ա Ａ");
    }

    #[test]
    fn lower_ends_greek_words_with_final_sigma() {
        for text in ["ΟΔΟΣ", "ΟΔΟΣ ΣΟΦΟΣ.", "Σ", "ΑΣ1", "ΑΣΑ", "ΟΔΥΣΣΕΎΣ"]
        {
            assert_eq!(lower(text), text.to_lowercase(), "{text}");
        }
    }

    #[test]
    fn fold_ignores_case_of_accented_greek_and_cyrillic_letters() {
        assert_eq!(fold("Élan Vital"), fold("élan vital"));
        assert_eq!(fold("ЖУРНАЛ  Ёлка"), fold("журнал ёлка"));
        assert_eq!(fold("ΟΔΟΣ"), fold("οδος"));
        assert_eq!(fold("Łódź ŽÝ"), "łódź žý");
        assert_ne!(fold("Élan"), fold("Elan"));
    }

    proptest::proptest! {
        #[test]
        fn lower_matches_std_on_words_of_covered_letters(
            text in "[A-Za-z0-9 À-ÿĀ-ſΆ-ϿЀ-ӿḀ-ỿ]{0,24}"
        ) {
            // Letters only: between a letter and a final sigma std also skips marks and `·`.
            if !text.contains('İ') && text.chars().all(|c| c.is_alphanumeric() || c == ' ') {
                proptest::prop_assert_eq!(lower(&text), text.to_lowercase());
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn find_text_agrees_with_str_find(hay in "[ab é*]{0,12}", needle in "[ab é*]{0,3}") {
            proptest::prop_assert_eq!(find_text(&hay, &needle), hay.find(needle.as_str()));
        }
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
