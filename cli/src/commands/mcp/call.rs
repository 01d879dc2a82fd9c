//! One tool call as a rollcall command line, and its outcome as an MCP tool result: the `--json`
//! document as structured content with a short text summary, or a tool error carrying rollcall's
//! code and hint.

use crate::error::{EXIT_REFUSED, EXIT_UNDELIVERABLE};
use crate::invoke::Invocation;
use rmcp::model::{CallToolResult, ContentBlock};
use serde_json::{json, Value};
use std::ffi::OsString;
use std::path::PathBuf;

/// Who and where every call runs: the session bound at start, its folder and its `--key`.
#[derive(Debug, Clone)]
pub struct Binding {
    /// The session the server acts as.
    pub session: String,
    /// The coordination folder.
    pub dir: PathBuf,
    /// The private key file to sign with, when not the key store's.
    pub key: Option<PathBuf>,
}

/// A rollcall command line under construction, with the standard input it is given.
#[derive(Debug, Clone)]
pub struct Call {
    args: Vec<OsString>,
    stdin: Vec<u8>,
    on_folder: bool,
}

impl Call {
    /// A command on the coordination folder: `--as`, `--dir`, `--json` (and `--key`) are added.
    pub fn on_folder(command: &str) -> Call {
        Call {
            args: vec![command.into()],
            stdin: Vec::new(),
            on_folder: true,
        }
    }

    /// A command that reads files only (`validate`): nothing is added.
    pub fn on_files(command: &str) -> Call {
        Call {
            on_folder: false,
            ..Call::on_folder(command)
        }
    }

    /// Adds one argument as it is (no shell, so nothing needs quoting).
    pub fn arg(mut self, arg: impl Into<OsString>) -> Call {
        self.args.push(arg.into());
        self
    }

    /// Adds `flag` when `on`.
    pub fn flag(self, flag: &str, on: bool) -> Call {
        if on {
            self.arg(flag)
        } else {
            self
        }
    }

    /// Adds `flag VALUE` when there is a value.
    pub fn option(self, flag: &str, value: Option<impl ToString>) -> Call {
        match value {
            Some(value) => self.arg(flag).arg(value.to_string()),
            None => self,
        }
    }

    /// Adds `flag VALUE` once per value.
    pub fn repeated(self, flag: &str, values: &[String]) -> Call {
        values
            .iter()
            .fold(self, |call, value| call.arg(flag).arg(value))
    }

    /// Gives the command `bytes` as its standard input (read where an argument is `-`).
    pub fn stdin(mut self, bytes: impl Into<Vec<u8>>) -> Call {
        self.stdin = bytes.into();
        self
    }

    /// The full argument list for `binding`, and the standard input.
    pub fn into_parts(self, binding: &Binding) -> (Vec<OsString>, Vec<u8>) {
        let mut args = self.args;
        if self.on_folder {
            args.extend([
                "--as".into(),
                binding.session.clone().into(),
                "--dir".into(),
                binding.dir.clone().into(),
                "--json".into(),
            ]);
            if let Some(key) = &binding.key {
                args.extend(["--key".into(), key.clone().into()]);
            }
        }
        (args, self.stdin)
    }
}

/// Turns a `--json` document into one line for people and models reading the result.
pub type Summary = fn(&Value) -> String;

/// The tool result for what a command did.
pub fn tool_result(ran: Invocation, summary: Summary) -> CallToolResult {
    let document = parse_document(&ran.stdout);
    let mut result = match &ran.error {
        Some(err) => {
            let code = error_code(err, ran.exit_code, document.as_ref());
            let mut text = format!("{} [{code}]", err.message);
            if let Some(hint) = &err.hint {
                text.push_str(&format!("\nhint: {hint}"));
            }
            let structured = json!({
                "error": {
                    "code": code,
                    "message": err.message,
                    "hint": err.hint,
                    "exit_code": ran.exit_code,
                },
                "outcome": document,
            });
            let mut result = CallToolResult::error(vec![ContentBlock::text(text)]);
            result.structured_content = Some(structured);
            result
        }
        None => {
            let value = document.unwrap_or(Value::Null);
            let text = summary(&value);
            let mut result = CallToolResult::success(vec![ContentBlock::text(text)]);
            result.structured_content = Some(as_object(value));
            result
        }
    };
    if !ran.stderr.trim().is_empty() {
        result
            .content
            .push(ContentBlock::text(ran.stderr.trim_end().to_string()));
    }
    result
}

/// A tool error with rollcall's `code` that no command produced (`no-key`).
pub fn own_error(code: &str, message: &str, hint: &str) -> CallToolResult {
    let mut result = CallToolResult::error(vec![ContentBlock::text(format!(
        "{message} [{code}]\nhint: {hint}"
    ))]);
    result.structured_content = Some(json!({
        "error": {"code": code, "message": message, "hint": hint, "exit_code": EXIT_REFUSED},
        "outcome": null,
    }));
    result
}

fn parse_document(stdout: &str) -> Option<Value> {
    let text = stdout.trim();
    if text.is_empty() {
        return None;
    }
    serde_json::from_str(text).ok()
}

/// Structured content must be an object: a bare list or value is wrapped as `{"items": ...}`.
fn as_object(value: Value) -> Value {
    match value {
        Value::Object(_) => value,
        other => json!({ "items": other }),
    }
}

/// The stable code of a failure: the refusal's own, else the `[code]` its message carries, else
/// what its exit code means.
fn error_code(err: &crate::error::CliError, exit_code: u8, document: Option<&Value>) -> String {
    let refusal = document
        .and_then(|d| d.pointer("/refusal/code"))
        .and_then(Value::as_str);
    if let Some(code) = refusal {
        return code.to_string();
    }
    if let Some(code) = bracketed_code(&err.message) {
        return code.to_string();
    }
    match exit_code {
        EXIT_REFUSED => "refused",
        EXIT_UNDELIVERABLE => "undeliverable",
        _ => "usage-error",
    }
    .to_string()
}

/// `number-taken` from `registration refused [number-taken]: ...`.
fn bracketed_code(message: &str) -> Option<&str> {
    let start = message.find(" refused [")? + " refused [".len();
    let end = start + message[start..].find(']')?;
    let code = &message[start..end];
    let kebab = !code.is_empty()
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    kebab.then_some(code)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::error::CliError;

    fn binding() -> Binding {
        Binding {
            session: "alice".into(),
            dir: "/tmp/c".into(),
            key: None,
        }
    }

    #[test]
    fn folder_calls_are_bound_to_the_session_and_file_calls_are_not() {
        let (args, stdin) = Call::on_folder("send")
            .arg("bob")
            .arg("$HOME `x` \"q\"")
            .flag("--ack-required", false)
            .option("--thread", Some("t1"))
            .stdin("body")
            .into_parts(&binding());
        let args: Vec<String> = args.into_iter().map(|a| a.into_string().unwrap()).collect();
        assert_eq!(
            args,
            [
                "send",
                "bob",
                "$HOME `x` \"q\"",
                "--thread",
                "t1",
                "--as",
                "alice",
                "--dir",
                "/tmp/c",
                "--json"
            ]
        );
        assert_eq!(stdin, b"body");
        let (args, _) = Call::on_files("validate").arg("-").into_parts(&binding());
        assert_eq!(args.len(), 2);
    }

    #[test]
    fn a_refusal_carries_its_code_hint_and_outcome() {
        let ran = Invocation {
            exit_code: EXIT_REFUSED,
            stdout: r#"{"ok":false,"refusal":{"code":"number-taken","free":[2]}}"#.into(),
            stderr: String::new(),
            error: Some(
                CliError::refused("registration refused [number-taken]: number 1 is taken")
                    .with_hint("claim a free number: --number 2"),
            ),
        };
        let result = tool_result(ran, |_| String::new());
        assert_eq!(result.is_error, Some(true));
        let structured = result.structured_content.unwrap();
        assert_eq!(structured["error"]["code"], "number-taken");
        assert_eq!(
            structured["error"]["hint"],
            "claim a free number: --number 2"
        );
        assert_eq!(structured["outcome"]["refusal"]["free"][0], 2);
    }

    #[test]
    fn codes_come_from_the_message_or_the_exit_code() {
        let signed = CliError::refused("send refused [signatures-required]: unsigned");
        assert_eq!(error_code(&signed, 3, None), "signatures-required");
        let strict = CliError::undeliverable("not sent: no session `x` [sic]");
        assert_eq!(error_code(&strict, 4, None), "undeliverable");
        assert_eq!(error_code(&CliError::usage("bad"), 2, None), "usage-error");
    }

    #[test]
    fn success_is_the_document_itself() {
        let ran = Invocation {
            exit_code: 0,
            stdout: "{\"session\":\"alice\"}\n".into(),
            stderr: "rollcall: warning: w\n".into(),
            error: None,
        };
        let result = tool_result(ran, |v| format!("inbox of {}", v["session"]));
        assert_eq!(result.is_error, Some(false));
        assert_eq!(result.structured_content.unwrap()["session"], "alice");
        assert_eq!(result.content.len(), 2, "the warning is kept as text");
        assert_eq!(as_object(json!([1]))["items"][0], 1);
    }
}
