//! The presence store behind `heartbeat`, `status`, `send` and `release --stale`: when each
//! session was last seen. Not registry history: it lives outside the journal, so heartbeats never
//! grow it (the folder backend is `folder_presence`).

use crate::error::CliResult;
use rollcall_core::protocol::presence::LastSeen;
use rollcall_core::UtcTime;

/// A place that remembers when each session was last seen.
pub trait PresenceStore {
    /// Records that `session` was seen at `at`.
    fn mark_seen(&self, session: &str, at: UtcTime) -> CliResult<()>;
    /// Every session's last-seen time (records that cannot be read are left out).
    fn last_seen(&self) -> CliResult<LastSeen>;
}
