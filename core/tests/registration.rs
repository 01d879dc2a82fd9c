//! Property tests for registration messages: values with spaces, quotes, `$`, emoji and HTML come
//! back exactly from both forms, and no input makes the parser panic.
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use rollcall_core::{parse_registration, RegistrationNumber};

/// A non-empty one-line value without `=` or a leading `[`/quote (those have meanings).
fn value() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9][a-zA-Z0-9 $<>/&#:;,.!?()*_+%🎯⏳é-]{0,30}".prop_map(|s| s.trim().to_string())
}

fn number() -> impl Strategy<Value = RegistrationNumber> {
    prop_oneof![
        any::<u32>().prop_map(RegistrationNumber::Number),
        Just(RegistrationNumber::Next),
    ]
}

proptest! {
    #[test]
    fn one_line_form_round_trips(n in number(), role in value(), goal in value(), id in "[a-z][a-z0-9-]{0,20}") {
        let text = format!("REGISTRATION: NUMBER={n} ROLE={role} GOAL={goal} SESSION_ID={id} STATUS=REGISTERED");
        let r = parse_registration(&text).unwrap();
        prop_assert_eq!(r.number, n);
        prop_assert_eq!(r.role, role);
        prop_assert_eq!(r.goal, goal);
        prop_assert_eq!(r.session_id, id);
        prop_assert_eq!(r.status.as_deref(), Some("REGISTERED"));
    }

    #[test]
    fn block_form_round_trips(n in number(), role in value(), goal in value(), ready in any::<bool>()) {
        let yes = if ready { "YES" } else { "NO" };
        let text = format!("REGISTRATION COMPLETE\nNUMBER: {n}\nROLE: {role}\nGOAL: {goal}\nSESSION_ID: s-1\nSTATUS: REGISTERED\nREADY: {yes}\n");
        let r = parse_registration(&text).unwrap();
        prop_assert_eq!(r.number, n);
        prop_assert_eq!(r.role, role);
        prop_assert_eq!(r.goal, goal);
        prop_assert_eq!(r.ready, Some(ready));
    }

    #[test]
    fn never_panics(text in "(REGISTRATION(:| COMPLETE\n)| |[A-Z_]{1,8}(=|: )|\\PC|\n|\r){0,60}") {
        let _ = parse_registration(&text);
    }
}
