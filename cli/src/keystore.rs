//! Session private keys on this machine: one ed25519 key per coordination folder and session, in
//! a per-user folder outside every coordination folder (mode 0700, each key file 0600).
//!
//! The place is `$ROLLCALL_KEYS` when set, else `$XDG_DATA_HOME/rollcall/keys`, else
//! `~/.local/share/rollcall/keys`. Inside it, `<folder-id>/` holds one folder's keys, where
//! `folder-id` is the first 16 hex digits of the SHA-256 of the folder's canonical path, and
//! `<folder-id>/folder` names that path for people. A key file is `<session>.key` (an unencrypted
//! OpenSSH private key); a session name that is not a plain file name is hashed instead.

use crate::error::{CliError, CliResult};
use rollcall_core::identity::ssh_key::{LineEnding, PrivateKey};
use rollcall_core::identity::{self, ed25519_from_seed};
use sha2::{Digest, Sha256};
use std::fs;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

/// The variable naming the key folder (tests and separate key stores set it).
pub const KEYS_ENV: &str = "ROLLCALL_KEYS";

/// One coordination folder's private keys on this machine.
#[derive(Debug, Clone)]
pub struct KeyStore {
    /// `<keys>/<folder-id>`.
    folder: PathBuf,
    /// The coordination folder, canonical.
    coordination: PathBuf,
}

impl KeyStore {
    /// The key store of coordination folder `dir`; refuses a key folder inside `dir`.
    pub fn for_folder(dir: &Path) -> CliResult<KeyStore> {
        let coordination = fs::canonicalize(dir)
            .map_err(|e| CliError::io("cannot resolve the coordination folder", dir, &e))?;
        let root = keys_root()?;
        if canonical_or_self(&root).starts_with(&coordination) {
            return Err(CliError::usage(format!(
                "the key folder {} is inside the coordination folder {}: private keys never go there",
                root.display(),
                coordination.display()
            ))
            .with_hint(format!(
                "point ${KEYS_ENV} at a folder outside the coordination folder"
            )));
        }
        Ok(KeyStore {
            folder: root.join(folder_id(&coordination)),
            coordination,
        })
    }

    /// Where this machine keeps the folder's journal checkpoint: beside the keys, private to
    /// the user, so nobody who can only write the coordination folder can forge the state.
    pub fn checkpoint_path(&self) -> PathBuf {
        self.folder.join("checkpoint.json")
    }

    /// Writes the checkpoint (atomically, unsynced: it is a cache checked before use).
    pub fn save_checkpoint(&self, text: &str) -> CliResult<()> {
        self.create_folder()?;
        crate::store::atomic::atomic_replace(&self.checkpoint_path(), text.as_bytes(), false)
    }

    /// Where `session`'s private key lives.
    pub fn path_of(&self, session: &str) -> PathBuf {
        self.folder.join(format!("{}.key", file_stem(session)))
    }

    /// `session`'s private key, when this machine holds one.
    pub fn load(&self, session: &str) -> CliResult<Option<PrivateKey>> {
        let path = self.path_of(session);
        match fs::read_to_string(&path) {
            Ok(text) => parse_private_key(&text, &path).map(Some),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(CliError::io("cannot read the key", &path, &e)),
        }
    }

    /// `session`'s key, created first when there is none. Two processes creating one at once
    /// end with the same key: the file is linked into place without replacing, and the loser
    /// reads the winner's.
    pub fn load_or_create(&self, session: &str) -> CliResult<PrivateKey> {
        if let Some(key) = self.load(session)? {
            return Ok(key);
        }
        self.create_folder()?;
        let key = new_key(session)?;
        let text = key
            .to_openssh(LineEnding::LF)
            .map_err(|e| CliError::usage(format!("cannot encode the new key: {e}")))?;
        let path = self.path_of(session);
        write_private_new(&path, text.as_bytes())?;
        self.load(session)?
            .ok_or_else(|| CliError::usage(format!("the new key {} vanished", path.display())))
    }

    /// Creates `<keys>/<folder-id>` (0700) and its `folder` note.
    fn create_folder(&self) -> CliResult<()> {
        fs::create_dir_all(&self.folder)
            .map_err(|e| CliError::io("cannot create the key folder", &self.folder, &e))?;
        restrict(&self.folder, 0o700);
        if let Some(root) = self.folder.parent() {
            restrict(root, 0o700);
        }
        let note = self.folder.join("folder");
        if !note.exists() {
            let text = format!("{}\n", self.coordination.display());
            let _ = crate::store::atomic::atomic_replace(&note, text.as_bytes(), true);
        }
        Ok(())
    }
}

/// Reads an unencrypted OpenSSH private key file (`--key PATH`).
pub fn read_private_key(path: &Path) -> CliResult<PrivateKey> {
    let text =
        fs::read_to_string(path).map_err(|e| CliError::io("cannot read the key", path, &e))?;
    parse_private_key(&text, path)
}

fn parse_private_key(text: &str, path: &Path) -> CliResult<PrivateKey> {
    let key = identity::parse_private_key(text).map_err(|why| {
        let hint = match why.as_str() {
            identity::SHORT_ECDSA_SCALAR => "sign with `ssh-keygen -Y sign` yourself (approvals take --signature FILE), or use an ed25519 key",
            _ => "pass the private key file (`-----BEGIN OPENSSH PRIVATE KEY-----`), not the .pub",
        };
        CliError::usage(format!("{}: {why}", path.display())).with_hint(hint)
    })?;
    if key.is_encrypted() {
        return Err(CliError::usage(format!(
            "{} is passphrase-protected: rollcall cannot use it directly",
            path.display()
        ))
        .with_hint("sign with `ssh-keygen -Y sign` yourself (approvals take --signature FILE), or pass an unencrypted key"));
    }
    Ok(key)
}

/// `$ROLLCALL_KEYS`, else `$XDG_DATA_HOME/rollcall/keys`, else `~/.local/share/rollcall/keys`.
fn keys_root() -> CliResult<PathBuf> {
    let set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(dir) = set(KEYS_ENV) {
        return Ok(PathBuf::from(dir));
    }
    if let Some(data) = set("XDG_DATA_HOME") {
        return Ok(PathBuf::from(data).join("rollcall").join("keys"));
    }
    match set("HOME") {
        Some(home) => Ok(PathBuf::from(home).join(".local/share/rollcall/keys")),
        None => Err(
            CliError::usage("no place for private keys: HOME is not set")
                .with_hint(format!("set ${KEYS_ENV} to a folder only you can read")),
        ),
    }
}

fn canonical_or_self(path: &Path) -> PathBuf {
    fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The first 16 hex digits of the SHA-256 of the canonical folder path.
fn folder_id(coordination: &Path) -> String {
    let digest = Sha256::digest(coordination.to_string_lossy().as_bytes());
    format!("{digest:x}")[..16].to_string()
}

/// The session name when it is a plain file name, else `id-` and 16 hex digits of its SHA-256.
fn file_stem(session: &str) -> String {
    let plain = !session.is_empty()
        && session.len() <= 64
        && !session.starts_with('.')
        && session
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if plain {
        return session.to_string();
    }
    let digest = Sha256::digest(session.as_bytes());
    format!("id-{}", &format!("{digest:x}")[..16])
}

/// A fresh ed25519 key from 32 bytes of the operating system's randomness.
fn new_key(session: &str) -> CliResult<PrivateKey> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed)
        .map_err(|e| CliError::usage(format!("cannot draw random bytes for a new key: {e}")))?;
    Ok(ed25519_from_seed(&seed, &format!("rollcall:{session}")))
}

/// Writes a private key file (0600) at `path` unless one is there: temp file, fsync, hard link.
fn write_private_new(path: &Path, bytes: &[u8]) -> CliResult<()> {
    let temp = crate::store::atomic::temp_path_beside(path);
    let written = (|| {
        let mut file = private_file(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        match fs::hard_link(&temp, path) {
            Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(()),
            other => other,
        }
    })();
    let _ = fs::remove_file(&temp);
    written.map_err(|e| CliError::io("cannot write the key", path, &e))?;
    crate::store::atomic::sync_parent(path);
    Ok(())
}

#[cfg(unix)]
fn private_file(path: &Path) -> std::io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::File::options()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn private_file(path: &Path) -> std::io::Result<fs::File> {
    fs::File::options().write(true).create_new(true).open(path)
}

#[cfg(unix)]
fn restrict(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    let _ = fs::set_permissions(path, fs::Permissions::from_mode(mode));
}

#[cfg(not(unix))]
fn restrict(_path: &Path, _mode: u32) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_stay_readable_and_others_are_hashed() {
        assert_eq!(file_stem("alice-2"), "alice-2");
        assert_eq!(file_stem("../etc/passwd").len(), "id-".len() + 16);
        assert_ne!(file_stem("../a"), file_stem("../b"));
        assert!(file_stem(".hidden").starts_with("id-"));
        assert!(file_stem("émile").starts_with("id-"));
    }

    #[test]
    fn folder_ids_differ_per_folder() {
        assert_ne!(folder_id(Path::new("/a")), folder_id(Path::new("/b")));
        assert_eq!(folder_id(Path::new("/a")).len(), 16);
    }
}
