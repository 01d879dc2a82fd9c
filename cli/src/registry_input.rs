//! Reading the registry a command is given (`parse`, `render`, `fix`): a file or `-`, decoded and
//! parsed, its non-fatal findings on stderr, a fatal one as the usage error that stops the command.

use crate::error::{CliError, CliResult};
use crate::input::{read_input, Input};
use crate::output::Console;
use crate::render::diagnostic::eprint_findings;
use rollcall_core::{parse_registry, Parsed};

/// The hint an unreadable input gets when its error has none.
const INPUT_HINT: &str = "check the path (`-` reads standard input)";

/// Reads `file` (`-`: standard input) as text, or the error that names it, with a hint.
pub fn read(file: &str) -> CliResult<Input> {
    read_input(file).map_err(|e| e.or_hint(INPUT_HINT))
}

/// Reads and parses the registry, printing its parse findings to stderr.
pub fn load(file: &str, console: &Console) -> CliResult<Parsed> {
    let input = read(file)?;
    let parsed =
        parse_registry(&input.text).map_err(|d| CliError::from_diagnostic(&input.name, &d))?;
    eprint_findings(console, &input.name, &parsed.diagnostics);
    Ok(parsed)
}
