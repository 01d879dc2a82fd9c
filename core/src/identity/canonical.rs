//! The canonical form of a journal entry: the bytes its `rollcall-journal` signature covers.
//!
//! The canonical form of an entry is its journal line without the `sig` member and without the
//! newline: `serde_json::to_string` of [`Entry`] with `sig` set to `None`. serde_json writes it
//! compactly (no spaces), in the struct's fixed member order `time`, `actor`, `event`, `data`,
//! then `approval` when present, with its standard escaping (`"` `\` and control characters
//! escaped, everything else as UTF-8). A signed line is that text with `,"sig":"<armored SSHSIG,
//! JSON-escaped>"` before the closing `}`, i.e. exactly `serde_json::to_string` of the signed entry.
//!
//! A signed line must be byte-for-byte that serialization: any other spelling of the same entry
//! (spaces, member order, `\u00e9` escapes, unknown members) counts as edited. To check one with
//! stock tools, write the line without its `sig` member to a file (no newline), the `sig` value to
//! `FILE.sig`, and run `ssh-keygen -Y verify -n rollcall-journal ...`.

use super::signature::sign;
use super::JOURNAL_NAMESPACE;
use crate::protocol::journal::Entry;
use sha2::{Digest, Sha256};
use ssh_key::PrivateKey;

/// The entry's canonical form (see the module doc): what its `sig` signs.
pub fn canonical_form(entry: &Entry) -> String {
    let mut unsigned = entry.clone();
    unsigned.sig = None;
    line_of(&unsigned)
}

/// The entry signed by `key` under `rollcall-journal` (any previous `sig` replaced).
pub fn sign_entry(mut entry: Entry, key: &PrivateKey) -> Result<Entry, String> {
    entry.sig = None;
    let signature = sign(key, JOURNAL_NAMESPACE, line_of(&entry).as_bytes())?;
    entry.sig = Some(signature);
    Ok(entry)
}

/// True when `line` (without its newline) is exactly the entry's serialization.
pub fn is_canonical(entry: &Entry, line: &str) -> bool {
    line_of(entry) == line
}

/// The SHA-256 (lower-case hex) of the entry's journal line without its newline: the journal
/// head once the entry is applied.
pub fn entry_digest(entry: &Entry) -> String {
    format!("{:x}", Sha256::digest(line_of(entry).as_bytes()))
}

fn line_of(entry: &Entry) -> String {
    serde_json::to_string(entry).unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::identity::keys::tests::key_for;
    use crate::identity::signature::verify;
    use crate::protocol::journal::Event;

    #[test]
    fn signed_line_is_the_canonical_form_plus_a_last_sig_member() {
        let entry = Entry::new("2026-11-25T08:00:00Z", "s1", Event::Ack { number: 3 });
        let signed = sign_entry(entry.clone(), &key_for("s1")).unwrap();
        let line = signed.to_line();
        let canonical = canonical_form(&signed);
        assert_eq!(canonical, entry.to_line().trim_end());
        assert!(line.starts_with(&canonical[..canonical.len() - 1]));
        assert!(line.contains(r#","sig":"-----BEGIN SSH SIGNATURE-----\n"#));
        assert!(line.ends_with("\"}\n"));
        assert!(is_canonical(&signed, line.trim_end()));
        let sig = signed.sig.as_deref().unwrap();
        verify(JOURNAL_NAMESPACE, canonical.as_bytes(), sig).unwrap();
        assert_eq!(Entry::from_line(line.trim_end()).unwrap(), signed);
    }

    #[test]
    fn other_spellings_are_not_canonical() {
        let entry = Entry::new("t", "s1", Event::Ack { number: 3 });
        let line = entry.to_line();
        assert!(is_canonical(&entry, line.trim_end()));
        let spaced = line.trim_end().replace(r#""actor":"#, r#""actor": "#);
        assert_eq!(Entry::from_line(&spaced).unwrap(), entry);
        assert!(!is_canonical(&entry, &spaced));
    }

    /// A signed line read back must re-serialize to exactly the same bytes, or its signature
    /// could never be checked: the seed registry (every model field) and hostile claim text.
    #[test]
    fn seed_init_and_hostile_claims_round_trip_byte_exact() {
        let seed = include_str!("../../../tests/fixtures/marketing-registry.md");
        let registry = crate::parse::parse_registry(seed).unwrap().registry;
        let init = Event::Init {
            registry,
            required: 12,
            coordinator: 1,
        };
        let claim = crate::protocol::journal::Claim {
            number: 2,
            session: "s\"2".into(),
            session_id: "s\"2 (x)".into(),
            role: "Role with \"quotes\", \\ back\nslash, $120k, 🎯, <b>html</b>, \u{202e}".into(),
            goal: "Send 17 emails daily\r\n\u{0}".into(),
            responsibilities: vec!["../etc".into(), "é".into()],
            message: Some("direct/o/x.json".into()),
            key: Some("ssh-ed25519 AAAA comment".into()),
        };
        for event in [init, Event::Register(claim)] {
            let signed = sign_entry(Entry::new("t", "a", event), &key_for("a")).unwrap();
            let line = signed.to_line();
            let back = Entry::from_line(line.trim_end()).unwrap();
            assert!(is_canonical(&back, line.trim_end()));
            let sig = back.sig.as_deref().unwrap();
            verify(JOURNAL_NAMESPACE, canonical_form(&back).as_bytes(), sig).unwrap();
        }
    }

    #[test]
    fn digest_is_hex_sha256_of_the_line() {
        let entry = Entry::new("t", "s1", Event::Confirm {});
        let digest = entry_digest(&entry);
        assert_eq!(digest.len(), 64);
        assert!(digest.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(
            digest,
            entry_digest(&Entry::new("t", "s2", Event::Confirm {}))
        );
    }
}
