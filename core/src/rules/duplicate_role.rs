//! `duplicate-role`: two sessions hold the same role.
//!
//! ## What it does
//! Flags a session whose ROLE text equals an earlier session's after trimming, collapsing spaces
//! and case-folding. `Outreach AI - ... (Batch 1)` and `... (Batch 2)` are distinct roles.
//!
//! Case-folding is Unicode's full default case folding ([`crate::text::fold`]) in every script:
//! `É`/`é`, `Ж`/`ж`, `Σ`/`ς`, Armenian `ԱՐՄԵՆ`/`արմեն`, Georgian `ᲥᲐᲠᲗᲣᲚᲘ`/`ქართული`,
//! fullwidth `ＡＢＣ`/`ａｂｃ`, `İ`/`i̇` and `STRASSE`/`straße` match. Accents (`é`/`e`),
//! compatibility forms (`ＡＢＣ`/`ABC`) and unnormalized spellings (a precomposed `é` and `e` +
//! combining accent) still tell roles apart.
//!
//! ## Why is this bad
//! The protocol wants distinct roles: two sessions doing the same job duplicate work and leave
//! nobody accountable for it.
//!
//! ## Example
//! ```markdown
//! - **ROLE**: Outreach AI - Personalize and send emails
//! - **ROLE**: outreach ai - personalize and send emails
//! ```
//!
//! ## Use instead
//! ```markdown
//! - **ROLE**: Outreach AI - Personalize and send emails (Morning Batch)
//! - **ROLE**: Outreach AI - Personalize and send emails (Afternoon Batch)
//! ```

use super::repeats::repeats;
use super::{Context, RuleInfo};
use crate::model::{Session, KEY_ROLE};
use crate::session_info::label;
use crate::{Diagnostic, Severity};

pub(super) const RULE: RuleInfo = RuleInfo {
    code: "duplicate-role",
    severity: Severity::Error,
    summary: "two sessions hold the same ROLE (trimmed, case-folded)",
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for r in repeats(&cx.registry.sessions, KEY_ROLE, Session::role) {
        let message = format!(
            "{} has the same ROLE as {}",
            label(r.session),
            label(r.first)
        );
        out.push(r.diagnostic(
            &RULE,
            message,
            "same role here",
            "give each session a distinct role, e.g. split the work into batches",
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::fixture::{check, registry, set, sound};

    #[test]
    fn same_role_ignoring_case_and_spacing_is_flagged() {
        let a = set(sound(1), "ROLE", "Outreach AI - Send emails");
        let b = set(sound(2), "ROLE", "  outreach  AI - send EMAILS ");
        let found = check(&RULE, &registry(2, vec![a, b]));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, Some(22));
        assert_eq!(found[0].related[0].line, 12);
        assert_eq!(found[0].session, Some(2));
    }

    #[test]
    fn non_ascii_roles_differing_only_by_case_are_flagged() {
        for (first, second) in [
            ("Équipe Élan - Rédaction", "équipe élan - rédaction"),
            ("ЖУРНАЛИСТ", "журналист"),
            ("ΣΥΝΤΟΝΙΣΤΗΣ", "συντονιστης"),
        ] {
            let a = set(sound(1), "ROLE", first);
            let b = set(sound(2), "ROLE", second);
            let found = check(&RULE, &registry(2, vec![a, b]));
            assert_eq!(found.len(), 1, "{first} / {second}");
            assert_eq!(found[0].session, Some(2));
        }
    }

    /// Checks that the two roles, differing only by case, are one role: flagged once, at the later.
    fn assert_same_role(first: &str, second: &str) {
        let a = set(sound(1), "ROLE", first);
        let b = set(sound(2), "ROLE", second);
        let found = check(&RULE, &registry(2, vec![a, b]));
        assert_eq!(found.len(), 1, "{first} / {second}");
        assert_eq!(found[0].session, Some(2), "{first} / {second}");
    }

    #[test]
    fn armenian_roles_differing_only_by_case_are_flagged() {
        assert_same_role("ԱՐՄԵՆ - Գրող", "արմեն - գրող");
    }

    #[test]
    fn georgian_mtavruli_and_mkhedruli_roles_are_flagged() {
        assert_same_role("ᲥᲐᲠᲗᲣᲚᲘ ᲐᲒᲔᲜᲢᲘ", "ქართული აგენტი");
    }

    #[test]
    fn fullwidth_latin_roles_differing_only_by_case_are_flagged() {
        assert_same_role("ＡＢＣ Ｗｒｉｔｅｒ", "ａｂｃ ｗｒｉｔｅｒ");
    }

    #[test]
    fn dotted_capital_i_matches_i_with_combining_dot() {
        assert_same_role("İstanbul Desk", "i\u{307}stanbul desk");
    }

    #[test]
    fn combining_accents_fold_like_their_letters() {
        assert_same_role("Re\u{301}sume\u{301} writer", "RE\u{301}SUME\u{301} WRITER");
    }

    #[test]
    fn fullwidth_and_ascii_roles_are_distinct() {
        let a = set(sound(1), "ROLE", "ＡＢＣ Writer");
        let b = set(sound(2), "ROLE", "ABC Writer");
        assert!(check(&RULE, &registry(2, vec![a, b])).is_empty());
    }

    #[test]
    fn roles_differing_by_accent_are_distinct() {
        let a = set(sound(1), "ROLE", "Résumé writer");
        let b = set(sound(2), "ROLE", "Resume writer");
        assert!(check(&RULE, &registry(2, vec![a, b])).is_empty());
    }

    #[test]
    fn batches_are_distinct_roles() {
        let a = set(sound(1), "ROLE", "Outreach AI - Send emails (Batch 1)");
        let b = set(sound(2), "ROLE", "Outreach AI - Send emails (Batch 2)");
        assert!(check(&RULE, &registry(2, vec![a, b])).is_empty());
    }
}
