//! The tools' arguments (JSON Schema through schemars; unknown fields are refused, so a typo or
//! an `as` argument is a tool error) and the rollcall command line each one becomes.

use super::call::Call;
use schemars::JsonSchema;
use serde::Deserialize;

/// Arguments of `validate`: a registry file or folder, or the registry's text.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ValidateParams {
    /// A registry markdown or registry.json file, or a coordination folder.
    pub path: Option<String>,
    /// The registry's markdown (or JSON) text itself.
    pub text: Option<String>,
    /// How many sessions must register (overrides the file's `**Required**`).
    #[schemars(range(min = 1))]
    pub required: Option<u32>,
}

impl ValidateParams {
    /// `validate PATH|- --format json`, or an explanation when not exactly one input was given.
    pub fn call(&self) -> Result<Call, &'static str> {
        let call = Call::on_files("validate");
        let call = match (&self.path, &self.text) {
            (Some(path), None) => call.arg(path),
            (None, Some(text)) => call.arg("-").stdin(text.as_bytes()),
            _ => return Err("give exactly one of `path` and `text`"),
        };
        Ok(call
            .arg("--format")
            .arg("json")
            .option("--required", self.required))
    }
}

/// Arguments of `register`: the claim of a number, role and goal (first registration wins).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterParams {
    /// The number to claim; omitted: the lowest free number this session may claim.
    #[schemars(range(min = 1))]
    pub number: Option<u32>,
    /// This session's role: one line, distinct from every other session's.
    pub role: String,
    /// This session's goal: measurable (a number, a percentage, a deadline).
    pub goal: String,
    /// Responsibilities (none keeps the slot's own list).
    #[serde(default)]
    pub responsibilities: Vec<String>,
}

impl RegisterParams {
    /// `register --number N|next --role R --goal G [--responsibility T]...`.
    pub fn call(&self) -> Call {
        let number = self
            .number
            .map_or_else(|| "next".to_string(), |n| n.to_string());
        Call::on_folder("register")
            .option("--number", Some(number))
            .option("--role", Some(&self.role))
            .option("--goal", Some(&self.goal))
            .repeated("--responsibility", &self.responsibilities)
    }
}

/// Arguments of `release`: a number given back.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReleaseParams {
    /// The number to free (this session's own, or any number for the orchestrator).
    #[schemars(range(min = 1))]
    pub number: u32,
}

impl ReleaseParams {
    /// `release --number N`.
    pub fn call(&self) -> Call {
        Call::on_folder("release").option("--number", Some(self.number))
    }
}

/// Arguments of `send`: one message from this session.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SendParams {
    /// The recipient session id, or `broadcast` for every session.
    pub to: String,
    /// The subject line (stored byte-exact).
    pub subject: String,
    /// The body (stored byte-exact).
    #[serde(default)]
    pub message: String,
    /// The conversation id to file the message under.
    pub thread: Option<String>,
    /// The id of the message this one answers.
    pub reply_to: Option<String>,
    /// Ask the recipient to acknowledge it (`ack_message`).
    #[serde(default)]
    pub ack_required: bool,
}

impl SendParams {
    /// `send TO SUBJECT - --strict` with the body on standard input: byte-exact whatever it
    /// holds, and a recipient nobody is registered as is refused rather than dead-lettered.
    pub fn call(&self) -> Call {
        Call::on_folder("send")
            .arg(&self.to)
            .arg(&self.subject)
            .arg("-")
            .stdin(self.message.as_bytes())
            .arg("--strict")
            .option("--thread", self.thread.as_ref())
            .option("--reply-to", self.reply_to.as_ref())
            .flag("--ack-required", self.ack_required)
    }
}

/// Arguments of `fetch_inbox`: this session's direct and broadcast messages.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FetchInboxParams {
    /// Only messages not yet marked read (`mark_read`).
    #[serde(default)]
    pub unread_only: bool,
    /// Look without telling the senders: no read receipt is written.
    #[serde(default)]
    pub peek: bool,
    /// Only messages sent at or after this UTC time (2026-11-25 or 2026-11-25T08:00:00Z).
    pub since: Option<String>,
    /// At most this many messages (those awaiting an acknowledgement first, then the oldest).
    pub limit: Option<u32>,
}

impl FetchInboxParams {
    /// `inbox [--unread] [--peek] [--since T] [--limit N]`.
    pub fn call(&self) -> Call {
        Call::on_folder("inbox")
            .flag("--unread", self.unread_only)
            .flag("--peek", self.peek)
            .option("--since", self.since.as_ref())
            .option("--limit", self.limit)
    }
}

/// Arguments of `mark_read`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkReadParams {
    /// The messages to mark read: their ids (or files, for legacy messages without an id);
    /// omitted: every message in the inbox.
    #[serde(default)]
    pub ids: Vec<String>,
}

impl MarkReadParams {
    /// `inbox --mark-read [--id ID]...`.
    pub fn call(&self) -> Call {
        Call::on_folder("inbox")
            .arg("--mark-read")
            .repeated("--id", &self.ids)
    }
}

/// Arguments of `ack_message`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AckMessageParams {
    /// The id of the message to acknowledge.
    pub id: String,
}

impl AckMessageParams {
    /// `ack-message ID`.
    pub fn call(&self) -> Call {
        Call::on_folder("ack-message").arg(&self.id)
    }
}

/// Arguments of `sent`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SentParams {
    /// Only messages still waiting this long or longer (90s, 15m, 2h).
    pub overdue: Option<String>,
}

impl SentParams {
    /// `sent [--overdue DURATION]`.
    pub fn call(&self) -> Call {
        Call::on_folder("sent").option("--overdue", self.overdue.as_ref())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::commands::mcp::call::Binding;

    fn line(call: Call) -> Vec<String> {
        let binding = Binding {
            session: "s".into(),
            dir: "d".into(),
            key: None,
        };
        let (args, _) = call.into_parts(&binding);
        args.into_iter()
            .map(|a| a.into_string().unwrap())
            .take_while(|a| a != "--as")
            .collect()
    }

    #[test]
    fn every_tool_line_is_one_the_cli_accepts() {
        let register: RegisterParams =
            serde_json::from_value(serde_json::json!({"role": "R", "goal": "G"})).unwrap();
        assert_eq!(
            line(register.call()),
            ["register", "--number", "next", "--role", "R", "--goal", "G"]
        );
        let calls = [
            register.call(),
            ReleaseParams { number: 2 }.call(),
            FetchInboxParams::default().call(),
            MarkReadParams {
                ids: vec!["01X".into()],
            }
            .call(),
            AckMessageParams { id: "01X".into() }.call(),
            SentParams::default().call(),
        ];
        for call in calls {
            let binding = Binding {
                session: "s".into(),
                dir: "d".into(),
                key: None,
            };
            let (args, _) = call.into_parts(&binding);
            let full = std::iter::once("rollcall".into()).chain(args);
            <crate::args::Args as clap::Parser>::try_parse_from(full).unwrap();
        }
    }

    #[test]
    fn validate_takes_exactly_one_input() {
        let both = ValidateParams {
            path: Some("a".into()),
            text: Some("b".into()),
            required: None,
        };
        assert!(both.call().is_err());
        let text = ValidateParams {
            path: None,
            text: Some("# R".into()),
            required: Some(3),
        };
        assert_eq!(
            line(text.call().unwrap()),
            ["validate", "-", "--format", "json", "--required", "3"]
        );
    }

    #[test]
    fn unknown_arguments_are_refused() {
        let acting_as = serde_json::json!({"to": "b", "subject": "s", "as": "mallory"});
        assert!(serde_json::from_value::<SendParams>(acting_as).is_err());
    }
}
