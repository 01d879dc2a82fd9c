//! `missing-amount`: a magnitude or currency sign left without its digits.
//!
//! ## What it does
//! Flags a field where a currency sign has no amount (`$ per month`, `$k`) or a magnitude stands
//! alone before a money word (`→ k MRR`, `a M ARR`).
//!
//! ## Why is this bad
//! It is the mark of a shell eating `$120k`: `"$120k"` in double quotes expands `$1` to nothing.
//! The registry then states a target nobody set, and the real figure is lost.
//!
//! ## Example
//! ```markdown
//! - **GOAL**: Coordinate 12 sessions → 20k MRR, $ per month
//! ```
//!
//! ## Use instead
//! ```markdown
//! - **GOAL**: Coordinate 12 sessions → $120k MRR
//! ```
//!
//! Quote with single quotes (`'$120k'`) when passing amounts through a shell.

use super::{Context, RuleInfo};
use crate::model::Session;
use crate::session_info::number_of;
use crate::{Diagnostic, Severity};

pub(super) const RULE: RuleInfo = RuleInfo {
    code: "missing-amount",
    severity: Severity::Warning,
    summary: "a currency sign or magnitude without its digits (`$ per month`, `→ k MRR`): a shell ate `$120k`",
    check,
};

const MAGNITUDES: &[&str] = &["k", "m", "b", "bn", "mm"];
const MONEY_WORDS: &[&str] = &[
    "mrr", "arr", "revenue", "usd", "eur", "gbp", "dollars", "dollar", "euros", "profit", "sales",
    "per", "/month", "/mo", "/year", "/yr", "pipeline", "budget", "income", "earnings", "bookings",
    "turnover", "funding", "spend", "gmv",
];
/// Words that may stand between a bare magnitude and its money word (`M in annual sales`,
/// `k monthly revenue`); any other word ends the phrase, so `Plan B for sales` passes.
const QUALIFIERS: &[&str] = &[
    "in",
    "of",
    "a",
    "an",
    "the",
    "new",
    "net",
    "gross",
    "total",
    "recurring",
    "monthly",
    "annual",
    "annually",
    "yearly",
    "weekly",
    "quarterly",
    "daily",
    "extra",
    "more",
    "additional",
];
/// How many words after the magnitude the money word may be.
const PHRASE_WORDS: usize = 4;

/// True when a currency sign at byte `at` is followed by no amount (`$ per`, `$k`, end of text).
fn bare_currency(text: &str, at: usize, sign: char) -> bool {
    match text[at + sign.len_utf8()..].chars().next() {
        None => true,
        Some(n) => {
            !(n.is_ascii_digit() || n.is_ascii_uppercase() || matches!(n, '{' | '(' | '.' | '$'))
        }
    }
}

/// The offending piece of `text`, if any.
pub fn find_missing_amount(text: &str) -> Option<String> {
    // `$` is ASCII; `€` starts with 0xE2 and `£` with 0xC2 in UTF-8.
    let has_sign = text.bytes().any(|b| b == b'$' || b == 0xe2 || b == 0xc2);
    if has_sign {
        for (at, c) in text.char_indices() {
            if matches!(c, '$' | '€' | '£') && bare_currency(text, at, c) {
                let piece: String = text[at..].chars().take(12).collect();
                return Some(piece.trim().to_string());
            }
        }
    }
    let mut words = text.split_ascii_whitespace().peekable();
    while let Some(word) = words.next() {
        let bare = word.trim_start_matches(['→', '-', '>', '~', '(']);
        if bare.len() > 2 || !MAGNITUDES.iter().any(|m| m.eq_ignore_ascii_case(bare)) {
            continue;
        }
        if let Some(phrase) = money_phrase(word, words.clone()) {
            return Some(phrase);
        }
    }
    None
}

/// `magnitude` and the words after it up to a money word, when only qualifiers stand between.
fn money_phrase<'a>(magnitude: &str, after: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut phrase = vec![magnitude];
    for next in after.take(PHRASE_WORDS) {
        phrase.push(next);
        let word = next.trim_end_matches([',', '.', ';', ')']);
        if MONEY_WORDS.iter().any(|m| m.eq_ignore_ascii_case(word)) {
            return Some(phrase.join(" "));
        }
        if !QUALIFIERS.iter().any(|q| q.eq_ignore_ascii_case(word)) {
            return None;
        }
    }
    None
}

fn check(cx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for session in &cx.registry.sessions {
        for field in &session.fields {
            flag(&mut out, session, &field.key, &field.value, field.line);
            for item in &field.items {
                flag(&mut out, session, &field.key, &item.text, item.line);
            }
        }
    }
    out
}

/// Adds the finding for `text` (the value or an item of the field `key`) when it lacks an amount.
fn flag(out: &mut Vec<Diagnostic>, session: &Session, key: &str, text: &str, line: u32) {
    if let Some(piece) = find_missing_amount(text) {
        out.push(
            RULE.diagnostic(format!(
                "`{}` in {key} has no amount: a shell probably expanded `$1...` to nothing",
                crate::text::escape_controls(&piece),
            ))
            .at_line(line)
            .for_session(number_of(session))
            .with_help("restore the figure (e.g. `$120k`) and pass amounts to shell scripts in single quotes"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::fixture::{check, registry, set, sound};

    #[test]
    fn eaten_amounts_are_flagged() {
        for text in [
            "Coordinate 12 sessions → k MRR",
            "Earn $ per month",
            "Generate $k MRR",
            "Budget of € a week",
            "Grow to M ARR",
            "Reach → k monthly revenue",
            "Close a M in annual sales",
            "Charge $ per seat",
            "Add k in new recurring revenue",
            "Raise M of funding",
        ] {
            assert!(find_missing_amount(text).is_some(), "{text}");
        }
        let eaten = set(sound(1), "GOAL", "Coordinate 12 sessions → k MRR");
        let found = check(&RULE, &registry(1, vec![eaten]));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, Some(13));
        assert!(
            found[0].message.starts_with("`k MRR` in GOAL"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn real_amounts_and_shell_variables_pass() {
        for text in [
            "Generate $120k MRR",
            "Earn $5 per lead",
            "Use ${HOME} and $PATH",
            "Plan A in March, plan B in May",
            "Send 17 emails, 95%+ delivery rate",
            "Coordinate 12 sessions to generate $120k MRR through autonomous execution",
            "Plan B for sales, plan C in May",
            "Vitamin B in the morning, then revenue review",
            "Option A of the annual plan",
        ] {
            assert_eq!(find_missing_amount(text), None, "{text}");
        }
        assert!(check(&RULE, &registry(1, vec![sound(1)])).is_empty());
    }
}
