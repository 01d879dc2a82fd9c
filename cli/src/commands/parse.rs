//! `rollcall parse FILE|-`: prints a registry's model as an aligned table, summary JSON or registry.json.

use crate::error::{CliError, CliResult, EXIT_OK};
use crate::input::read_input;
use crate::output::{Output, DIM, OK, WARNING};
use clap::ValueEnum;
use rollcall_core::parse::summary::status_word;
use rollcall_core::{parse_registry, registry_to_json, summarize, Diagnostic, Parsed, Registry};

/// Arguments of `rollcall parse`.
#[derive(Debug, clap::Args)]
pub struct ParseArgs {
    /// The registry: markdown or registry.json, `-` for standard input.
    pub file: String,
    /// Output: `human` (aligned table), `json` (summary) or `registry` (lossless registry.json).
    #[arg(long, value_enum, default_value_t = ParseFormat::Human)]
    pub format: ParseFormat,
}

/// What `rollcall parse` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ParseFormat {
    /// An aligned table of the sessions, then the checklist.
    Human,
    /// The summary JSON documented under `### rollcall parse`.
    Json,
    /// The full model as registry.json (what `rollcall render` reads).
    Registry,
}

/// Reads and parses the registry, printing parse warnings to stderr.
pub fn load(file: &str) -> CliResult<Parsed> {
    let input = read_input(file).map_err(with_default_hint)?;
    let parsed = parse_registry(&input.text).map_err(|d| diagnostic_error(&input.name, &d))?;
    for d in &parsed.diagnostics {
        eprintln!("{}", warning_line(&input.name, d));
    }
    Ok(parsed)
}

/// Adds a generic hint to an input error that has none.
pub fn with_default_hint(err: CliError) -> CliError {
    if err.hint.is_some() {
        return err;
    }
    err.with_hint("check the path (`-` reads standard input)")
}

/// A fatal core diagnostic as a usage error: `FILE:LINE: message`, with its help as the hint.
pub fn diagnostic_error(name: &str, d: &Diagnostic) -> CliError {
    let place = d
        .line
        .map_or_else(|| name.to_string(), |l| format!("{name}:{l}"));
    let err = CliError::usage(format!("{place}: {}", d.message));
    match &d.help {
        Some(help) => err.with_hint(help.clone()),
        None => err,
    }
}

/// `FILE:LINE: warning[code]: message`.
fn warning_line(name: &str, d: &Diagnostic) -> String {
    let place = d
        .line
        .map_or_else(|| name.to_string(), |l| format!("{name}:{l}"));
    format!(
        "{place}: {}[{}]: {}",
        d.severity.as_str(),
        d.code,
        d.message
    )
}

/// Prints the registry in the chosen format.
pub fn run(args: ParseArgs, output: &Output) -> CliResult<u8> {
    let parsed = load(&args.file)?;
    let text = match args.format {
        ParseFormat::Json => json_text(&parsed.registry)?,
        ParseFormat::Registry => registry_to_json(&parsed.registry) + "\n",
        ParseFormat::Human => human(&parsed.registry, output),
    };
    crate::output::write_stdout(&text)?;
    Ok(EXIT_OK)
}

/// The summary JSON, pretty, with a final newline.
fn json_text(registry: &Registry) -> CliResult<String> {
    serde_json::to_string_pretty(&summarize(registry))
        .map(|s| s + "\n")
        .map_err(|e| CliError::usage(format!("cannot write JSON: {e}")))
}

/// The human view: title, counts, an aligned session table, the checklist.
fn human(registry: &Registry, output: &Output) -> String {
    let mut out = String::new();
    let title = if registry.title.is_empty() {
        "(untitled registry)"
    } else {
        &registry.title
    };
    out.push_str(&format!("{title}\n"));
    let ticked = registry.checklist.iter().filter(|i| i.checked).count();
    out.push_str(&output.paint(
        DIM,
        &format!(
            "required {} · stated registered {} · {} sessions · checklist {ticked}/{} ticked",
            count(registry.required),
            count(registry.stated_registered),
            registry.sessions.len(),
            registry.checklist.len()
        ),
    ));
    out.push_str("\n\n");
    out.push_str(&session_table(registry, output));
    if !registry.checklist.is_empty() {
        out.push('\n');
        for item in &registry.checklist {
            let mark = if item.checked { "[x]" } else { "[ ]" };
            out.push_str(&format!("{:>5}  {mark} {}\n", item.line, item.text));
        }
    }
    out
}

/// A count or `-`.
fn count(value: Option<u32>) -> String {
    value.map_or_else(|| "-".to_string(), |n| n.to_string())
}

/// The sessions as rows of LINE, #, STATUS, SESSION_ID, ROLE, GOAL, columns padded to fit.
fn session_table(registry: &Registry, output: &Output) -> String {
    let header = ["LINE", "#", "STATUS", "SESSION_ID", "ROLE", "GOAL"].map(String::from);
    let rows: Vec<[String; 6]> = registry
        .sessions
        .iter()
        .map(|s| {
            let text = |v: Option<&str>| v.unwrap_or("-").to_string();
            [
                s.line.to_string(),
                count(s.number().or(s.heading_number)),
                s.status()
                    .map_or_else(|| "-".to_string(), |st| status_word(&st)),
                text(s.session_name()),
                text(s.role()),
                text(s.goal()),
            ]
        })
        .collect();
    let mut widths = header.clone().map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |row: &[String; 6], colour: bool| {
        let mut cells: Vec<String> = Vec::new();
        for (i, cell) in row.iter().enumerate() {
            let pad = " ".repeat(widths[i].saturating_sub(cell.chars().count()));
            cells.push(match i {
                0 | 1 => format!("{pad}{cell}"),
                2 if colour => format!("{}{pad}", output.paint(status_style(cell), cell)),
                5 => cell.clone(),
                _ => format!("{cell}{pad}"),
            });
        }
        cells.join("  ").trim_end().to_string()
    };
    let mut out = output.paint(anstyle::Style::new().bold(), &line(&header, false));
    out.push('\n');
    for row in &rows {
        out.push_str(&line(row, true));
        out.push('\n');
    }
    out
}

/// Green for registered and later, yellow for pending, plain otherwise.
fn status_style(status: &str) -> anstyle::Style {
    match status {
        "registered" | "confirmed" | "acknowledged" | "active" => OK,
        "pending" => WARNING,
        _ => anstyle::Style::new(),
    }
}
