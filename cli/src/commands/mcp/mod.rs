//! `rollcall mcp --as SESSION`: the registry and the messages as MCP tools and resources over
//! stdio, for AI coding sessions. The session is bound when the server starts; every tool runs
//! the same command the CLI runs (in-process, see `invoke`), so results equal `--json` output.
//! Tokio lives here and nowhere else; stdout carries only the protocol, logs go to stderr.

mod call;
mod inbox_watch;
mod params;
mod server;

use crate::common::Common;
use crate::error::{CliError, CliResult, EXIT_OK};
use crate::output::Console;
use std::ffi::OsString;
use std::path::PathBuf;

pub use server::Rollcall;

/// Arguments of `rollcall mcp`.
#[derive(Debug, clap::Args)]
pub struct McpArgs {
    /// The session this server acts as, for every tool call (else $ROLLCALL_SESSION, else the
    /// folder's legacy .current_session).
    #[arg(long = "as", value_name = "ID")]
    pub as_id: Option<OsString>,
    /// The coordination folder (else $ROLLCALL_DIR, else the nearest docs/coordination,
    /// coordination or COORDINATION folder above the working directory).
    #[arg(long, value_name = "PATH")]
    pub dir: Option<PathBuf>,
    /// Sign with this OpenSSH private key (unencrypted) instead of the session's key in the key
    /// store.
    #[arg(long, value_name = "PATH")]
    pub key: Option<PathBuf>,
}

/// Serves MCP on stdin/stdout until the client closes the stream.
pub fn run(args: McpArgs, console: &Console) -> CliResult<u8> {
    let common = Common {
        as_id: args.as_id,
        dir: args.dir,
        json: true,
        key: args.key,
    };
    let dir = common.folder()?;
    let session = common.actor(&dir)?;
    let dir = std::fs::canonicalize(&dir).map_err(|e| CliError::io("cannot resolve", &dir, &e))?;
    let server = Rollcall::new(session.clone(), dir.clone(), common.key.clone());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::usage(format!("cannot start the MCP server's runtime: {e}")))?;
    console.eprint(&format!(
        "rollcall mcp: serving {} on {} over stdio\n",
        rollcall_core::escape_controls(&session),
        dir.display()
    ));
    runtime.block_on(server.serve_stdio())?;
    console.eprint("rollcall mcp: the client closed the connection\n");
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests;
