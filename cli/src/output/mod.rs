//! Where output goes and how it looks: the colour decision for stdout and stderr (made once from
//! `--color`), the two ways of writing (human text through anstream, exact bytes as they are),
//! and error printing.

use crate::args::ColorChoice;
use crate::error::{CliError, CliResult};
use anstyle::{AnsiColor, Style};
use rollcall_core::escape_controls;
use serde::Serialize;

pub mod capture;
use std::cell::RefCell;
use std::ffi::OsStr;
use std::io::{IsTerminal, Write};

/// How human text is painted on one stream.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    /// Whether this stream may carry colour.
    pub color: bool,
}

impl Output {
    /// `text` wrapped in `style` when colour is on.
    pub fn paint(&self, style: Style, text: &str) -> String {
        if self.color {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    }

    /// The same decision as anstream states it, for the stream writers.
    fn choice(&self) -> anstream::ColorChoice {
        if self.color {
            anstream::ColorChoice::Always
        } else {
            anstream::ColorChoice::Never
        }
    }
}

/// Both output streams' colour decisions, made once from `--color`; every command receives it.
#[derive(Debug, Clone, Copy)]
pub struct Console {
    /// How human text on stdout is painted.
    pub stdout: Output,
    /// How diagnostics, warnings and errors on stderr are painted.
    pub stderr: Output,
}

impl Console {
    /// Decides colour once: `always` and `never` hold for both streams; `auto` colours a stream
    /// when it is a terminal, `NO_COLOR` is unset (or empty) and `TERM` is not `dumb`.
    pub fn new(choice: ColorChoice) -> Self {
        let decide = |is_terminal: bool| Output {
            color: match choice {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => auto_color(
                    is_terminal,
                    std::env::var_os("NO_COLOR").as_deref(),
                    std::env::var_os("TERM").as_deref(),
                ),
            },
        };
        Console {
            stdout: decide(std::io::stdout().is_terminal()),
            stderr: decide(std::io::stderr().is_terminal()),
        }
    }

    /// Writes human text to stdout through anstream (escapes are dropped when colour is off).
    pub fn print(&self, text: &str) -> CliResult<()> {
        if capture::stdout(text.as_bytes()) {
            return Ok(());
        }
        let mut out = anstream::AutoStream::new(std::io::stdout().lock(), self.stdout.choice());
        out.write_all(text.as_bytes())
            .and_then(|()| out.flush())
            .map_err(stdout_error)
    }

    /// Writes human text to stderr through anstream; a failing stderr is ignored, as `eprint!`
    /// would have to.
    pub fn eprint(&self, text: &str) {
        if capture::stderr(text.as_bytes()) {
            return;
        }
        let mut err = anstream::AutoStream::new(std::io::stderr().lock(), self.stderr.choice());
        let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
    }

    /// `rollcall: warning: <text>` on stderr, for something that went wrong but stopped nothing.
    pub fn warn(&self, text: &str) {
        self.eprint(&format!(
            "rollcall: {}: {}\n",
            self.stderr.paint(WARNING, "warning"),
            escape_controls(text)
        ));
    }

    /// `rollcall: <message>` and the hint on stderr, control characters escaped.
    pub fn error(&self, err: &CliError) {
        let paint = &self.stderr;
        let mut text = format!(
            "{} {}\n",
            paint.paint(ERROR, "rollcall:"),
            escape_controls(&err.message)
        );
        if let Some(hint) = &err.hint {
            text.push_str(&format!(
                "{} {}\n",
                paint.paint(DIM, "hint:"),
                escape_controls(hint)
            ));
        }
        self.eprint(&text);
    }
}

/// The `auto` rule for one stream: a terminal, `NO_COLOR` unset or empty, `TERM` not `dumb`.
pub fn auto_color(is_terminal: bool, no_color: Option<&OsStr>, term: Option<&OsStr>) -> bool {
    let no_color = no_color.is_some_and(|v| !v.is_empty());
    let dumb = term.is_some_and(|t| t == "dumb");
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

/// Clears a terminal and homes the cursor (ECMA-48 ED 2 and CUP): `status --watch` redraws with
/// it, only when stdout may carry colour. No style crate covers screen control, so it lives here.
pub const CLEAR_SCREEN: &str = "\u{1b}[2J\u{1b}[H";

/// Writes `text` to stdout byte for byte and flushes: for JSON, markdown and anything that must
/// arrive exactly as made (human text goes through [`Console::print`]).
pub fn write_stdout(text: &str) -> CliResult<()> {
    if capture::stdout(text.as_bytes()) {
        return Ok(());
    }
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(stdout_error)
}

/// Prints a value as pretty JSON on stdout.
pub fn print_json<T: Serialize>(value: &T) -> CliResult<()> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| CliError::usage(format!("cannot write JSON: {e}")))?;
    write_stdout(&format!("{text}\n"))
}

/// Maps a failed stdout write to a `CliError`; a closed pipe is `CliError::closed_stdout`.
pub fn stdout_error(err: std::io::Error) -> CliError {
    if err.kind() == std::io::ErrorKind::BrokenPipe {
        CliError::closed_stdout()
    } else {
        CliError::usage(format!("cannot write to standard output: {err}"))
    }
}

thread_local! {
    /// Warnings raised where no [`Console`] is at hand (a store finishing a change), printed once
    /// the command is done; per thread, so commands run side by side (`rollcall mcp`) keep their
    /// own.
    static DEFERRED_WARNINGS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Queues `text` to be printed as `rollcall: warning: ...` when the command ends.
pub fn defer_warning(text: String) {
    DEFERRED_WARNINGS.with(|queue| queue.borrow_mut().push(text));
}

/// The queued warnings, emptying the queue.
pub fn take_deferred_warnings() -> Vec<String> {
    DEFERRED_WARNINGS.with(|queue| std::mem::take(&mut *queue.borrow_mut()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_colours_a_terminal_only_without_no_color_and_dumb_term() {
        let os = |s: &'static str| Some(OsStr::new(s));
        assert!(auto_color(true, None, os("xterm-256color")));
        assert!(auto_color(true, os(""), None), "an empty NO_COLOR is unset");
        assert!(!auto_color(false, None, os("xterm")));
        assert!(!auto_color(true, os("1"), os("xterm")));
        assert!(!auto_color(true, None, os("dumb")));
    }

    #[test]
    fn never_and_always_hold_for_both_streams() {
        let never = Console::new(ColorChoice::Never);
        assert!(!never.stdout.color && !never.stderr.color);
        let always = Console::new(ColorChoice::Always);
        assert!(always.stdout.color && always.stderr.color);
    }

    #[test]
    fn paint_adds_escapes_only_when_on() {
        assert_eq!(Output { color: false }.paint(ERROR, "x"), "x");
        assert!(Output { color: true }
            .paint(ERROR, "x")
            .starts_with("\u{1b}["));
    }
}
