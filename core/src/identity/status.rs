//! The signature status of a signed item (a message, a journal entry): `good`, `unsigned`, `bad`,
//! `unknown-key` or `wrong-signer`, with the signer's fingerprint.

use super::keys::{fingerprint, Keyring, Owner};
use super::signature::verify;
use super::{MESSAGE_BAD_SIGNATURE, MESSAGE_NAMESPACE, MESSAGE_UNSIGNED};
use crate::protocol::claim::Refusal;
use serde::{Deserialize, Serialize};
use ssh_key::public::KeyData;

/// What a signature says about who made an item. The JSON contract is kebab-case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignatureStatus {
    /// Validly signed by the key recorded for the claimed sender or actor.
    Good,
    /// No signature.
    Unsigned,
    /// A signature that does not parse or does not match the bytes (or namespace).
    Bad,
    /// Validly signed by a key recorded for nobody (a session not registered yet).
    UnknownKey,
    /// Validly signed, but by a key other than the claimed sender's or actor's.
    WrongSigner,
}

impl SignatureStatus {
    /// The status as every output spells it (`wrong-signer`).
    pub fn as_str(self) -> &'static str {
        match self {
            SignatureStatus::Good => "good",
            SignatureStatus::Unsigned => "unsigned",
            SignatureStatus::Bad => "bad",
            SignatureStatus::UnknownKey => "unknown-key",
            SignatureStatus::WrongSigner => "wrong-signer",
        }
    }
}

/// A signature check's outcome: the status and the signer's `SHA256:...` fingerprint (`null` when
/// unsigned or bad: a bad signature proves no key).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SignatureCheck {
    /// The status.
    pub status: SignatureStatus,
    /// The signer's fingerprint, when the signature is valid.
    pub key: Option<String>,
}

impl SignatureCheck {
    /// An item without a signature.
    pub fn unsigned() -> Self {
        SignatureCheck {
            status: SignatureStatus::Unsigned,
            key: None,
        }
    }

    /// An item whose signature does not verify.
    pub fn bad() -> Self {
        SignatureCheck {
            status: SignatureStatus::Bad,
            key: None,
        }
    }

    /// A valid signature by `signer`, judged against `claimed`'s recorded key.
    pub fn signed_by(signer: &KeyData, claimed: &str, keyring: &Keyring) -> Self {
        SignatureCheck {
            status: classify(signer, claimed, keyring),
            key: Some(fingerprint(signer)),
        }
    }

    /// True when the signature proves something wrong (`bad` or `wrong-signer`), not merely
    /// missing or unknown: what makes `rollcall verify` fail.
    pub fn is_bad(&self) -> bool {
        matches!(
            self.status,
            SignatureStatus::Bad | SignatureStatus::WrongSigner
        )
    }

    /// True when the status is `good`.
    pub fn is_good(&self) -> bool {
        self.status == SignatureStatus::Good
    }
}

/// The status of a valid signature by `signer` on an item that claims to come from `claimed`.
pub fn classify(signer: &KeyData, claimed: &str, keyring: &Keyring) -> SignatureStatus {
    if keyring
        .session(claimed)
        .is_some_and(|k| k.key_data() == signer)
    {
        return SignatureStatus::Good;
    }
    match keyring.owner(signer) {
        Some(Owner::Session(_)) | Some(Owner::Approver(_)) => SignatureStatus::WrongSigner,
        None if keyring.session(claimed).is_some() => SignatureStatus::WrongSigner,
        None => SignatureStatus::UnknownKey,
    }
}

/// Checks a message file: `bytes` are the exact bytes of `NAME.json`, `armored` the text of
/// `NAME.json.sig` (if any), `from` the message's sender.
pub fn verify_message(
    bytes: &[u8],
    armored: Option<&str>,
    from: &str,
    keyring: &Keyring,
) -> SignatureCheck {
    let Some(armored) = armored else {
        return SignatureCheck::unsigned();
    };
    match verify(MESSAGE_NAMESPACE, bytes, armored) {
        Ok(signer) => SignatureCheck::signed_by(signer.key_data(), from, keyring),
        Err(_) => SignatureCheck::bad(),
    }
}

/// The key a REGISTRATION message records for its sender: the key that signed it (checked against
/// the journal's keys when the claim is decided), or none when it is unsigned in a folder that
/// does not require signatures. Refused: an unsigned one where signatures are required
/// (`message-unsigned`), and one whose signature does not verify over the exact bytes
/// (`message-bad-signature`).
pub fn registration_key(
    bytes: &[u8],
    armored: Option<&str>,
    signatures_required: bool,
) -> Result<Option<String>, Refusal> {
    let Some(armored) = armored else {
        if !signatures_required {
            return Ok(None);
        }
        let mut r = Refusal::new(
            MESSAGE_UNSIGNED,
            "the registration message is unsigned, and this registry requires signatures",
        );
        r.help = Some(
            "send it with `rollcall send` (or the session-send-message.sh shim), which signs it"
                .into(),
        );
        return Err(r);
    };
    let signer = verify(MESSAGE_NAMESPACE, bytes, armored).map_err(|why| {
        let mut r = Refusal::new(
            MESSAGE_BAD_SIGNATURE,
            format!("the message's signature does not verify: {why}"),
        );
        r.help = Some("send the registration again with `rollcall send`, which signs it".into());
        r
    })?;
    signer
        .to_openssh()
        .map(Some)
        .map_err(|e| Refusal::new(MESSAGE_BAD_SIGNATURE, format!("unusable signing key: {e}")))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::identity::keys::tests::{key_for, line_for};
    use crate::identity::keys::KeyRecords;
    use crate::identity::signature::sign;

    fn keyring() -> Keyring {
        let mut records = KeyRecords::default();
        records.sessions.insert("s1".into(), line_for("s1"));
        records.sessions.insert("s2".into(), line_for("s2"));
        records.approvers.insert("james".into(), line_for("james"));
        Keyring::from_records(&records)
    }

    fn check(signer: &str, from: &str, bytes: &[u8], signed: &[u8]) -> SignatureCheck {
        let sig = sign(&key_for(signer), MESSAGE_NAMESPACE, signed).unwrap();
        verify_message(bytes, Some(&sig), from, &keyring())
    }

    #[test]
    fn own_key_is_good_with_fingerprint() {
        let c = check("s1", "s1", b"{}", b"{}");
        assert_eq!(c.status, SignatureStatus::Good);
        let expected = fingerprint(key_for("s1").public_key().key_data());
        assert_eq!(c.key.as_deref(), Some(expected.as_str()));
    }

    #[test]
    fn forged_from_is_wrong_signer() {
        assert_eq!(
            check("s2", "s1", b"{}", b"{}").status,
            SignatureStatus::WrongSigner
        );
        assert_eq!(
            check("james", "s1", b"{}", b"{}").status,
            SignatureStatus::WrongSigner
        );
        assert_eq!(
            check("stranger", "s1", b"{}", b"{}").status,
            SignatureStatus::WrongSigner,
            "s1 has a key; another key is not s1's"
        );
    }

    #[test]
    fn a_registration_records_the_key_that_signed_it_and_a_bad_signature_is_refused() {
        let sig = sign(&key_for("newbie"), MESSAGE_NAMESPACE, b"{}").unwrap();
        let recorded = registration_key(b"{}", Some(&sig), true).unwrap().unwrap();
        let recorded = ssh_key::PublicKey::from_openssh(&recorded).unwrap();
        assert_eq!(
            recorded.key_data(),
            key_for("newbie").public_key().key_data()
        );
        assert_eq!(registration_key(b"{}", None, false).unwrap(), None);
        let unsigned = registration_key(b"{}", None, true).unwrap_err();
        assert_eq!(unsigned.code, MESSAGE_UNSIGNED);
        let refused = registration_key(b"{ }", Some(&sig), false).unwrap_err();
        assert_eq!(refused.code, MESSAGE_BAD_SIGNATURE);
    }

    #[test]
    fn unregistered_sender_is_unknown_key() {
        let c = check("newbie", "newbie", b"{}", b"{}");
        assert_eq!(c.status, SignatureStatus::UnknownKey);
        assert!(c.key.is_some());
    }

    #[test]
    fn only_bad_and_wrong_signer_prove_something_wrong() {
        assert!(check("s1", "s1", b"{ }", b"{}").is_bad());
        assert!(check("s2", "s1", b"{}", b"{}").is_bad());
        assert!(!check("s1", "s1", b"{}", b"{}").is_bad());
        assert!(!check("newbie", "newbie", b"{}", b"{}").is_bad());
        assert!(!SignatureCheck::unsigned().is_bad());
    }

    #[test]
    fn changed_byte_is_bad_and_missing_is_unsigned() {
        let c = check("s1", "s1", br#"{"a":2}"#, br#"{"a":1}"#);
        assert_eq!(c, SignatureCheck::bad());
        assert_eq!(
            verify_message(b"{}", None, "s1", &keyring()),
            SignatureCheck::unsigned()
        );
    }

    #[test]
    fn one_changed_byte_in_a_messages_subject_or_body_is_bad() {
        let message = crate::message::Message {
            from: "s1".into(),
            to: "s2".into(),
            timestamp: "2026-11-25T08:00:00Z".into(),
            subject: "Numbers 41-60".into(),
            message: "Sending batch 3 at 10 AM".into(),
            id: None,
            thread: None,
            reply_to: None,
            ack_required: false,
        };
        let file = serde_json::to_string_pretty(&message).unwrap();
        let sig = sign(&key_for("s1"), MESSAGE_NAMESPACE, file.as_bytes()).unwrap();
        let status =
            |text: &str| verify_message(text.as_bytes(), Some(&sig), "s1", &keyring()).status;
        assert_eq!(status(&file), SignatureStatus::Good);
        assert_eq!(
            status(&file.replace("41-60", "41-61")),
            SignatureStatus::Bad
        );
        assert_eq!(
            status(&file.replace("10 AM", "11 AM")),
            SignatureStatus::Bad
        );
        assert_eq!(
            status(&file.replace("\"s1\"", "\"s2\"")),
            SignatureStatus::Bad
        );
    }

    #[test]
    fn json_is_kebab_case_with_null_key() {
        let json = serde_json::to_value(SignatureCheck::unsigned()).unwrap();
        assert_eq!(json, serde_json::json!({"status": "unsigned", "key": null}));
        let json = serde_json::to_value(SignatureStatus::WrongSigner).unwrap();
        assert_eq!(json, "wrong-signer");
        assert_eq!(SignatureStatus::UnknownKey.as_str(), "unknown-key");
    }
}
