//! `rollcall send TO SUBJECT [MESSAGE|-]`: the drop-in for `session-send-message.sh`.

use crate::addressing::{record_receipt, route, Route};
use crate::author::Author;
use crate::clock;
use crate::common::Common;
use crate::compose::stamp;
use crate::context::resolve_identity;
use crate::delivery::{after_send, deliver};
use crate::error::EXIT_OK;
use crate::error::{CliError, CliResult};
use crate::output::{write_stdout, Console, OK};
use crate::protocol_step::refusal_error;
use crate::roster::Roster;
use crate::store::{FolderMessages, MessageStore};
use rollcall_core::identity::unsigned_send;
use rollcall_core::{escape_controls, Draft, Message};
use std::ffi::OsString;
use std::io::Read;
use std::sync::mpsc;
use std::time::Duration;

/// How long an omitted MESSAGE waits for the first byte on a piped stdin that stays silent.
const SILENT_PIPE_WAIT: Duration = Duration::from_secs(3);

/// Arguments of `rollcall send`.
#[derive(Debug, clap::Args)]
#[command(mut_arg("as_id", |a| a.help(
    "Send as this session id (else $ROLLCALL_SESSION, else the legacy .current_session file)"
)))]
#[command(mut_arg("json", |a| a.help(
    "Print the stored message as JSON instead of the success line"
)))]
pub struct SendArgs {
    /// Recipient session id, or `broadcast` for every session.
    #[arg(value_name = "TO", allow_hyphen_values = true)]
    pub to: OsString,
    /// Subject line (stored byte-exact).
    #[arg(value_name = "SUBJECT", allow_hyphen_values = true)]
    pub subject: OsString,
    /// Body (stored byte-exact); `-` reads standard input; omitted: piped stdin, else empty.
    #[arg(value_name = "MESSAGE", allow_hyphen_values = true)]
    pub message: Option<OsString>,
    /// Identity, folder and output options.
    #[command(flatten)]
    pub common: Common,
    /// Print nothing on success.
    #[arg(long, short)]
    pub quiet: bool,
    /// Conversation id to file the message under.
    #[arg(long, value_name = "ID")]
    pub thread: Option<String>,
    /// Id of the message this one answers.
    #[arg(long, value_name = "ID")]
    pub reply_to: Option<String>,
    /// Ask the recipient to acknowledge.
    #[arg(long)]
    pub ack_required: bool,
    /// Skip fsync (bulk sends: an OS crash or power loss may lose or empty the newest files).
    #[arg(long)]
    pub no_sync: bool,
    /// Refuse (exit 4) a message to an id that is not in the registry instead of keeping it
    /// under messages/dead-letter/.
    #[arg(long)]
    pub strict: bool,
    /// Send without a signature (refused where the registry requires signatures).
    #[arg(long)]
    pub unsigned: bool,
}

/// Stores one message and prints `✅ Message sent to TO`.
pub fn run(args: SendArgs, console: &Console) -> CliResult<u8> {
    let to = utf8(args.to, "TO")?;
    let subject = utf8(args.subject, "SUBJECT")?;
    let as_id = args.common.as_flag()?;
    let body = read_body(args.message, console)?;
    let dir = args.common.folder()?;
    let me = resolve_identity(as_id.as_deref(), &dir)?;
    let draft = Draft {
        from: me.id,
        to,
        subject,
        message: body,
        thread: args.thread,
        reply_to: args.reply_to,
        ack_required: args.ack_required,
    };
    let message = stamp(draft, "cannot send")?;
    let store = FolderMessages::new(&dir, !args.no_sync);
    let roster = Roster::load(&dir)?;
    let state = roster.as_ref().map(|r| &r.state);
    let author = if args.unsigned {
        unsigned_send(state).map_err(|r| refusal_error("send", &r))?;
        Author::unkeyed(&message.from)
    } else {
        Author::for_signing(&args.common, &dir, &message.from, state, "send")?
    };
    let recipients = match route(roster.as_ref(), &message) {
        Route::DeadLetter { reason } => {
            return dead_letter(
                &store,
                &message,
                &reason,
                args.strict,
                roster.as_ref(),
                console,
            )
        }
        Route::Deliver {
            recipients,
            warning,
        } => {
            if let Some(warning) = warning {
                console.warn(&warning);
            }
            recipients
        }
    };
    let (_, claimed) = deliver(&dir, &store, &message, &author, console)?;
    record_receipt(&dir, &message, &recipients, !args.no_sync)?;
    let json = args.common.json;
    if json {
        write_stdout(&message.to_json())?;
    } else if !args.quiet {
        console.print(&sent_line(
            &message,
            recipients.len(),
            roster.is_some(),
            console,
        ))?;
    }
    after_send(claimed, console, json || args.quiet)
}

/// `✅ Message sent to TO`, with how many sessions a broadcast reached when the registry says.
fn sent_line(message: &Message, reached: usize, counted: bool, console: &Console) -> String {
    let mark = console.stdout.paint(OK, "✅");
    let to = escape_controls(&message.to);
    if message.is_broadcast() && counted {
        let noun = if reached == 1 { "session" } else { "sessions" };
        return format!("{mark} Message sent to {to}: reached {reached} {noun}\n");
    }
    format!("{mark} Message sent to {to}\n")
}

/// A message to an id not in the registry: refused with exit 4 under `--strict`, else kept under
/// `messages/dead-letter/` with a warning (exit 0).
fn dead_letter(
    store: &dyn MessageStore,
    message: &Message,
    reason: &str,
    strict: bool,
    roster: Option<&Roster>,
    console: &Console,
) -> CliResult<u8> {
    let known = roster.map_or_else(String::new, |r| {
        r.state
            .known_sessions()
            .into_iter()
            .collect::<Vec<_>>()
            .join(", ")
    });
    if strict {
        return Err(
            CliError::undeliverable(format!("not sent: {reason} (--strict)"))
                .with_hint(format!("known ids: {known}")),
        );
    }
    let stored = store.dead_letter(message, reason, &clock::utc_now())?;
    console.warn(&format!(
        "{reason}: nothing was delivered; kept as {} (known ids: {known})",
        stored.key
    ));
    Ok(EXIT_OK)
}

/// The argument as UTF-8, or an error naming it.
fn utf8(value: OsString, what: &str) -> CliResult<String> {
    value.into_string().map_err(|raw| {
        CliError::usage(format!(
            "{what} is not valid UTF-8 ({:?}); nothing was sent",
            raw
        ))
        .with_hint("messages are stored as UTF-8 JSON: re-encode the text as UTF-8")
    })
}

/// The body: the MESSAGE argument, or stdin for `-`, or a piped stdin when MESSAGE is omitted.
fn read_body(message: Option<OsString>, console: &Console) -> CliResult<String> {
    match message {
        Some(m) if m == "-" => stdin_text(read_all_stdin()?),
        Some(m) => utf8(m, "MESSAGE"),
        None if crate::output::capture::is_active() => stdin_text(read_all_stdin()?),
        None if stdin_is_piped_file() => stdin_text(read_all_stdin()?),
        None if stdin_is_pipe() => stdin_text(read_silent_pipe(console)?),
        None => Ok(String::new()),
    }
}

fn stdin_text(bytes: Vec<u8>) -> CliResult<String> {
    String::from_utf8(bytes).map_err(|e| {
        CliError::usage(format!(
            "the message on standard input is not valid UTF-8 (at byte {}); nothing was sent",
            e.utf8_error().valid_up_to()
        ))
        .with_hint("re-encode the text as UTF-8")
    })
}

fn read_all_stdin() -> CliResult<Vec<u8>> {
    crate::output::capture::read_stdin()
        .map_err(|e| CliError::usage(format!("cannot read standard input: {e}")))
}

/// Reads a piped stdin when MESSAGE was omitted; a pipe that stays silent (no byte, no EOF)
/// for `SILENT_PIPE_WAIT` means an inherited, unused stdin: the body is then empty, so an old
/// call site such as `session-send-message.sh TO SUBJECT` never hangs.
fn read_silent_pipe(console: &Console) -> CliResult<Vec<u8>> {
    let (done_tx, done_rx) = mpsc::channel::<std::io::Result<Vec<u8>>>();
    let (first_tx, first_rx) = mpsc::channel::<()>();
    std::thread::spawn(move || {
        let mut stdin = std::io::stdin().lock();
        let mut chunk = [0u8; 8192];
        let mut body = Vec::new();
        let result = loop {
            match stdin.read(&mut chunk) {
                Ok(0) => break Ok(body),
                Ok(n) => {
                    if body.is_empty() {
                        let _ = first_tx.send(());
                    }
                    body.extend_from_slice(&chunk[..n]);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => break Err(e),
            }
        };
        let _ = done_tx.send(result);
    });
    if let Err(mpsc::RecvTimeoutError::Timeout) = first_rx.recv_timeout(SILENT_PIPE_WAIT) {
        console.eprint(&format!(
            "rollcall: no MESSAGE given and the piped standard input stayed silent for {}s: \
             sending an empty body (pass `-` as MESSAGE to wait for standard input)\n",
            SILENT_PIPE_WAIT.as_secs()
        ));
        return Ok(Vec::new());
    }
    done_rx
        .recv()
        .map_err(|_| CliError::usage("cannot read standard input"))?
        .map_err(|e| CliError::usage(format!("cannot read standard input: {e}")))
}

#[cfg(unix)]
fn stdin_kind() -> Option<std::fs::FileType> {
    std::fs::metadata("/dev/stdin").ok().map(|m| m.file_type())
}

#[cfg(unix)]
fn stdin_is_pipe() -> bool {
    use std::os::unix::fs::FileTypeExt;
    stdin_kind().is_some_and(|t| t.is_fifo())
}

#[cfg(unix)]
fn stdin_is_piped_file() -> bool {
    stdin_kind().is_some_and(|t| t.is_file())
}

#[cfg(not(unix))]
fn stdin_is_pipe() -> bool {
    false
}

#[cfg(not(unix))]
fn stdin_is_piped_file() -> bool {
    false
}
