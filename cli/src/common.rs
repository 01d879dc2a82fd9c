//! The options every command that works on a coordination folder takes (`--as`, `--dir`,
//! `--json`), defined once and flattened into each command's arguments, and how they resolve.
//!
//! `--color` is the one output option every command shares, so it stays global in `args.rs`
//! (it is accepted before or after the command name).

use crate::author::Author;
use crate::context;
use crate::error::{CliError, CliResult};
use crate::store::FolderJournal;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Identity, folder and output options of the folder commands.
///
/// A command whose `--json` or `--as` means something narrower rewords its help with
/// `#[command(mut_arg(...))]`; the flags and how they resolve stay the same everywhere.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Common {
    /// Act as this session (else $ROLLCALL_SESSION, else the folder's legacy .current_session).
    #[arg(long = "as", value_name = "ID")]
    pub as_id: Option<OsString>,
    /// The coordination folder (else $ROLLCALL_DIR, else the nearest docs/coordination,
    /// coordination or COORDINATION folder above the working directory).
    #[arg(long, value_name = "PATH")]
    pub dir: Option<PathBuf>,
    /// Print the outcome as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    /// Sign with this OpenSSH private key (unencrypted) instead of the session's key in the key
    /// store ($ROLLCALL_KEYS, else ~/.local/share/rollcall/keys).
    #[arg(long, value_name = "PATH")]
    pub key: Option<PathBuf>,
}

impl Common {
    /// The coordination folder: `--dir`, else `$ROLLCALL_DIR`, else the nearest one upwards.
    pub fn folder(&self) -> CliResult<PathBuf> {
        context::resolve_dir(self.dir.as_deref()).map(|(dir, _)| dir)
    }

    /// The coordination folder as a positional DIR (`import DIR`, `doctor DIR`) or `--dir` names
    /// it (clap lets only one of them through), else found as [`Common::folder`] finds it.
    pub fn folder_or(&self, positional: Option<&Path>) -> CliResult<PathBuf> {
        match positional {
            Some(dir) => context::resolve_dir(Some(dir)).map(|(dir, _)| dir),
            None => self.folder(),
        }
    }

    /// The registry files of the resolved coordination folder.
    pub fn files(&self) -> CliResult<FolderJournal> {
        Ok(FolderJournal::new(&self.folder()?))
    }

    /// `--as` as given, which must be UTF-8; `None` without the flag.
    pub fn as_flag(&self) -> CliResult<Option<String>> {
        self.as_id
            .clone()
            .map(|raw| {
                raw.into_string().map_err(|raw| {
                    CliError::usage(format!("--as is not valid UTF-8 ({raw:?})"))
                        .with_hint("pass the session id as UTF-8 text")
                })
            })
            .transpose()
    }

    /// The session `--as` names, checked to be a valid name; `None` without the flag (for the
    /// commands that act as no session unless told: `import`, `doctor`).
    pub fn named_session(&self, dir: &Path) -> CliResult<Option<String>> {
        match self.as_flag()? {
            Some(id) => context::resolve_identity(Some(&id), dir).map(|i| Some(i.id)),
            None => Ok(None),
        }
    }

    /// The session this command acts as (required): `--as`, else `$ROLLCALL_SESSION`, else the
    /// legacy `.current_session` in `dir`.
    pub fn actor(&self, dir: &Path) -> CliResult<String> {
        context::resolve_identity(self.as_flag()?.as_deref(), dir).map(|i| i.id)
    }

    /// `name` with the key this command signs with: `--key`, else `name`'s key in the key store.
    pub fn author(&self, dir: &Path, name: &str) -> CliResult<Author> {
        Author::find(self, dir, name)
    }

    /// The session this command acts as, or `fallback` when none is configured.
    pub fn actor_or(&self, dir: &Path, fallback: &str) -> CliResult<String> {
        if self.as_id.is_none()
            && std::env::var_os(context::SESSION_ENV).is_none_or(|v| v.is_empty())
            && !dir.join(context::LEGACY_SESSION_FILE).exists()
        {
            return Ok(fallback.to_string());
        }
        self.actor(dir)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::args::{Args, Command};
    use clap::Parser;

    /// The flattened options of a folder command; `None` for the commands that take none.
    fn common_of(command: Command) -> Option<Common> {
        Some(match command {
            Command::Init(a) => a.common,
            Command::Register(a) => a.common,
            Command::Status(a) => a.common,
            Command::Release(a) => a.common,
            Command::Reassign(a) => a.common,
            Command::Confirm(a) => a.common,
            Command::Ack(a) => a.common,
            Command::Approve(a) => a.common,
            Command::Activate(a) => a.common,
            Command::Ingest(a) => a.common,
            Command::Send(a) => a.common,
            Command::Inbox(a) => a.common,
            Command::Import(a) => a.common,
            Command::Doctor(a) => a.common,
            Command::Heartbeat(a) => a.common,
            Command::SetTtls(a) => a.common,
            Command::AckMessage(a) => a.common,
            Command::Sent(a) => a.common,
            Command::AllowedSigners(a) => a.common,
            Command::Verify(a) => a.common,
            Command::RequireSignatures(a) => a.common,
            Command::Completions(_)
            | Command::Mcp(_)
            | Command::Man(_)
            | Command::Parse(_)
            | Command::Render(_)
            | Command::Fix(_)
            | Command::Validate(_) => return None,
        })
    }

    #[test]
    fn every_folder_command_takes_as_dir_and_json() {
        let commands: [&[&str]; 21] = [
            &["init", "--sessions", "3"],
            &["register", "--number", "next", "--role", "R", "--goal", "G"],
            &["status"],
            &["release", "--number", "2"],
            &["reassign", "--number", "2", "--to", "bob"],
            &["confirm"],
            &["ack"],
            &["approve", "--by", "James"],
            &["activate"],
            &["ingest"],
            &["send", "bob", "subject", "body"],
            &["inbox"],
            &["import"],
            &["doctor"],
            &["heartbeat"],
            &["set-ttls", "--idle", "1m"],
            &["ack-message", "01ID"],
            &["sent"],
            &["allowed-signers"],
            &["verify"],
            &["require-signatures"],
        ];
        for command in commands {
            let line = [
                &["rollcall"],
                command,
                &["--as", "alice", "--dir", "f", "--json"],
            ];
            let args =
                Args::try_parse_from(line.concat()).unwrap_or_else(|e| panic!("{command:?}: {e}"));
            let common = common_of(args.command).unwrap();
            assert_eq!(common.as_flag().unwrap().as_deref(), Some("alice"));
            assert_eq!(common.dir.as_deref(), Some(Path::new("f")), "{command:?}");
            assert!(common.json, "{command:?}");
        }
    }

    #[test]
    fn file_commands_take_no_folder_options() {
        for command in [&["validate"][..], &["parse", "-"], &["fix", "-"], &["man"]] {
            let args = Args::try_parse_from([&["rollcall"][..], command].concat()).unwrap();
            assert!(common_of(args.command).is_none(), "{command:?}");
            let flagged = [&["rollcall"][..], command, &["--dir", "f"]].concat();
            assert!(Args::try_parse_from(flagged).is_err(), "{command:?}");
        }
    }

    #[test]
    fn a_positional_dir_and_dir_together_are_refused() {
        for command in ["import", "doctor"] {
            let both = ["rollcall", command, "a", "--dir", "b"];
            assert!(Args::try_parse_from(both).is_err(), "{command}");
            let positional = Args::try_parse_from(["rollcall", command, "a"]).unwrap();
            assert!(common_of(positional.command).unwrap().dir.is_none());
        }
    }

    #[cfg(unix)]
    #[test]
    fn as_must_be_utf8() {
        use std::os::unix::ffi::OsStringExt;
        let common = Common {
            as_id: Some(OsString::from_vec(b"caf\xe9".to_vec())),
            ..Common::default()
        };
        let err = common.as_flag().unwrap_err();
        assert!(err.message.starts_with("--as is not valid UTF-8"), "{err}");
    }

    #[test]
    fn positional_folder_wins_over_discovery() {
        let root = tempfile::tempdir().unwrap();
        let common = Common::default();
        assert_eq!(common.folder_or(Some(root.path())).unwrap(), root.path());
        let flagged = Common {
            dir: Some(root.path().to_path_buf()),
            ..Common::default()
        };
        assert_eq!(flagged.folder().unwrap(), root.path());
    }

    #[test]
    fn actor_or_falls_back_only_when_nothing_names_a_session() {
        let root = tempfile::tempdir().unwrap();
        let named = Common {
            as_id: Some("alice".into()),
            ..Common::default()
        };
        assert_eq!(named.actor_or(root.path(), "human").unwrap(), "alice");
        std::fs::write(root.path().join(context::LEGACY_SESSION_FILE), "bob\n").unwrap();
        let unnamed = Common::default();
        if std::env::var_os(context::SESSION_ENV).is_none() {
            assert_eq!(unnamed.actor_or(root.path(), "human").unwrap(), "bob");
        }
    }
}
