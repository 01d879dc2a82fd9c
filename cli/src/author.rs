//! Who writes a journal entry or a message, and the private key at hand to sign it with: the
//! `--key` file, else the session's key in this machine's key store, else none.

use crate::common::Common;
use crate::error::{CliError, CliResult};
use crate::keystore::{read_private_key, KeyStore};
use crate::protocol_step::refusal_error;
use rollcall_core::identity::ssh_key::public::KeyData;
use rollcall_core::identity::ssh_key::PrivateKey;
use rollcall_core::identity::{check_key, sign, sign_entry, Keyring, MESSAGE_NAMESPACE};
use rollcall_core::protocol::{Entry, Refusal, State};
use std::path::Path;

/// An actor and the private key this process holds for it, if any.
#[derive(Debug, Clone)]
pub struct Author {
    /// The session (or `human:NAME`) the entry or message is from.
    pub name: String,
    /// The private key at hand.
    pub key: Option<PrivateKey>,
}

impl Author {
    /// `name` with no key (a reader, or a human who signs elsewhere).
    pub fn unkeyed(name: &str) -> Author {
        Author {
            name: name.to_string(),
            key: None,
        }
    }

    /// `name` with `--key`, else its key in the key store (none when there is none).
    pub fn find(common: &Common, dir: &Path, name: &str) -> CliResult<Author> {
        let key = match &common.key {
            Some(path) => Some(read_private_key(path)?),
            None => KeyStore::for_folder(dir)?.load(name)?,
        };
        Ok(Author {
            name: name.to_string(),
            key,
        })
    }

    /// `name` with `--key`, else its key in the key store, created there when it has none (a
    /// session's first `register` or `send`).
    pub fn find_or_create(common: &Common, dir: &Path, name: &str) -> CliResult<Author> {
        let author = Author::find(common, dir, name)?;
        if author.key.is_some() {
            return Ok(author);
        }
        let key = KeyStore::for_folder(dir)?.load_or_create(name)?;
        Ok(Author {
            name: name.to_string(),
            key: Some(key),
        })
    }

    /// `name` for a command that signs as it (`send`, `register`): `--key` or the stored key;
    /// refused (`not-your-key`) when `state` records another key for `name`; a session with no
    /// key at hand and none recorded gets one created in the key store.
    pub fn for_signing(
        common: &Common,
        dir: &Path,
        name: &str,
        state: Option<&State>,
        what: &str,
    ) -> CliResult<Author> {
        let author = Author::find(common, dir, name)?;
        if let Some(state) = state {
            author.check(state).map_err(|r| refusal_error(what, &r))?;
        }
        match author.key {
            Some(_) => Ok(author),
            None => Author::find_or_create(common, dir, name),
        }
    }

    /// The public half of the key at hand.
    pub fn public(&self) -> Option<&KeyData> {
        self.key.as_ref().map(|k| k.public_key().key_data())
    }

    /// The OpenSSH public key line of the key at hand (`ssh-ed25519 AAAA... comment`).
    pub fn public_line(&self) -> Option<String> {
        let key = self.key.as_ref()?;
        key.public_key().to_openssh().ok()
    }

    /// `not-your-key` when the journal records a key for this actor and it is not the one at hand.
    pub fn check(&self, state: &State) -> Result<(), Refusal> {
        check_key(&Keyring::from_state(state), &self.name, self.public())
    }

    /// The entry signed with the key at hand; unchanged without one.
    pub fn sign_entry(&self, entry: Entry) -> CliResult<Entry> {
        match &self.key {
            Some(key) => sign_entry(entry, key).map_err(signing_failed),
            None => Ok(entry),
        }
    }

    /// The armored `rollcall-message` signature over a message file's exact bytes; none without
    /// a key.
    pub fn sign_message(&self, bytes: &[u8]) -> CliResult<Option<String>> {
        match &self.key {
            Some(key) => sign(key, MESSAGE_NAMESPACE, bytes)
                .map(Some)
                .map_err(signing_failed),
            None => Ok(None),
        }
    }
}

fn signing_failed(why: String) -> CliError {
    CliError::usage(why).with_hint("use an ed25519 or ecdsa key (`ssh-keygen -t ed25519`)")
}
