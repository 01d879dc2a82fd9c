//! `rollcall render FILE.json`: prints the registry as markdown in the seed's layout.

use crate::commands::parse::load;
use crate::error::{CliResult, EXIT_OK};
use crate::output::write_stdout;
use crate::output::Output;
use rollcall_core::render_markdown;

/// Arguments of `rollcall render`.
#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// A registry.json file (markdown is accepted too and comes out normalized); `-` for stdin.
    pub file: String,
}

/// Prints the markdown.
pub fn run(args: RenderArgs, _output: &Output) -> CliResult<u8> {
    let parsed = load(&args.file)?;
    write_stdout(&render_markdown(&parsed.registry))?;
    Ok(EXIT_OK)
}
