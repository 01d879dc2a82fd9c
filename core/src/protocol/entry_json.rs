//! Reading one journal line into an [`Entry`] without serde's buffered `Content` path.
//!
//! `#[serde(flatten)]` and adjacently tagged enums buffer the line into serde's private `Content`
//! tree and read every event type a second time from it: a second copy of the registry's reader
//! in the wasm module. Here the line is read once as `{time, actor, event, data, approval, sig}`
//! with `data` kept as raw JSON, and `data` is then read straight into the one type its `event`
//! names.

use super::journal::{Claim, Entry, Event};
use crate::model::Registry;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::value::RawValue;

/// The line's members, `data` unread.
#[derive(Deserialize)]
struct Line<'a> {
    time: String,
    actor: String,
    event: String,
    #[serde(borrow)]
    data: Option<&'a RawValue>,
    #[serde(default)]
    approval: Option<String>,
    #[serde(default)]
    sig: Option<String>,
}

/// `init`'s data.
#[derive(Deserialize)]
struct Init {
    #[serde(deserialize_with = "crate::strict_json::object")]
    registry: Registry,
    required: u32,
    coordinator: u32,
}

/// The data of events that name a number.
#[derive(Deserialize)]
struct Number {
    number: u32,
}

/// `reassign`'s data.
#[derive(Deserialize)]
struct Reassign {
    number: u32,
    to: String,
}

/// `approve`'s data.
#[derive(Deserialize)]
struct Approve {
    by: String,
}

/// `rekey`'s data.
#[derive(Deserialize)]
struct Rekey {
    session: String,
    key: String,
}

/// `enroll`'s data.
#[derive(Deserialize)]
struct Enroll {
    name: String,
    key: String,
}

/// `reject`'s data.
#[derive(Deserialize)]
struct Reject {
    message: String,
    code: String,
    reason: String,
}

/// `set-ttls`'s data.
#[derive(Deserialize)]
struct SetTtls {
    idle_secs: u64,
    stale_secs: u64,
}

/// `release-stale`'s data.
#[derive(Deserialize)]
struct ReleaseStale {
    numbers: Vec<u32>,
    reason: String,
}

/// The data of events that carry none: an object (`{}`), as they are written.
#[derive(Deserialize)]
struct Empty {}

/// Reads one journal line (without its newline).
pub(super) fn entry_from_line(text: &str) -> Result<Entry, String> {
    let line: Line = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let data = line.data.ok_or("missing field `data`")?.get();
    Ok(Entry {
        time: line.time,
        actor: line.actor,
        event: event(&line.event, data)?,
        approval: line.approval,
        sig: line.sig,
    })
}

/// The event `name` with its raw JSON `data`.
fn event(name: &str, data: &str) -> Result<Event, String> {
    Ok(match name {
        "init" => {
            let Init {
                registry,
                required,
                coordinator,
            } = read(data)?;
            Event::Init {
                registry,
                required,
                coordinator,
            }
        }
        "register" => Event::Register(read::<Claim>(data)?),
        "release" => Event::Release {
            number: read::<Number>(data)?.number,
        },
        "reassign" => {
            let Reassign { number, to } = read(data)?;
            Event::Reassign { number, to }
        }
        "confirm" => read::<Empty>(data).map(|_| Event::Confirm {})?,
        "ack" => Event::Ack {
            number: read::<Number>(data)?.number,
        },
        "approve" => Event::Approve {
            by: read::<Approve>(data)?.by,
        },
        "activate" => read::<Empty>(data).map(|_| Event::Activate {})?,
        "rekey" => {
            let Rekey { session, key } = read(data)?;
            Event::Rekey { session, key }
        }
        "enroll" => {
            let Enroll { name, key } = read(data)?;
            Event::Enroll { name, key }
        }
        "require-signatures" => read::<Empty>(data).map(|_| Event::RequireSignatures {})?,
        "reject" => {
            let Reject {
                message,
                code,
                reason,
            } = read(data)?;
            Event::Reject {
                message,
                code,
                reason,
            }
        }
        "set-ttls" => {
            let SetTtls {
                idle_secs,
                stale_secs,
            } = read(data)?;
            Event::SetTtls {
                idle_secs,
                stale_secs,
            }
        }
        "release-stale" => {
            let ReleaseStale { numbers, reason } = read(data)?;
            Event::ReleaseStale { numbers, reason }
        }
        other => {
            return Err(format!(
                "unknown event `{}`",
                crate::text::escape_controls(other)
            ))
        }
    })
}

/// `data` read as `T`, from an object only.
fn read<T: DeserializeOwned>(data: &str) -> Result<T, String> {
    serde_json::from_str::<crate::strict_json::Object<T>>(data)
        .map(|object| object.0)
        .map_err(|e| format!("data: {e}"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn members_in_any_order_read_alike() {
        let written = r#"{"time":"t","actor":"a","event":"ack","data":{"number":3}}"#;
        let shuffled = r#"{"data":{"number":3},"sig":null,"actor":"a","event":"ack","time":"t"}"#;
        let entry = entry_from_line(written).unwrap();
        assert_eq!(entry_from_line(shuffled).unwrap(), entry);
        assert_eq!(entry.event, Event::Ack { number: 3 });
    }

    #[test]
    fn unknown_events_missing_data_and_arrays_are_refused() {
        for (line, why) in [
            (
                r#"{"time":"t","actor":"a","event":"explode","data":{}}"#,
                "unknown event `explode`",
            ),
            (
                r#"{"time":"t","actor":"a","event":"confirm"}"#,
                "missing field `data`",
            ),
            (
                r#"{"time":"t","actor":"a","event":"ack","data":[3]}"#,
                "data: ",
            ),
            (
                r#"{"time":"t","actor":"a","event":"confirm","data":[]}"#,
                "data: ",
            ),
            (
                r#"{"time":"t","actor":"a","event":"ack","data":{"number":"3"}}"#,
                "data: ",
            ),
        ] {
            let error = entry_from_line(line).unwrap_err();
            assert!(error.contains(why), "{line}: {error}");
        }
    }

    #[test]
    fn every_event_reads_back_as_written() {
        let claim = Claim {
            number: 2,
            session: "s".into(),
            session_id: "s (x)".into(),
            role: "r".into(),
            goal: "g 1".into(),
            responsibilities: vec!["one".into()],
            message: None,
            key: Some("ssh-ed25519 AAAA k".into()),
        };
        let events = [
            Event::Init {
                registry: Registry::default(),
                required: 2,
                coordinator: 1,
            },
            Event::Register(claim),
            Event::Release { number: 2 },
            Event::Reassign {
                number: 2,
                to: "b".into(),
            },
            Event::Confirm {},
            Event::Ack { number: 1 },
            Event::Approve { by: "Ada".into() },
            Event::Activate {},
            Event::Rekey {
                session: "s".into(),
                key: "k".into(),
            },
            Event::Enroll {
                name: "Ada".into(),
                key: "k".into(),
            },
            Event::RequireSignatures {},
            Event::Reject {
                message: "m".into(),
                code: "c".into(),
                reason: "r".into(),
            },
            Event::SetTtls {
                idle_secs: 60,
                stale_secs: 600,
            },
            Event::ReleaseStale {
                numbers: vec![2, 5],
                reason: "not seen".into(),
            },
        ];
        for event in events {
            let entry = Entry::new("t", "a", event);
            let line = entry.to_line();
            assert_eq!(entry_from_line(line.trim_end()).unwrap(), entry, "{line}");
        }
    }
}
