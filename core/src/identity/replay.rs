//! Journal replay that verifies every entry: its signature, that the signer is its actor, and
//! that the actor may cause the event. An entry that fails is left out of the state and reported
//! (`journal-unsigned-entry`, `journal-forged-entry`, `journal-rejected-event`).
//!
//! Signatures are checked on every entry that carries one. A journal written before signatures
//! (no `require-signatures` entry) still replays as it did: its unsigned entries are applied and
//! show `unsigned`. From a `require-signatures` entry on, an unsigned entry is ignored.

use super::authority::{expected_signer, permitted};
use super::canonical::{canonical_form, is_canonical};
use super::keys::{fingerprint, KeyRecords, Keyring};
use super::signature::verify;
use super::status::{classify, SignatureCheck, SignatureStatus};
use super::{
    approval::verify_approval, APPROVAL_UNKNOWN_KEY, JOURNAL_FORGED_ENTRY, JOURNAL_NAMESPACE,
    JOURNAL_UNSIGNED_ENTRY,
};
use crate::diagnostic::Diagnostic;
use crate::protocol::checkpoint::Checkpoint;
use crate::protocol::journal::{Entry, Event};
use crate::protocol::state::{
    apply_line, rejected_event, resume_with, JournalLine, Replayed, State,
};
use serde::{Deserialize, Serialize};
use ssh_key::PublicKey;

/// One journal entry's signature, as `rollcall verify` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryCheck {
    /// 1-based journal line.
    pub line: u32,
    /// The event name (`confirm`).
    pub event: String,
    /// The entry's actor.
    pub actor: String,
    /// Its signature status and signer (for `approve`, the approver's signature).
    pub signature: SignatureCheck,
    /// Whether the entry was applied to the state.
    pub applied: bool,
}

/// A verified replay: the state and findings (as [`crate::protocol::replay`] gives them, with the
/// identity findings added) and every entry's signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The rebuilt state (entries that failed verification left out) and all findings.
    pub replayed: Replayed,
    /// Each parsed entry's check, in journal order.
    pub entries: Vec<EntryCheck>,
}

impl Verified {
    /// True when no entry was refused for its signature or permission.
    pub fn all_applied(&self) -> bool {
        self.entries.iter().all(|e| e.applied)
    }
}

/// The outcome of checking one entry: its signature, and the finding that refuses it, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The signature status to show.
    pub signature: SignatureCheck,
    /// Why the entry must be left out of the state.
    pub finding: Option<Diagnostic>,
}

impl Verdict {
    fn accept(signature: SignatureCheck) -> Self {
        Verdict {
            signature,
            finding: None,
        }
    }

    fn refuse(signature: SignatureCheck, finding: Diagnostic) -> Self {
        Verdict {
            signature,
            finding: Some(finding),
        }
    }
}

/// Replays the journal's text, verifying every entry (see the module doc). Never fails.
#[allow(clippy::result_large_err)] // the closure returns replay's Diagnostic findings
pub fn replay_verified(text: &str) -> Verified {
    verify_after(Replayed::default(), 0, text)
}

/// [`replay_verified`] resumed from `checkpoint` when it was made from `text`'s prefix (only the
/// lines after it are replayed and listed in `entries`), else the whole of `text`.
pub fn replay_verified_from(checkpoint: Option<&Checkpoint>, text: &str) -> Verified {
    match checkpoint.and_then(|c| c.tail_of(text).map(|tail| (c, tail))) {
        Some((c, tail)) => verify_after(c.replayed.clone(), c.lines, tail),
        None => replay_verified(text),
    }
}

#[allow(clippy::result_large_err)] // the closure returns replay's Diagnostic findings
fn verify_after(from: Replayed, lines: u32, tail: &str) -> Verified {
    let mut entries = Vec::new();
    let mut records = KeyRecords::default();
    let mut keyring = Keyring::default();
    let replayed = resume_with(from, lines, tail, &mut |state, entry, line| {
        if state.keys != records {
            records = state.keys.clone();
            keyring = Keyring::from_records(&records);
        }
        let verdict = check_entry(state, &keyring, entry, line);
        let outcome = match verdict.finding {
            Some(finding) => Err(finding),
            None => apply_line(state, entry, line),
        };
        entries.push(EntryCheck {
            line: line.number,
            event: entry.event.name().to_string(),
            actor: entry.actor.clone(),
            signature: verdict.signature,
            applied: outcome.is_ok(),
        });
        outcome
    });
    Verified { replayed, entries }
}

/// Checks one entry against the state before it (`keyring` is that state's); the CLI runs it on
/// an entry it has just signed, before appending it.
pub fn check_entry(state: &State, keyring: &Keyring, entry: &Entry, line: JournalLine) -> Verdict {
    if let Event::Approve { by } = &entry.event {
        if let Some(verdict) = approval_verdict(state, by, entry, line) {
            if verdict.finding.is_some() || entry.sig.is_none() {
                return verdict;
            }
            let journal = signature_verdict(state, keyring, entry, line);
            return if journal.finding.is_some() {
                journal
            } else {
                verdict
            };
        }
    }
    signature_verdict(state, keyring, entry, line)
}

/// An approve entry's own approval signature; `None` when it has none and none is required.
fn approval_verdict(state: &State, by: &str, entry: &Entry, line: JournalLine) -> Option<Verdict> {
    let Some(approval) = entry.approval.as_deref() else {
        return state
            .keys
            .signatures_required
            .then(|| Verdict::refuse(SignatureCheck::unsigned(), unsigned(entry, line)));
    };
    Some(match verify_approval(state, by, Some(approval), None) {
        Ok(key) => Verdict::accept(SignatureCheck {
            status: SignatureStatus::Good,
            key: Some(key),
        }),
        Err(refusal) => {
            let status = if refusal.code == APPROVAL_UNKNOWN_KEY {
                SignatureStatus::UnknownKey
            } else {
                SignatureStatus::Bad
            };
            let check = SignatureCheck { status, key: None };
            Verdict::refuse(check, forged(entry, line, &refusal.message))
        }
    })
}

/// The entry's own `sig`: present, canonical, valid, by its actor's key, for an event the actor may cause.
fn signature_verdict(
    state: &State,
    keyring: &Keyring,
    entry: &Entry,
    line: JournalLine,
) -> Verdict {
    let Some(sig) = entry.sig.as_deref() else {
        if state.keys.signatures_required {
            return Verdict::refuse(SignatureCheck::unsigned(), unsigned(entry, line));
        }
        return Verdict::accept(SignatureCheck::unsigned());
    };
    if !is_canonical(entry, line.text) {
        let why = "the line is not exactly as rollcall writes it (edited by hand?)";
        return Verdict::refuse(SignatureCheck::bad(), forged(entry, line, why));
    }
    let signer = match verify(JOURNAL_NAMESPACE, canonical_form(entry).as_bytes(), sig) {
        Ok(signer) => signer,
        Err(why) => return Verdict::refuse(SignatureCheck::bad(), forged(entry, line, &why)),
    };
    if let Err(why) = signed_by_actor(state, keyring, entry, &signer) {
        let check = SignatureCheck::signed_by(signer.key_data(), &entry.actor, keyring);
        return Verdict::refuse(check, forged(entry, line, &why));
    }
    let check = SignatureCheck {
        status: SignatureStatus::Good,
        key: Some(fingerprint(signer.key_data())),
    };
    match permitted(state, keyring, entry) {
        Ok(()) => Verdict::accept(check),
        Err(refusal) => {
            Verdict::refuse(check, rejected_event(entry, line.number, &refusal.message))
        }
    }
}

/// The signer must be the key the entry's actor has (or records, on its first claim).
fn signed_by_actor(
    state: &State,
    keyring: &Keyring,
    entry: &Entry,
    signer: &PublicKey,
) -> Result<(), String> {
    match expected_signer(state, keyring, entry)? {
        Some(expected) if expected.key_data() != signer.key_data() => Err(format!(
            "it is signed by {} ({}), not by {}'s key {}",
            fingerprint(signer.key_data()),
            classify(signer.key_data(), &entry.actor, keyring).as_str(),
            entry.actor,
            fingerprint(expected.key_data())
        )),
        _ => Ok(()),
    }
}

fn unsigned(entry: &Entry, line: JournalLine) -> Diagnostic {
    Diagnostic::error(
        JOURNAL_UNSIGNED_ENTRY,
        format!(
            "journal line {}: unsigned `{}` entry by {} ignored: this journal requires signatures",
            line.number,
            entry.event.name(),
            entry.actor
        ),
    )
    .at_line(line.number)
    .with_help("every entry is signed by its actor's key; a line appended by hand is ignored")
}

fn forged(entry: &Entry, line: JournalLine, why: &str) -> Diagnostic {
    Diagnostic::error(
        JOURNAL_FORGED_ENTRY,
        format!(
            "journal line {}: `{}` entry by {} ignored: {why}",
            line.number,
            entry.event.name(),
            entry.actor
        ),
    )
    .at_line(line.number)
    .with_help("the journal is append-only and signed; restore it from a backup if it was edited")
}

/// The info finding for a journal that does not require signatures (made before them, or imported).
pub fn signatures_not_required(state: &State) -> Option<Diagnostic> {
    (state.initialized && !state.keys.signatures_required).then(|| {
        Diagnostic::new(
            "signatures-not-required",
            crate::diagnostic::Severity::Info,
            "this registry's journal does not require signatures; unsigned entries and messages are accepted",
        )
        .with_help("turn the requirement on with `rollcall require-signatures`")
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::identity::approval::approval_text;
    use crate::identity::canonical::sign_entry;
    use crate::identity::keys::tests::{claim, init};
    use crate::identity::keys::tests::{key_for, line_for};
    use crate::identity::signature::sign;
    use crate::identity::APPROVE_NAMESPACE;
    use crate::protocol::state::replay;

    /// A journal being written: signed lines, and the state they replay to.
    struct Journal {
        text: String,
        state: State,
    }

    impl Journal {
        fn new() -> Self {
            let mut journal = Journal {
                text: String::new(),
                state: State::default(),
            };
            journal.signed("boss", init(3));
            let enroll = Event::Enroll {
                name: "james".into(),
                key: line_for("james"),
            };
            journal.signed("boss", enroll);
            journal.signed("boss", Event::RequireSignatures {});
            for (n, who) in [(1, "boss"), (2, "s2"), (3, "s3")] {
                journal.signed(who, Event::Register(claim(n, who)));
            }
            journal
        }

        fn entry(&self, actor: &str, event: Event) -> Entry {
            sign_entry(
                Entry::new("2026-11-25T08:00:00Z", actor, event),
                &key_for(actor),
            )
            .unwrap()
        }

        fn push(&mut self, entry: &Entry) {
            self.state.apply(entry).unwrap();
            self.text.push_str(&entry.to_line());
        }

        fn signed(&mut self, actor: &str, event: Event) {
            let entry = self.entry(actor, event);
            self.push(&entry);
        }

        fn verify(&self) -> Verified {
            replay_verified(&self.text)
        }
    }

    /// James's approve entry, signed by `signer` over `text`.
    fn approve(signer: &str, text: &str) -> Entry {
        let mut approve = Entry::new("t", "human:james", Event::Approve { by: "james".into() });
        approve.approval =
            Some(sign(&key_for(signer), APPROVE_NAMESPACE, text.as_bytes()).unwrap());
        approve
    }

    fn codes(v: &Verified) -> Vec<&str> {
        v.replayed
            .diagnostics
            .iter()
            .map(|d| d.code.as_str())
            .collect()
    }

    #[test]
    fn a_signed_journal_replays_good_and_equal_to_the_plain_replay() {
        let mut journal = Journal::new();
        journal.signed("boss", Event::Confirm {});
        let v = journal.verify();
        assert!(codes(&v).is_empty(), "{:?}", v.replayed.diagnostics);
        assert!(v.all_applied());
        assert!(
            v.entries.iter().all(|e| e.signature.is_good()),
            "{:?}",
            v.entries
        );
        assert_eq!(v.replayed.state, replay(&journal.text).state);
        assert_eq!(v.replayed.state, journal.state);
        assert!(v.replayed.state.confirmed.is_some());
        let keys = &v.replayed.state.keys;
        let boss = crate::identity::parse_public_key(&keys.sessions["boss"]).unwrap();
        assert_eq!(
            boss.key_data(),
            key_for("boss").public_key().key_data(),
            "init's signer"
        );
        assert_eq!(keys.sessions["s2"], line_for("s2"));
        assert_eq!(keys.approvers["james"], line_for("james"));
        assert!(keys.signatures_required);
        assert!(signatures_not_required(&v.replayed.state).is_none());
    }

    #[test]
    fn an_unsigned_line_appended_by_hand_is_ignored() {
        let mut journal = Journal::new();
        journal
            .text
            .push_str(&Entry::new("t", "boss", Event::Confirm {}).to_line());
        let v = journal.verify();
        assert_eq!(codes(&v), vec![JOURNAL_UNSIGNED_ENTRY]);
        assert!(v.replayed.state.confirmed.is_none());
        assert_eq!(
            v.entries.last().unwrap().signature,
            SignatureCheck::unsigned()
        );
    }

    #[test]
    fn one_changed_byte_in_a_line_is_forged() {
        let mut journal = Journal::new();
        journal.signed("boss", Event::Release { number: 3 });
        let last = journal
            .text
            .trim_end()
            .rsplit('\n')
            .next()
            .unwrap()
            .to_string();
        let edited = last.replace(r#""number":3"#, r#""number":2"#);
        assert_ne!(edited, last);
        let text = journal.text.replace(&last, &edited);
        let v = replay_verified(&text);
        assert_eq!(codes(&v), vec![JOURNAL_FORGED_ENTRY]);
        assert_eq!(
            v.entries.last().unwrap().signature.status,
            SignatureStatus::Bad
        );
        assert!(v.replayed.state.holders.contains_key(&2));
        let respaced = last.replace(r#""actor":"#, r#""actor": "#);
        let v = replay_verified(&journal.text.replace(&last, &respaced));
        assert_eq!(codes(&v), vec![JOURNAL_FORGED_ENTRY], "not canonical");
    }

    #[test]
    fn an_entry_signed_by_another_sessions_key_is_forged() {
        let mut journal = Journal::new();
        let mut entry = Entry::new("t", "boss", Event::Confirm {});
        entry = sign_entry(entry, &key_for("s2")).unwrap();
        journal.text.push_str(&entry.to_line());
        let v = journal.verify();
        assert_eq!(codes(&v), vec![JOURNAL_FORGED_ENTRY]);
        let check = &v.entries.last().unwrap().signature;
        assert_eq!(check.status, SignatureStatus::WrongSigner);
        assert!(v.replayed.state.confirmed.is_none());
    }

    #[test]
    fn confirm_by_a_non_orchestrator_with_its_own_key_is_rejected() {
        let mut journal = Journal::new();
        let entry = journal.entry("s2", Event::Confirm {});
        journal.text.push_str(&entry.to_line());
        let v = journal.verify();
        assert_eq!(codes(&v), vec!["journal-rejected-event"]);
        assert!(v.entries.last().unwrap().signature.is_good());
        assert!(!v.entries.last().unwrap().applied);
        assert!(v.replayed.state.confirmed.is_none());
    }

    #[test]
    fn approvals_verify_against_the_head_before_them() {
        let mut journal = Journal::new();
        journal.signed("boss", Event::Confirm {});
        let text = approval_text(&journal.state, "james");
        journal.push(&approve("james", &text));
        let v = journal.verify();
        assert!(codes(&v).is_empty(), "{:?}", v.replayed.diagnostics);
        assert!(v.replayed.state.approved.is_some());
        let fp = fingerprint(key_for("james").public_key().key_data());
        assert_eq!(
            v.entries.last().unwrap().signature.key.as_deref(),
            Some(fp.as_str())
        );
    }

    #[test]
    fn an_approval_over_an_older_head_or_by_a_session_key_is_forged() {
        let mut journal = Journal::new();
        let old = approval_text(&journal.state, "james");
        journal.signed("boss", Event::Confirm {});
        for (signer, text) in [
            ("james", &old),
            ("boss", &approval_text(&journal.state, "james")),
        ] {
            let text = format!("{}{}", journal.text, approve(signer, text).to_line());
            let v = replay_verified(&text);
            assert_eq!(codes(&v), vec![JOURNAL_FORGED_ENTRY], "{signer}");
            assert!(v.replayed.state.approved.is_none());
        }
        let unsigned = Entry::new("t", "human:james", Event::Approve { by: "james".into() });
        let v = replay_verified(&format!("{}{}", journal.text, unsigned.to_line()));
        assert_eq!(codes(&v), vec![JOURNAL_UNSIGNED_ENTRY]);
    }

    #[test]
    fn a_first_claim_must_be_signed_by_the_key_it_records() {
        let mut journal = Journal::new();
        journal.signed("boss", Event::Release { number: 3 });
        let mut stolen = claim(3, "s4");
        stolen.key = Some(line_for("s4"));
        let entry = sign_entry(
            Entry::new("t", "s4", Event::Register(stolen)),
            &key_for("s5"),
        )
        .unwrap();
        journal.text.push_str(&entry.to_line());
        let v = journal.verify();
        assert_eq!(codes(&v), vec![JOURNAL_FORGED_ENTRY]);
        assert_eq!(
            v.entries.last().unwrap().signature.status,
            SignatureStatus::UnknownKey
        );
    }

    #[test]
    fn legacy_unsigned_journals_replay_as_before() {
        let mut plain = claim(1, "boss");
        plain.key = None;
        let text = Entry::new("t", "boss", init(2)).to_line()
            + &Entry::new("t", "boss", Event::Register(plain)).to_line()
            + &Entry::new("t", "s2", Event::Confirm {}).to_line();
        let v = replay_verified(&text);
        assert_eq!(v.replayed, replay(&text));
        assert!(v
            .entries
            .iter()
            .all(|e| e.signature == SignatureCheck::unsigned()));
        let note = signatures_not_required(&v.replayed.state).unwrap();
        assert_eq!(note.code, "signatures-not-required");
    }

    #[test]
    fn rekey_replaces_the_key_and_voids_the_approval() {
        let mut journal = Journal::new();
        journal.signed("boss", Event::Confirm {});
        let text = approval_text(&journal.state, "james");
        journal.push(&approve("james", &text));
        let rekey = Event::Rekey {
            session: "s2".into(),
            key: line_for("s2-new"),
        };
        journal.signed("boss", rekey);
        let v = journal.verify();
        assert!(codes(&v).is_empty(), "{:?}", v.replayed.diagnostics);
        assert!(v.replayed.state.approved.is_none());
        assert_eq!(v.replayed.state.keys.sessions["s2"], line_for("s2-new"));
        let old_key = sign_entry(
            Entry::new("t", "s2", Event::Release { number: 2 }),
            &key_for("s2"),
        )
        .unwrap();
        let v = replay_verified(&format!("{}{}", journal.text, old_key.to_line()));
        assert_eq!(codes(&v), vec![JOURNAL_FORGED_ENTRY]);
    }
}
