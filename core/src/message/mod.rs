//! Coordination messages: the JSON model every message file holds, its file naming, ids and
//! timestamps, and reading a message file (strict JSON first, legacy recovery second).
//!
//! Pure: the caller passes the clock reading and the randomness in.

pub mod legacy;
pub mod name;
pub mod receipt;

use crate::diagnostic::Diagnostic;
use serde::{Deserialize, Serialize};

pub use crate::time::UtcTime;
pub use legacy::{recover_legacy_message, Recovered};
pub use name::{validate_name, validate_session_id, MAX_NAME_BYTES};

/// The recipient that sends a message to every session (`messages/broadcast/`).
pub const BROADCAST: &str = "broadcast";

/// One message file. The first five fields are the old script's, in the old order; the rest are
/// additions old readers ignore. Optional fields are omitted from the JSON when unset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// Sender session id.
    pub from: String,
    /// Recipient session id, or `broadcast`.
    pub to: String,
    /// When it was sent: UTC, ISO 8601 (`2026-11-25T07:35:29Z`).
    pub timestamp: String,
    /// One-line subject, byte-exact.
    pub subject: String,
    /// Body, byte-exact (may be empty).
    pub message: String,
    /// Unique id sortable by time (26 Crockford base32 characters); absent in legacy files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Conversation this message belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread: Option<String>,
    /// Id of the message this one answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<String>,
    /// The sender asks for an acknowledgement.
    #[serde(default, skip_serializing_if = "is_false")]
    pub ack_required: bool,
}

fn is_false(value: &bool) -> bool {
    !*value
}

impl Message {
    /// True when the message goes to every session.
    pub fn is_broadcast(&self) -> bool {
        self.to == BROADCAST
    }

    /// The file's JSON text: pretty-printed with two-space indent and a final newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// The file name stem of a message: `<YYYY-mm-dd_HH-MM-SS>-<SENDER>` (the old script's naming).
pub fn file_stem(time: &UtcTime, sender: &str) -> String {
    format!("{}-{sender}", time.file_stamp())
}

/// The file name stem of `message` from its own timestamp: `2026-11-25_07-35-29-SENDER`.
pub fn message_file_stem(message: &Message) -> String {
    let stamp: String = message
        .timestamp
        .trim_end_matches('Z')
        .chars()
        .map(|c| match c {
            'T' => '_',
            ':' => '-',
            c => c,
        })
        .collect();
    format!("{stamp}-{}", message.from)
}

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A ULID-style id: 48 bits of milliseconds then 80 random bits, as 26 Crockford base32
/// characters, so ids sort by time as plain strings.
pub fn format_id(unix_millis: u64, random: u128) -> String {
    let value: u128 =
        (u128::from(unix_millis & 0xFFFF_FFFF_FFFF) << 80) | (random & ((1u128 << 80) - 1));
    (0..26)
        .rev()
        .map(|i| CROCKFORD[((value >> (i * 5)) & 31) as usize] as char)
        .collect()
}

/// Everything needed to build a new message; the CLI fills in the clock and id.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    /// Sender session id (validated).
    pub from: String,
    /// Recipient session id or `broadcast` (validated).
    pub to: String,
    /// Subject, byte-exact.
    pub subject: String,
    /// Body, byte-exact.
    pub message: String,
    /// Optional conversation id.
    pub thread: Option<String>,
    /// Optional id of the message answered.
    pub reply_to: Option<String>,
    /// Ask for an acknowledgement.
    pub ack_required: bool,
}

/// Builds a message from a draft at `unix_secs` with `id`, refusing invalid names and subjects.
#[allow(clippy::result_large_err)] // Diagnostic is the one error type; these run once per file
pub fn compose(draft: Draft, unix_secs: i64, id: String) -> Result<Message, Diagnostic> {
    validate_name("sender", &draft.from)?;
    validate_name("recipient", &draft.to)?;
    if draft.subject.is_empty() {
        return Err(Diagnostic::error("empty-subject", "the subject is empty")
            .with_help("give a SUBJECT: rollcall send TO SUBJECT [MESSAGE]"));
    }
    Ok(Message {
        from: draft.from,
        to: draft.to,
        timestamp: UtcTime::from_unix(unix_secs).iso8601(),
        subject: draft.subject,
        message: draft.message,
        id: Some(id),
        thread: draft.thread,
        reply_to: draft.reply_to,
        ack_required: draft.ack_required,
    })
}

/// Reads a message file's text: strict JSON first, then the legacy fixed-layout recovery.
///
/// A file that is valid JSON but lacks one of the five string fields is unrecoverable.
#[allow(clippy::result_large_err)] // Diagnostic is the one error type; these run once per file
pub fn read_message(text: &str) -> Result<Recovered, Diagnostic> {
    let trimmed = text.strip_prefix('\u{feff}').unwrap_or(text);
    match serde_json::from_str::<serde_json::Value>(trimmed) {
        Ok(value) => serde_json::from_value::<Message>(value)
            .map(|message| Recovered {
                message,
                repairs: Vec::new(),
            })
            .map_err(|e| {
                Diagnostic::error(
                    "message-invalid",
                    format!("valid JSON but not a message: {e}"),
                )
                .with_help("a message needs string fields from, to, timestamp, subject, message")
            }),
        Err(_) => recover_legacy_message(trimmed),
    }
}

/// Normalizes a `--since` value to the `timestamp` form so strings compare in time order.
///
/// Accepts a date (`2026-11-25`), a civil time in UTC (`2026-11-25T08:00`, `2026-11-25 08:00:00`,
/// optional `Z`) or an RFC 3339 time with an offset (`2026-11-25T10:00:00+02:00`), read by jiff:
/// impossible dates and times (`2026-13-45`, `T99:99`) are refused.
#[allow(clippy::result_large_err)] // Diagnostic is the one error type; these run once per file
pub fn normalize_since(value: &str) -> Result<String, Diagnostic> {
    let instant = UtcTime::parse_loose(value).ok_or_else(|| {
        Diagnostic::error(
            "invalid-time",
            format!(
                "`{}` is not a UTC time like 2026-11-25 or 2026-11-25T08:00:00Z",
                crate::text::escape_controls(value)
            ),
        )
        .with_help("write a date (2026-11-25), a UTC time (2026-11-25T08:00 or 2026-11-25T08:00:00Z) or a time with an offset (2026-11-25T10:00:00+02:00)")
    })?;
    Ok(instant.iso8601())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn draft() -> Draft {
        Draft {
            from: "3".into(),
            to: "orchestrator".into(),
            subject: "Hi".into(),
            message: "body".into(),
            ..Draft::default()
        }
    }

    #[test]
    fn json_keeps_old_five_fields_first_in_order() {
        let m = compose(draft(), 1_764_056_129, format_id(1, 2)).unwrap();
        let json = m.to_json();
        let keys: Vec<usize> = [
            "\"from\"",
            "\"to\"",
            "\"timestamp\"",
            "\"subject\"",
            "\"message\"",
            "\"id\"",
        ]
        .iter()
        .map(|k| json.find(k).unwrap())
        .collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "{json}");
        assert!(!json.contains("thread") && !json.contains("ack_required"));
        assert!(json.ends_with("}\n"));
    }

    #[test]
    fn timestamp_and_stamp_are_utc() {
        let t = UtcTime::from_unix(1_764_056_129);
        assert_eq!(t.iso8601(), "2025-11-25T07:35:29Z");
        assert_eq!(file_stem(&t, "3"), "2025-11-25_07-35-29-3");
        let m = compose(draft(), 1_764_056_129, String::new()).unwrap();
        assert_eq!(message_file_stem(&m), "2025-11-25_07-35-29-3");
        assert_eq!(UtcTime::from_unix(0).iso8601(), "1970-01-01T00:00:00Z");
        assert_eq!(
            UtcTime::from_unix(951_782_400).iso8601(),
            "2000-02-29T00:00:00Z"
        );
    }

    #[test]
    fn ids_sort_by_time() {
        let a = format_id(1_000, u128::MAX);
        let b = format_id(1_001, 0);
        assert_eq!(a.len(), 26);
        assert!(a < b);
    }

    #[test]
    fn compose_refuses_path_names_and_empty_subject() {
        let mut d = draft();
        d.to = "../x".into();
        assert_eq!(
            compose(d, 0, String::new()).unwrap_err().code,
            "invalid-name"
        );
        let mut d = draft();
        d.subject.clear();
        assert_eq!(
            compose(d, 0, String::new()).unwrap_err().code,
            "empty-subject"
        );
    }

    #[test]
    fn read_round_trips_hostile_text() {
        let mut d = draft();
        d.message = "a \"q\" \\ \n\t $120k 🎉 <b>x</b>\r\n".into();
        let m = compose(d, 5, format_id(5_000, 7)).unwrap();
        let back = read_message(&m.to_json()).unwrap();
        assert_eq!(back.message, m);
        assert!(back.repairs.is_empty());
    }

    #[test]
    fn valid_json_without_fields_is_refused() {
        assert_eq!(
            read_message("{\"from\": 1}").unwrap_err().code,
            "message-invalid"
        );
    }

    #[test]
    fn since_forms_normalize() {
        assert_eq!(
            normalize_since("2026-11-25").unwrap(),
            "2026-11-25T00:00:00Z"
        );
        assert_eq!(
            normalize_since("2026-11-25 08:01").unwrap(),
            "2026-11-25T08:01:00Z"
        );
        assert_eq!(
            normalize_since("2026-11-25T08:01:02Z").unwrap(),
            "2026-11-25T08:01:02Z"
        );
        assert_eq!(
            normalize_since("2026-11-25T10:00:00+02:00").unwrap(),
            "2026-11-25T08:00:00Z"
        );
        for bad in [
            "yesterday",
            "2026-13-45",
            "2026-12-03T99:99",
            "2026-00-00",
            "2026-02-30",
            "",
        ] {
            let refusal = normalize_since(bad).unwrap_err();
            assert_eq!(refusal.code, "invalid-time", "{bad}");
            assert!(refusal.help.is_some());
        }
    }
}
