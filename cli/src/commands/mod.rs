//! One module per subcommand; `run` dispatches to it.

pub mod completions;
pub mod validate;

use crate::args::Command;
use crate::error::CliResult;
use crate::output::Output;

/// Runs one parsed command and returns its exit code.
pub fn run(command: Command, output: &Output) -> CliResult<u8> {
    match command {
        Command::Completions(args) => completions::run(args, output),
        Command::Validate(args) => validate::run(args, output),
    }
}
