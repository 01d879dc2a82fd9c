//! Command-line definitions (clap derive): the stable CLI contract documented in README.md.

use clap::{Parser, Subcommand, ValueEnum};

/// Session identity registries and messaging for teams of AI coding sessions.
#[derive(Debug, Parser)]
#[command(name = "rollcall", version, about, propagate_version = true)]
pub struct Args {
    /// When to colour human output: auto (a TTY without NO_COLOR), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal, NO_COLOR is unset and TERM is not `dumb`.
    Auto,
    /// Always colour human output.
    Always,
    /// Never colour.
    Never,
}

/// The subcommands; each lives in `commands/<name>.rs`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print shell completions for bash, zsh, fish, elvish or powershell.
    Completions(crate::commands::completions::CompletionsArgs),
    /// Print a registry's model: a table, summary JSON, or lossless registry.json.
    Parse(crate::commands::parse::ParseArgs),
    /// Print a registry (registry.json or markdown) as markdown in the standard layout.
    Render(crate::commands::render::RenderArgs),
    /// Repair Mac-Roman mojibake, CRLF line endings and a BOM (stdout, or in place with --write).
    Fix(crate::commands::fix::FixArgs),
}
