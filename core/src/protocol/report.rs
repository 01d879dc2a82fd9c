//! The validation report of a protocol state: the registry document validated with the journal's
//! attestations, so `status`, `confirm` and `activate` judge exactly as `validate` does.

use super::state::State;
use crate::consensus::check_id_of;
use crate::model::Registry;
use crate::render::render_markdown;
use crate::report::Report;
use crate::validate::{validate, validate_registry, Attestations, ValidateOptions};

/// What the journal attests: who confirmed, who approved, whether the registry was activated.
pub fn attestations(state: &State) -> Attestations {
    Attestations {
        confirmed_by: state.confirmed.as_ref().map(|a| a.by.clone()),
        approved_by: state.approved.as_ref().map(|a| a.by.clone()),
        activated: state.activated.is_some(),
    }
}

/// Validates the state's registry document (boxes unticked: only the journal attests) with the
/// journal's attestations and the state's required count. Works on the model, without rendering:
/// findings and consensus are those of the file, lines aside (see [`published`] for those).
pub fn report(state: &State) -> Report {
    validate_registry(&state.document(|_| false), &options(state))
}

fn options(state: &State) -> ValidateOptions {
    ValidateOptions {
        path: None,
        required: Some(state.required),
        attestations: attestations(state),
    }
}

/// The registry document as it is written to disk: each checklist box ticked when its check holds.
pub fn published_document(state: &State) -> Registry {
    let holds = report(state).consensus.checks;
    state.document(|item| {
        let id = check_id_of(&item.text);
        holds.iter().any(|c| c.holds && Some(c.id.as_str()) == id)
    })
}

/// The published document and its report: what `rollcall validate` says about the rendered file
/// with the journal beside it (rendered and parsed again, so lines and columns are the file's).
pub fn published(state: &State) -> (Registry, Report) {
    let document = published_document(state);
    let options = options(state);
    let report = validate(&render_markdown(&document), &options)
        .unwrap_or_else(|_| validate_registry(&document, &options));
    (document, report)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::protocol::journal::{Claim, Entry, Event};
    use crate::protocol::state::blank_registry;
    use crate::report::ConsensusState;

    fn apply(state: &mut State, actor: &str, event: Event) {
        state.apply(&Entry::new("t", actor, event)).unwrap();
    }

    #[test]
    fn consensus_follows_the_journal() {
        let mut state = State::default();
        let registry = blank_registry("R", 2).unwrap();
        apply(
            &mut state,
            "boss",
            Event::Init {
                registry,
                required: 2,
                coordinator: 1,
            },
        );
        assert_eq!(report(&state).consensus.state, ConsensusState::Registering);
        for (n, who, role) in [
            (1, "boss", "Master Coordinator - run the team"),
            (2, "b", "Research AI - find prospects"),
        ] {
            let claim = Claim {
                number: n,
                session: who.into(),
                session_id: who.into(),
                role: role.into(),
                goal: "Find 25 prospects daily".into(),
                responsibilities: vec![],
                message: None,
                key: None,
            };
            apply(&mut state, who, Event::Register(claim));
        }
        let r = report(&state);
        assert!(!r.has_errors(), "{:?}", r.diagnostics);
        assert_eq!(r.consensus.state, ConsensusState::AwaitingConfirmation);
        apply(&mut state, "boss", Event::Confirm {});
        assert_eq!(
            report(&state).consensus.state,
            ConsensusState::AwaitingApproval
        );
        apply(&mut state, "Jim", Event::Approve { by: "Jim".into() });
        let r = report(&state);
        assert_eq!(r.consensus.state, ConsensusState::Approved);
        assert!(r.consensus.reached);
        apply(&mut state, "boss", Event::Activate {});
        assert_eq!(report(&state).consensus.state, ConsensusState::Active);
    }
}
