//! The validation report: what `rollcall validate --format json` prints and the wasm `validate` returns.

use crate::diagnostic::Diagnostic;
use serde::{Deserialize, Serialize};

/// Everything known about one registry: findings plus the computed consensus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Where the registry came from (`-` for stdin), `null` when not given.
    pub path: Option<String>,
    /// Findings sorted by line.
    pub diagnostics: Vec<Diagnostic>,
    /// Consensus computed from the data, never read from the file's own claims.
    pub consensus: Consensus,
}

impl Report {
    /// True when any finding has error severity (`validate` exits 1).
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Where the registry stands on its way to activation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConsensusState {
    /// Not every slot holds a registered session yet.
    Registering,
    /// Errors (duplicate numbers, roles, ...) stand in the way.
    Conflicts,
    /// All registered and sound; the orchestrator has not confirmed.
    AwaitingConfirmation,
    /// Confirmed; the human has not approved.
    AwaitingApproval,
    /// Approved; not yet activated.
    Approved,
    /// Activated: every session works under its identity.
    Active,
}

impl ConsensusState {
    /// The kebab-case name used in every output.
    pub fn as_str(self) -> &'static str {
        match self {
            ConsensusState::Registering => "registering",
            ConsensusState::Conflicts => "conflicts",
            ConsensusState::AwaitingConfirmation => "awaiting-confirmation",
            ConsensusState::AwaitingApproval => "awaiting-approval",
            ConsensusState::Approved => "approved",
            ConsensusState::Active => "active",
        }
    }
}

/// The consensus block of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consensus {
    /// How many sessions must register.
    pub required: u32,
    /// Sessions registered or later with no error against them.
    pub registered: u32,
    /// True only when every check holds and there is no error.
    pub reached: bool,
    /// The protocol state.
    pub state: ConsensusState,
    /// Each consensus check, computed, next to what the file claims.
    pub checks: Vec<Check>,
}

/// One consensus check (the seed's six checklist items).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    /// Stable kebab-case id (`all-registered`).
    pub id: String,
    /// The checklist text (from the file when it has the item, else the canonical text).
    pub text: String,
    /// Whether the check holds for the data.
    pub holds: bool,
    /// Whether the file ticks the box; `null` when the file has no such item.
    pub claimed: Option<bool>,
    /// 1-based line of the file's item, `null` when absent.
    pub line: Option<u32>,
}
