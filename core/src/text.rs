//! Text as rollcall compares and shows it: the one case-insensitive form of a text ([`fold`]) and
//! the one escape that keeps a terminal safe ([`escape_controls`]).

use caseless::Caseless;
use std::borrow::Cow;
use std::fmt::Write;

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
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `n` and `word`, with an `s` unless `n` is 1 (`1 warning`, `3 warnings`): every count people read.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The form in which two texts are "the same" (roles, session ids, teams, keywords): trimmed,
/// inner whitespace collapsed to one space, and case-folded by Unicode's full default case
/// folding (`CaseFolding.txt`, statuses C and F; the `caseless` crate).
///
/// `ԱՐՄԵՆ`/`արմեն`, `ᲥᲐᲠᲗᲣᲚᲘ`/`ქართული`, `ＡＢＣ`/`ａｂｃ`, `İ`/`i̇` (i + U+0307),
/// `STRASSE`/`straße` and `ΟΔΟΣ`/`οδος` fold equal; `é` and `e` do not, nor do `ＡＢＣ` and `ABC`.
/// No normalization: a precomposed `é` and `e` + U+0301 stay distinct (Unicode's canonical
/// caseless matching would join them, at ~60 KB gzip of normalization tables in the wasm module).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        if word.is_ascii() {
            let start = out.len();
            out.push_str(word);
            out[start..].make_ascii_lowercase();
        } else {
            out.extend(word.chars().default_case_fold());
        }
    }
    out
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
    fn fold_ignores_case_of_accented_greek_and_cyrillic_letters() {
        assert_eq!(fold("Élan Vital"), fold("élan vital"));
        assert_eq!(fold("ЖУРНАЛ  Ёлка"), fold("журнал ёлка"));
        assert_eq!(fold("ΟΔΟΣ"), fold("οδος"));
        assert_eq!(fold("Łódź ŽÝ"), "łódź žý");
        assert_ne!(fold("Élan"), fold("Elan"));
    }

    #[test]
    fn fold_ignores_case_and_spacing() {
        assert_eq!(fold("  Outreach   AI "), fold("outreach ai"));
        assert_ne!(fold("Batch 1"), fold("Batch 2"));
    }

    #[test]
    fn fold_matches_every_script_by_case() {
        for (upper, lower) in [
            ("ＡＢＣ", "ａｂｃ"),
            ("ԱՐՄԵՆ", "արմեն"),
            ("ᲥᲐᲠᲗᲣᲚᲘ", "ქართული"),
            ("İ", "i\u{307}"),
            ("STRASSE", "straße"),
            ("ǄEMAL", "ǆemal"),
            ("ΟΔΥΣΣΕΎΣ", "οδυσσεύς"),
        ] {
            assert_eq!(fold(upper), fold(lower), "{upper} / {lower}");
        }
    }

    #[test]
    fn fold_keeps_compatibility_and_canonical_variants_apart() {
        assert_eq!(fold("CAF\u{c9}"), "caf\u{e9}");
        assert_eq!(fold("CAFE\u{301}"), "cafe\u{301}");
        assert_ne!(fold("ＡＢＣ"), fold("abc"));
        assert_ne!(fold("Batch ²"), fold("Batch 2"));
        assert_eq!(fold("ﬁle"), fold("FILE"));
    }

    #[test]
    fn fold_keeps_ascii_fast_and_exact() {
        assert_eq!(
            fold("Master Coordinator - Orchestrate"),
            "master coordinator - orchestrate"
        );
        assert_eq!(fold(""), "");
        assert_eq!(fold(" \t\n "), "");
    }

    proptest::proptest! {
        #[test]
        fn fold_is_idempotent(text in "\\PC{0,16}") {
            let once = fold(&text);
            proptest::prop_assert_eq!(fold(&once), once);
        }

        /// Letters of Latin (dotless `ı` aside: it folds to itself, its capital to `i`), Greek,
        /// Cyrillic, Armenian, Georgian and fullwidth Latin fold alike in either case.
        #[test]
        fn fold_ignores_case_in_every_bicameral_script(
            text in "[A-Za-z À-ɏͰ-ϿЀ-ӿԱ-֏Ⴀ-ჿᲐ-Ჿ Ａ-Ｚａ-ｚ]{0,16}"
        ) {
            let text = text.replace('ı', "i");
            proptest::prop_assert_eq!(fold(&text.to_uppercase()), fold(&text.to_lowercase()));
        }
    }
}
