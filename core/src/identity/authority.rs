//! Who may sign what: the key an entry must be signed with, the permission each event needs, and
//! the `not-your-key` refusal for a command run as a session whose key is not at hand.
//!
//! An entry is signed by its actor's recorded key. Beyond that:
//! - `init`: any key; the signer becomes the actor's key (the journal's first key);
//! - `register`: by the claiming session (its first claim is signed by the key it records) or by
//!   the orchestrator (ingesting a signed REGISTRATION message); a recorded key never changes here;
//! - `confirm`, `activate`, `reassign`, `rekey`: the orchestrator;
//! - `release`: the holder, or the orchestrator for another's number; `ack`: the holder;
//! - `enroll`: `init`'s actor, during the setup (before any other event);
//! - `require-signatures`: `init`'s actor during the setup, else the orchestrator;
//! - `set-ttls`, `release-stale`: the orchestrator or the human;
//! - `approve`: carries the approver's own signature (see `approval`); its `sig` is optional;
//! - `reject`: by the actor's recorded key, or any key when it has none (a refused first claim):
//!   it changes nothing but marks the message as processed.
//!
//! No key is both a session's and an approver's, and no two sessions share one.

use super::keys::{fingerprint, parse_public_key, Keyring, Owner};
use super::{INVALID_KEY, KEY_IN_USE, NOT_YOUR_KEY, SIGNATURES_REQUIRED};
use crate::protocol::claim::{orchestrator_only, orchestrator_or_human, Refusal};
use crate::protocol::journal::{Entry, Event};
use crate::protocol::state::State;
use ssh_key::public::KeyData;
use ssh_key::PublicKey;

/// The key `entry` must be signed with, given the state before it; `None` for `init` (any key).
pub fn expected_signer(
    state: &State,
    keyring: &Keyring,
    entry: &Entry,
) -> Result<Option<PublicKey>, String> {
    if matches!(entry.event, Event::Init { .. }) && !state.initialized {
        return Ok(None);
    }
    if let Some(key) = keyring.session(&entry.actor) {
        return Ok(Some(key.clone()));
    }
    match &entry.event {
        Event::Reject { .. } => Ok(None),
        Event::Register(claim) if claim.session == entry.actor => match &claim.key {
            Some(line) => parse_public_key(line).map(Some),
            None => Err(format!(
                "{} has no recorded key and its claim records none",
                entry.actor
            )),
        },
        _ => Err(format!("{} has no recorded key", entry.actor)),
    }
}

/// Whether `entry`'s actor may cause its event, given the state before it (see the module doc).
pub fn permitted(state: &State, keyring: &Keyring, entry: &Entry) -> Result<(), Refusal> {
    let actor = entry.actor.as_str();
    match &entry.event {
        Event::Init { .. } | Event::Approve { .. } | Event::Reject { .. } => Ok(()),
        Event::Register(claim) => {
            if claim.session != actor {
                orchestrator_only(state, actor, "register another session")?;
            }
            match &claim.key {
                Some(line) => check_session_key(keyring, &claim.session, line, false),
                None => Ok(()),
            }
        }
        Event::Release { number } => {
            let held_by_actor = state
                .holders
                .get(number)
                .is_some_and(|h| h.session == actor);
            if held_by_actor {
                Ok(())
            } else {
                orchestrator_only(state, actor, "release another session's number")
            }
        }
        Event::Ack { number } => match state.holders.get(number) {
            Some(h) if h.session == actor => Ok(()),
            _ => Err(Refusal::new(
                "not-permitted",
                format!("{actor} does not hold number {number} and cannot acknowledge it"),
            )),
        },
        Event::Reassign { .. } => orchestrator_only(state, actor, "reassign numbers"),
        Event::Confirm {} => orchestrator_only(state, actor, "confirm the registry"),
        Event::Activate {} => orchestrator_only(state, actor, "activate the registry"),
        Event::Rekey { session, key } => {
            orchestrator_only(state, actor, "replace a session's key")?;
            check_session_key(keyring, session, key, true)
        }
        Event::Enroll { name, key } => {
            in_setup(state, actor, "enroll approvers")?;
            check_approver_key(keyring, name, key)
        }
        Event::RequireSignatures {} => in_setup(state, actor, "require signatures")
            .or_else(|_| orchestrator_only(state, actor, "require signatures")),
        Event::SetTtls { .. } => orchestrator_or_human(state, actor, "change the presence TTLs"),
        Event::ReleaseStale { .. } => orchestrator_or_human(state, actor, "release stale numbers"),
    }
}

/// Refuses unless the registry is being set up and `actor` created it.
fn in_setup(state: &State, actor: &str, what: &str) -> Result<(), Refusal> {
    if state.keys.setup && state.initialized_by.as_deref() == Some(actor) {
        return Ok(());
    }
    Err(Refusal::new(
        "not-permitted",
        format!("only whoever creates the registry may {what}, while creating it"),
    ))
}

/// A session key must parse, be no approver's or other session's key, and (unless `replacing`)
/// match the key the session already has.
fn check_session_key(
    keyring: &Keyring,
    session: &str,
    line: &str,
    replacing: bool,
) -> Result<(), Refusal> {
    let key = parse_key(line)?;
    match keyring.owner(key.key_data()) {
        Some(Owner::Approver(name)) => {
            return Err(in_use(&key, &format!("approver {name}"), "a session's"))
        }
        Some(Owner::Session(other)) if other != session => {
            return Err(in_use(&key, other, &format!("{session}'s")))
        }
        _ => {}
    }
    match keyring.session(session) {
        Some(recorded) if !replacing && recorded.key_data() != key.key_data() => {
            let mut r = Refusal::new(
                NOT_YOUR_KEY,
                format!(
                    "{session}'s recorded key is {}, not {}",
                    fingerprint(recorded.key_data()),
                    fingerprint(key.key_data())
                ),
            );
            r.help =
                Some("a lost or leaked key is replaced by the orchestrator: rollcall rekey".into());
            Err(r)
        }
        _ => Ok(()),
    }
}

/// An approver key must parse and be no session's (a session key can never approve) or other approver's.
fn check_approver_key(keyring: &Keyring, name: &str, line: &str) -> Result<(), Refusal> {
    let key = parse_key(line)?;
    match keyring.owner(key.key_data()) {
        Some(Owner::Session(session)) => Err(in_use(&key, session, "an approver's")),
        Some(Owner::Approver(other)) if other != name => Err(in_use(
            &key,
            &format!("approver {other}"),
            &format!("{name}'s"),
        )),
        _ => Ok(()),
    }
}

fn parse_key(line: &str) -> Result<PublicKey, Refusal> {
    parse_public_key(line).map_err(|why| Refusal::new(INVALID_KEY, why))
}

fn in_use(key: &PublicKey, holder: &str, wanted: &str) -> Refusal {
    Refusal::new(
        KEY_IN_USE,
        format!(
            "key {} is {holder}'s and cannot also be {wanted}",
            fingerprint(key.key_data())
        ),
    )
}

/// Refuses (`not-your-key`) a command run as `actor` when `actor` has a recorded key and `held`
/// (the key at hand: loaded or in the agent) is not it. An actor with no recorded key passes.
pub fn check_key(keyring: &Keyring, actor: &str, held: Option<&KeyData>) -> Result<(), Refusal> {
    let Some(recorded) = keyring.session(actor) else {
        return Ok(());
    };
    if held == Some(recorded.key_data()) {
        return Ok(());
    }
    let at_hand = match held {
        Some(key) => format!("the key at hand is {}", fingerprint(key)),
        None => "no key is at hand".to_string(),
    };
    let mut r = Refusal::new(
        NOT_YOUR_KEY,
        format!(
            "{actor}'s recorded key is {}; {at_hand}",
            fingerprint(recorded.key_data())
        ),
    );
    r.help = Some(format!(
        "run as yourself, or pass --key with {actor}'s private key"
    ));
    Err(r)
}

/// Refuses (`signatures-required`) sending unsigned to a folder whose registry requires
/// signatures; a folder without a registry, or made with `--allow-unsigned`, takes it.
pub fn unsigned_send(state: Option<&State>) -> Result<(), Refusal> {
    let required = state.is_some_and(|s| s.keys.signatures_required);
    if !required {
        return Ok(());
    }
    let mut r = Refusal::new(
        SIGNATURES_REQUIRED,
        "this registry requires signed messages".to_string(),
    );
    r.help = Some("send without --unsigned; rollcall signs with the session's key".to_string());
    Err(r)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::identity::keys::tests::{claim, key_for, line_for, started};

    fn state() -> State {
        let mut state = started(2);
        for (n, who) in [(1, "boss"), (2, "s2")] {
            let event = Event::Register(claim(n, who));
            state.apply(&Entry::new("t", who, event)).unwrap();
        }
        state
            .keys
            .approvers
            .insert("james".into(), line_for("james"));
        state
    }

    fn allowed(actor: &str, event: Event) -> Result<(), Refusal> {
        let state = state();
        permitted(
            &state,
            &Keyring::from_state(&state),
            &Entry::new("t", actor, event),
        )
    }

    #[test]
    fn confirm_by_a_non_orchestrator_is_refused() {
        assert!(allowed("boss", Event::Confirm {}).is_ok());
        assert_eq!(
            allowed("s2", Event::Confirm {}).unwrap_err().code,
            "not-orchestrator"
        );
        assert!(allowed("s2", Event::Activate {}).is_err());
    }

    #[test]
    fn release_and_ack_belong_to_the_holder() {
        assert!(allowed("s2", Event::Release { number: 2 }).is_ok());
        assert!(allowed("boss", Event::Release { number: 2 }).is_ok());
        assert!(allowed("s2", Event::Release { number: 1 }).is_err());
        assert!(allowed("s2", Event::Ack { number: 2 }).is_ok());
        assert!(allowed("s2", Event::Ack { number: 1 }).is_err());
    }

    #[test]
    fn keys_are_never_shared_between_roles() {
        let rekey = |key: String| Event::Rekey {
            session: "s2".into(),
            key,
        };
        assert!(allowed("boss", rekey(line_for("fresh"))).is_ok());
        assert!(allowed("s2", rekey(line_for("fresh"))).is_err());
        assert_eq!(
            allowed("boss", rekey(line_for("james"))).unwrap_err().code,
            KEY_IN_USE
        );
        assert_eq!(
            allowed("boss", rekey(line_for("boss"))).unwrap_err().code,
            KEY_IN_USE
        );
        assert_eq!(
            allowed("boss", rekey("nonsense".into())).unwrap_err().code,
            INVALID_KEY
        );
    }

    #[test]
    fn enrolment_is_for_the_setup_only() {
        let enroll = Event::Enroll {
            name: "ann".into(),
            key: line_for("ann"),
        };
        let refused = allowed("boss", enroll).unwrap_err();
        assert_eq!(refused.code, "not-permitted");
        let fresh = started(2);
        let keyring = Keyring::from_state(&fresh);
        let enroll = |key: String| {
            Entry::new(
                "t",
                "boss",
                Event::Enroll {
                    name: "ann".into(),
                    key,
                },
            )
        };
        assert!(permitted(&fresh, &keyring, &enroll(line_for("ann"))).is_ok());
        let other = Entry::new(
            "t",
            "s2",
            Event::Enroll {
                name: "x".into(),
                key: line_for("x"),
            },
        );
        assert!(permitted(&fresh, &keyring, &other).is_err());
    }

    #[test]
    fn a_claim_cannot_change_a_recorded_key() {
        let state = state();
        let keyring = Keyring::from_state(&state);
        let mut claim = claim(2, "s2");
        let entry = |c: &crate::protocol::Claim| Entry::new("t", "s2", Event::Register(c.clone()));
        assert!(permitted(&state, &keyring, &entry(&claim)).is_ok());
        claim.key = Some(line_for("other"));
        assert_eq!(
            permitted(&state, &keyring, &entry(&claim))
                .unwrap_err()
                .code,
            NOT_YOUR_KEY
        );
    }

    #[test]
    fn expected_signer_is_the_actors_key() {
        let state = state();
        let keyring = Keyring::from_state(&state);
        let confirm = Entry::new("t", "boss", Event::Confirm {});
        let expected = expected_signer(&state, &keyring, &confirm)
            .unwrap()
            .unwrap();
        assert_eq!(expected.key_data(), key_for("boss").public_key().key_data());
        let stranger = Entry::new("t", "nobody", Event::Confirm {});
        assert!(expected_signer(&state, &keyring, &stranger).is_err());
        let init = Entry::new("t", "x", crate::identity::keys::tests::init(1));
        let empty = State::default();
        assert_eq!(
            expected_signer(&empty, &Keyring::default(), &init),
            Ok(None)
        );
    }

    #[test]
    fn not_your_key_unless_the_recorded_key_is_at_hand() {
        let state = state();
        let keyring = Keyring::from_state(&state);
        let own = key_for("s2");
        assert!(check_key(&keyring, "s2", Some(own.public_key().key_data())).is_ok());
        let other = key_for("boss");
        let refused = check_key(&keyring, "s2", Some(other.public_key().key_data())).unwrap_err();
        assert_eq!(refused.code, NOT_YOUR_KEY);
        assert_eq!(
            check_key(&keyring, "s2", None).unwrap_err().code,
            NOT_YOUR_KEY
        );
        assert!(check_key(&keyring, "newcomer", None).is_ok());
    }

    #[test]
    fn unsigned_sends_only_where_signatures_are_not_required() {
        assert!(unsigned_send(None).is_ok());
        let mut state = state();
        assert!(unsigned_send(Some(&state)).is_ok());
        state.keys.signatures_required = true;
        assert_eq!(
            unsigned_send(Some(&state)).unwrap_err().code,
            SIGNATURES_REQUIRED
        );
    }
}
