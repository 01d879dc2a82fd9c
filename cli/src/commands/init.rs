//! `rollcall init`: creates the registry state (journal + rendered markdown) in the coordination
//! folder, from an existing markdown registry or as N empty slots.

use crate::author::Author;
use crate::common::Common;
use crate::error::{CliError, CliResult, EXIT_OK};
use crate::input::read_input;
use crate::output::{print_json, Console, OK};
use crate::render::diagnostic::eprint_problem;
use crate::store::folder_journal::MARKDOWN_FILE;
use crate::store::FolderMessages;
use crate::store::{JournalStore, Transaction};
use rollcall_core::identity::parse_public_key;
use rollcall_core::liveness::Ttls;
use rollcall_core::protocol::state::{blank_registry, coordinator_slot, required_of};
use rollcall_core::protocol::Event;
use rollcall_core::time::parse_duration_secs;
use rollcall_core::{escape_controls, Registry};
use serde::Serialize;

/// Reads `--sessions N`: a whole number of slots from 1 to 10,000.
fn session_count(text: &str) -> Result<u32, String> {
    match text.trim().parse::<u32>() {
        Ok(n) if (1..=10_000).contains(&n) => Ok(n),
        _ => Err(format!(
            "`{text}` is not a number of slots: give a whole number from 1 to 10,000"
        )),
    }
}

/// Arguments of `rollcall init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Identity, folder and output options.
    #[command(flatten)]
    pub common: Common,
    /// Start from this markdown registry (e.g. the seed's SESSION_IDENTITY_REGISTRY.md); default:
    /// the folder's own SESSION_IDENTITY_REGISTRY.md when --sessions is not given.
    #[arg(long, value_name = "REGISTRY.md", conflicts_with = "sessions")]
    pub from: Option<String>,
    /// Start with N empty slots.
    #[arg(long, value_name = "N", value_parser = session_count)]
    pub sessions: Option<u32>,
    /// The registry's title.
    #[arg(long, value_name = "T")]
    pub title: Option<String>,
    /// Unseen this long, a session is idle (default 2m; 90s, 2m, 1h; a bare number is seconds).
    #[arg(long, value_name = "DURATION", value_parser = parse_duration_secs)]
    pub idle_ttl: Option<u64>,
    /// Unseen this long, a session is stale (default 15m).
    #[arg(long, value_name = "DURATION", value_parser = parse_duration_secs)]
    pub stale_ttl: Option<u64>,
    /// Enroll an approver whose SSH key signs approvals: NAME=PUBLIC_KEY_FILE (repeatable; any
    /// key type ssh-keygen signs with, including sk- security keys).
    #[arg(long = "approver", value_name = "NAME=KEY.pub")]
    pub approvers: Vec<String>,
    /// Do not require signed journal entries (`rollcall require-signatures` turns it on later).
    #[arg(long)]
    pub allow_unsigned: bool,
}

/// Reads every `--approver NAME=KEY.pub` into an `enroll` event, the key checked.
fn enrollments(approvers: &[String]) -> CliResult<Vec<Event>> {
    approvers.iter().map(|spec| enrollment(spec)).collect()
}

fn enrollment(spec: &str) -> CliResult<Event> {
    let hint = "pass --approver NAME=PATH, e.g. --approver ada=~/.ssh/id_ed25519.pub";
    let Some((name, path)) = spec.split_once('=') else {
        return Err(
            CliError::usage(format!("--approver {spec:?} is not NAME=KEY.pub")).with_hint(hint),
        );
    };
    let name = name.trim();
    if name.is_empty() || name.chars().any(char::is_control) {
        return Err(CliError::usage(format!("--approver {spec:?} names nobody")).with_hint(hint));
    }
    let path = std::path::Path::new(path);
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::io("cannot read approver key", path, &e).or_hint(hint))?;
    let line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    parse_public_key(line).map_err(|why| {
        CliError::usage(format!(
            "{}: not an OpenSSH public key: {why}",
            path.display()
        ))
        .with_hint("pass the .pub file (`ssh-keygen -y -f KEY > KEY.pub` makes one)")
    })?;
    Ok(Event::Enroll {
        name: name.to_string(),
        key: line.to_string(),
    })
}

/// The TTLs `--idle-ttl`/`--stale-ttl` ask for (`None` without either), checked.
fn ttls_of(args: &InitArgs) -> CliResult<Option<Ttls>> {
    if args.idle_ttl.is_none() && args.stale_ttl.is_none() {
        return Ok(None);
    }
    let default = Ttls::default();
    Ttls::checked(
        args.idle_ttl.unwrap_or(default.idle_secs),
        args.stale_ttl.unwrap_or(default.stale_secs),
    )
    .map(Some)
    .map_err(|why| {
        CliError::usage(format!("--idle-ttl/--stale-ttl: {why}"))
            .with_hint("e.g. rollcall init --sessions 4 --idle-ttl 2m --stale-ttl 15m")
    })
}

/// What `init --json` prints.
#[derive(Debug, Serialize)]
struct Initialised {
    dir: String,
    journal: String,
    markdown: String,
    backup: Option<String>,
    required: u32,
    coordinator: u32,
    orchestrator: Option<String>,
    reserved: usize,
    registered: u32,
    ttls: Ttls,
    approvers: Vec<String>,
    signatures_required: bool,
}

/// Runs `rollcall init`.
pub fn run(args: InitArgs, console: &Console) -> CliResult<u8> {
    let files = args.common.files()?;
    let actor = args.common.actor_or(&files.dir, "human")?;
    let mut registry = starting_registry(&args, &files.markdown(), console)?;
    if let Some(title) = &args.title {
        registry.title = title.trim().to_string();
    }
    let ttls = ttls_of(&args)?;
    let enrolled = enrollments(&args.approvers)?;
    let author = Author::find_or_create(&args.common, &files.dir, &actor)?;
    let required = required_of(&registry);
    let coordinator = coordinator_slot(&registry);
    let (state, backup) = files.transact(|txn| {
        if txn.state().initialized {
            return Err(CliError::usage(format!(
                "{} already holds a registry ({})",
                files.dir.display(),
                rollcall_core::plural(txn.state().events, "journal event")
            ))
            .with_hint(
                "see it with `rollcall status`; to start over, move registry.journal.jsonl away",
            ));
        }
        let backup = files.back_up_markdown()?;
        let event = Event::Init {
            registry,
            required,
            coordinator,
        };
        txn.append(&author, event)?;
        if let Some(ttls) = ttls {
            let set = Event::SetTtls {
                idle_secs: ttls.idle_secs,
                stale_secs: ttls.stale_secs,
            };
            txn.append(&author, set)?;
        }
        for enroll in &enrolled {
            txn.append(&author, enroll.clone())?;
        }
        if !args.allow_unsigned {
            txn.append(&author, Event::RequireSignatures {})?;
        }
        Ok((txn.state().clone(), backup))
    })?;
    FolderMessages::new(&files.dir, true).create_layout()?;
    let done = Initialised {
        dir: files.dir.display().to_string(),
        journal: files.journal().display().to_string(),
        markdown: files.markdown().display().to_string(),
        backup: backup.map(|b| b.display().to_string()),
        required,
        coordinator,
        orchestrator: state.orchestrator().map(str::to_string),
        reserved: state.reserved.len(),
        registered: state.registered(),
        ttls: state.ttls,
        approvers: state.keys.approvers.keys().cloned().collect(),
        signatures_required: state.keys.signatures_required,
    };
    if args.common.json {
        print_json(&done)?;
        return Ok(EXIT_OK);
    }
    let mut text = format!(
        "{} Registry initialised in {}: {} sessions, orchestrator {} (#{}), {} slots pre-assigned, {} registered\n",
        console.stdout.paint(OK, "✅"),
        escape_controls(&done.dir),
        required,
        escape_controls(done.orchestrator.as_deref().unwrap_or("(whoever registers #1)")),
        coordinator,
        done.reserved,
        done.registered
    );
    text.push_str(&format!(
        "   journal: {}\n   registry: {}\n",
        escape_controls(&done.journal),
        escape_controls(&done.markdown)
    ));
    text.push_str(&format!("   {}\n", signing_line(&done)));
    if let Some(backup) = &done.backup {
        text.push_str(&format!(
            "   original kept as: {}\n",
            escape_controls(backup)
        ));
    }
    console.print(&text)?;
    if done.approvers.is_empty() {
        console.warn("no approver is enrolled, so nobody can approve this registry; start again with `--approver NAME=~/.ssh/id_ed25519.pub`");
    }
    Ok(EXIT_OK)
}

/// `signatures: required; approvers: ada, bob` for the human summary.
fn signing_line(done: &Initialised) -> String {
    let required = match done.signatures_required {
        true => "required",
        false => "not required (--allow-unsigned)",
    };
    let approvers = match done.approvers.is_empty() {
        true => "none".to_string(),
        false => escape_controls(&done.approvers.join(", ")).into_owned(),
    };
    format!("signatures: {required}; approvers: {approvers}")
}

/// The registry to start from: `--from`, `--sessions N`, or the folder's own markdown.
/// Warns about every finding the starting registry has (parse and rules), so a registry is never
/// initialised with defects unannounced; the sessions they touch do not count as registered.
fn report_findings(
    console: &Console,
    name: &str,
    registry: &Registry,
    parsed: &[rollcall_core::Diagnostic],
) {
    let report =
        rollcall_core::validate_registry(registry, &rollcall_core::ValidateOptions::default());
    let mut findings: Vec<&rollcall_core::Diagnostic> =
        parsed.iter().chain(&report.diagnostics).collect();
    findings.retain(|d| d.is_error() || d.severity == rollcall_core::Severity::Warning);
    for d in &findings {
        eprint_problem(console, Some(name), d);
    }
    let errors = findings.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        console.warn(&format!(
            "{name} has {}; the sessions they touch are not counted as registered until they are fixed (`rollcall validate {name}`)",
            rollcall_core::plural(errors, "error finding")
        ));
    }
}

fn starting_registry(
    args: &InitArgs,
    own: &std::path::Path,
    console: &Console,
) -> CliResult<Registry> {
    if let Some(n) = args.sessions {
        let title = args
            .title
            .clone()
            .unwrap_or_else(|| "Session Identity Registry - Universal Consensus".to_string());
        return blank_registry(&title, n).map_err(|d| CliError::usage(d.message));
    }
    let from = match &args.from {
        Some(from) => from.clone(),
        None if own.is_file() => own.display().to_string(),
        None => {
            return Err(CliError::usage(format!(
            "nothing to start from: no --from, no --sessions, and no {MARKDOWN_FILE} in the folder"
        ))
            .with_hint("rollcall init --from REGISTRY.md, or rollcall init --sessions 12"))
        }
    };
    let input = read_input(&from)?;
    let parsed = rollcall_core::parse_registry(&input.text).map_err(|d| {
        CliError::from_diagnostic(&input.name, &d)
            .or_hint("pass a session identity registry in markdown (like the seed)")
    })?;
    report_findings(console, &input.name, &parsed.registry, &parsed.diagnostics);
    Ok(parsed.registry)
}
