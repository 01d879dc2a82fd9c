//! Presence as a side effect: whenever a command runs as a session (`--as`, `$ROLLCALL_SESSION`
//! or the legacy `.current_session`) on a folder with a registry, that session is marked seen
//! now. Best effort: a sighting that cannot be written never fails the command.

use crate::args::Command;
use crate::clock;
use crate::common::Common;
use crate::store::{FolderJournal, FolderPresence, JournalStore, PresenceStore};

/// The folder options of a command that runs on a coordination folder as a session, if any.
/// `heartbeat` marks its session itself; `doctor` only reads the folder and `import` must change
/// nothing when run again, and neither acts as a session, so they are left out too.
fn common_of(command: &Command) -> Option<&Common> {
    Some(match command {
        Command::Init(a) => &a.common,
        Command::Register(a) => &a.common,
        Command::Status(a) => &a.common,
        Command::Release(a) => &a.common,
        Command::Reassign(a) => &a.common,
        Command::Confirm(a) => &a.common,
        Command::Ack(a) => &a.common,
        Command::Approve(a) => &a.common,
        Command::Activate(a) => &a.common,
        Command::Ingest(a) => &a.common,
        Command::Send(a) => &a.common,
        Command::Inbox(a) => &a.common,
        Command::SetTtls(a) => &a.common,
        Command::AckMessage(a) => &a.common,
        Command::Sent(a) => &a.common,
        Command::RequireSignatures(a) => &a.common,
        Command::Heartbeat(_)
        | Command::Mcp(_)
        | Command::AllowedSigners(_)
        | Command::Verify(_)
        | Command::Import(_)
        | Command::Doctor(_)
        | Command::Completions(_)
        | Command::Man(_)
        | Command::Parse(_)
        | Command::Render(_)
        | Command::Fix(_)
        | Command::Validate(_) => return None,
    })
}

/// Marks the session `command` runs as seen now, when it names one and the folder has a registry.
pub fn mark(command: &Command) {
    let Some(common) = common_of(command) else {
        return;
    };
    let Ok(dir) = common.folder() else {
        return;
    };
    if !FolderJournal::new(&dir).has_journal() {
        return;
    }
    if let Ok(session) = common.actor_or(&dir, "") {
        if !session.is_empty() {
            let _ = FolderPresence::new(&dir).mark_seen(&session, clock::utc());
        }
    }
}
