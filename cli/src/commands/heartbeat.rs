//! `rollcall heartbeat [--every SECONDS]`: marks this session seen now (presence, never the
//! journal), once or every SECONDS until killed.

use crate::clock;
use crate::common::Common;
use crate::error::{CliResult, EXIT_OK};
use crate::output::{print_json, Console, OK};
use crate::store::{FolderPresence, PresenceStore};
use rollcall_core::escape_controls;
use serde::Serialize;
use std::time::Duration;

/// Arguments of `rollcall heartbeat`.
#[derive(Debug, clap::Args)]
pub struct HeartbeatArgs {
    /// Identity, folder and output options.
    #[command(flatten)]
    pub common: Common,
    /// Keep beating every SECONDS until killed (prints only the first beat).
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    pub every: Option<u64>,
}

/// What `heartbeat --json` prints.
#[derive(Debug, Serialize)]
struct Beat {
    session: String,
    last_seen: String,
}

/// Runs `rollcall heartbeat`.
pub fn run(args: HeartbeatArgs, console: &Console) -> CliResult<u8> {
    let dir = args.common.folder()?;
    let me = args.common.actor(&dir)?;
    let store = FolderPresence::new(&dir);
    let at = clock::utc();
    store.mark_seen(&me, at)?;
    if args.common.json {
        print_json(&Beat {
            session: me.clone(),
            last_seen: at.iso8601(),
        })?;
    } else {
        console.print(&format!(
            "{} {} seen at {}\n",
            console.stdout.paint(OK, "✅"),
            escape_controls(&me),
            at.iso8601()
        ))?;
    }
    let Some(every) = args.every else {
        return Ok(EXIT_OK);
    };
    loop {
        std::thread::sleep(Duration::from_secs(every));
        store.mark_seen(&me, clock::utc())?;
    }
}
