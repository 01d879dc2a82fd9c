//! Public keys: what the journal records (session and approver keys, whether signatures are
//! required), the parsed [`Keyring`] built from it, fingerprints, and ed25519 keys from a seed.

use crate::protocol::journal::{Entry, Event};
use crate::protocol::state::State;
use serde::{Deserialize, Serialize};
use ssh_key::private::Ed25519Keypair;
use ssh_key::public::KeyData;
use ssh_key::{EcdsaCurve, HashAlg, PrivateKey, PublicKey, SshSig};
use std::collections::BTreeMap;

/// The keys a journal records, as OpenSSH public key lines, folded from its entries by
/// [`KeyRecords::record`] (part of the replayed [`State`]).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct KeyRecords {
    /// Session name → its public key line (from its claim, a rekey, or the `init` signature).
    pub sessions: BTreeMap<String, String>,
    /// Approver name → its public key line (from `enroll`).
    pub approvers: BTreeMap<String, String>,
    /// Whether a `require-signatures` entry has been applied.
    pub signatures_required: bool,
    /// True from `init` until the first event other than `enroll` or `require-signatures`:
    /// the setup, when `init`'s actor enrolls approvers.
    pub setup: bool,
}

impl KeyRecords {
    /// Folds one applied entry in. The `init` entry's signer becomes its actor's key (the
    /// journal's first key, trusted on first use); a claim records a key only for a session that
    /// has none (a change of key is a `rekey`).
    pub fn record(&mut self, entry: &Entry) {
        match &entry.event {
            Event::Init { .. } => {
                self.setup = true;
                if let Some(key) = entry.sig.as_deref().and_then(signer_line) {
                    self.sessions.insert(entry.actor.clone(), key);
                }
            }
            Event::Register(claim) => {
                if let Some(key) = &claim.key {
                    self.sessions
                        .entry(claim.session.clone())
                        .or_insert_with(|| key.clone());
                }
            }
            Event::Rekey { session, key } => {
                self.sessions.insert(session.clone(), key.clone());
            }
            Event::Enroll { name, key } => {
                self.approvers.insert(name.clone(), key.clone());
            }
            Event::RequireSignatures {} => self.signatures_required = true,
            _ => {}
        }
        if !matches!(
            entry.event,
            Event::Init { .. }
                | Event::Enroll { .. }
                | Event::RequireSignatures {}
                | Event::SetTtls { .. }
        ) {
            self.setup = false;
        }
    }
}

/// The public key line of an armored signature's signer, when it parses.
fn signer_line(armored: &str) -> Option<String> {
    let signature = SshSig::from_pem(armored).ok()?;
    PublicKey::from(signature.public_key().clone())
        .to_openssh()
        .ok()
}

/// Whose a key is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner<'a> {
    /// A session's (it signs messages and journal entries).
    Session(&'a str),
    /// An approver's (it signs approvals only).
    Approver(&'a str),
}

/// The journal's keys, parsed: who holds which public key. Lines that do not parse are left out
/// (they can verify nothing).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Keyring {
    sessions: BTreeMap<String, PublicKey>,
    approvers: BTreeMap<String, PublicKey>,
}

impl Keyring {
    /// The keyring of a replayed state.
    pub fn from_state(state: &State) -> Keyring {
        Keyring::from_records(&state.keys)
    }

    /// The keyring of recorded key lines.
    pub fn from_records(records: &KeyRecords) -> Keyring {
        Keyring {
            sessions: parse_all(&records.sessions),
            approvers: parse_all(&records.approvers),
        }
    }

    /// The key recorded for session `name`.
    pub fn session(&self, name: &str) -> Option<&PublicKey> {
        self.sessions.get(name)
    }

    /// The key enrolled for approver `name`.
    pub fn approver(&self, name: &str) -> Option<&PublicKey> {
        self.approvers.get(name)
    }

    /// Every session and its key, by name.
    pub fn sessions(&self) -> impl Iterator<Item = (&str, &PublicKey)> {
        self.sessions.iter().map(|(n, k)| (n.as_str(), k))
    }

    /// Every approver and its key, by name.
    pub fn approvers(&self) -> impl Iterator<Item = (&str, &PublicKey)> {
        self.approvers.iter().map(|(n, k)| (n.as_str(), k))
    }

    /// Who holds `key` (comments aside): a session first, else an approver.
    pub fn owner(&self, key: &KeyData) -> Option<Owner<'_>> {
        holder_of(&self.sessions, key)
            .map(Owner::Session)
            .or_else(|| holder_of(&self.approvers, key).map(Owner::Approver))
    }
}

/// The name whose key is `key` (comments aside).
fn holder_of<'a>(keys: &'a BTreeMap<String, PublicKey>, key: &KeyData) -> Option<&'a str> {
    keys.iter()
        .find(|(_, k)| k.key_data() == key)
        .map(|(n, _)| n.as_str())
}

fn parse_all(lines: &BTreeMap<String, String>) -> BTreeMap<String, PublicKey> {
    lines
        .iter()
        .filter_map(|(name, line)| Some((name.clone(), parse_public_key(line).ok()?)))
        .collect()
}

/// Parses an OpenSSH public key line (`ssh-ed25519 AAAA... comment`, surrounding space ignored)
/// of a type rollcall verifies (see [`supported`]).
pub fn parse_public_key(line: &str) -> Result<PublicKey, String> {
    let key = PublicKey::from_openssh(line.trim())
        .map_err(|e| format!("not an OpenSSH public key line ({e})"))?;
    supported(key.key_data())?;
    Ok(key)
}

/// Reads an OpenSSH private key file's text. ssh-key 0.6.7 cannot read an ecdsa key whose private
/// scalar starts with a zero byte (RustCrypto/SSH#351, fixed in 0.7); that error says so.
pub fn parse_private_key(text: &str) -> Result<PrivateKey, String> {
    PrivateKey::from_openssh(text.trim_start()).map_err(|e| match e {
        ssh_key::Error::Encoding(ssh_encoding::Error::Length) => SHORT_ECDSA_SCALAR.to_string(),
        e => format!("not an OpenSSH private key ({e})"),
    })
}

/// Why a key fails with a length error: the ssh-key 0.6.7 limitation [`parse_private_key`] names.
pub const SHORT_ECDSA_SCALAR: &str = "unreadable: a length is invalid; if this is an ecdsa key, it is one of the about 1 in 1,000 that ssh-key 0.6.7 cannot read (its private number starts with a zero byte)";

/// The key types rollcall verifies: ed25519, ecdsa P-256 and P-384, rsa, and the security-key
/// types `sk-ssh-ed25519@openssh.com` and `sk-ecdsa-sha2-nistp256@openssh.com`. Not DSA
/// (retired by OpenSSH) nor ecdsa P-521 (left out to keep the wasm module smaller).
pub fn supported(key: &KeyData) -> Result<(), String> {
    let ok = match key {
        KeyData::Ecdsa(ecdsa) => {
            matches!(ecdsa.curve(), EcdsaCurve::NistP256 | EcdsaCurve::NistP384)
        }
        KeyData::Ed25519(_)
        | KeyData::SkEd25519(_)
        | KeyData::SkEcdsaSha2NistP256(_)
        | KeyData::Rsa(_) => true,
        _ => false,
    };
    if ok {
        return Ok(());
    }
    Err(format!(
        "{} keys are not supported; use ed25519, ecdsa (P-256, P-384), rsa, or a security key (ed25519-sk, ecdsa-sk)",
        key.algorithm()
    ))
}

/// The key's SHA-256 fingerprint as `ssh-keygen -l` prints it (`SHA256:...`).
pub fn fingerprint(key: &KeyData) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

/// The ed25519 key made from 32 secret seed bytes; the caller draws them from the OS (core has
/// no randomness source). The same seed always gives the same key.
pub fn ed25519_from_seed(seed: &[u8; 32], comment: &str) -> PrivateKey {
    let keypair = Ed25519Keypair::from_seed(seed);
    let mut key = PrivateKey::from(keypair);
    key.set_comment(comment);
    key
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) mod tests {
    use super::*;

    /// A deterministic test key for `name` (seed = the name's bytes, zero-padded).
    pub(crate) fn key_for(name: &str) -> PrivateKey {
        let mut seed = [0u8; 32];
        for (slot, byte) in seed.iter_mut().zip(name.bytes()) {
            *slot = byte;
        }
        ed25519_from_seed(&seed, name)
    }

    /// The OpenSSH public key line of [`key_for`].
    pub(crate) fn line_for(name: &str) -> String {
        key_for(name).public_key().to_openssh().unwrap()
    }

    /// An `init` event for a blank registry of `required` numbers, coordinator slot 1.
    pub(crate) fn init(required: u32) -> Event {
        Event::Init {
            registry: crate::protocol::state::blank_registry("Team", required).unwrap(),
            required,
            coordinator: 1,
        }
    }

    /// `who`'s claim of `number`, recording [`line_for`]`(who)`.
    pub(crate) fn claim(number: u32, who: &str) -> crate::protocol::Claim {
        crate::protocol::Claim {
            number,
            session: who.into(),
            session_id: who.into(),
            role: format!("Role {number}"),
            goal: "Send 10 emails daily".into(),
            responsibilities: vec![],
            message: None,
            key: Some(line_for(who)),
        }
    }

    /// A state after `boss` applied [`init`]`(required)` (unsigned).
    pub(crate) fn started(required: u32) -> State {
        let mut state = State::default();
        state
            .apply(&Entry::new("t", "boss", init(required)))
            .unwrap();
        state
    }

    #[test]
    fn seed_gives_a_stable_key_with_a_fingerprint() {
        let a = key_for("s1");
        assert_eq!(a.public_key(), key_for("s1").public_key());
        assert_ne!(a.public_key(), key_for("s2").public_key());
        let line = line_for("s1");
        assert!(line.starts_with("ssh-ed25519 AAAA") && line.ends_with(" s1"));
        let fp = fingerprint(parse_public_key(&line).unwrap().key_data());
        assert!(fp.starts_with("SHA256:") && fp.len() == 50, "{fp}");
    }

    #[test]
    fn bad_key_lines_are_refused_and_left_out_of_the_keyring() {
        assert!(parse_public_key("ssh-ed25519 nope").is_err());
        let p521 = "ecdsa-sha2-nistp521 AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBAHFKPbHb382HznK0Pu4RinHAyGoQ686tpN4tU5cickfG6j7NFRUV91ruVmRuGlkbz59zOTdVnAGGWSmLqZAF7dotwAH1Y9MWOe2fynuGUbK8nwA/WsnBY+RBVW43MyRdN5NeE/qthbToUb+0YfbAD2/4whLDQgkZCkZKai6svbML7ASvQ==";
        let why = parse_public_key(p521).unwrap_err();
        assert!(why.contains("not supported"), "{why}");
        let mut records = KeyRecords::default();
        records.sessions.insert("s1".into(), line_for("s1"));
        records.sessions.insert("s2".into(), "garbage".into());
        records.approvers.insert("james".into(), line_for("james"));
        let keyring = Keyring::from_records(&records);
        assert!(keyring.session("s1").is_some());
        assert!(keyring.session("s2").is_none());
        let james = key_for("james");
        assert_eq!(
            keyring.owner(james.public_key().key_data()),
            Some(Owner::Approver("james"))
        );
        assert_eq!(
            keyring.owner(key_for("s1").public_key().key_data()),
            Some(Owner::Session("s1"))
        );
        assert_eq!(keyring.owner(key_for("x").public_key().key_data()), None);
    }

    #[test]
    fn records_keep_a_sessions_first_key_until_a_rekey() {
        let mut records = KeyRecords::default();
        let claim = |key: &str| {
            let mut c = claim(1, "s1");
            c.key = Some(key.into());
            Entry::new("t", "s1", Event::Register(c))
        };
        records.record(&claim(&line_for("s1")));
        records.record(&claim(&line_for("other")));
        assert_eq!(records.sessions["s1"], line_for("s1"));
        let rekey = Event::Rekey {
            session: "s1".into(),
            key: line_for("new"),
        };
        records.record(&Entry::new("t", "boss", rekey));
        assert_eq!(records.sessions["s1"], line_for("new"));
    }
}
