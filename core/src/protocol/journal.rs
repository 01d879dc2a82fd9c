//! The registry journal: one JSON event per line (`{"time","actor","event","data"}`), append-only,
//! the source of truth the registry state is rebuilt from.

use crate::model::Registry;
use serde::{Deserialize, Serialize};

/// The journal's file name inside the coordination folder.
pub const JOURNAL_FILE: &str = "registry.journal.jsonl";

/// One journal line: when, who, and what happened. Written by serde; read by
/// [`Entry::from_line`] (see `entry_json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// UTC time in RFC 3339 (`2026-11-25T08:00:00Z`), supplied by the caller (core has no clock).
    pub time: String,
    /// The session (or human) that caused the event.
    pub actor: String,
    /// The event name (`event`) and its payload (`data`).
    #[serde(flatten)]
    pub event: Event,
    /// On an `approve` entry: the approver's armored `rollcall-approve` SSHSIG over the approval
    /// text (see `identity::approval`). Absent in journals written before signatures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval: Option<String>,
    /// The actor's armored `rollcall-journal` SSHSIG over the entry's canonical form (see
    /// `identity::canonical`); always the last member of the line. Absent when unsigned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sig: Option<String>,
}

/// Everything that can happen to a registry, in the journal's `event`/`data` form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "event", content = "data", rename_all = "kebab-case")]
pub enum Event {
    /// The registry state was created from a markdown registry or as empty slots.
    Init {
        /// The starting registry (slot descriptions, prose, checklist), read from an object only.
        registry: Registry,
        /// How many sessions must register (the numbers are 1..=required).
        required: u32,
        /// The number of the coordinator slot; its session is the orchestrator.
        coordinator: u32,
    },
    /// A session claimed a number.
    Register(Claim),
    /// A number was given up and is free again.
    Release {
        /// The released number.
        number: u32,
    },
    /// The orchestrator reserved a number for another session, dropping any current holder.
    Reassign {
        /// The reassigned number.
        number: u32,
        /// The session that may now claim it.
        to: String,
    },
    /// The orchestrator confirmed the registry has no conflicts.
    Confirm {},
    /// A session acknowledged its identity and commitments.
    Ack {
        /// The acknowledging session's number.
        number: u32,
    },
    /// The human approved the final registry.
    Approve {
        /// The approving human's name.
        by: String,
    },
    /// The registry was activated and broadcast.
    Activate {},
    /// The orchestrator replaced a session's lost or leaked key (voids the approval).
    Rekey {
        /// The session whose key changes.
        session: String,
        /// Its new OpenSSH public key line (`ssh-ed25519 AAAA... comment`).
        key: String,
    },
    /// An approver was enrolled: a human whose key may sign approvals (`rollcall-approve`).
    Enroll {
        /// The approver's name (`--by NAME`).
        name: String,
        /// The approver's OpenSSH public key line (any type `ssh-keygen` signs with).
        key: String,
    },
    /// From this entry on, every journal entry must be signed by its actor.
    RequireSignatures {},
    /// The orchestrator or the human set the presence TTLs (`init --idle-ttl/--stale-ttl`, `set-ttls`).
    SetTtls {
        /// Seconds unseen after which a session is `idle`.
        idle_secs: u64,
        /// Seconds unseen after which a session is `stale`.
        stale_secs: u64,
    },
    /// The orchestrator or the human released every stale number at once (`release --stale`).
    ReleaseStale {
        /// The released numbers, ascending.
        numbers: Vec<u32>,
        /// Why: each number's holder and how long it had not been seen.
        reason: String,
    },
    /// An ingested REGISTRATION message was refused (recorded so `ingest` never retries it).
    Reject {
        /// The message's key (its path under `messages/`).
        message: String,
        /// The refusal code.
        code: String,
        /// The refusal message.
        reason: String,
    },
}

/// A registration: the number and the identity a session claims.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    /// The claimed number.
    pub number: u32,
    /// The claiming session's name (`marketing-outreach-1`).
    pub session: String,
    /// The SESSION_ID text to record (`marketing-outreach-1 (session-1763243115)`).
    pub session_id: String,
    /// The ROLE text.
    pub role: String,
    /// The GOAL text.
    pub goal: String,
    /// The RESPONSIBILITIES items; empty keeps the slot's own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub responsibilities: Vec<String>,
    /// The message the claim came from (its path under `messages/`), when it came from one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The session's OpenSSH public key line (`ssh-ed25519 AAAA... comment`), when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

impl Event {
    /// The event's journal name (`register`).
    pub fn name(&self) -> &'static str {
        match self {
            Event::Init { .. } => "init",
            Event::Register(_) => "register",
            Event::Release { .. } => "release",
            Event::Reassign { .. } => "reassign",
            Event::Confirm {} => "confirm",
            Event::Ack { .. } => "ack",
            Event::Approve { .. } => "approve",
            Event::Activate {} => "activate",
            Event::Rekey { .. } => "rekey",
            Event::Enroll { .. } => "enroll",
            Event::RequireSignatures {} => "require-signatures",
            Event::Reject { .. } => "reject",
            Event::SetTtls { .. } => "set-ttls",
            Event::ReleaseStale { .. } => "release-stale",
        }
    }
}

impl Entry {
    /// An entry for `event` caused by `actor` at `time`.
    pub fn new(time: impl Into<String>, actor: impl Into<String>, event: Event) -> Self {
        Entry {
            time: time.into(),
            actor: actor.into(),
            event,
            approval: None,
            sig: None,
        }
    }

    /// The entry as one journal line, newline included.
    pub fn to_line(&self) -> String {
        let mut line = serde_json::to_string(self).unwrap_or_default();
        line.push('\n');
        line
    }

    /// Reads one journal line (without its newline).
    pub fn from_line(line: &str) -> Result<Entry, String> {
        super::entry_json::entry_from_line(line)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn entry_line_has_time_actor_event_data() {
        let entry = Entry::new("2026-11-25T08:00:00Z", "s1", Event::Ack { number: 3 });
        let line = entry.to_line();
        assert!(line.ends_with('\n'));
        let json: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(json["time"], "2026-11-25T08:00:00Z");
        assert_eq!(json["actor"], "s1");
        assert_eq!(json["event"], "ack");
        assert_eq!(json["data"]["number"], 3);
        assert_eq!(Entry::from_line(line.trim_end()).unwrap(), entry);
    }

    #[test]
    fn empty_events_round_trip_with_object_data() {
        let entry = Entry::new("t", "a", Event::Confirm {});
        let line = entry.to_line();
        assert!(line.contains(r#""data":{}"#), "{line}");
        assert_eq!(Entry::from_line(line.trim_end()).unwrap(), entry);
    }

    #[test]
    fn presence_events_round_trip_under_their_names() {
        let ttls = Event::SetTtls {
            idle_secs: 60,
            stale_secs: 600,
        };
        let line = Entry::new("t", "boss", ttls.clone()).to_line();
        assert!(line.contains(r#""event":"set-ttls""#), "{line}");
        assert_eq!(Entry::from_line(line.trim_end()).unwrap().event, ttls);
        let release = Event::ReleaseStale {
            numbers: vec![2, 5],
            reason: "#2 s2 not seen for 20m".into(),
        };
        let line = Entry::new("t", "boss", release.clone()).to_line();
        assert!(line.contains(r#""event":"release-stale""#), "{line}");
        assert_eq!(Entry::from_line(line.trim_end()).unwrap().event, release);
    }

    #[test]
    fn hostile_text_round_trips() {
        let claim = Claim {
            number: 2,
            session: "s\"2".into(),
            session_id: "s\"2 (x)".into(),
            role: "Role with \"quotes\", \\ back\nslash, $120k, 🎯, <b>html</b>".into(),
            goal: "Send 17 emails daily\r\n".into(),
            responsibilities: vec!["../etc".into()],
            message: Some("direct/o/x.json".into()),
            key: None,
        };
        let entry = Entry::new("t", "a", Event::Register(claim));
        let line = entry.to_line();
        assert_eq!(line.matches('\n').count(), 1);
        assert_eq!(Entry::from_line(line.trim_end()).unwrap(), entry);
    }

    #[test]
    fn init_reads_its_registry_and_sessions_from_objects_only() {
        let line = r#"{"time": "t", "actor": "a", "event": "init", "data": {"registry": [], "required": 1, "coordinator": 1}}"#;
        assert!(Entry::from_line(line).is_err());
        let line = r#"{"time": "t", "actor": "a", "event": "init", "data": {"registry": {"sessions": [[4, 1]]}, "required": 1, "coordinator": 1}}"#;
        assert!(Entry::from_line(line).is_err());
        let line = r#"{"time": "t", "actor": "a", "event": "init", "data": {"registry": {"sessions": [{"line": 4}]}, "required": 1, "coordinator": 1}}"#;
        assert!(Entry::from_line(line).is_ok());
    }
}
