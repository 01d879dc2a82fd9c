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
    /// Check a registry: every defect with line and fix, and whether consensus is reached.
    Validate(crate::commands::validate::ValidateArgs),
}
