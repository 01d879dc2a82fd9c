//! `rollcall completions SHELL`: shell completion scripts generated from the clap definitions.

use crate::args::Args;
use crate::error::{CliResult, EXIT_OK};
use crate::output::Console;
use clap::CommandFactory;

/// Arguments of `rollcall completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to generate for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Writes the completion script to stdout.
pub fn run(args: CompletionsArgs, _console: &Console) -> CliResult<u8> {
    let mut command = Args::command();
    clap_complete::generate(args.shell, &mut command, "rollcall", &mut std::io::stdout());
    Ok(EXIT_OK)
}
