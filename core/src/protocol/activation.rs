//! The final-registry broadcast `activate` sends, derived from the journal alone: the same
//! activation always gives the same message (id, time, text), so a broadcast a killed `activate`
//! never wrote can be written later, once, by whichever command finds it missing.

use super::report::published_document;
use super::state::State;
use crate::message::{compose, Draft, Message, BROADCAST};
use crate::render::render_markdown;
use crate::time::UtcTime;
use crate::Diagnostic;

/// Prefix of the activation broadcast's message id (`activation-20261201T100000Z`).
pub const ACTIVATION_ID_PREFIX: &str = "activation-";

/// The broadcast of the activated registry, or `None` before activation.
#[allow(clippy::result_large_err)] // Diagnostic is the one error type; this runs once per command
pub fn activation_broadcast(state: &State) -> Option<Result<Message, Diagnostic>> {
    let activated = state.activated.as_ref()?;
    let at = UtcTime::parse_loose(&activated.time).unwrap_or_else(|| UtcTime::from_unix(0));
    let draft = Draft {
        from: activated.by.clone(),
        to: BROADCAST.to_string(),
        subject: format!(
            "REGISTRY ACTIVE: {}/{} sessions - final registry",
            state.registered(),
            state.required
        ),
        message: render_markdown(&published_document(state)),
        thread: None,
        reply_to: None,
        ack_required: false,
    };
    let id = format!("{ACTIVATION_ID_PREFIX}{}", at.iso8601_basic());
    Some(compose(draft, at.unix_seconds(), id))
}
