//! One module per subcommand; `run` dispatches to it.

pub mod completions;
pub mod fix;
pub mod parse;
pub mod render;

use crate::args::Command;
use crate::error::CliResult;
use crate::output::Output;

/// Runs one parsed command and returns its exit code.
pub fn run(command: Command, output: &Output) -> CliResult<u8> {
    match command {
        Command::Completions(args) => completions::run(args, output),
        Command::Parse(args) => parse::run(args, output),
        Command::Render(args) => render::run(args, output),
        Command::Fix(args) => fix::run(args, output),
    }
}
