//! `rollcall status`: the registry at a glance: who holds each number, the consensus checks,
//! what is missing and the next action (`--watch` re-prints when the journal changes).

use crate::common::Common;
use crate::error::{CliResult, EXIT_FINDINGS, EXIT_OK};
use crate::output::{self, print_json, Console, CLEAR_SCREEN};
use crate::protocol_step::registered_line;
use crate::render::diagnostic::eprint_journal_problems;
use crate::roster::{age_of, Roster};
use crate::store::{FolderJournal, JournalStore};
use rollcall_core::liveness::Ttls;
use rollcall_core::protocol::claim::list_numbers;
use rollcall_core::protocol::report::published;
use rollcall_core::protocol::state::slot_index;
use rollcall_core::protocol::State;
use rollcall_core::{escape_controls, Consensus, ConsensusState, Diagnostic, Report};
use serde::Serialize;

/// Arguments of `rollcall status`.
#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// Identity, folder and output options.
    #[command(flatten)]
    pub common: Common,
    /// Keep running and print the status again whenever the journal changes.
    #[arg(long)]
    pub watch: bool,
}

/// One row of the status table, as `--json` prints it.
#[derive(Debug, Serialize)]
pub struct SessionRow {
    /// The slot number.
    pub number: u32,
    /// The ROLE text, when the slot has one.
    pub role: Option<String>,
    /// The GOAL text, when the slot has one.
    pub goal: Option<String>,
    /// The holding session, when the number is held.
    pub session: Option<String>,
    /// The session the slot is reserved for, when it is.
    pub reserved_for: Option<String>,
    /// The protocol status (`pending`, `registered`, `confirmed`, `acknowledged`, `active`).
    pub status: String,
    /// When the holder registered.
    pub since: Option<String>,
    /// Whether the holder acknowledged.
    pub acknowledged: bool,
    /// When the holder (or, for a released number, its last holder) was last seen, RFC 3339 UTC.
    pub last_seen: Option<String>,
    /// `active`, `idle`, `stale`, or `gone` (released); `null` for a number never held.
    pub liveness: Option<String>,
}

/// What `status --json` prints: the sessions and the same `consensus` object as `validate`.
#[derive(Debug, Serialize)]
pub struct StatusJson {
    /// The coordination folder.
    pub dir: String,
    /// The orchestrator's session id.
    pub orchestrator: Option<String>,
    /// How many sessions must register.
    pub required: u32,
    /// How many numbers are held.
    pub registered: u32,
    /// The presence TTLs liveness is judged by.
    pub ttls: Ttls,
    /// When liveness was judged (the clock, or `ROLLCALL_NOW`).
    pub now: String,
    /// One row per number 1..=required.
    pub sessions: Vec<SessionRow>,
    /// The consensus computed from the registry and the journal's attestations.
    pub consensus: Consensus,
    /// Validation findings of the registry.
    pub diagnostics: Vec<Diagnostic>,
    /// What is still missing, in words.
    pub missing: Vec<String>,
    /// The next action, in words.
    pub next_action: String,
}

/// Runs `rollcall status`.
pub fn run(args: StatusArgs, console: &Console) -> CliResult<u8> {
    let files = args.common.files()?;
    if !args.watch {
        return print_once(&args.common, &files, console);
    }
    watch(&args.common, &files, console)
}

/// Prints the status, then again after every change of the journal (file-system events, no
/// polling).
fn watch(common: &Common, files: &FolderJournal, console: &Console) -> CliResult<u8> {
    let mut changes = files.subscribe()?;
    loop {
        if !common.json && console.stdout.color {
            console.print(CLEAR_SCREEN)?;
        }
        print_once(common, files, console)?;
        changes.wait()?;
    }
}

fn print_once(common: &Common, files: &FolderJournal, console: &Console) -> CliResult<u8> {
    let replayed = files.load_initialized()?;
    eprint_journal_problems(console, &replayed.diagnostics);
    let journal_errors = replayed.diagnostics.iter().any(|d| d.is_error());
    let roster = Roster::of(&files.dir, replayed.state)?;
    let state = &roster.state;
    let (_, mut report) = published(state);
    // The journal's own problems (a damaged line, a rejected event) are findings like the rest.
    report.diagnostics.splice(0..0, replayed.diagnostics);
    let status = build(files, &roster, &report);
    if common.json {
        print_json(&status)?;
    } else {
        console.print(&human(&status, state, &console.stdout, &roster))?;
    }
    Ok(if journal_errors {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// `Registered N/M`, counting what consensus counts: a claim an error finding points into is
/// named apart, so the line never disagrees with the "all registered" check below it.
fn registered_count(state: &State, consensus: &rollcall_core::Consensus) -> String {
    let claimed = state.registered();
    if consensus.registered == claimed {
        return registered_line(state);
    }
    format!(
        "Registered {}/{} ({claimed} claimed; {} not counted until their error findings are fixed)",
        consensus.registered,
        state.required,
        claimed.saturating_sub(consensus.registered)
    )
}

/// The status of a roster's state.
pub fn build(files: &FolderJournal, roster: &Roster, report: &Report) -> StatusJson {
    let state = &roster.state;
    let sessions = (1..=state.required).map(|n| row(roster, n)).collect();
    let missing = missing(state, report);
    StatusJson {
        dir: files.dir.display().to_string(),
        orchestrator: state.orchestrator().map(str::to_string),
        required: state.required,
        registered: state.registered(),
        ttls: state.ttls,
        now: roster.now.iso8601(),
        sessions,
        consensus: report.consensus.clone(),
        diagnostics: report.diagnostics.clone(),
        missing,
        next_action: next_action(state, report),
    }
}

fn row(roster: &Roster, number: u32) -> SessionRow {
    let state = &roster.state;
    let slot = slot_index(&state.registry, number).map(|i| &state.registry.sessions[i]);
    let holder = state.holders.get(&number);
    let presence = roster.slot(number);
    SessionRow {
        number,
        role: slot.and_then(|s| s.role()).map(str::to_string),
        goal: slot.and_then(|s| s.goal()).map(str::to_string),
        session: holder.map(|h| h.session.clone()),
        reserved_for: state.reserved.get(&number).cloned(),
        status: state.status_of(number).name().to_ascii_lowercase(),
        since: holder.map(|h| h.since.clone()),
        acknowledged: state.acks.contains_key(&number),
        last_seen: presence.last_seen.map(|t| t.iso8601()),
        liveness: presence.liveness.map(|l| l.as_str().to_string()),
    }
}

fn missing(state: &State, report: &Report) -> Vec<String> {
    let mut missing = Vec::new();
    let free = state.free_numbers();
    if !free.is_empty() {
        missing.push(format!("numbers not registered: {}", list_numbers(&free)));
    }
    let errors = report.diagnostics.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        missing.push(format!(
            "{} to resolve",
            rollcall_core::plural(errors, "error finding")
        ));
    }
    if state.confirmed.is_none() {
        missing.push("orchestrator confirmation".to_string());
    }
    let unacked: Vec<u32> = state
        .holders
        .keys()
        .filter(|n| !state.acks.contains_key(n))
        .copied()
        .collect();
    if state.confirmed.is_some() && state.activated.is_none() && !unacked.is_empty() {
        missing.push(format!("acknowledgements from: {}", list_numbers(&unacked)));
    }
    if state.approved.is_none() {
        missing.push("human approval".to_string());
    }
    if state.activated.is_none() {
        missing.push("activation".to_string());
    }
    missing
}

fn next_action(state: &State, report: &Report) -> String {
    let orchestrator = state.orchestrator().unwrap_or("the orchestrator");
    let free = state.free_numbers();
    if state.activated.is_some() {
        return "none: the registry is active; every session works under its identity".into();
    }
    if !free.is_empty() {
        return format!(
            "sessions without a number register (free: {}): rollcall register --number next --role ROLE --goal GOAL",
            list_numbers(&free)
        );
    }
    if report.has_errors() {
        return "resolve the error findings (rollcall validate), then the orchestrator confirms"
            .into();
    }
    if state.confirmed.is_none() {
        return format!("{orchestrator} runs: rollcall confirm");
    }
    let unacked = state.holders.keys().any(|n| !state.acks.contains_key(n));
    match (unacked, state.approved.is_some()) {
        (true, false) => {
            "each session runs `rollcall ack`; the human runs `rollcall approve --by NAME`".into()
        }
        (true, true) => "each remaining session runs: rollcall ack".into(),
        (false, false) => "the human runs: rollcall approve --by NAME".into(),
        (false, true) => format!("{orchestrator} runs: rollcall activate"),
    }
}

/// The status table, the consensus checks, what is missing and the next action.
fn human(status: &StatusJson, state: &State, out: &output::Output, roster: &Roster) -> String {
    use std::fmt::Write;
    let mut text = String::new();
    let role_width = status
        .sessions
        .iter()
        .map(|r| r.role.as_deref().map_or(1, |t| cell(t, 48).chars().count()))
        .max()
        .unwrap_or(4)
        .max(4);
    let session_width = status
        .sessions
        .iter()
        .map(|r| {
            r.session
                .as_deref()
                .map_or(1, |t| cell(t, usize::MAX).chars().count())
        })
        .max()
        .unwrap_or(7)
        .max(7);
    let _ = writeln!(
        text,
        "{:>3}  {:<role_width$}  {:<session_width$}  {:<12}  {:<8}  {:<7}  ACK",
        "#", "ROLE", "SESSION", "STATUS", "LIVENESS", "SEEN"
    );
    for r in &status.sessions {
        let role = cell(r.role.as_deref().unwrap_or("-"), 48);
        let session = cell(r.session.as_deref().unwrap_or("-"), usize::MAX);
        let ack = if r.acknowledged { "yes" } else { "-" };
        let liveness = r.liveness.as_deref().unwrap_or("-");
        let seen = seen_cell(r, roster);
        let _ = writeln!(
            text,
            "{:>3}  {role:<role_width$}  {session:<session_width$}  {:<12}  {liveness:<8}  {seen:<7}  {ack}",
            r.number, r.status
        );
    }
    let _ = writeln!(text);
    let _ = writeln!(text, "{}", registered_count(state, &status.consensus));
    for check in &status.consensus.checks {
        let mark = if check.holds {
            out.paint(output::OK, "✓")
        } else {
            out.paint(output::ERROR, "✗")
        };
        let _ = writeln!(text, "{mark} {}", escape_controls(&check.text));
    }
    let _ = writeln!(text, "State: {}", state_name(status.consensus.state));
    if !status.missing.is_empty() {
        let missing = status.missing.join("; ");
        let _ = writeln!(text, "Missing: {}", escape_controls(&missing));
    }
    let next = escape_controls(&status.next_action);
    let _ = writeln!(text, "Next action: {next}");
    text
}

/// The SEEN cell: how long ago the row's session was last seen (`-` for a number never held).
fn seen_cell(row: &SessionRow, roster: &Roster) -> String {
    if row.liveness.is_none() {
        return "-".to_string();
    }
    let last = row
        .last_seen
        .as_deref()
        .and_then(rollcall_core::UtcTime::parse_rfc3339);
    age_of(last, roster.now)
}

fn state_name(state: ConsensusState) -> &'static str {
    state.as_str()
}

/// A table cell: `text` escaped, cut to `max` characters with `…`.
fn cell(text: &str, max: usize) -> String {
    let text = escape_controls(text);
    if text.chars().count() <= max {
        return text.into_owned();
    }
    let mut cut: String = text.chars().take(max - 1).collect();
    cut.push('…');
    cut
}
