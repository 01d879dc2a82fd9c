//! `rollcall approve`: the human approves the confirmed registry, with a signature by an enrolled
//! approver's own SSH key over the exact approval text (`--print` shows it).

use crate::author::Author;
use crate::common::Common;
use crate::error::{CliError, CliResult, EXIT_OK};
use crate::keystore::read_private_key;
use crate::output::{write_stdout, Console};
use crate::protocol_step::{decide_and_append_approval, finish};
use crate::store::JournalStore;
use rollcall_core::identity::{approval_text, sign, verify_approval, APPROVE_NAMESPACE};
use rollcall_core::protocol::claim::approve;
use rollcall_core::protocol::{Event, Refusal, State};
use std::path::{Path, PathBuf};

/// Arguments of `rollcall approve`.
#[derive(Debug, clap::Args)]
#[command(mut_arg("key", |a| a.help(
    "Sign the approval with this approver's private key (instead of --signature)"
)))]
pub struct ApproveArgs {
    /// Identity, folder and output options (`--as` optional: the human may have no session).
    #[command(flatten)]
    pub common: Common,
    /// The approving human's name, as enrolled with `init --approver NAME=KEY.pub`.
    #[arg(long, value_name = "NAME")]
    pub by: String,
    /// Print the exact text to sign (`ssh-keygen -Y sign -n rollcall-approve`) and change nothing.
    #[arg(long, conflicts_with_all = ["signature", "key"])]
    pub print: bool,
    /// The approval's signature: the `.sig` file `ssh-keygen -Y sign` wrote.
    #[arg(long, value_name = "FILE.sig", conflicts_with = "key")]
    pub signature: Option<PathBuf>,
}

/// Where the approval's signature comes from.
enum Signer {
    /// An armored signature file, and the text it was made over (the file without `.sig`), if any.
    File {
        armored: String,
        signed: Option<String>,
    },
    /// A private key rollcall signs the approval text with.
    Key(Box<rollcall_core::identity::ssh_key::PrivateKey>),
    /// None: accepted only where no approver is enrolled and signatures are not required.
    None,
}

impl Signer {
    /// The signer the arguments name.
    fn of(args: &ApproveArgs) -> CliResult<Signer> {
        if let Some(path) = &args.signature {
            return Ok(Signer::File {
                armored: read_text(path)?,
                signed: signed_file(path).and_then(|p| std::fs::read_to_string(p).ok()),
            });
        }
        match &args.common.key {
            Some(path) => Ok(Signer::Key(Box::new(read_private_key(path)?))),
            None => Ok(Signer::None),
        }
    }

    /// The approval signature to record for `by` in `state`, checked as replay checks it.
    fn approval(&self, state: &State, by: &str) -> Result<Option<String>, Refusal> {
        let (armored, signed) = match self {
            Signer::File { armored, signed } => (armored.clone(), signed.as_deref()),
            Signer::Key(key) => {
                let text = approval_text(state, by);
                let armored = sign(key, APPROVE_NAMESPACE, text.as_bytes())
                    .map_err(|why| Refusal::new("approval-bad-signature", why))?;
                (armored, None)
            }
            Signer::None if unsigned_allowed(state, by) => return Ok(None),
            Signer::None => {
                verify_approval(state, by, None, None)?;
                return Ok(None);
            }
        };
        verify_approval(state, by, Some(&armored), signed)?;
        Ok(Some(armored))
    }
}

/// True in a folder from before signatures: nothing required, and `by` is no enrolled approver.
fn unsigned_allowed(state: &State, by: &str) -> bool {
    !state.keys.signatures_required && state.keys.approvers.is_empty() && !by.is_empty()
}

/// The file `ssh-keygen -Y sign` signed: the signature's path without `.sig`.
fn signed_file(signature: &Path) -> Option<PathBuf> {
    let name = signature.to_str()?.strip_suffix(".sig")?;
    Some(PathBuf::from(name))
}

fn read_text(path: &Path) -> CliResult<String> {
    std::fs::read_to_string(path)
        .map_err(|e| CliError::io("cannot read", path, &e))
        .map_err(|e| e.or_hint("pass the .sig file `ssh-keygen -Y sign` wrote"))
}

/// Runs `rollcall approve`.
pub fn run(args: ApproveArgs, console: &Console) -> CliResult<u8> {
    let files = args.common.files()?;
    let by = args.by.trim().to_string();
    if args.print {
        let state = files.load()?.state;
        if !state.initialized {
            return Err(files.not_initialized());
        }
        write_stdout(&approval_text(&state, &by))?;
        return Ok(EXIT_OK);
    }
    let actor = args.common.actor_or(&files.dir, &format!("human:{by}"))?;
    let signer = Signer::of(&args)?;
    let applied = decide_and_append_approval(&files, &Author::unkeyed(&actor), console, |state| {
        let event: Event = approve(state, &by)?;
        Ok((event, signer.approval(state, &by)?))
    })?;
    finish(&args.common, console, "approval", applied, |_, _| {
        format!("Registry approved by {by}. Next: the orchestrator runs `rollcall activate`.")
    })
}
