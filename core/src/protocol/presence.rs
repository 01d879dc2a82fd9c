//! Presence over the registry: each number's liveness and which numbers are stale, judged from
//! the last-seen times the caller read, the time now and the registry's TTLs. Pure: no clock, no
//! files. A holder's registration counts as a sighting, so a session that registered and ran
//! nothing since is judged from its registration time.

use super::state::State;
use crate::liveness::{age_secs, age_text, judge, Liveness};
use crate::time::UtcTime;
use std::collections::BTreeMap;

/// Last-seen times by session id, as the presence store holds them.
pub type LastSeen = BTreeMap<String, UtcTime>;

/// One number's presence: who, when last seen, and the liveness judged from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotPresence {
    /// The slot number.
    pub number: u32,
    /// The holding session, or the session released from it (`gone`); `None` for a slot never held.
    pub session: Option<String>,
    /// When it was last seen (presence, else its registration), when known.
    pub last_seen: Option<UtcTime>,
    /// Its liveness; `None` for a slot never held.
    pub liveness: Option<Liveness>,
}

/// When `session` was last seen: the later of its presence record and `registered` (its
/// registration time as the journal wrote it).
pub fn last_seen_of(seen: &LastSeen, session: &str, registered: Option<&str>) -> Option<UtcTime> {
    let presence = seen.get(session).copied();
    let registration = registered.and_then(UtcTime::parse_rfc3339);
    presence.max(registration)
}

/// The presence of slot `number` at `now`.
pub fn slot_presence(state: &State, seen: &LastSeen, number: u32, now: UtcTime) -> SlotPresence {
    if let Some(holder) = state.holders.get(&number) {
        let last = last_seen_of(seen, &holder.session, Some(&holder.since));
        return SlotPresence {
            number,
            session: Some(holder.session.clone()),
            last_seen: last,
            liveness: Some(judge(last, now, state.ttls, false)),
        };
    }
    let gone = state
        .gone
        .iter()
        .filter(|(_, g)| g.number == number)
        .max_by(|a, b| a.1.time.cmp(&b.1.time));
    SlotPresence {
        number,
        session: gone.map(|(s, _)| s.clone()),
        last_seen: gone.and_then(|(s, g)| last_seen_of(seen, s, Some(&g.time))),
        liveness: gone.map(|_| Liveness::Gone),
    }
}

/// The liveness of `session` at `now`: from its number when it holds one, `gone` when it was
/// released, else judged from its presence alone (a reserved or unregistered session).
pub fn session_liveness(state: &State, seen: &LastSeen, session: &str, now: UtcTime) -> Liveness {
    match state.number_of(session) {
        Some(number) => slot_presence(state, seen, number, now)
            .liveness
            .unwrap_or(Liveness::Stale),
        None if state.gone.contains_key(session) => Liveness::Gone,
        None => judge(seen.get(session).copied(), now, state.ttls, false),
    }
}

/// The held numbers whose holders are stale at `now`, ascending.
pub fn stale_numbers(state: &State, seen: &LastSeen, now: UtcTime) -> Vec<u32> {
    state
        .holders
        .keys()
        .copied()
        .filter(|n| slot_presence(state, seen, *n, now).liveness == Some(Liveness::Stale))
        .collect()
}

/// The reason `release --stale` records: each number, its holder and how long it was unseen.
pub fn stale_reason(state: &State, seen: &LastSeen, numbers: &[u32], now: UtcTime) -> String {
    let parts: Vec<String> = numbers
        .iter()
        .map(|n| {
            let slot = slot_presence(state, seen, *n, now);
            let who = slot.session.unwrap_or_default();
            match slot.last_seen {
                Some(t) => format!("#{n} {who} not seen for {}", age_text(age_secs(t, now))),
                None => format!("#{n} {who} never seen"),
            }
        })
        .collect();
    format!(
        "stale (no sign of life for {} s or more): {}",
        state.ttls.stale_secs,
        parts.join("; ")
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::protocol::claim::{release_stale, set_ttls};
    use crate::protocol::journal::{Claim, Entry, Event};
    use crate::protocol::state::blank_registry;

    const T0: &str = "2026-12-01T10:00:00Z";

    fn at(secs: i64) -> UtcTime {
        UtcTime::from_unix(UtcTime::parse_rfc3339(T0).unwrap().unix_seconds() + secs)
    }

    fn team(sessions: &[&str]) -> State {
        let mut state = State::default();
        let init = Event::Init {
            registry: blank_registry("R", sessions.len() as u32).unwrap(),
            required: sessions.len() as u32,
            coordinator: 1,
        };
        state.apply(&Entry::new(T0, "human", init)).unwrap();
        for (i, name) in sessions.iter().enumerate() {
            let claim = Claim {
                number: i as u32 + 1,
                session: name.to_string(),
                session_id: name.to_string(),
                role: format!("Role {i}"),
                goal: "Send 10 emails daily".into(),
                responsibilities: vec![],
                message: None,
                key: None,
            };
            state
                .apply(&Entry::new(T0, *name, Event::Register(claim)))
                .unwrap();
        }
        state
    }

    #[test]
    fn registration_counts_as_a_sighting_and_presence_moves_it_on() {
        let state = team(&["boss", "s2"]);
        let mut seen = LastSeen::new();
        assert_eq!(stale_numbers(&state, &seen, at(899)), Vec::<u32>::new());
        assert_eq!(stale_numbers(&state, &seen, at(900)), vec![1, 2]);
        seen.insert("boss".into(), at(800));
        assert_eq!(stale_numbers(&state, &seen, at(900)), vec![2]);
        let slot = slot_presence(&state, &seen, 1, at(900));
        assert_eq!(slot.liveness, Some(Liveness::Active));
        assert_eq!(slot.last_seen, Some(at(800)));
    }

    #[test]
    fn ttls_from_the_journal_are_used() {
        let mut state = team(&["boss", "s2"]);
        let event = set_ttls(&state, "boss", 10, 60).unwrap();
        state.apply(&Entry::new(T0, "boss", event)).unwrap();
        let seen = LastSeen::new();
        assert_eq!(
            session_liveness(&state, &seen, "s2", at(9)),
            Liveness::Active
        );
        assert_eq!(
            session_liveness(&state, &seen, "s2", at(10)),
            Liveness::Idle
        );
        assert_eq!(
            session_liveness(&state, &seen, "s2", at(60)),
            Liveness::Stale
        );
        assert_eq!(
            set_ttls(&state, "s2", 5, 50).unwrap_err().code,
            "not-permitted"
        );
        assert_eq!(
            set_ttls(&state, "boss", 60, 60).unwrap_err().code,
            "invalid-ttls"
        );
        assert!(set_ttls(&state, "boss", 10, 60).unwrap_err().noop);
    }

    #[test]
    fn release_stale_frees_only_stale_numbers_and_they_are_gone() {
        let mut state = team(&["boss", "s2", "s3"]);
        let mut seen = LastSeen::new();
        seen.insert("boss".into(), at(1000));
        seen.insert("s3".into(), at(950));
        let now = at(1000);
        let stale = stale_numbers(&state, &seen, now);
        assert_eq!(stale, vec![2]);
        let reason = stale_reason(&state, &seen, &stale, now);
        assert!(reason.contains("#2 s2 not seen for 16m"), "{reason}");
        let refused = release_stale(&state, "s3", &stale, &reason).unwrap_err();
        assert_eq!(refused.code, "not-permitted");
        let event = release_stale(&state, "boss", &stale, &reason).unwrap();
        state.apply(&Entry::new(T0, "boss", event)).unwrap();
        assert_eq!(state.free_numbers(), vec![2]);
        assert_eq!(state.claimable_by("newcomer"), vec![2]);
        assert_eq!(session_liveness(&state, &seen, "s2", now), Liveness::Gone);
        assert_eq!(
            slot_presence(&state, &seen, 2, now).liveness,
            Some(Liveness::Gone)
        );
        assert!(state.known_sessions().contains("s2"));
        assert!(
            release_stale(&state, "human", &[], "none")
                .unwrap_err()
                .noop
        );
    }
}
