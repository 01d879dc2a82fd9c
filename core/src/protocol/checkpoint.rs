//! A checkpoint of the replayed journal, kept beside it so a change replays only the lines after
//! it: the replay of the journal's first bytes, with the SHA-256 of exactly those bytes. A
//! checkpoint that does not match the journal (edited, replaced, cut) is ignored, and the whole
//! journal is replayed, so it can make a change faster but never different.

use super::state::Replayed;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The checkpoint layout this build writes and reads; another is ignored.
pub const CHECKPOINT_FORMAT: u32 = 1;

/// A replay of a journal prefix and the digest of that prefix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// [`CHECKPOINT_FORMAT`] when written.
    pub format: u32,
    /// How many lines the prefix holds.
    pub lines: u32,
    /// The SHA-256 (hex) of the prefix: the journal's first `replayed.valid_len` bytes.
    pub digest: String,
    /// The replay of the prefix (state and findings).
    pub replayed: Replayed,
}

impl Checkpoint {
    /// The checkpoint of `journal`, all of whose complete lines `replayed` replays; none when its
    /// last line is not complete yet (a torn tail is never saved).
    pub fn of(journal: &str, replayed: &Replayed) -> Option<Checkpoint> {
        let prefix = journal.get(..replayed.valid_len)?;
        if replayed.valid_len != journal.len() || !(prefix.is_empty() || prefix.ends_with('\n')) {
            return None;
        }
        Some(Checkpoint {
            format: CHECKPOINT_FORMAT,
            lines: count_lines(prefix),
            digest: digest(prefix),
            replayed: replayed.clone(),
        })
    }

    /// The text of `journal` after this checkpoint, when the checkpoint was made from its prefix.
    pub fn tail_of<'a>(&self, journal: &'a str) -> Option<&'a str> {
        let end = self.replayed.valid_len;
        let prefix = journal.get(..end)?;
        let sound = self.format == CHECKPOINT_FORMAT
            && (prefix.is_empty() || prefix.ends_with('\n'))
            && count_lines(prefix) == self.lines
            && digest(prefix) == self.digest;
        sound.then(|| &journal[end..])
    }

    /// The checkpoint as its file holds it.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A checkpoint file's text read back; none when it is not one (a torn or foreign file).
    pub fn from_json(text: &str) -> Option<Checkpoint> {
        serde_json::from_str(text).ok()
    }
}

fn count_lines(text: &str) -> u32 {
    u32::try_from(text.bytes().filter(|&b| b == b'\n').count()).unwrap_or(u32::MAX)
}

fn digest(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::protocol::state::{apply_line, replay, resume_with};

    const JOURNAL: &str = concat!(
        r#"{"time":"2026-11-25T07:00:00Z","actor":"orch","event":"init","data":{"registry":{"title":"T","sessions":[]},"required":2,"coordinator":1}}"#,
        "\n",
    );

    #[test]
    fn a_checkpoint_resumes_to_the_same_replay_and_rejects_another_journal() {
        let full = replay(JOURNAL);
        assert!(full.state.initialized, "{:?}", full.diagnostics);
        let checkpoint = Checkpoint::of(JOURNAL, &full).unwrap();
        let back = Checkpoint::from_json(&checkpoint.to_json()).unwrap();
        assert_eq!(back, checkpoint);
        let tail = back.tail_of(JOURNAL).unwrap();
        assert_eq!(tail, "");
        let resumed = resume_with(back.replayed.clone(), back.lines, tail, &mut apply_line);
        assert_eq!(resumed, full);
        let edited = JOURNAL.replace("\"T\"", "\"X\"");
        assert!(
            back.tail_of(&edited).is_none(),
            "an edited prefix is not resumed"
        );
        assert!(
            back.tail_of("").is_none(),
            "a shorter journal is not resumed"
        );
    }

    #[test]
    fn a_torn_tail_is_never_saved() {
        let torn = format!("{JOURNAL}{{\"time\"");
        let replayed = replay(&torn);
        assert!(Checkpoint::of(&torn, &replayed).is_none());
    }
}
