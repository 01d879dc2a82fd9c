//! `rollcall man`: the roff man page generated from the same clap definitions as `--help`.

use crate::args::Args;
use crate::error::{CliResult, EXIT_OK};
use crate::output::{stdout_error, write_stdout, Console};
use clap::CommandFactory;

/// Arguments of `rollcall man` (none: the page goes to stdout, e.g. `rollcall man > rollcall.1`).
#[derive(Debug, clap::Args)]
pub struct ManArgs {}

/// Writes the man page to stdout.
pub fn run(_args: ManArgs, _console: &Console) -> CliResult<u8> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Args::command())
        .render(&mut page)
        .map_err(stdout_error)?;
    write_stdout(&String::from_utf8_lossy(&page))?;
    Ok(EXIT_OK)
}
