//! `rollcall parse FILE|-`: prints a registry's model as an aligned table, summary JSON or registry.json.

use crate::error::{CliError, CliResult, EXIT_OK};
use crate::output::{write_stdout, Console, Output, DIM, OK, WARNING};
use crate::registry_input::load;
use clap::ValueEnum;
use rollcall_core::parse::summary::status_word;
use rollcall_core::{escape_controls, registry_to_json, summarize, Registry};

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

/// Prints the registry in the chosen format.
pub fn run(args: ParseArgs, console: &Console) -> CliResult<u8> {
    let parsed = load(&args.file, console)?;
    match args.format {
        ParseFormat::Json => write_stdout(&json_text(&parsed.registry)?)?,
        ParseFormat::Registry => write_stdout(&(registry_to_json(&parsed.registry) + "\n"))?,
        ParseFormat::Human => console.print(&human(&parsed.registry, &console.stdout))?,
    }
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
    out.push_str(&format!("{}\n", escape_controls(title)));
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
            let text = escape_controls(&item.text);
            out.push_str(&format!("{:>5}  {mark} {text}\n", item.line));
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
            let text = |v: Option<&str>| escape_controls(v.unwrap_or("-")).into_owned();
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
