//! Stamping new messages: every message rollcall writes (`send`, `ingest`'s replies, `activate`'s
//! broadcast) gets the clock's reading and an id made of it and 128 random bits, here.

use crate::clock;
use crate::error::{CliError, CliResult};
use rollcall_core::{compose, format_id, Draft, Message};
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// 128 bits from std's per-process random hasher keys, the pid, a counter and the clock.
pub fn random_bits() -> u128 {
    let nanos = clock::since_epoch().as_nanos();
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let half = |salt: u64| {
        let mut h = RandomState::new().build_hasher();
        h.write_u64(salt);
        h.write_u32(std::process::id());
        h.write_u64(count);
        h.write_u128(nanos);
        h.finish()
    };
    (u128::from(half(1)) << 64) | u128::from(half(2))
}

/// `draft` as a message stamped now; core's reason it is not one (a bad name, no subject) is a
/// usage error `<what>: <reason>` with core's help as the hint.
pub fn stamp(draft: Draft, what: &str) -> CliResult<Message> {
    let (secs, millis) = clock::now();
    compose(draft, secs, format_id(millis, random_bits()))
        .map_err(|d| CliError::usage(format!("{what}: {}", d.message)).with_optional_hint(d.help))
}

/// A message from `from` to `to` (a session or `broadcast`), stamped now, ready to deliver.
pub fn compose_message(from: &str, to: &str, subject: &str, body: &str) -> CliResult<Message> {
    let draft = Draft {
        from: from.to_string(),
        to: to.to_string(),
        subject: subject.to_string(),
        message: body.to_string(),
        thread: None,
        reply_to: None,
        ack_required: false,
    };
    stamp(draft, &format!("cannot compose a message to {to}"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn ids_differ_and_bad_names_are_refused() {
        assert_ne!(random_bits(), random_bits());
        let one = compose_message("a", "b", "s", "m").unwrap();
        let two = compose_message("a", "b", "s", "m").unwrap();
        assert_ne!(one.id, two.id);
        let err = compose_message("a", "../b", "s", "m").unwrap_err();
        assert!(
            err.message.starts_with("cannot compose a message to ../b"),
            "{err}"
        );
    }
}
