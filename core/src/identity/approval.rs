//! The human's approval: the exact text an approver signs (`ssh-keygen -Y sign -n rollcall-approve`)
//! and the check of that signature against the current state.
//!
//! The text binds the approval to one moment of the journal. It holds, one item per line:
//! the approver's name; the registry's title; `registry-sha256:`, the SHA-256 (hex) of the
//! registry markdown as rendered from the state (`render_markdown(published_document(state))`);
//! `journal-head: N sha256:HEX`, the number of applied entries and the SHA-256 of the last applied
//! entry's journal line (its serde_json serialization, `sig` included, without the newline);
//! then each number 1..=required with its session, SESSION_ID, role, goal and key fingerprint
//! (or `free`), and each enrolled approver with its fingerprint. Texts are shown with control
//! characters escaped, so no value can forge a line. The same state always gives the same text.

use super::keys::{fingerprint, Keyring, Owner};
use super::signature::{parse, verify};
use super::{
    APPROVAL_BAD_SIGNATURE, APPROVAL_STALE, APPROVAL_UNKNOWN_KEY, APPROVAL_UNSIGNED,
    APPROVE_NAMESPACE,
};
use crate::model::KEY_SESSION_ID;
use crate::protocol::claim::Refusal;
use crate::protocol::report::published_document;
use crate::protocol::state::{slot_index, State};
use crate::render::render_markdown;
use crate::text::escape_controls;
use sha2::{Digest, Sha256};
use std::fmt::Write;

/// The first line of every approval text.
pub const APPROVAL_HEADER: &str = "rollcall approval v1";

/// The SHA-256 (hex) of the registry markdown rendered from the state.
pub fn registry_digest(state: &State) -> String {
    let markdown = render_markdown(&published_document(state));
    format!("{:x}", Sha256::digest(markdown.as_bytes()))
}

/// The journal head as the approval text shows it: `N sha256:HEX`.
pub fn journal_head(state: &State) -> String {
    format!("{} sha256:{}", state.events, state.head)
}

/// The exact text approver `by` signs to approve the registry as `state` has it (see the module doc).
pub fn approval_text(state: &State, by: &str) -> String {
    let keyring = Keyring::from_state(state);
    let mut text = String::new();
    let _ = writeln!(text, "{APPROVAL_HEADER}");
    let _ = writeln!(text, "approver: {}", escape_controls(by));
    let _ = writeln!(text, "registry: {}", escape_controls(&state.registry.title));
    let _ = writeln!(text, "registry-sha256: {}", registry_digest(state));
    let _ = writeln!(text, "journal-head: {}", journal_head(state));
    let _ = writeln!(
        text,
        "sessions: {} of {} registered",
        state.registered(),
        state.required
    );
    for number in 1..=state.required {
        write_slot(&mut text, state, &keyring, number);
    }
    let _ = writeln!(text, "approvers:");
    for (name, key) in keyring.approvers() {
        let _ = writeln!(
            text,
            "  {} {}",
            escape_controls(name),
            fingerprint(key.key_data())
        );
    }
    text
}

fn write_slot(text: &mut String, state: &State, keyring: &Keyring, number: u32) {
    let Some(holder) = state.holders.get(&number) else {
        let _ = writeln!(text, "#{number} free");
        return;
    };
    let slot = slot_index(&state.registry, number).map(|i| &state.registry.sessions[i]);
    let field = |value: Option<&str>| escape_controls(value.unwrap_or("")).into_owned();
    let key = keyring
        .session(&holder.session)
        .map_or_else(|| "none".to_string(), |k| fingerprint(k.key_data()));
    let _ = writeln!(text, "#{number} {}", escape_controls(&holder.session));
    let _ = writeln!(
        text,
        "  session-id: {}",
        field(slot.and_then(|s| s.text(KEY_SESSION_ID)))
    );
    let _ = writeln!(text, "  role: {}", field(slot.and_then(|s| s.role())));
    let _ = writeln!(text, "  goal: {}", field(slot.and_then(|s| s.goal())));
    let _ = writeln!(text, "  key: {key}");
}

/// Checks approver `by`'s armored signature over the approval text of `state`; the signer's
/// fingerprint when it holds. `signed_text`, when the caller has the file that was signed, tells
/// a stale approval (a valid signature over an older text) from a bad one.
pub fn verify_approval(
    state: &State,
    by: &str,
    signature: Option<&str>,
    signed_text: Option<&str>,
) -> Result<String, Refusal> {
    let Some(armored) = signature.filter(|s| !s.trim().is_empty()) else {
        return Err(refusal(
            APPROVAL_UNSIGNED,
            format!("the approval by {by} carries no signature"),
            "print the text with `rollcall approve --by NAME --print`, sign it with `ssh-keygen -Y sign -n rollcall-approve -f KEY FILE`, and pass --signature FILE.sig",
        ));
    };
    let parsed = parse(armored).map_err(|why| bad(by, &why))?;
    let keyring = Keyring::from_state(state);
    check_signer(&keyring, by, parsed.public_key())?;
    let current = approval_text(state, by);
    match verify(APPROVE_NAMESPACE, current.as_bytes(), armored) {
        Ok(signer) => Ok(fingerprint(signer.key_data())),
        Err(why) => match signed_text {
            Some(old) if verify(APPROVE_NAMESPACE, old.as_bytes(), armored).is_ok() => {
                Err(stale(state, old))
            }
            _ => Err(bad(by, &why)),
        },
    }
}

/// The signer must be approver `by`'s enrolled key; a session's key never is.
fn check_signer(
    keyring: &Keyring,
    by: &str,
    signer: &ssh_key::public::KeyData,
) -> Result<(), Refusal> {
    if keyring.approver(by).is_some_and(|k| k.key_data() == signer) {
        return Ok(());
    }
    let whose = match keyring.owner(signer) {
        Some(Owner::Session(session)) => {
            format!("it is session {session}'s key, and a session key can never approve")
        }
        Some(Owner::Approver(other)) => format!("it is enrolled for {other}, not {by}"),
        None if keyring.approver(by).is_none() => format!("{by} is not an enrolled approver"),
        None => format!("it is not {by}'s enrolled key"),
    };
    Err(refusal(
        APPROVAL_UNKNOWN_KEY,
        format!("the approval is signed by {}: {whose}", fingerprint(signer)),
        "approvers are enrolled with `rollcall init --approver NAME=PUBLIC_KEY_FILE`",
    ))
}

fn bad(by: &str, why: &str) -> Refusal {
    refusal(
        APPROVAL_BAD_SIGNATURE,
        format!("the approval signature by {by} does not verify: {why}"),
        "sign the text `rollcall approve --print` writes, unchanged, under namespace rollcall-approve; `ssh-keygen -Y sign` keeps an existing FILE.sig, so delete it before signing again",
    )
}

fn stale(state: &State, old: &str) -> Refusal {
    let signed_head = old
        .lines()
        .find_map(|l| l.strip_prefix("journal-head: "))
        .unwrap_or("unknown");
    refusal(
        APPROVAL_STALE,
        format!(
            "the approval was signed over journal head {}, but the journal is now at {}",
            escape_controls(signed_head),
            journal_head(state)
        ),
        "the registry changed since: print the approval text again and sign that",
    )
}

fn refusal(code: &str, message: String, help: &str) -> Refusal {
    let mut r = Refusal::new(code, message);
    r.help = Some(help.to_string());
    r
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::identity::keys::tests::{claim, key_for, line_for, started};
    use crate::identity::signature::sign;
    use crate::protocol::journal::{Entry, Event};

    fn state() -> State {
        let mut state = started(2);
        let enroll = Event::Enroll {
            name: "james".into(),
            key: line_for("james"),
        };
        state.apply(&Entry::new("t", "boss", enroll)).unwrap();
        let mut claim = claim(1, "boss");
        claim.session_id = "boss (session-1)".into();
        claim.role = "Coordinator\n#2 forged".into();
        state
            .apply(&Entry::new("t", "boss", Event::Register(claim)))
            .unwrap();
        state
    }

    fn signed(signer: &str, text: &str) -> String {
        sign(&key_for(signer), APPROVE_NAMESPACE, text.as_bytes()).unwrap()
    }

    #[test]
    fn text_is_deterministic_and_names_keys_and_head() {
        let state = state();
        let text = approval_text(&state, "james");
        assert_eq!(text, approval_text(&state, "james"));
        assert!(text.starts_with("rollcall approval v1\napprover: james\nregistry: Team\n"));
        assert!(text.contains(&format!("journal-head: 3 sha256:{}\n", state.head)));
        let boss = fingerprint(key_for("boss").public_key().key_data());
        assert!(text.contains("#1 boss\n  session-id: boss (session-1)\n"));
        assert!(text.contains(&format!("  key: {boss}\n")));
        assert!(
            text.contains("  role: Coordinator\\u{a}#2 forged\n"),
            "{text}"
        );
        assert!(text.contains("#2 free\n"));
        let james = fingerprint(key_for("james").public_key().key_data());
        assert!(text.ends_with(&format!("approvers:\n  james {james}\n")));
    }

    #[test]
    fn the_enrolled_approvers_signature_is_accepted() {
        let state = state();
        let sig = signed("james", &approval_text(&state, "james"));
        let fp = verify_approval(&state, "james", Some(&sig), None).unwrap();
        assert_eq!(fp, fingerprint(key_for("james").public_key().key_data()));
    }

    #[test]
    fn missing_bad_unknown_and_session_keys_are_refused() {
        let state = state();
        let text = approval_text(&state, "james");
        let code = |sig: Option<&str>| {
            verify_approval(&state, "james", sig, None)
                .unwrap_err()
                .code
        };
        assert_eq!(code(None), APPROVAL_UNSIGNED);
        assert_eq!(code(Some("  ")), APPROVAL_UNSIGNED);
        assert_eq!(code(Some("garbage")), APPROVAL_BAD_SIGNATURE);
        let wrong_text = signed("james", "something else");
        assert_eq!(code(Some(&wrong_text)), APPROVAL_BAD_SIGNATURE);
        let wrong_namespace = sign(&key_for("james"), "rollcall-message", text.as_bytes()).unwrap();
        assert_eq!(code(Some(&wrong_namespace)), APPROVAL_BAD_SIGNATURE);
        assert_eq!(code(Some(&signed("mallory", &text))), APPROVAL_UNKNOWN_KEY);
        let session =
            verify_approval(&state, "james", Some(&signed("boss", &text)), None).unwrap_err();
        assert_eq!(session.code, APPROVAL_UNKNOWN_KEY);
        assert!(
            session.message.contains("session key can never approve"),
            "{}",
            session.message
        );
        let by_other = verify_approval(&state, "boss", Some(&signed("boss", &text)), None);
        assert_eq!(by_other.unwrap_err().code, APPROVAL_UNKNOWN_KEY);
    }

    #[test]
    fn a_signature_over_an_older_head_is_stale() {
        let mut state = state();
        let old = approval_text(&state, "james");
        let sig = signed("james", &old);
        state
            .apply(&Entry::new("t", "boss", Event::Release { number: 1 }))
            .unwrap();
        let refused = verify_approval(&state, "james", Some(&sig), Some(&old)).unwrap_err();
        assert_eq!(refused.code, APPROVAL_STALE);
        assert!(
            refused.message.contains("journal head 3 sha256:"),
            "{}",
            refused.message
        );
        let without_text = verify_approval(&state, "james", Some(&sig), None).unwrap_err();
        assert_eq!(without_text.code, APPROVAL_BAD_SIGNATURE);
    }
}
