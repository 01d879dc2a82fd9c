//! The roster: one row per number with who holds it, the role, goal, session id, status and
//! acknowledgement, and the findings about that number. From the protocol state when the journal
//! is at hand (what `rollcall status` shows), else from the registry document as written.

use crate::model::{Registry, Session, Status, KEY_SESSION_ID};
use crate::parse::parse_registry;
use crate::protocol::report::published;
use crate::protocol::state::{replay, slot_index, slot_number};
use crate::protocol::State;
use crate::render::render_markdown;
use crate::validate::{validate, ValidateOptions};
use crate::{Diagnostic, Report};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where a roster's rows come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RosterSource {
    /// The journal replayed: the protocol state, as `rollcall status` reads it.
    Journal,
    /// The registry document as written (no journal at hand).
    Registry,
}

/// One row of the roster: a number and the session holding (or described for) it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterRow {
    /// The slot number; `None` for a section whose number cannot be read.
    pub number: Option<u32>,
    /// The ROLE text, when the slot has one.
    pub role: Option<String>,
    /// The GOAL text, when the slot has one.
    pub goal: Option<String>,
    /// The holding session's name, when the number is held (`status --json`'s `session`).
    pub session: Option<String>,
    /// The SESSION_ID text as written (`marketing-outreach-1 (session-1763243115)`).
    pub session_id: Option<String>,
    /// The session the slot is reserved for while nobody holds it.
    pub reserved_for: Option<String>,
    /// The protocol status in lower case (`pending`, `registered`, ... as `status --json`).
    pub status: String,
    /// When the holder registered.
    pub since: Option<String>,
    /// Whether the holder acknowledged.
    pub acknowledged: bool,
    /// 1-based line of the session's heading in the registry text; `None` for an empty slot.
    pub line: Option<u32>,
    /// The findings about this number (the report's diagnostics whose `session` is it).
    pub findings: Vec<Diagnostic>,
    /// The holder's key fingerprint, once sessions have keys.
    pub key: Option<String>,
    /// The holder's liveness (`active`, `idle`, `stale`, `gone`), once sessions report it.
    pub liveness: Option<String>,
    /// When the holder was last seen (RFC 3339), once sessions report it.
    pub last_seen: Option<String>,
}

/// The whole roster with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Roster {
    /// The journal or the registry document.
    pub source: RosterSource,
    /// How many sessions must register.
    pub required: u32,
    /// The rows: numbers 1..=required in order, then sections outside that range.
    pub rows: Vec<RosterRow>,
    /// The report the findings come from (the published registry's when from the journal).
    pub report: Report,
    /// Problems met replaying the journal (torn or bad lines, refused events).
    pub journal: Vec<Diagnostic>,
}

/// The roster of a registry document and its report (see [`registry_rows`]).
pub fn registry_roster(registry: &Registry, report: &Report) -> Roster {
    Roster {
        source: RosterSource::Registry,
        required: report.consensus.required,
        rows: registry_rows(registry, report),
        report: report.clone(),
        journal: Vec::new(),
    }
}

/// The rows of a registry document: one per section claiming a number in 1..=required (two for a
/// duplicated number), an empty pending row for a free number, then the sections outside the
/// range, each with the report's findings about its number.
pub fn registry_rows(registry: &Registry, report: &Report) -> Vec<RosterRow> {
    let required = report.consensus.required;
    let mut by_number: BTreeMap<u32, Vec<&Session>> = BTreeMap::new();
    let mut outside = Vec::new();
    for session in &registry.sessions {
        match slot_number(session).filter(|n| (1..=required).contains(n)) {
            Some(n) => by_number.entry(n).or_default().push(session),
            None => outside.push(session),
        }
    }
    let mut rows = Vec::new();
    for number in 1..=required {
        match by_number.get(&number) {
            Some(claiming) => rows.extend(claiming.iter().map(|s| document_row(s))),
            None => rows.push(empty_row(number)),
        }
    }
    rows.extend(outside.into_iter().map(document_row));
    attach_findings(&mut rows, report);
    rows
}

/// The roster of a protocol state: one row per number 1..=required, the same rows as
/// `rollcall status --json` plus session ids, heading lines and the published report's findings.
pub fn state_roster(state: &State) -> Roster {
    let (document, report) = published(state);
    let lines = parse_registry(&render_markdown(&document))
        .map(|parsed| parsed.registry)
        .unwrap_or(document);
    let mut rows: Vec<RosterRow> = (1..=state.required)
        .map(|n| state_row(state, &lines, n))
        .collect();
    attach_findings(&mut rows, &report);
    Roster {
        source: RosterSource::Journal,
        required: state.required,
        rows,
        report,
        journal: Vec::new(),
    }
}

/// The roster of registry `text`, or of `journal` (registry.journal.jsonl's text) when given and
/// it holds an `init`. `Err` as `validate` when there is no journal and the text is no registry.
// The error is the one diagnostic type, as `validate` returns it; it is rare and not boxed.
#[allow(clippy::result_large_err)]
pub fn roster(
    text: &str,
    journal: Option<&str>,
    options: &ValidateOptions,
) -> Result<Roster, Diagnostic> {
    let replayed = journal.map(replay);
    if let Some(replayed) = replayed.as_ref().filter(|r| r.state.initialized) {
        let mut roster = state_roster(&replayed.state);
        roster.journal = replayed.diagnostics.clone();
        return Ok(roster);
    }
    let report = validate(text, options)?;
    let registry = parse_registry(text)?.registry;
    let mut roster = registry_roster(&registry, &report);
    roster.journal = replayed.map(|r| r.diagnostics).unwrap_or_default();
    Ok(roster)
}

/// The row of number `number` in `state`, heading line taken from `lines` (the file as published).
pub(super) fn state_row(state: &State, lines: &Registry, number: u32) -> RosterRow {
    let slot = slot_index(&state.registry, number).map(|i| &state.registry.sessions[i]);
    let line = slot_index(lines, number).map(|i| lines.sessions[i].line);
    let holder = state.holders.get(&number);
    RosterRow {
        role: slot.and_then(Session::role).map(str::to_string),
        goal: slot.and_then(Session::goal).map(str::to_string),
        session: holder.map(|h| h.session.clone()),
        session_id: slot
            .and_then(|s| s.text(KEY_SESSION_ID))
            .map(str::to_string),
        reserved_for: state.reserved.get(&number).cloned(),
        status: status_name(&state.status_of(number)),
        since: holder.map(|h| h.since.clone()),
        acknowledged: state.acks.contains_key(&number),
        line,
        ..empty_row(number)
    }
}

/// A row as the document states it: a named session that registered holds the number, a named
/// one still pending has it reserved (as `init` reads the document).
fn document_row(session: &Session) -> RosterRow {
    let status = session.status().unwrap_or(Status::Pending);
    let registered = status.is_registered_or_later();
    let name = session.session_name().map(str::to_string);
    RosterRow {
        number: slot_number(session),
        role: session.role().map(str::to_string),
        goal: session.goal().map(str::to_string),
        session: name.clone().filter(|_| registered),
        session_id: session.text(KEY_SESSION_ID).map(str::to_string),
        reserved_for: name.filter(|_| !registered),
        since: session
            .timestamp()
            .filter(|_| registered)
            .map(str::to_string),
        acknowledged: matches!(status, Status::Acknowledged | Status::Active),
        status: status_name(&status),
        line: Some(session.line),
        findings: Vec::new(),
        key: None,
        liveness: None,
        last_seen: None,
    }
}

fn empty_row(number: u32) -> RosterRow {
    RosterRow {
        number: Some(number),
        role: None,
        goal: None,
        session: None,
        session_id: None,
        reserved_for: None,
        status: status_name(&Status::Pending),
        since: None,
        acknowledged: false,
        line: None,
        findings: Vec::new(),
        key: None,
        liveness: None,
        last_seen: None,
    }
}

/// The status as `status --json` writes it: the canonical name in lower case.
fn status_name(status: &Status) -> String {
    status.name().to_lowercase()
}

/// Gives each row the report's findings about its number.
fn attach_findings(rows: &mut [RosterRow], report: &Report) {
    let mut by_number: BTreeMap<u32, Vec<&Diagnostic>> = BTreeMap::new();
    for d in &report.diagnostics {
        if let Some(n) = d.session {
            by_number.entry(n).or_default().push(d);
        }
    }
    for row in rows.iter_mut() {
        if let Some(found) = row.number.and_then(|n| by_number.get(&n)) {
            row.findings = found.iter().map(|d| (*d).clone()).collect();
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../../../tests/fixtures/marketing-registry.md");
    const JOURNAL: &str = include_str!(
        "../../../tests/fixtures/journal/approved-then-changed/registry.journal.jsonl"
    );

    fn of(text: &str) -> Roster {
        roster(text, None, &ValidateOptions::default()).unwrap()
    }

    #[test]
    fn the_seed_has_twelve_rows_reserved_for_their_sessions() {
        let r = of(SEED);
        assert_eq!(r.source, RosterSource::Registry);
        assert_eq!(r.rows.len(), 12);
        let four = &r.rows[3];
        assert_eq!(four.number, Some(4));
        assert_eq!(four.status, "pending");
        assert_eq!(four.session, None);
        assert_eq!(four.reserved_for.as_deref(), Some("marketing-outreach-1"));
        assert!(four
            .session_id
            .as_deref()
            .unwrap()
            .starts_with("marketing-outreach-1"));
        assert!(four.role.as_deref().unwrap().starts_with("Outreach AI"));
        assert!(four.line.is_some());
        assert_eq!((four.key.clone(), four.liveness.clone()), (None, None));
    }

    #[test]
    fn a_duplicated_number_has_two_rows_both_with_the_finding() {
        let r = of(include_str!(
            "../../../tests/fixtures/rules/duplicate-number.md"
        ));
        let twos: Vec<&RosterRow> = r.rows.iter().filter(|x| x.number == Some(2)).collect();
        assert_eq!(twos.len(), 2);
        for row in twos {
            assert!(row.findings.iter().any(|d| d.code == "duplicate-number"));
        }
        let three = r.rows.iter().find(|x| x.number == Some(3)).unwrap();
        assert_eq!((three.line, three.status.as_str()), (None, "pending"));
    }

    #[test]
    fn a_section_outside_the_range_comes_last() {
        let r = of(include_str!(
            "../../../tests/fixtures/rules/number-out-of-range.md"
        ));
        let last = r.rows.last().unwrap();
        assert!(last.number.is_none_or(|n| n > r.required), "{last:?}");
    }

    #[test]
    fn the_journal_wins_over_the_text() {
        let r = roster(SEED, Some(JOURNAL), &ValidateOptions::default()).unwrap();
        assert_eq!(r.source, RosterSource::Journal);
        assert_eq!(r.required, 3);
        let sessions: Vec<Option<&str>> = r.rows.iter().map(|x| x.session.as_deref()).collect();
        assert_eq!(sessions, [Some("boss"), Some("gamma"), Some("beta")]);
        assert_eq!(
            r.rows[2].role.as_deref(),
            Some("Outreach AI - send follow-ups")
        );
        assert!(r
            .rows
            .iter()
            .all(|x| x.status == "registered" && !x.acknowledged));
        assert!(r.rows.iter().all(|x| x.line.is_some()));
        assert!(r.journal.is_empty());
    }

    #[test]
    fn a_journal_without_init_falls_back_to_the_text_and_says_why() {
        let r = roster(
            SEED,
            Some("{\"nonsense\":1}\n"),
            &ValidateOptions::default(),
        )
        .unwrap();
        assert_eq!(r.source, RosterSource::Registry);
        assert_eq!(r.journal.len(), 1);
    }

    #[test]
    fn rows_state_the_published_files_lines() {
        let text = include_str!(
            "../../../tests/fixtures/journal/approved-then-changed/SESSION_IDENTITY_REGISTRY.md"
        );
        let from_journal = roster(text, Some(JOURNAL), &ValidateOptions::default()).unwrap();
        let heading_lines: Vec<Option<u32>> = parse_registry(text)
            .unwrap()
            .registry
            .sessions
            .iter()
            .map(|s| Some(s.line))
            .collect();
        let lines: Vec<Option<u32>> = from_journal.rows.iter().map(|x| x.line).collect();
        assert_eq!(lines, heading_lines);
    }
}
