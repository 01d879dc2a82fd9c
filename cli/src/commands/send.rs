//! `rollcall send TO SUBJECT [MESSAGE|-]`: the drop-in for `session-send-message.sh`.

use crate::clock::{self, now};
use crate::context::{resolve_dir, resolve_identity};
use crate::error::{CliError, CliResult};
use crate::output::{Output, OK};
use crate::store::FolderMessages;
use rollcall_core::{compose, format_id, Draft};
use std::collections::hash_map::RandomState;
use std::ffi::OsString;
use std::hash::{BuildHasher, Hasher};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::Duration;

/// How long an omitted MESSAGE waits for the first byte on a piped stdin that stays silent.
const SILENT_PIPE_WAIT: Duration = Duration::from_secs(3);

/// Arguments of `rollcall send`.
#[derive(Debug, clap::Args)]
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
    /// Send as this session id (else $ROLLCALL_SESSION, else the legacy .current_session file).
    #[arg(long = "as", value_name = "ID")]
    pub as_id: Option<OsString>,
    /// Coordination folder (else $ROLLCALL_DIR, else the nearest coordination folder upwards).
    #[arg(long, value_name = "PATH")]
    pub dir: Option<PathBuf>,
    /// Print the stored message as JSON instead of the success line.
    #[arg(long)]
    pub json: bool,
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
}

/// Stores one message and prints `✅ Message sent to TO`.
pub fn run(args: SendArgs, output: &Output) -> CliResult<u8> {
    let to = utf8(args.to, "TO")?;
    let subject = utf8(args.subject, "SUBJECT")?;
    let as_id = args.as_id.map(|v| utf8(v, "--as")).transpose()?;
    let body = read_body(args.message)?;
    let (dir, _) = resolve_dir(args.dir.as_deref())?;
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
    let (secs, millis) = now();
    let message = compose(draft, secs, format_id(millis, random_bits())).map_err(|d| {
        let mut err = CliError::usage(format!("cannot send: {}", d.message));
        err.hint = d.help;
        err
    })?;
    let store = FolderMessages::new(&dir, !args.no_sync);
    let (_, claimed) = crate::commands::ingest::deliver(&dir, &store, &message)?;
    let mut stdout = std::io::stdout().lock();
    let written = if args.json {
        stdout.write_all(message.to_json().as_bytes())
    } else if args.quiet {
        Ok(())
    } else {
        let mark = output.paint(OK, "✅");
        writeln!(stdout, "{mark} Message sent to {}", message.to)
    };
    written
        .and_then(|()| stdout.flush())
        .map_err(crate::output::stdout_error)?;
    drop(stdout);
    crate::commands::ingest::after_send(claimed, output, args.json || args.quiet)
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
fn read_body(message: Option<OsString>) -> CliResult<String> {
    match message {
        Some(m) if m == "-" => stdin_text(read_all_stdin()?),
        Some(m) => utf8(m, "MESSAGE"),
        None if stdin_is_piped_file() => stdin_text(read_all_stdin()?),
        None if stdin_is_pipe() => stdin_text(read_silent_pipe()?),
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
    let mut buf = Vec::new();
    std::io::stdin()
        .read_to_end(&mut buf)
        .map_err(|e| CliError::usage(format!("cannot read standard input: {e}")))?;
    Ok(buf)
}

/// Reads a piped stdin when MESSAGE was omitted; a pipe that stays silent (no byte, no EOF)
/// for `SILENT_PIPE_WAIT` means an inherited, unused stdin: the body is then empty, so an old
/// call site such as `session-send-message.sh TO SUBJECT` never hangs.
fn read_silent_pipe() -> CliResult<Vec<u8>> {
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
        eprintln!(
            "rollcall: no MESSAGE given and the piped standard input stayed silent for {}s: \
             sending an empty body (pass `-` as MESSAGE to wait for standard input)",
            SILENT_PIPE_WAIT.as_secs()
        );
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

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// 128 bits from std's per-process random hasher keys, the pid, a counter and the clock.
pub(crate) fn random_bits() -> u128 {
    let nanos = clock::since_epoch().as_nanos();
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let half = |salt: u64| {
        let mut h = RandomState::new().build_hasher();
        h.write_u64(salt);
        h.write_u32(std::process::id());
        h.write_u64(count);
        h.write_u128(nanos);
        h.finish()
    };
    (u128::from(half(1)) << 64) | u128::from(half(2))
}
