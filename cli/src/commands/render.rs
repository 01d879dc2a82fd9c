//! `rollcall render FILE.json`: prints the registry as markdown in the seed's layout.

use crate::error::{CliResult, EXIT_OK};
use crate::output::{write_stdout, Console};
use crate::registry_input::load;
use rollcall_core::render_markdown;

/// Arguments of `rollcall render`.
#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// A registry.json file (markdown is accepted too and comes out normalized); `-` for stdin.
    pub file: String,
}

/// Prints the markdown.
pub fn run(args: RenderArgs, console: &Console) -> CliResult<u8> {
    let parsed = load(&args.file, console)?;
    write_stdout(&render_markdown(&parsed.registry))?;
    Ok(EXIT_OK)
}
