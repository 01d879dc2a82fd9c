//! `rollcall set-ttls`: the orchestrator or the human changes when a session turns idle and
//! stale; recorded as a `set-ttls` journal event.

use crate::common::Common;
use crate::error::{CliError, CliResult};
use crate::output::Console;
use crate::protocol_step::{decide_and_append, finish};
use rollcall_core::protocol::claim::set_ttls;
use rollcall_core::time::parse_duration_secs;

/// Arguments of `rollcall set-ttls`.
#[derive(Debug, clap::Args)]
pub struct SetTtlsArgs {
    /// Identity, folder and output options (`--as` optional: the human may have no session).
    #[command(flatten)]
    pub common: Common,
    /// Unseen this long, a session is idle (90s, 2m, 1h; a bare number is seconds).
    #[arg(long = "idle", value_name = "DURATION", value_parser = parse_duration_secs)]
    pub idle: Option<u64>,
    /// Unseen this long, a session is stale (15m, 1h, 1d).
    #[arg(long = "stale", value_name = "DURATION", value_parser = parse_duration_secs)]
    pub stale: Option<u64>,
}

/// Runs `rollcall set-ttls`.
pub fn run(args: SetTtlsArgs, console: &Console) -> CliResult<u8> {
    if args.idle.is_none() && args.stale.is_none() {
        return Err(CliError::usage("set-ttls needs --idle, --stale or both")
            .with_hint("rollcall set-ttls --idle 2m --stale 15m"));
    }
    let files = args.common.files()?;
    let actor = args.common.actor_or(&files.dir, "human")?;
    let applied = decide_and_append(
        &files,
        &args.common.author(&files.dir, &actor)?,
        console,
        |state| {
            let idle = args.idle.unwrap_or(state.ttls.idle_secs);
            let stale = args.stale.unwrap_or(state.ttls.stale_secs);
            set_ttls(state, &actor, idle, stale)
        },
    )?;
    finish(&args.common, console, "set-ttls", applied, |_, state| {
        format!(
            "Presence TTLs set: idle after {} s, stale after {} s.",
            state.ttls.idle_secs, state.ttls.stale_secs
        )
    })
}
