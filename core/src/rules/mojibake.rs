//! `mojibake`: the file is UTF-8 that some tool decoded as Mac Roman.
//!
//! ## What it does
//! Detects text whose characters are the Mac Roman reading of UTF-8 bytes (`‚è≥` for `⏳`,
//! `üéØ` for `🎯`) and offers the repaired text as the fix (`rollcall fix` applies it). The
//! registry is then checked as repaired, so the damage does not show up as other findings.
//!
//! ## Why is this bad
//! Every emoji and typographic mark is garbled for every reader, status markers such as
//! `⏳ PENDING` no longer read as states, and each further round trip garbles it again.
//!
//! ## Example
//! ```markdown
//! - **STATUS**: ‚è≥ PENDING REGISTRATION
//! ```
//!
//! ## Use instead
//! ```markdown
//! - **STATUS**: ⏳ PENDING REGISTRATION
//! ```

use super::{Context, RuleInfo};
use crate::encoding::{first_changed_line, repair_mojibake};
use crate::{Diagnostic, Severity};

pub(super) const RULE: RuleInfo = RuleInfo {
    code: "mojibake",
    severity: Severity::Warning,
    summary: "the file is UTF-8 mis-decoded as Mac Roman; the fix carries the repaired text",
    check,
};

/// The mojibake finding for `text`, when it is mojibake.
pub fn check_text(text: &str) -> Option<Diagnostic> {
    let repaired = repair_mojibake(text)?;
    let line = first_changed_line(text, &repaired);
    Some(
        RULE.diagnostic("the file is UTF-8 text mis-decoded as Mac Roman (e.g. `‚è≥` for `⏳`)")
            .at_line(line)
            .with_help("run `rollcall fix` to write the repaired text (a backup is kept)")
            .with_fix("re-decode the text as UTF-8", repaired),
    )
}

fn check(cx: &Context) -> Vec<Diagnostic> {
    if cx.prior.iter().any(|d| d.code == RULE.code) {
        return Vec::new();
    }
    cx.text.and_then(check_text).into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../../../tests/fixtures/marketing-registry.md");
    const DAMAGED: &str = include_str!("../../../tests/fixtures/marketing-registry.mojibake.txt");

    #[test]
    fn seed_mojibake_is_found_and_repaired() {
        let found = check_text(DAMAGED).expect("mojibake");
        assert_eq!(
            found.fix.as_ref().map(|f| f.replacement.as_str()),
            Some(SEED)
        );
        assert_eq!(found.line, Some(23), "first garbled line is the 🎯 heading");
    }

    #[test]
    fn clean_utf8_passes() {
        assert_eq!(check_text(SEED), None);
        assert_eq!(check_text("# Registry café ✅"), None);
    }
}
