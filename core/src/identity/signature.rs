//! SSHSIG signing and verification (`ssh-keygen -Y sign` / `-Y verify` compatible), armored as
//! `-----BEGIN SSH SIGNATURE-----` text with LF line endings, hashed with SHA-512 as `ssh-keygen` does.

use super::keys::supported;
use ssh_key::{HashAlg, LineEnding, PrivateKey, PublicKey, SigningKey, SshSig};

/// The message hash rollcall signs with (`ssh-keygen`'s default); SHA-256 signatures verify too.
pub const HASH: HashAlg = HashAlg::Sha512;

/// The "user present" bit of a security key's signature flags.
const SK_USER_PRESENT: u8 = 0x01;
/// A security key signature ends with one flags byte and a 4-byte counter.
const SK_TRAILER: usize = 5;

/// Signs `bytes` under `namespace` with an unencrypted ed25519 or ecdsa private key; the armored
/// SSHSIG text. RSA keys verify but do not sign here: `ssh-key` 0.6.7 builds the RSA private key
/// with the prime `p` twice (RustCrypto/SSH#387, fixed only in 0.7 pre-releases), so an RSA key
/// is refused with that reason rather than a bare "cryptographic error".
pub fn sign(key: &PrivateKey, namespace: &str, bytes: &[u8]) -> Result<String, String> {
    if key.algorithm().is_rsa() {
        return Err(
            "cannot sign with an RSA key here (ssh-key 0.6.7 cannot); sign with `ssh-keygen -Y sign` or use an ed25519 or ecdsa key"
                .to_string(),
        );
    }
    sign_with(key, namespace, bytes)
}

/// Signs with any [`SigningKey`] (a loaded private key, or an adapter over `ssh-agent`).
pub fn sign_with<S: SigningKey>(
    signer: &S,
    namespace: &str,
    bytes: &[u8],
) -> Result<String, String> {
    SshSig::sign(signer, namespace, HASH, bytes)
        .and_then(|signature| signature.to_pem(LineEnding::LF))
        .map_err(|e| format!("cannot sign: {e}"))
}

/// Verifies an armored SSHSIG over `bytes` under `namespace`; the signer's public key, or why not.
pub fn verify(namespace: &str, bytes: &[u8], armored: &str) -> Result<PublicKey, String> {
    let signature = parse(armored)?;
    supported(signature.public_key())?;
    let signer = PublicKey::from(signature.public_key().clone());
    if signature.namespace() != namespace {
        return Err(format!(
            "the signature's namespace is `{}`, not `{namespace}`",
            signature.namespace()
        ));
    }
    signer
        .verify(namespace, bytes, &signature)
        .map_err(|_| "the signature does not match the signed bytes".to_string())?;
    check_user_presence(&signature)?;
    Ok(signer)
}

/// Reads armored SSHSIG text.
pub fn parse(armored: &str) -> Result<SshSig, String> {
    SshSig::from_pem(armored.trim()).map_err(|e| format!("not an SSH signature ({e})"))
}

/// A security key (`sk-*`) signature must say the user touched the key: that touch is what a
/// hardware-backed approver key is for. This is stricter than `ssh-keygen -Y verify` (OpenSSH 9.2
/// accepts an untouched one). `ssh-key` verifies the signature, not this policy, so the flags
/// byte (before the 4-byte counter that ends a security key signature) is read here.
fn check_user_presence(signature: &SshSig) -> Result<(), String> {
    let key = signature.public_key();
    if !(key.is_sk_ed25519() || key.is_sk_ecdsa_p256()) {
        return Ok(());
    }
    let bytes = signature.signature_bytes();
    let flags = bytes
        .len()
        .checked_sub(SK_TRAILER)
        .map_or(0, |at| bytes[at]);
    if flags & SK_USER_PRESENT == 0 {
        return Err("the security key signature was made without a touch".to_string());
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::identity::keys::tests::key_for;

    #[test]
    fn sign_then_verify_names_the_signer() {
        let key = key_for("s1");
        let armored = sign(&key, "rollcall-message", b"hello").unwrap();
        assert!(armored.starts_with("-----BEGIN SSH SIGNATURE-----\n"));
        let signer = verify("rollcall-message", b"hello", &armored).unwrap();
        assert_eq!(signer.key_data(), key.public_key().key_data());
    }

    #[test]
    fn signing_is_deterministic() {
        let key = key_for("s1");
        assert_eq!(
            sign(&key, "rollcall-message", b"x").unwrap(),
            sign(&key, "rollcall-message", b"x").unwrap()
        );
    }

    #[test]
    fn changed_bytes_namespace_or_armour_fail() {
        let armored = sign(&key_for("s1"), "rollcall-message", b"hello").unwrap();
        let why = verify("rollcall-message", b"hellp", &armored).unwrap_err();
        assert!(why.contains("does not match"), "{why}");
        let why = verify("rollcall-journal", b"hello", &armored).unwrap_err();
        assert!(why.contains("namespace"), "{why}");
        assert!(verify("rollcall-message", b"hello", "junk").is_err());
        let mut broken = armored.into_bytes();
        broken[60] ^= 1;
        let broken = String::from_utf8(broken).unwrap();
        assert!(verify("rollcall-message", b"hello", &broken).is_err());
    }
}
