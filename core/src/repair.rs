//! What `rollcall fix` repairs in a registry's text: a byte-order mark, Mac-Roman mojibake and
//! CRLF or lone CR line endings, each change named in words for the user.

use crate::encoding::repair_mojibake;
use crate::text::plural;

/// The repaired text and what was changed, in the order applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    /// The text after every repair.
    pub text: String,
    /// One sentence per repair made (`converted 3 CRLF line endings to LF`); empty when none.
    pub changes: Vec<String>,
}

/// Applies every repair rollcall knows to `text`; repairing the result again changes nothing.
pub fn repair_text(text: &str) -> Repair {
    let mut changes = Vec::new();
    let mut text = strip_bom(text, &mut changes);
    // Line endings first: whether text reads as mojibake must not depend on them, or a second
    // repair would find what the first one missed (found by the `fix` fuzz target).
    let crlf = text.matches("\r\n").count();
    if crlf > 0 {
        text = text.replace("\r\n", "\n");
        changes.push(format!(
            "converted {} to LF",
            plural(crlf, "CRLF line ending")
        ));
    }
    let cr = text.matches('\r').count();
    if cr > 0 {
        text = text.replace('\r', "\n");
        changes.push(format!("converted {} to LF", plural(cr, "CR line ending")));
    }
    let repaired = repeat_mojibake_repair(&text);
    if repaired != text {
        let lines = text
            .lines()
            .zip(repaired.lines())
            .filter(|(a, b)| a != b)
            .count();
        changes.push(format!(
            "repaired Mac-Roman mojibake on {}",
            plural(lines, "line")
        ));
        text = strip_bom(&repaired, &mut changes);
    }
    Repair { text, changes }
}

/// How many layers of mojibake one repair undoes (text mis-decoded again and again).
const MOJIBAKE_LAYERS: usize = 8;

/// `text` with every layer of mojibake undone, up to [`MOJIBAKE_LAYERS`].
fn repeat_mojibake_repair(text: &str) -> String {
    let mut text = text.to_string();
    for _ in 0..MOJIBAKE_LAYERS {
        match repair_mojibake(&text) {
            Some(repaired) if repaired != text => text = repaired,
            _ => break,
        }
    }
    text
}

/// `text` without its leading byte-order marks, noting the change.
fn strip_bom(text: &str, changes: &mut Vec<String>) -> String {
    let rest = text.trim_start_matches('\u{FEFF}');
    if rest.len() != text.len() {
        changes.push("removed the byte-order mark".to_string());
    }
    rest.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_and_stacked_mojibake_are_repaired_in_one_pass() {
        for text in [
            "\u{ac}\u{b4}\u{ac}\u{b5}\r",
            "# T\r\n\u{c3}\u{83}\u{c2}\u{a9}\r\n",
        ] {
            let once = repair_text(text);
            let twice = repair_text(&once.text);
            assert_eq!(
                twice.text, once.text,
                "{text:?}: found by the fix fuzz target"
            );
            assert!(twice.changes.is_empty(), "{:?}", twice.changes);
        }
    }

    #[test]
    fn repairs_bom_crlf_and_lone_cr() {
        let r = repair_text("\u{FEFF}a\r\nb\rc\n");
        assert_eq!(r.text, "a\nb\nc\n");
        assert_eq!(r.changes.len(), 3);
    }

    #[test]
    fn mojibake_bom_and_crlf_together() {
        let r = repair_text("\u{00D4}\u{00AA}\u{00F8}# Registry \u{201A}\u{00E8}\u{2265}\r\n");
        assert_eq!(r.text, "# Registry ⏳\n");
        assert_eq!(r.changes.len(), 3, "{:?}", r.changes);
    }

    #[test]
    fn clean_text_has_nothing_to_fix() {
        let r = repair_text("# Registry\n\ncafé ⏳\n");
        assert!(r.changes.is_empty());
    }

    #[test]
    fn a_second_repair_changes_nothing() {
        for text in ["\u{FEFF}\u{FEFF}a\r\n", "a\r\r\nb", "\u{FEFF}x\ry\r\n"] {
            let once = repair_text(text);
            let twice = repair_text(&once.text);
            assert_eq!(twice.text, once.text, "{text:?}");
            assert!(twice.changes.is_empty(), "{text:?}: {:?}", twice.changes);
        }
    }
}
