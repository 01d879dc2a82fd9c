//! `rollcall allowed-signers`: the OpenSSH `allowed_signers` file for the folder's recorded keys,
//! so `ssh-keygen -Y verify` checks rollcall's signatures with no rollcall involved.

use crate::common::Common;
use crate::error::{CliResult, EXIT_OK};
use crate::output::{write_stdout, Console};
use crate::store::JournalStore;
use rollcall_core::identity::{allowed_signers, Keyring};

/// Arguments of `rollcall allowed-signers`.
#[derive(Debug, clap::Args)]
pub struct AllowedSignersArgs {
    /// Folder options (`--as` and `--json` are accepted and ignored: the output is the file).
    #[command(flatten)]
    pub common: Common,
}

/// Prints the `allowed_signers` text: each session with `rollcall-message,rollcall-journal`, each
/// approver with `rollcall-approve`.
pub fn run(args: AllowedSignersArgs, _console: &Console) -> CliResult<u8> {
    let files = args.common.files()?;
    if !files.has_journal() {
        return Err(files.not_initialized());
    }
    let state = files.load()?.state;
    write_stdout(&allowed_signers(&Keyring::from_state(&state)))?;
    Ok(EXIT_OK)
}
