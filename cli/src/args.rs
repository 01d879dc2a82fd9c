//! Command-line definitions (clap derive): the stable CLI contract documented in README.md.

use clap::{Parser, Subcommand, ValueEnum};

/// Session identity registries and messaging for teams of AI coding sessions.
#[derive(Debug, Parser)]
#[command(name = "rollcall", version, about, propagate_version = true)]
pub struct Args {
    /// When to colour human output on stdout and stderr: auto (a TTY without NO_COLOR), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour each stream that is a terminal, when NO_COLOR is unset and TERM is not `dumb`.
    Auto,
    /// Always colour human output (stdout and stderr).
    Always,
    /// Never colour.
    Never,
}

/// The subcommands; each lives in `commands/<name>.rs`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print shell completions for bash, zsh, fish, elvish or powershell.
    Completions(crate::commands::completions::CompletionsArgs),
    /// Print the man page (roff), e.g. `rollcall man > rollcall.1`.
    Man(crate::commands::man::ManArgs),
    /// Print a registry's model: a table, summary JSON, or lossless registry.json.
    Parse(crate::commands::parse::ParseArgs),
    /// Print a registry (registry.json or markdown) as markdown in the standard layout.
    Render(crate::commands::render::RenderArgs),
    /// Repair Mac-Roman mojibake, CRLF line endings and a BOM (stdout, or in place with --write).
    Fix(crate::commands::fix::FixArgs),
    /// Check a registry: every defect with line and fix, and whether consensus is reached.
    Validate(crate::commands::validate::ValidateArgs),
    /// Create the registry state (journal + markdown) in the coordination folder.
    Init(crate::commands::init::InitArgs),
    /// Claim a number, role and goal (first registration wins; exit 3 when refused).
    Register(crate::commands::register::RegisterArgs),
    /// Show the registry: who holds each number, consensus checks, next action.
    Status(crate::commands::status::StatusArgs),
    /// Give a number back (its holder or the orchestrator).
    Release(crate::commands::release::ReleaseArgs),
    /// Reserve a number for another session (orchestrator only).
    Reassign(crate::commands::reassign::ReassignArgs),
    /// Confirm the registry has no conflicts (orchestrator only).
    Confirm(crate::commands::confirm::ConfirmArgs),
    /// Acknowledge your identity and commitments.
    Ack(crate::commands::ack::AckArgs),
    /// Approve the confirmed registry (the human).
    Approve(crate::commands::approve::ApproveArgs),
    /// Activate the registry once consensus is reached and broadcast it (orchestrator only).
    Activate(crate::commands::activate::ActivateArgs),
    /// Apply REGISTRATION messages left in the folder by other writers, once each.
    Ingest(crate::commands::ingest::IngestArgs),
    /// Send a message (drop-in for session-send-message.sh TO SUBJECT [MESSAGE]).
    Send(crate::commands::send::SendArgs),
    /// Show this session's direct and broadcast messages, oldest first.
    Inbox(crate::commands::inbox::InboxArgs),
    /// Bring a legacy coordination folder over: repair broken messages (keeping `.orig` backups), merge the legacy registry files into the journal.
    Import(crate::commands::import::ImportArgs),
    /// Mark this session seen now (for a loop or hook); `--every SECONDS` keeps beating until killed.
    Heartbeat(crate::commands::heartbeat::HeartbeatArgs),
    /// Change the presence TTLs: when a session turns idle, then stale (orchestrator or human).
    SetTtls(crate::commands::set_ttls::SetTtlsArgs),
    /// Acknowledge a message by its id (not `ack`, which acknowledges your identity).
    AckMessage(crate::commands::ack_message::AckMessageArgs),
    /// Show the messages this session sent and, per recipient, when each was delivered, read and acknowledged.
    Sent(crate::commands::sent::SentArgs),
    /// Print the OpenSSH allowed_signers file for the recorded keys (for `ssh-keygen -Y verify`).
    AllowedSigners(crate::commands::allowed_signers::AllowedSignersArgs),
    /// Check every message's and journal entry's signature; exit 1 when any is bad.
    Verify(crate::commands::verify::VerifyArgs),
    /// Require signed journal entries from now on (orchestrator only).
    RequireSignatures(crate::commands::require_signatures::RequireSignaturesArgs),
    /// Serve this session's registry and messages as MCP tools over stdio (for AI coding sessions).
    Mcp(crate::commands::mcp::McpArgs),
    /// Check a coordination folder: invalid messages, stale `.current_session`, temp files, journal drift, missing folders, permissions.
    Doctor(crate::commands::doctor::DoctorArgs),
}
