//! Verifiable identity: a key per session, OpenSSH SSHSIG signatures over messages, journal
//! entries and the human's approval, and the pure checks that turn them into statuses and refusals.
//!
//! Everything here is pure: keys come in as values (the CLI reads files or talks to an agent),
//! signing is deterministic (ed25519, RFC 6979 ECDSA, PKCS#1 v1.5 RSA), and nothing needs a
//! randomness source; a new ed25519 key is made from 32 seed bytes the caller supplies.
//!
//! Namespaces (the SSHSIG `namespace` field, `ssh-keygen -Y ... -n`):
//! - [`MESSAGE_NAMESPACE`] `rollcall-message`: over the exact bytes of `NAME.json`;
//! - [`JOURNAL_NAMESPACE`] `rollcall-journal`: over an entry's canonical form ([`canonical`]);
//! - [`APPROVE_NAMESPACE`] `rollcall-approve`: over the approval text ([`approval`]).

pub mod allowed_signers;
pub mod approval;
pub mod authority;
pub mod canonical;
pub mod keys;
pub mod replay;
pub mod signature;
pub mod status;

pub use ssh_key;

pub use allowed_signers::allowed_signers;
pub use approval::{approval_text, journal_head, registry_digest, verify_approval};
pub use authority::{check_key, permitted, unsigned_send};
pub use canonical::{canonical_form, sign_entry};
pub use keys::{
    ed25519_from_seed, fingerprint, parse_private_key, parse_public_key, KeyRecords, Keyring,
    Owner, SHORT_ECDSA_SCALAR,
};
pub use replay::{
    check_entry, replay_verified, replay_verified_from, signatures_not_required, EntryCheck,
    Verdict, Verified,
};
pub use signature::{sign, sign_with, verify};
pub use status::{registration_key, verify_message, SignatureCheck, SignatureStatus};

/// The namespace of message signatures (`NAME.json.sig`).
pub const MESSAGE_NAMESPACE: &str = "rollcall-message";
/// The namespace of journal entry signatures (an entry's `sig`).
pub const JOURNAL_NAMESPACE: &str = "rollcall-journal";
/// The namespace of the human's approval signature (an approve entry's `approval`).
pub const APPROVE_NAMESPACE: &str = "rollcall-approve";

/// Refusal: `--as X` (or a signed entry) without X's recorded key.
pub const NOT_YOUR_KEY: &str = "not-your-key";
/// Refusal: an approval with no signature.
pub const APPROVAL_UNSIGNED: &str = "approval-unsigned";
/// Refusal: an approval signature that does not verify over the approval text.
pub const APPROVAL_BAD_SIGNATURE: &str = "approval-bad-signature";
/// Refusal: an approval signed by a key that is not the named approver's (a session key never is).
pub const APPROVAL_UNKNOWN_KEY: &str = "approval-unknown-key";
/// Refusal: an approval signed over an older journal head (or an older roster).
pub const APPROVAL_STALE: &str = "approval-stale";
/// Finding: an unsigned entry in a journal that requires signatures (ignored in the state).
pub const JOURNAL_UNSIGNED_ENTRY: &str = "journal-unsigned-entry";
/// Finding: an entry whose signature is bad or not its actor's (ignored in the state).
pub const JOURNAL_FORGED_ENTRY: &str = "journal-forged-entry";
/// Refusal: an unsigned REGISTRATION message where signatures are required.
pub const MESSAGE_UNSIGNED: &str = "message-unsigned";
/// Refusal: a REGISTRATION message whose signature does not verify.
pub const MESSAGE_BAD_SIGNATURE: &str = "message-bad-signature";
/// Refusal: a public key line that does not parse.
/// Refusal code: an unsigned send where the registry requires signatures.
pub const SIGNATURES_REQUIRED: &str = "signatures-required";
/// Refusal code (see below).
pub const INVALID_KEY: &str = "invalid-key";
/// Refusal: a key already recorded for another session or approver.
pub const KEY_IN_USE: &str = "key-in-use";
