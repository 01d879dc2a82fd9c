//! Who is in the registry and how alive each session is, as `status`, `send`, `inbox` and
//! `release --stale` need it: the replayed state, the presence store's last-seen times and the
//! clock's reading, read once. Core judges; this module only gathers the inputs.

use crate::clock;
use crate::error::{CliError, CliResult};
use crate::store::{FolderJournal, FolderPresence, JournalStore, PresenceStore};
use rollcall_core::liveness::{age_secs, age_text, Liveness};
use rollcall_core::protocol::presence::{session_liveness, slot_presence, LastSeen, SlotPresence};
use rollcall_core::protocol::State;
use rollcall_core::UtcTime;
use std::path::Path;

/// The registry state with presence and the time it was judged at.
pub struct Roster {
    /// The replayed registry state.
    pub state: State,
    /// Every session's last-seen time.
    pub seen: LastSeen,
    /// The clock's reading (`ROLLCALL_NOW` when set).
    pub now: UtcTime,
}

impl Roster {
    /// The roster of `state` with `dir`'s presence, now.
    pub fn of(dir: &Path, state: State) -> CliResult<Roster> {
        Ok(Roster {
            state,
            seen: FolderPresence::new(dir).last_seen()?,
            now: clock::utc(),
        })
    }

    /// The roster of `dir` when it holds a registry; `None` for a folder without one.
    pub fn load(dir: &Path) -> CliResult<Option<Roster>> {
        let files = FolderJournal::new(dir);
        if !files.has_journal() {
            return Ok(None);
        }
        let state = files.load()?.state;
        if !state.initialized {
            return Ok(None);
        }
        Roster::of(dir, state).map(Some)
    }

    /// Slot `number`'s presence.
    pub fn slot(&self, number: u32) -> SlotPresence {
        slot_presence(&self.state, &self.seen, number, self.now)
    }

    /// `session`'s liveness.
    pub fn liveness(&self, session: &str) -> Liveness {
        session_liveness(&self.state, &self.seen, session, self.now)
    }

    /// How long ago `session` was last seen (`4m`), or `never`.
    pub fn seen_age(&self, session: &str) -> String {
        let registered = self
            .state
            .number_of(session)
            .and_then(|n| self.state.holders.get(&n))
            .map(|h| h.since.as_str());
        let last = rollcall_core::protocol::presence::last_seen_of(&self.seen, session, registered);
        age_of(last, self.now)
    }

    /// True when the registry knows `session` (holder, reservation, orchestrator, released).
    pub fn knows(&self, session: &str) -> bool {
        self.state.known_sessions().contains(session)
    }

    /// The exit-2 error for a session the registry does not know, listing the ones it does.
    pub fn unknown(&self, session: &str, what: &str) -> CliError {
        let known: Vec<String> = self.state.known_sessions().into_iter().collect();
        CliError::usage(format!("{session} is not in the registry; {what}"))
            .with_hint(format!("known ids: {}", known.join(", ")))
    }
}

/// An age as `status` shows it (`12s`), or `never`.
pub fn age_of(last: Option<UtcTime>, now: UtcTime) -> String {
    match last {
        Some(t) => age_text(age_secs(t, now)),
        None => "never".to_string(),
    }
}
