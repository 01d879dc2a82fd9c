//! Repairing a damaged journal: dropping the lines replay already ignores (broken JSON, rejected
//! events), so the repaired journal replays to exactly the same state with no errors.

use super::state::replay;
use crate::Severity;

/// Codes of the journal lines replay skips; the lines a repair drops.
const IGNORED_LINES: [&str; 2] = ["journal-bad-line", "journal-rejected-event"];

/// A journal with its ignored lines dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalRepair {
    /// The journal text without the dropped lines.
    pub text: String,
    /// The 1-based numbers of the dropped lines, in order.
    pub dropped: Vec<u32>,
}

/// True when replaying `text` meets an error: every write must wait for a repair.
pub fn needs_repair(text: &str) -> bool {
    replay(text)
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error)
}

/// `text` without the lines replay ignores as errors; `None` when there is nothing to drop.
pub fn repair_journal(text: &str) -> Option<JournalRepair> {
    let replayed = replay(text);
    let dropped: Vec<u32> = replayed
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error && IGNORED_LINES.contains(&d.code.as_str()))
        .filter_map(|d| d.line)
        .collect();
    if dropped.is_empty() {
        return None;
    }
    let kept: String = text
        .split_inclusive('\n')
        .enumerate()
        .filter(|(i, _)| !dropped.contains(&(*i as u32 + 1)))
        .map(|(_, line)| line)
        .collect();
    Some(JournalRepair {
        text: kept,
        dropped,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::protocol::journal::{Entry, Event};

    fn line(event: Event) -> String {
        Entry::new("2026-12-01T10:00:00Z", "orch", event).to_line()
    }

    fn journal_with_a_broken_middle_line() -> String {
        let init = r#"{"time":"t","actor":"orch","event":"init","data":{"registry":{},"required":2,"coordinator":1}}"#;
        format!(
            "{init}\n{{\"time\":\"t\",\"actor\":\"a\",\"event\":\"regi\n{}",
            line(Event::Release { number: 2 })
        )
    }

    #[test]
    fn broken_middle_line_is_dropped_and_the_state_is_unchanged() {
        let text = journal_with_a_broken_middle_line();
        assert!(needs_repair(&text));
        let repair = repair_journal(&text).unwrap();
        assert_eq!(repair.dropped, [2]);
        assert!(!needs_repair(&repair.text));
        assert_eq!(replay(&repair.text).state, replay(&text).state);
        assert_eq!(repair.text.lines().count(), 2);
    }

    #[test]
    fn a_sound_journal_or_a_torn_tail_needs_no_repair() {
        let init = r#"{"time":"t","actor":"orch","event":"init","data":{"registry":{},"required":2,"coordinator":1}}"#;
        assert_eq!(repair_journal(&format!("{init}\n")), None);
        let torn = format!("{init}\n{{\"time\":\"t\"");
        assert!(
            !needs_repair(&torn),
            "a torn last line is a warning, cut by the next write"
        );
        assert_eq!(repair_journal(&torn), None);
    }
}
