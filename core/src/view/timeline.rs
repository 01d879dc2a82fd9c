//! The registration timeline of a coordination folder: its REGISTRATION messages in time order,
//! each decided exactly as `rollcall ingest` decides it (the protocol's `claim`, first
//! registration wins), so the page and the CLI name the same winner.

use crate::model::Registry;
use crate::parse::registration::find_registration;
use crate::protocol::claim::{claim, ClaimRequest, NumberRequest};
use crate::protocol::state::{blank_registry, coordinator_slot, required_of};
use crate::protocol::{Entry, Event, Refusal, State};
use crate::Diagnostic;
use serde::{Deserialize, Serialize};

/// One message as the timeline reads it (the fields of a message file).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TimelineInput {
    /// Where the message came from (its path under the folder), to tell messages apart.
    pub key: String,
    /// The sender's session name.
    pub from: String,
    /// When it was sent (ISO 8601 UTC, as the message files hold it).
    pub timestamp: String,
    /// The subject line.
    pub subject: String,
    /// The body.
    pub message: String,
}

/// What the protocol made of one registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Outcome {
    /// The claim was applied: the session holds the number.
    Accepted,
    /// The protocol refused it (`number-taken` when another session registered first).
    Refused {
        /// The refusal's stable code.
        code: String,
        /// Why, in one sentence.
        message: String,
        /// The session already holding the number, when that is the reason.
        holder: Option<String>,
    },
    /// The message is not a well-formed registration.
    Invalid {
        /// The parse error's stable code (`invalid-registration`).
        code: String,
        /// What is missing or malformed.
        reason: String,
    },
}

/// One registration message and its outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// The message's key, as given.
    pub key: String,
    /// The sender.
    pub from: String,
    /// When it was sent.
    pub timestamp: String,
    /// The number claimed (the one assigned for `NUMBER=next` when accepted), if known.
    pub number: Option<u32>,
    /// The SESSION_ID the registration gives, if it parsed.
    pub session_id: Option<String>,
    /// The ROLE it gives, if it parsed.
    pub role: Option<String>,
    /// What the protocol made of it.
    pub outcome: Outcome,
}

/// Decides every registration among `messages` in time order (timestamp, then key), starting
/// from `registry` as `rollcall init` would (its pre-assigned slots reserved), or from empty slots
/// when there is none. Messages without a REGISTRATION are left out.
pub fn registration_timeline(
    messages: &[TimelineInput],
    registry: Option<&Registry>,
) -> Vec<TimelineEntry> {
    let mut ordered: Vec<&TimelineInput> = messages.iter().filter(|m| carries(m)).collect();
    ordered.sort_by(|a, b| (&a.timestamp, &a.key).cmp(&(&b.timestamp, &b.key)));
    let mut state = initial_state(registry, &ordered);
    ordered
        .into_iter()
        .map(|input| decide(&mut state, input))
        .collect()
}

/// True when the subject or body holds a REGISTRATION.
fn carries(input: &TimelineInput) -> bool {
    find_registration(&input.subject).is_some() || find_registration(&input.message).is_some()
}

/// The claim a registration message makes (the subject's registration, else the body's), or
/// the parse error.
// The error is the one diagnostic type, as `parse_registration` returns it.
#[allow(clippy::result_large_err)]
pub fn claim_request(input: &TimelineInput) -> Result<ClaimRequest, Diagnostic> {
    ClaimRequest::from_message(&input.from, &input.key, &input.subject, &input.message)
}

/// The state `rollcall init` starts from: the registry's slots, or empty slots enough for every
/// number the messages claim.
fn initial_state(registry: Option<&Registry>, messages: &[&TimelineInput]) -> State {
    let (registry, required, coordinator) = match registry {
        Some(r) => (r.clone(), required_of(r), coordinator_slot(r)),
        None => {
            let highest = messages
                .iter()
                .filter_map(|m| claim_request(m).ok())
                .filter_map(|r| match r.number {
                    NumberRequest::Exact(n) => Some(n),
                    NumberRequest::Next => None,
                })
                .max()
                .unwrap_or(0);
            let required = highest.max(messages.len() as u32).clamp(1, 10_000);
            let blank = blank_registry("Registry", required).unwrap_or_default();
            (blank, required, 1)
        }
    };
    let mut state = State::default();
    let init = Event::Init {
        registry,
        required,
        coordinator,
    };
    // A fresh state always accepts `init`.
    let _ = state.apply(&Entry::new("", "", init));
    state
}

fn decide(state: &mut State, input: &TimelineInput) -> TimelineEntry {
    let mut entry = TimelineEntry {
        key: input.key.clone(),
        from: input.from.clone(),
        timestamp: input.timestamp.clone(),
        number: None,
        session_id: None,
        role: None,
        outcome: Outcome::Accepted,
    };
    let request = match claim_request(input) {
        Ok(request) => request,
        Err(d) => {
            entry.outcome = Outcome::Invalid {
                code: d.code,
                reason: d.message,
            };
            return entry;
        }
    };
    entry.session_id = request.session_id.clone();
    entry.role = Some(request.role.clone());
    if let NumberRequest::Exact(n) = request.number {
        entry.number = Some(n);
    }
    let decided = claim(state, &request).and_then(|event| {
        if let Event::Register(c) = &event {
            entry.number = Some(c.number);
        }
        state
            .apply(&Entry::new(&input.timestamp, &input.from, event))
            .map_err(|why| Refusal::new("claim-invalid", why))
    });
    if let Err(refusal) = decided {
        entry.outcome = Outcome::Refused {
            code: refusal.code,
            message: refusal.message,
            holder: refusal.holder.map(|h| h.session),
        };
    }
    entry
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::parse_registry;

    fn message(key: &str, from: &str, time: &str, number: &str) -> TimelineInput {
        TimelineInput {
            key: key.into(),
            from: from.into(),
            timestamp: time.into(),
            subject: format!(
                "REGISTRATION: NUMBER={number} ROLE=Outreach AI - Batch {key} GOAL=Send 17 emails daily SESSION_ID={from} STATUS=REGISTERED"
            ),
            message: String::new(),
        }
    }

    fn seed() -> Registry {
        parse_registry(include_str!(
            "../../../tests/fixtures/marketing-registry.md"
        ))
        .unwrap()
        .registry
    }

    #[test]
    fn first_registration_wins_in_time_order_not_input_order() {
        let messages = [
            message("b", "marketing-outreach-3", "2025-11-15T22:02:00Z", "5"),
            message("a", "marketing-outreach-2", "2025-11-15T22:01:05Z", "5"),
            TimelineInput {
                key: "c".into(),
                from: "marketing-orchestrator".into(),
                subject: "Register now".into(),
                ..TimelineInput::default()
            },
        ];
        let timeline = registration_timeline(&messages, Some(&seed()));
        assert_eq!(
            timeline.len(),
            2,
            "the message without a registration is left out"
        );
        assert_eq!(timeline[0].from, "marketing-outreach-2");
        assert_eq!(timeline[0].outcome, Outcome::Accepted);
        assert_eq!(timeline[1].number, Some(5));
        match &timeline[1].outcome {
            Outcome::Refused { code, holder, .. } => {
                assert_eq!(code, "number-taken");
                assert_eq!(holder.as_deref(), Some("marketing-outreach-2"));
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn without_a_registry_next_takes_the_lowest_free_number() {
        let messages = [
            message("a", "writer-1", "2025-11-15T22:00:00Z", "1"),
            message("b", "writer-2", "2025-11-15T22:01:00Z", "next"),
        ];
        let timeline = registration_timeline(&messages, None);
        assert_eq!(timeline[1].outcome, Outcome::Accepted);
        assert_eq!(timeline[1].number, Some(2));
    }

    #[test]
    fn a_malformed_registration_is_invalid_with_the_parser_reason() {
        let broken = TimelineInput {
            key: "x".into(),
            from: "someone".into(),
            timestamp: "2025-11-15T22:00:00Z".into(),
            subject: "REGISTRATION: ROLE=Writer".into(),
            message: String::new(),
        };
        let timeline = registration_timeline(&[broken], None);
        match &timeline[0].outcome {
            Outcome::Invalid { code, reason } => {
                assert_eq!(code, "invalid-registration");
                assert!(reason.contains("NUMBER"), "{reason}");
            }
            other => panic!("expected invalid, got {other:?}"),
        }
    }

    #[test]
    fn a_session_claiming_a_slot_reserved_for_another_is_refused() {
        let messages = [message("a", "intruder", "2025-11-15T22:00:00Z", "5")];
        let timeline = registration_timeline(&messages, Some(&seed()));
        match &timeline[0].outcome {
            Outcome::Refused { code, .. } => assert_eq!(code, "identity-mismatch"),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
}
