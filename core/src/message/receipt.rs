//! Receipts: for each message, per recipient, when it was delivered, read and acknowledged.
//! `send` writes the record, `inbox` (not `--peek`) stamps `read`, `ack-message` stamps
//! `acknowledged`, and `sent` shows them. Pure: times are passed in as RFC 3339 text.

use super::Message;
use crate::time::UtcTime;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One recipient's receipt: each step's time, once it happened.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecipientReceipt {
    /// When the message was stored where the recipient reads (RFC 3339 UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivered: Option<String>,
    /// When the recipient first read it (`inbox`, not `--peek`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read: Option<String>,
    /// When the recipient acknowledged it (`ack-message`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledged: Option<String>,
}

/// How far a message got with one recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Progress {
    /// Not stored for the recipient (a broadcast to a session that joined later).
    Pending,
    /// Stored where the recipient reads.
    Delivered,
    /// Read by the recipient.
    Read,
    /// Acknowledged by the recipient.
    Acknowledged,
}

impl Progress {
    /// The step's name (`delivered`, `read`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Progress::Pending => "pending",
            Progress::Delivered => "delivered",
            Progress::Read => "read",
            Progress::Acknowledged => "acknowledged",
        }
    }
}

impl RecipientReceipt {
    /// The furthest step reached.
    pub fn progress(&self) -> Progress {
        if self.acknowledged.is_some() {
            Progress::Acknowledged
        } else if self.read.is_some() {
            Progress::Read
        } else if self.delivered.is_some() {
            Progress::Delivered
        } else {
            Progress::Pending
        }
    }
}

/// A message's receipt record (`messages/.receipts/<ID>.json` in the folder store).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// The message id.
    pub id: String,
    /// The sender.
    pub from: String,
    /// The recipient as addressed (a session id or `broadcast`).
    pub to: String,
    /// The subject.
    pub subject: String,
    /// When it was sent (the message timestamp).
    pub sent: String,
    /// Whether the sender asked for an acknowledgement.
    #[serde(default)]
    pub ack_required: bool,
    /// Each recipient's receipt, by session id.
    #[serde(default)]
    pub recipients: BTreeMap<String, RecipientReceipt>,
}

impl Receipt {
    /// The record for `message` (which must have an id), delivered at `at` to each of `recipients`.
    pub fn delivered(message: &Message, recipients: &[String], at: &str) -> Option<Receipt> {
        let id = message.id.clone()?;
        let recipients = recipients
            .iter()
            .map(|r| {
                let receipt = RecipientReceipt {
                    delivered: Some(at.to_string()),
                    ..RecipientReceipt::default()
                };
                (r.clone(), receipt)
            })
            .collect();
        Some(Receipt {
            id,
            from: message.from.clone(),
            to: message.to.clone(),
            subject: message.subject.clone(),
            sent: message.timestamp.clone(),
            ack_required: message.ack_required,
            recipients,
        })
    }

    /// Records that `session` read it at `at` (the first read counts); true when it changed.
    pub fn mark_read(&mut self, session: &str, at: &str) -> bool {
        let entry = self.recipient_mut(session, at);
        if entry.read.is_some() {
            return false;
        }
        entry.read = Some(at.to_string());
        true
    }

    /// Records that `session` acknowledged it at `at` (also reading it); true when it changed.
    pub fn mark_acknowledged(&mut self, session: &str, at: &str) -> bool {
        let read = self.mark_read(session, at);
        let entry = self.recipient_mut(session, at);
        if entry.acknowledged.is_some() {
            return read;
        }
        entry.acknowledged = Some(at.to_string());
        true
    }

    /// True when `session` acknowledged it.
    pub fn acknowledged_by(&self, session: &str) -> bool {
        self.recipients
            .get(session)
            .is_some_and(|r| r.acknowledged.is_some())
    }

    /// True when some recipient has not done what the sender waits for (acknowledge when asked,
    /// else read) and it was sent `overdue_secs` or more before `now`.
    pub fn overdue(&self, now: UtcTime, overdue_secs: u64) -> bool {
        let Some(sent) = UtcTime::parse_rfc3339(&self.sent) else {
            return false;
        };
        let waited = crate::liveness::age_secs(sent, now) >= overdue_secs;
        let wanted = if self.ack_required {
            Progress::Acknowledged
        } else {
            Progress::Read
        };
        waited && self.recipients.values().any(|r| r.progress() < wanted)
    }

    /// The record as its file's JSON text (pretty, final newline).
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Reads a record from its file's text.
    pub fn from_json(text: &str) -> Result<Receipt, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    /// `session`'s entry, added as delivered at `at` when missing (a broadcast read by a
    /// session that joined after it was sent).
    fn recipient_mut(&mut self, session: &str, at: &str) -> &mut RecipientReceipt {
        self.recipients
            .entry(session.to_string())
            .or_insert_with(|| RecipientReceipt {
                delivered: Some(at.to_string()),
                ..RecipientReceipt::default()
            })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn message(ack_required: bool) -> Message {
        Message {
            from: "alice".into(),
            to: "bob".into(),
            timestamp: "2026-12-01T10:00:00Z".into(),
            subject: "handoff".into(),
            message: "body".into(),
            id: Some("01ID".into()),
            thread: None,
            reply_to: None,
            ack_required,
        }
    }

    #[test]
    fn steps_go_delivered_read_acknowledged_and_keep_the_first_time() {
        let mut r = Receipt::delivered(&message(true), &["bob".into()], "t0").unwrap();
        assert_eq!(r.recipients["bob"].progress(), Progress::Delivered);
        assert!(r.mark_read("bob", "t1"));
        assert!(!r.mark_read("bob", "t2"));
        assert_eq!(r.recipients["bob"].read.as_deref(), Some("t1"));
        assert!(r.mark_acknowledged("bob", "t3"));
        assert!(!r.mark_acknowledged("bob", "t4"));
        assert_eq!(r.recipients["bob"].progress(), Progress::Acknowledged);
        assert!(r.acknowledged_by("bob"));
    }

    #[test]
    fn json_round_trips_and_omits_steps_not_reached() {
        let r = Receipt::delivered(&message(false), &["bob".into()], "t0").unwrap();
        let text = r.to_json();
        assert!(!text.contains("\"read\""), "{text}");
        assert_eq!(Receipt::from_json(&text).unwrap(), r);
        assert!(Receipt::from_json("{").is_err());
    }

    #[test]
    fn overdue_waits_for_the_step_the_sender_wants() {
        let sent = UtcTime::parse_rfc3339("2026-12-01T10:00:00Z").unwrap();
        let later = UtcTime::from_unix(sent.unix_seconds() + 600);
        let mut plain = Receipt::delivered(&message(false), &["bob".into()], "t0").unwrap();
        assert!(plain.overdue(later, 300));
        assert!(!plain.overdue(later, 900));
        plain.mark_read("bob", "t1");
        assert!(!plain.overdue(later, 300));
        let mut asked = Receipt::delivered(&message(true), &["bob".into()], "t0").unwrap();
        asked.mark_read("bob", "t1");
        assert!(asked.overdue(later, 300));
        asked.mark_acknowledged("bob", "t2");
        assert!(!asked.overdue(later, 300));
    }

    #[test]
    fn a_late_reader_of_a_broadcast_is_added() {
        let mut r = Receipt::delivered(&message(false), &[], "t0").unwrap();
        r.mark_read("carol", "t5");
        assert_eq!(r.recipients["carol"].delivered.as_deref(), Some("t5"));
        let no_id = Message {
            id: None,
            ..message(false)
        };
        assert!(Receipt::delivered(&no_id, &[], "t0").is_none());
    }
}
