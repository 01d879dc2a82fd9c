//! The merge of every legacy source into one registry view, reporting each disagreement.
//!
//! Precedence, stated rather than guessed: the markdown registry places sessions first (humans
//! read and edit it), then `CONSENSUS.json`, then `claude_sessions.json`. A later claim that
//! agrees with what is placed adds what was missing; one that disagrees is not applied and becomes
//! a finding: `legacy-number-conflict` (a number held by two ids), `legacy-id-conflict` (an id
//! holding two numbers), `legacy-number-out-of-range` (a number beyond the registry's size).
//! `sessions/REGISTRY.json` has no numbers: it only adds to sessions placed by id.

use super::consensus_json::ConsensusFile;
use super::sessions_registry::SessionsRegistry;
use super::{Claim, Source};
use crate::diagnostic::Diagnostic;
use crate::model::{Registry, Session, Status};
use serde::{Deserialize, Serialize};

/// Everything the merge reads; absent files are `None` or empty.
#[derive(Debug, Clone, Default)]
pub struct Inputs<'a> {
    /// The parsed markdown registry.
    pub markdown: Option<&'a Registry>,
    /// `CONSENSUS.json`.
    pub consensus: Option<ConsensusFile>,
    /// `claude_sessions.json`'s claims.
    pub claude_sessions: Vec<Claim>,
    /// `sessions/REGISTRY.json`.
    pub sessions_registry: Option<SessionsRegistry>,
}

/// One numbered session after the merge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MergedSession {
    /// Its number, 1-based.
    pub number: u32,
    /// The legacy id (`session-1763243115`), when any source gives one.
    pub id: Option<String>,
    /// The session's name (`marketing-outreach-1`).
    pub name: Option<String>,
    /// The role text.
    pub role: Option<String>,
    /// The goal text.
    pub goal: Option<String>,
    /// Where it stands: the markdown's status, raised to registered when a JSON source records its claim.
    pub status: Status,
    /// When it registered, as written by the first source that says.
    pub registered_at: Option<String>,
    /// `claude_sessions.json`'s active/inactive flag.
    pub active: Option<bool>,
    /// Epoch seconds when `sessions/REGISTRY.json` says it was confirmed (informational only).
    pub confirmed_at: Option<f64>,
    /// Ids that agreed to its claim in `CONSENSUS.json`.
    pub agreed_by: Vec<String>,
    /// Every source that contributed, in precedence order.
    pub sources: Vec<Source>,
}

/// The merged view: sessions by number, and every disagreement found.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Merged {
    /// How many sessions the registry has room for, when known (the markdown's `**Required**`).
    pub size: Option<u32>,
    /// The coordinator's id from `sessions/REGISTRY.json`.
    pub coordinator: Option<String>,
    /// Placed sessions in ascending number order.
    pub sessions: Vec<MergedSession>,
    /// How many claims were read across all sources.
    pub claims_read: usize,
    /// Disagreements and skipped records.
    pub diagnostics: Vec<Diagnostic>,
}

impl Merged {
    /// The findings counted as conflicts (number, id and range).
    pub fn conflicts(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| CONFLICT_CODES.contains(&d.code.as_str()))
            .count()
    }
}

/// The codes that mean two sources disagree about who holds what.
pub const CONFLICT_CODES: [&str; 3] = [
    "legacy-number-conflict",
    "legacy-id-conflict",
    "legacy-number-out-of-range",
];

/// Merges every source; see the module documentation for the precedence.
pub fn merge(inputs: &Inputs<'_>) -> Merged {
    let mut merged = Merged {
        size: inputs.markdown.and_then(registry_size),
        ..Merged::default()
    };
    let markdown: Vec<Claim> = inputs
        .markdown
        .map(|r| r.sessions.iter().map(markdown_claim).collect())
        .unwrap_or_default();
    let consensus = inputs
        .consensus
        .as_ref()
        .map(|c| c.sessions.clone())
        .unwrap_or_default();
    for claim in markdown
        .iter()
        .chain(&consensus)
        .chain(&inputs.claude_sessions)
    {
        merged.claims_read += 1;
        place(&mut merged, claim);
    }
    if let Some(reg) = &inputs.sessions_registry {
        merged.coordinator = reg.coordinator.clone();
        for claim in &reg.sessions {
            merged.claims_read += 1;
            attach(&mut merged, claim);
        }
        check_coordinator(&mut merged);
    }
    merged.sessions.sort_by_key(|s| s.number);
    merged
}

/// The registry's size: the `**Required**` count, else how many sessions it lists.
fn registry_size(registry: &Registry) -> Option<u32> {
    registry.required.or_else(|| {
        u32::try_from(registry.sessions.len())
            .ok()
            .filter(|n| *n > 0)
    })
}

/// A markdown session as a claim.
fn markdown_claim(session: &Session) -> Claim {
    Claim {
        source: Some(Source::Markdown),
        line: Some(session.line),
        id: session
            .legacy_id()
            .or(session.session_name())
            .map(str::to_string),
        name: session.session_name().map(str::to_string),
        number: session.number().or(session.heading_number),
        role: session.role().map(str::to_string),
        goal: session.goal().map(str::to_string),
        status: session.text(crate::model::KEY_STATUS).map(str::to_string),
        registered_at: session.timestamp().map(str::to_string),
        ..Claim::default()
    }
}

/// True when the two name the same session by id or name.
fn same_identity(s: &MergedSession, c: &Claim) -> bool {
    let mine = [s.id.as_deref(), s.name.as_deref()];
    let theirs = [c.id.as_deref(), c.name.as_deref()];
    mine.iter()
        .flatten()
        .any(|m| theirs.iter().flatten().any(|t| m == t))
}

/// Who a claim is, for messages.
fn who(c: &Claim) -> String {
    c.id.clone()
        .or_else(|| c.name.clone())
        .unwrap_or_else(|| "an unnamed session".to_string())
}

/// Who a placed session is, for messages.
fn holder(s: &MergedSession) -> String {
    s.id.clone()
        .or_else(|| s.name.clone())
        .unwrap_or_else(|| "an unnamed session".to_string())
}

/// Where a claim came from, for messages.
fn origin(c: &Claim) -> String {
    let file = c.source.map_or("input", Source::file);
    match c.line {
        Some(line) => format!("{file}:{line}"),
        None => file.to_string(),
    }
}

fn place(merged: &mut Merged, claim: &Claim) {
    let Some(number) = claim.number else {
        merged.diagnostics.push(no_number(claim));
        return;
    };
    if let Some(size) = merged.size.filter(|size| number == 0 || number > *size) {
        merged.diagnostics.push(out_of_range(claim, number, size));
        return;
    }
    let slot = merged.sessions.iter().position(|s| s.number == number);
    let known = if claim.id.is_some() || claim.name.is_some() {
        merged.sessions.iter().position(|s| same_identity(s, claim))
    } else {
        None
    };
    match (slot, known) {
        (Some(i), Some(j)) if i == j => enrich(&mut merged.sessions[i], claim),
        (Some(i), known) => {
            if claim.id.is_none() && claim.name.is_none() {
                return;
            }
            let d = number_conflict(&merged.sessions[i], claim, number);
            merged.diagnostics.push(d);
            if let Some(j) = known {
                let d = id_conflict(&merged.sessions[j], claim, number);
                merged.diagnostics.push(d);
            }
        }
        (None, Some(j)) => {
            let d = id_conflict(&merged.sessions[j], claim, number);
            merged.diagnostics.push(d);
        }
        (None, None) => merged.sessions.push(new_session(number, claim)),
    }
}

fn new_session(number: u32, claim: &Claim) -> MergedSession {
    let mut s = MergedSession {
        number,
        id: None,
        name: None,
        role: None,
        goal: None,
        status: Status::Pending,
        registered_at: None,
        active: None,
        confirmed_at: None,
        agreed_by: Vec::new(),
        sources: Vec::new(),
    };
    if claim.source == Some(Source::Markdown) {
        s.status = claim
            .status
            .as_deref()
            .map_or(Status::Pending, Status::parse);
    }
    enrich(&mut s, claim);
    s
}

/// Adds what `claim` knows and `s` lacks; never overwrites.
fn enrich(s: &mut MergedSession, claim: &Claim) {
    fill(&mut s.id, &claim.id);
    fill(&mut s.name, &claim.name);
    fill(&mut s.role, &claim.role);
    fill(&mut s.goal, &claim.goal);
    fill(&mut s.registered_at, &claim.registered_at);
    if s.confirmed_at.is_none() {
        s.confirmed_at = claim.confirmed_at;
    }
    for id in &claim.agreed_by {
        if !s.agreed_by.contains(id) {
            s.agreed_by.push(id.clone());
        }
    }
    match claim.source {
        Some(Source::ClaudeSessions) => {
            s.active = claim
                .status
                .as_deref()
                .map(|t| t.eq_ignore_ascii_case("active"));
            raise_to_registered(s);
        }
        Some(Source::Consensus) => raise_to_registered(s),
        _ => {}
    }
    if let Some(source) = claim.source {
        if !s.sources.contains(&source) {
            s.sources.push(source);
        }
    }
}

/// A JSON source recording the claim means the session registered, whatever the markdown says.
fn raise_to_registered(s: &mut MergedSession) {
    if !s.status.is_registered_or_later() {
        s.status = Status::Registered;
    }
}

fn fill(slot: &mut Option<String>, value: &Option<String>) {
    if slot.is_none() {
        slot.clone_from(value);
    }
}

/// `sessions/REGISTRY.json` records: enrich the placed session with the same id, or report.
fn attach(merged: &mut Merged, claim: &Claim) {
    let Some(i) = merged
        .sessions
        .iter()
        .position(|s| s.id.is_some() && s.id == claim.id)
    else {
        merged.diagnostics.push(unplaced(claim));
        return;
    };
    let s = &mut merged.sessions[i];
    if let (Some(have), Some(theirs)) = (&s.name, &claim.name) {
        if have != theirs {
            let d = name_conflict(s, claim);
            merged.diagnostics.push(d);
        }
    }
    // Its `role` is often a placeholder; the placed session's role stands.
    let extra = Claim {
        role: None,
        ..claim.clone()
    };
    enrich(s, &extra);
}

fn check_coordinator(merged: &mut Merged) {
    let Some(coordinator) = merged.coordinator.clone() else {
        return;
    };
    let placed = merged
        .sessions
        .iter()
        .any(|s| s.id.as_deref() == Some(&coordinator) || s.name.as_deref() == Some(&coordinator));
    if !placed {
        merged.diagnostics.push(
            Diagnostic::warning(
                "legacy-unplaced-session",
                format!(
                    "{}: the coordinator {coordinator} holds no number in the registry",
                    Source::SessionsRegistry.file()
                ),
            )
            .with_help("register the coordinator, or name the right one with `rollcall reassign`"),
        );
    }
}

fn at(mut d: Diagnostic, claim: &Claim) -> Diagnostic {
    if claim.source != Some(Source::Markdown) {
        return d;
    }
    d.line = claim.line;
    d
}

fn no_number(claim: &Claim) -> Diagnostic {
    at(
        Diagnostic::warning(
            "legacy-missing-number",
            format!("{}: {} has no number; it was not placed", origin(claim), who(claim)),
        ),
        claim,
    )
    .with_help("give the session a number in the registry, or register it with `rollcall register --number next`")
}

fn out_of_range(claim: &Claim, number: u32, size: u32) -> Diagnostic {
    at(
        Diagnostic::error(
            "legacy-number-out-of-range",
            format!(
                "{}: {} claims number {number}, beyond the registry's {size} sessions; it was not imported",
                origin(claim),
                who(claim)
            ),
        ),
        claim,
    )
    .for_session(Some(number))
    .with_help(format!(
        "if {} is a real session, register it with a free number: `rollcall register --as {} --number next --role ROLE --goal GOAL`",
        who(claim),
        who(claim)
    ))
}

fn number_conflict(s: &MergedSession, claim: &Claim, number: u32) -> Diagnostic {
    at(
        Diagnostic::error(
            "legacy-number-conflict",
            format!(
                "number {number} is held by {} ({}) and claimed by {} ({}); {} keeps it",
                holder(s),
                sources_text(s),
                who(claim),
                origin(claim),
                holder(s)
            ),
        ),
        claim,
    )
    .for_session(Some(number))
    .with_help(format!(
        "if {} should hold number {number}, run `rollcall reassign --number {number} --to {}`",
        who(claim),
        who(claim)
    ))
}

fn id_conflict(s: &MergedSession, claim: &Claim, number: u32) -> Diagnostic {
    at(
        Diagnostic::error(
            "legacy-id-conflict",
            format!(
                "{} holds number {} ({}) and also claims number {number} ({}); it keeps number {}",
                who(claim),
                s.number,
                sources_text(s),
                origin(claim),
                s.number
            ),
        ),
        claim,
    )
    .for_session(Some(s.number))
    .with_help(format!(
        "if {} should hold number {number} instead, run `rollcall release --number {}` and register again",
        who(claim),
        s.number
    ))
}

fn name_conflict(s: &MergedSession, claim: &Claim) -> Diagnostic {
    Diagnostic::warning(
        "legacy-name-conflict",
        format!(
            "{}: {} is named {} there but {} in the registry; the registry's name is kept",
            origin(claim),
            holder(s),
            claim.name.as_deref().unwrap_or_default(),
            s.name.as_deref().unwrap_or_default()
        ),
    )
    .for_session(Some(s.number))
    .with_help("correct whichever name is wrong; rollcall uses the registry's")
}

fn unplaced(claim: &Claim) -> Diagnostic {
    Diagnostic::warning(
        "legacy-unplaced-session",
        format!(
            "{}: {} holds no number in any source; it was not imported",
            origin(claim),
            who(claim)
        ),
    )
    .with_help(format!(
        "if {} is a real session, register it: `rollcall register --as {} --number next --role ROLE --goal GOAL`",
        who(claim),
        who(claim)
    ))
}

fn sources_text(s: &MergedSession) -> String {
    s.sources
        .iter()
        .map(|src| src.file())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::legacy::{claude_sessions, consensus_json, sessions_registry};
    use crate::model::Field;

    fn md_session(number: u32, name: &str, id: &str, line: u32) -> Session {
        let field = |key: &str, value: String, offset: u32| Field {
            key: key.to_string(),
            value,
            line: line + offset,
            items: vec![],
        };
        Session {
            line,
            heading_number: Some(number),
            title: format!("S{number}"),
            fields: vec![
                field("NUMBER", number.to_string(), 1),
                field("ROLE", format!("role {number}"), 2),
                field("GOAL", format!("goal {number}"), 3),
                field("SESSION_ID", format!("{name} ({id})"), 4),
                field("STATUS", "⏳ PENDING REGISTRATION".to_string(), 5),
            ],
        }
    }

    fn registry(n: u32) -> Registry {
        Registry {
            required: Some(n),
            sessions: (1..=n)
                .map(|i| md_session(i, &format!("name-{i}"), &format!("session-{i}"), i * 10))
                .collect(),
            ..Registry::default()
        }
    }

    fn codes(m: &Merged) -> Vec<&str> {
        m.diagnostics.iter().map(|d| d.code.as_str()).collect()
    }

    #[test]
    fn agreeing_sources_merge_without_findings() {
        let md = registry(3);
        let (claude, _) = claude_sessions::parse(
            r#"{"2": {"session_id": "session-2", "status": "inactive", "registered_at": "T2"}}"#,
        );
        let (reg, _) = sessions_registry::parse(
            r#"{"coordinator": "session-1", "sessions": {"session-1": {"name": "name-1", "confirmed_at": 5.5}}}"#,
        );
        let m = merge(&Inputs {
            markdown: Some(&md),
            claude_sessions: claude,
            sessions_registry: Some(reg),
            ..Inputs::default()
        });
        assert!(m.diagnostics.is_empty(), "{:?}", m.diagnostics);
        assert_eq!(m.sessions.len(), 3);
        assert_eq!(m.sessions[1].status, Status::Registered);
        assert_eq!(m.sessions[1].active, Some(false));
        assert_eq!(m.sessions[1].registered_at.as_deref(), Some("T2"));
        assert_eq!(m.sessions[0].confirmed_at, Some(5.5));
        assert_eq!(m.sessions[2].status, Status::Pending);
        assert_eq!(m.conflicts(), 0);
    }

    #[test]
    fn session_under_another_sessions_number_is_two_conflicts() {
        let md = registry(5);
        let (claude, _) =
            claude_sessions::parse(r#"{"4": {"session_id": "session-5", "number": 4}}"#);
        let m = merge(&Inputs {
            markdown: Some(&md),
            claude_sessions: claude,
            ..Inputs::default()
        });
        assert_eq!(
            codes(&m),
            vec!["legacy-number-conflict", "legacy-id-conflict"]
        );
        assert_eq!(m.diagnostics[0].session, Some(4));
        assert!(m.diagnostics[0].message.contains("session-4"));
        assert!(m.diagnostics[0].message.contains("session-5"));
        assert_eq!(m.diagnostics[1].session, Some(5));
        assert_eq!(
            m.sessions[3].id.as_deref(),
            Some("session-4"),
            "markdown keeps #4"
        );
        assert_eq!(m.conflicts(), 2);
    }

    #[test]
    fn one_id_under_two_numbers_without_markdown() {
        let (claude, _) =
            claude_sessions::parse(r#"{"9": {"session_id": "s-x"}, "10": {"session_id": "s-x"}}"#);
        let m = merge(&Inputs {
            claude_sessions: claude,
            ..Inputs::default()
        });
        assert_eq!(codes(&m), vec!["legacy-id-conflict"]);
        assert_eq!(m.sessions.len(), 1);
        assert_eq!(m.sessions[0].number, 9);
        assert_eq!(m.size, None);
    }

    #[test]
    fn number_beyond_size_is_not_imported() {
        let md = registry(12);
        let (claude, _) = claude_sessions::parse(r#"{"13": {"session_id": "session-99"}}"#);
        let m = merge(&Inputs {
            markdown: Some(&md),
            claude_sessions: claude,
            ..Inputs::default()
        });
        assert_eq!(codes(&m), vec!["legacy-number-out-of-range"]);
        assert_eq!(m.diagnostics[0].session, Some(13));
        assert_eq!(m.sessions.len(), 12);
    }

    #[test]
    fn consensus_proposal_for_taken_number() {
        let md = registry(3);
        let (consensus, _) = consensus_json::parse(
            r#"{"sessions": {"session-3": {"number": 2, "agreed_by": ["session-1"]}, "session-1": {"number": 1, "agreed_by": ["session-2"]}}}"#,
        );
        let m = merge(&Inputs {
            markdown: Some(&md),
            consensus: Some(consensus),
            ..Inputs::default()
        });
        assert_eq!(
            codes(&m),
            vec!["legacy-number-conflict", "legacy-id-conflict"]
        );
        assert_eq!(m.sessions[0].agreed_by, vec!["session-2".to_string()]);
        assert_eq!(m.sessions[0].status, Status::Registered);
    }

    #[test]
    fn registry_json_name_and_unknown_id_are_reported() {
        let md = registry(2);
        let (reg, _) = sessions_registry::parse(
            r#"{"coordinator": "nobody", "sessions": {"session-1": {"name": "other"}, "session-7": {"name": "x"}}}"#,
        );
        let m = merge(&Inputs {
            markdown: Some(&md),
            sessions_registry: Some(reg),
            ..Inputs::default()
        });
        assert_eq!(
            codes(&m),
            vec![
                "legacy-name-conflict",
                "legacy-unplaced-session",
                "legacy-unplaced-session"
            ]
        );
        assert_eq!(m.sessions[0].name.as_deref(), Some("name-1"));
        assert_eq!(m.conflicts(), 0);
    }

    #[test]
    fn markdown_conflict_points_at_its_line() {
        let mut md = registry(2);
        md.sessions.push(md_session(2, "dup", "session-dup", 99));
        let m = merge(&Inputs {
            markdown: Some(&md),
            ..Inputs::default()
        });
        assert_eq!(codes(&m), vec!["legacy-number-conflict"]);
        assert_eq!(m.diagnostics[0].line, Some(99));
    }
}
