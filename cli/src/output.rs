//! Where output goes and how it looks: the colour decision (made once) and error printing.

use crate::args::ColorChoice;
use crate::error::{CliError, CliResult};
use anstyle::{AnsiColor, Style};
use std::io::{IsTerminal, Write};

/// The resolved output settings every command receives.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    /// Whether human output on stdout may use colour.
    pub color: bool,
}

impl Output {
    /// Decides colour once: `auto` means stdout is a TTY, `NO_COLOR` unset and `TERM` not `dumb`.
    pub fn new(choice: ColorChoice) -> Self {
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => auto_color(std::io::stdout().is_terminal()),
        };
        Output { color }
    }

    /// `text` wrapped in `style` when colour is on.
    pub fn paint(&self, style: Style, text: &str) -> String {
        if self.color {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    }
}

/// The `auto` rule given whether the stream is a terminal.
pub fn auto_color(is_terminal: bool) -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
    is_terminal && !no_color && !dumb
}

/// The style for errors.
pub const ERROR: Style = AnsiColor::Red.on_default().bold();
/// The style for warnings.
pub const WARNING: Style = AnsiColor::Yellow.on_default().bold();
/// The style for success marks.
pub const OK: Style = AnsiColor::Green.on_default().bold();
/// The style for secondary text.
pub const DIM: Style = Style::new().dimmed();

/// Prints `rollcall: <message>` and the hint to stderr (coloured only when stderr is a TTY).
pub fn print_error(err: &CliError) {
    let color = auto_color(std::io::stderr().is_terminal());
    let out = Output { color };
    eprintln!("{} {}", out.paint(ERROR, "rollcall:"), err.message);
    if let Some(hint) = &err.hint {
        eprintln!("{} {hint}", out.paint(DIM, "hint:"));
    }
}

/// Writes `text` to stdout and flushes: the one way commands print their result.
pub fn write_stdout(text: &str) -> CliResult<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(stdout_error)
}

/// Maps a failed stdout write to a `CliError`; a closed pipe is `CliError::closed_stdout`.
pub fn stdout_error(err: std::io::Error) -> CliError {
    if err.kind() == std::io::ErrorKind::BrokenPipe {
        CliError::closed_stdout()
    } else {
        CliError::usage(format!("cannot write to standard output: {err}"))
    }
}
