//! `control-character`: a field holds an escape sequence or another control character.
//!
//! ## What it does
//! Flags any session heading, field key, value or responsibility holding a control character
//! other than tab (ESC, BEL, backspace, carriage return, ...) or a bidirectional override. Every
//! rollcall output shows such characters escaped (`\u{1b}`), never raw.
//!
//! ## Why is this bad
//! A registry is read by people in terminals: `ESC[2J` clears their screen, `ESC]8;;` forges a
//! link, a bidi override makes `1` read as `7`. Nobody types these on purpose.
//!
//! ## Example
//! ```text
//! - **ROLE**: Outreach AI\u{1b}[2J - Send emails
//! ```
//!
//! ## Use instead
//! ```markdown
//! - **ROLE**: Outreach AI - Send emails
//! ```

use super::{Context, RuleInfo};
use crate::model::Session;
use crate::session_info::{label, number_of};
use crate::text::{escape_controls, is_unsafe_char};
use crate::{Diagnostic, Severity};

pub(super) const RULE: RuleInfo = RuleInfo {
    code: "control-character",
    severity: Severity::Error,
    summary: "an escape sequence or other control character (tab aside) inside a field",
    check,
};

/// Byte-level pre-check: ASCII controls, DEL, and the lead bytes of C1 controls (0xC2) and of
/// bidi overrides (0xE2); most fields hold none and skip the character scan.
fn may_hold_unsafe(text: &str) -> bool {
    text.bytes()
        .any(|b| (b < 0x20 && b != b'\t') || b == 0x7f || b == 0xc2 || b == 0xe2)
}

fn check(cx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for session in &cx.registry.sessions {
        flag(&mut out, session, None, &session.title, session.line);
        for field in &session.fields {
            let key = Some(field.key.as_str());
            flag(&mut out, session, None, &field.key, field.line);
            flag(&mut out, session, key, &field.value, field.line);
            for item in &field.items {
                flag(&mut out, session, key, &item.text, item.line);
            }
        }
    }
    out
}

/// Adds the finding for one text a reader sees (the heading, a field key, or the value or an item
/// of the field `key`) when it holds a control character.
fn flag(out: &mut Vec<Diagnostic>, session: &Session, key: Option<&str>, text: &str, line: u32) {
    if !may_hold_unsafe(text) {
        return;
    }
    let Some(bad) = text.chars().find(|c| is_unsafe_char(*c)) else {
        return;
    };
    let what = match key {
        Some(key) => escape_controls(key).into_owned(),
        None if line == session.line => "the heading".to_string(),
        None => "a field key".to_string(),
    };
    out.push(
        RULE.diagnostic(format!(
            "{what} of {} holds control character {}: `{}`",
            label(session),
            escape_controls(&bad.to_string()),
            escape_controls(text)
        ))
        .at_line(line)
        .for_session(number_of(session))
        .with_help("delete the control characters; nobody types them, they come from pasted terminal output or an attack"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::fixture::{check, registry, set, sound};

    #[test]
    fn escape_sequences_are_flagged_and_shown_escaped() {
        let evil = set(sound(1), "ROLE", "Outreach AI\u{1b}[2J - Send");
        let found = check(&RULE, &registry(1, vec![evil]));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, Some(12));
        assert!(
            found[0].message.contains("\\u{1b}[2J"),
            "{}",
            found[0].message
        );
        assert!(!found[0].message.contains('\u{1b}'));
    }

    #[test]
    fn tabs_emoji_and_accents_pass() {
        let fine = set(sound(1), "ROLE", "Outreach\tAI ✅ café - Send");
        assert!(check(&RULE, &registry(1, vec![fine])).is_empty());
    }
}
