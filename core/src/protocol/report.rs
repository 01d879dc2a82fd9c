//! The validation report of a protocol state: the registry document validated with the journal's
//! attestations, so `status`, `confirm` and `activate` judge exactly as `validate` does.

use super::state::State;
use crate::report::{Consensus, ConsensusState, Report};

/// Validates the state's registry document with its attestations.
pub fn report(state: &State) -> Report {
    let all = state.initialized && state.free_numbers().is_empty();
    let consensus_state = if state.activated.is_some() {
        ConsensusState::Active
    } else if !all {
        ConsensusState::Registering
    } else if state.confirmed.is_none() {
        ConsensusState::AwaitingConfirmation
    } else if state.approved.is_none() {
        ConsensusState::AwaitingApproval
    } else {
        ConsensusState::Approved
    };
    Report {
        path: None,
        diagnostics: Vec::new(),
        consensus: Consensus {
            required: state.required,
            registered: state.registered(),
            reached: all && state.confirmed.is_some() && state.approved.is_some(),
            state: consensus_state,
            checks: Vec::new(),
        },
    }
}
