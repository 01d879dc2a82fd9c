//! The MCP server: the tools (each one rollcall command, run in-process as the bound session),
//! the three resources, and the inbox subscription.

use super::call::{own_error, tool_result, Binding, Call, Summary};
use super::inbox_watch::{InboxWatch, INBOX_URI};
use super::params::{
    AckMessageParams, FetchInboxParams, MarkReadParams, RegisterParams, ReleaseParams, SendParams,
    SentParams, ValidateParams,
};
use crate::error::{CliError, CliResult};
use crate::invoke::{invoke, Invocation};
use crate::keystore::{read_private_key, KeyStore};
use crate::store::FolderJournal;
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{
    CallToolResult, Implementation, ListResourcesResult, PaginatedRequestParams,
    ReadResourceRequestParams, ReadResourceResponse, ReadResourceResult, Resource,
    ResourceContents, ServerCapabilities, ServerConfig, SubscribeRequestParams,
    UnsubscribeRequestParams,
};
use rmcp::service::RequestContext;
use rmcp::ServiceExt;
use rmcp::{tool, tool_handler, tool_router, ErrorData as McpError, RoleServer, ServerHandler};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::Arc;

/// The registry's markdown.
pub const REGISTRY_URI: &str = "rollcall://registry";
/// The `status --json` document.
pub const STATUS_URI: &str = "rollcall://status";

/// One session's MCP server over one coordination folder.
#[derive(Clone)]
pub struct Rollcall {
    binding: Binding,
    inbox: Arc<InboxWatch>,
    tool_router: ToolRouter<Rollcall>,
}

impl Rollcall {
    /// A server acting as `session` on `dir`, signing with `key` (else the key store's key).
    pub fn new(session: String, dir: PathBuf, key: Option<PathBuf>) -> Rollcall {
        Rollcall {
            binding: Binding { session, dir, key },
            inbox: Arc::new(InboxWatch::default()),
            tool_router: Rollcall::tool_router(),
        }
    }

    /// Serves stdin/stdout until the client closes it.
    pub async fn serve_stdio(self) -> CliResult<()> {
        let failed = |e: String| CliError::usage(format!("the MCP session failed: {e}"));
        let running = self
            .serve(rmcp::transport::stdio())
            .await
            .map_err(|e| failed(e.to_string()))?;
        running.waiting().await.map_err(|e| failed(e.to_string()))?;
        Ok(())
    }

    /// Runs `call` as the bound session on a blocking thread.
    async fn invoke(&self, call: Call) -> Result<Invocation, McpError> {
        let (args, stdin) = call.into_parts(&self.binding);
        tokio::task::spawn_blocking(move || invoke(&args, stdin))
            .await
            .map_err(|e| McpError::internal_error(format!("the command panicked: {e}"), None))
    }

    /// Runs `call` and turns its outcome into the tool's result.
    async fn run(&self, call: Call, summary: Summary) -> Result<CallToolResult, McpError> {
        Ok(tool_result(self.invoke(call).await?, summary))
    }

    /// Like [`Rollcall::run`], for a tool that signs: refused (`no-key`) while the session has
    /// no key, which only `register` creates.
    async fn run_signed(&self, call: Call, summary: Summary) -> Result<CallToolResult, McpError> {
        match self.fingerprint() {
            Ok(Some(_)) => self.run(call, summary).await,
            Ok(None) => Ok(own_error(
                "no-key",
                &format!("{} has no key on this machine yet", self.binding.session),
                "call `register` first: it creates the session's key, as `rollcall register` does",
            )),
            Err(err) => Ok(own_error(
                "usage-error",
                &err.message,
                err.hint.as_deref().unwrap_or(""),
            )),
        }
    }

    /// The fingerprint of the key this server signs with, if it has one.
    fn fingerprint(&self) -> CliResult<Option<String>> {
        let key = match &self.binding.key {
            Some(path) => Some(read_private_key(path)?),
            None => KeyStore::for_folder(&self.binding.dir)?.load(&self.binding.session)?,
        };
        Ok(key.map(|k| rollcall_core::identity::fingerprint(k.public_key().key_data())))
    }

    /// A resource's text: the registry markdown, or a command's JSON document.
    async fn resource_text(&self, uri: &str) -> Result<(String, &'static str), McpError> {
        let call = match uri {
            REGISTRY_URI => return self.registry_markdown().map(|t| (t, "text/markdown")),
            STATUS_URI => Call::on_folder("status"),
            INBOX_URI => Call::on_folder("inbox").arg("--unread").arg("--peek"),
            _ => {
                return Err(McpError::resource_not_found(
                    format!("no resource {uri}: rollcall serves {REGISTRY_URI}, {STATUS_URI} and {INBOX_URI}"),
                    None,
                ))
            }
        };
        let ran = self.invoke(call).await?;
        match ran.error {
            Some(err) => Err(McpError::internal_error(err.message, None)),
            None => Ok((ran.stdout, "application/json")),
        }
    }

    fn registry_markdown(&self) -> Result<String, McpError> {
        let path = FolderJournal::new(&self.binding.dir).markdown();
        let unreadable = |why: String| McpError::internal_error(why, None);
        let meta = std::fs::symlink_metadata(&path)
            .map_err(|e| unreadable(format!("cannot read {}: {e}", path.display())))?;
        if !meta.is_file() {
            return Err(unreadable(format!(
                "{} is not a regular file (a symlink is never followed)",
                path.display()
            )));
        }
        std::fs::read_to_string(&path)
            .map_err(|e| unreadable(format!("cannot read {}: {e}", path.display())))
    }
}

#[tool_router]
impl Rollcall {
    /// Who this server acts as: the session, its folder, its key and its slot in the registry.
    #[tool(annotations(read_only_hint = true))]
    async fn whoami(&self) -> Result<CallToolResult, McpError> {
        let ran = self.invoke(Call::on_folder("status")).await?;
        let status: Value = serde_json::from_str(&ran.stdout).unwrap_or(Value::Null);
        let me = &self.binding.session;
        let slot = status["sessions"]
            .as_array()
            .and_then(|rows| rows.iter().find(|r| r["session"] == json!(me)))
            .cloned();
        let key = self.fingerprint().ok().flatten();
        let document = json!({
            "session": me,
            "dir": self.binding.dir,
            "key": key,
            "orchestrator": status["orchestrator"] == json!(me),
            "slot": slot,
            "state": status.pointer("/consensus/state"),
        });
        let whoami = Invocation {
            stdout: document.to_string(),
            error: None,
            ..ran
        };
        Ok(tool_result(whoami, summarize_whoami))
    }

    /// The registry: who holds each number, liveness, the consensus checks (`rollcall status --json`).
    #[tool(annotations(read_only_hint = true))]
    async fn status(&self) -> Result<CallToolResult, McpError> {
        self.run(Call::on_folder("status"), summarize_status).await
    }

    /// Check a registry file, folder or text: every defect with line and fix (`rollcall validate --format json`).
    #[tool(annotations(read_only_hint = true))]
    async fn validate(
        &self,
        Parameters(params): Parameters<ValidateParams>,
    ) -> Result<CallToolResult, McpError> {
        match params.call() {
            Ok(call) => self.run(call, summarize_validate).await,
            Err(why) => Ok(own_error("invalid-arguments", why, "pass `path` or `text`")),
        }
    }

    /// Claim a number, role and goal; first registration wins (refused with `number-taken` and the free numbers). Creates this session's key.
    #[tool]
    async fn register(
        &self,
        Parameters(params): Parameters<RegisterParams>,
    ) -> Result<CallToolResult, McpError> {
        self.run(params.call(), summarize_step).await
    }

    /// Give a number back (this session's own, or any number for the orchestrator).
    #[tool(annotations(destructive_hint = true))]
    async fn release(
        &self,
        Parameters(params): Parameters<ReleaseParams>,
    ) -> Result<CallToolResult, McpError> {
        self.run_signed(params.call(), summarize_step).await
    }

    /// Send a signed message to a session or `broadcast`; an id nobody registered is refused (`undeliverable`).
    #[tool]
    async fn send(
        &self,
        Parameters(params): Parameters<SendParams>,
    ) -> Result<CallToolResult, McpError> {
        self.run_signed(params.call(), summarize_send).await
    }

    /// This session's direct and broadcast messages with their signature status; writes read receipts unless `peek`.
    #[tool]
    async fn fetch_inbox(
        &self,
        Parameters(params): Parameters<FetchInboxParams>,
    ) -> Result<CallToolResult, McpError> {
        self.run(params.call(), summarize_inbox).await
    }

    /// Mark messages read (by id), or every message when no ids are given.
    #[tool]
    async fn mark_read(
        &self,
        Parameters(params): Parameters<MarkReadParams>,
    ) -> Result<CallToolResult, McpError> {
        self.run(params.call(), summarize_marked).await
    }

    /// Mark this session seen now (every tool call does too).
    #[tool]
    async fn heartbeat(&self) -> Result<CallToolResult, McpError> {
        self.run(Call::on_folder("heartbeat"), summarize_heartbeat)
            .await
    }

    /// Acknowledge a message that asked for it (`ack_required`), by its id.
    #[tool]
    async fn ack_message(
        &self,
        Parameters(params): Parameters<AckMessageParams>,
    ) -> Result<CallToolResult, McpError> {
        self.run_signed(params.call(), summarize_ack).await
    }

    /// The messages this session sent and, per recipient, when each was delivered, read and acknowledged.
    #[tool(annotations(read_only_hint = true))]
    async fn sent(
        &self,
        Parameters(params): Parameters<SentParams>,
    ) -> Result<CallToolResult, McpError> {
        self.run(params.call(), summarize_sent).await
    }

    /// Check every message's and journal entry's signature.
    #[tool(annotations(read_only_hint = true))]
    async fn verify(&self) -> Result<CallToolResult, McpError> {
        self.run(Call::on_folder("verify"), summarize_verify).await
    }

    /// Confirm the registry has no conflicts (the orchestrator only).
    #[tool]
    async fn confirm(&self) -> Result<CallToolResult, McpError> {
        self.run_signed(Call::on_folder("confirm"), summarize_step)
            .await
    }

    /// Activate the registry once consensus is reached and broadcast it (the orchestrator only).
    #[tool]
    async fn activate(&self) -> Result<CallToolResult, McpError> {
        self.run_signed(Call::on_folder("activate"), summarize_step)
            .await
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for Rollcall {
    fn get_info(&self) -> ServerConfig {
        let capabilities = ServerCapabilities::builder()
            .enable_tools()
            .enable_resources()
            .enable_resources_subscribe()
            .build();
        ServerConfig::new(capabilities)
            .with_server_info(Implementation::new("rollcall", env!("CARGO_PKG_VERSION")))
            .with_instructions(format!(
                "You are session {} of a rollcall team. Register with `register`, talk with \
                 `send` and `fetch_inbox`, and subscribe to {INBOX_URI} to be told when mail \
                 arrives instead of polling.",
                self.binding.session
            ))
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, McpError> {
        let resource = |uri: &str, name: &str, mime: &str, about: &str| {
            Resource::new(uri, name)
                .with_mime_type(mime)
                .with_description(about)
        };
        Ok(ListResourcesResult::with_all_items(vec![
            resource(
                REGISTRY_URI,
                "registry",
                "text/markdown",
                "The session identity registry (markdown)",
            ),
            resource(
                STATUS_URI,
                "status",
                "application/json",
                "The registry's status (`rollcall status --json`)",
            ),
            resource(
                INBOX_URI,
                "inbox",
                "application/json",
                "This session's unread messages; subscribe to be told when one lands",
            ),
        ]))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, McpError> {
        let (text, mime) = self.resource_text(&request.uri).await?;
        let contents = match ResourceContents::text(text, request.uri) {
            ResourceContents::TextResourceContents {
                uri, text, meta, ..
            } => ResourceContents::TextResourceContents {
                uri,
                text,
                meta,
                mime_type: Some(mime.to_string()),
            },
            other => other,
        };
        Ok(ReadResourceResult::new(vec![contents]).into())
    }

    #[allow(deprecated)]
    async fn subscribe(
        &self,
        request: SubscribeRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<(), McpError> {
        if request.uri != INBOX_URI {
            return Err(McpError::invalid_params(
                format!("only {INBOX_URI} can be subscribed to"),
                None,
            ));
        }
        let binding = self.binding.clone();
        self.inbox
            .subscribe(binding.dir, binding.session, context.peer)
            .map_err(|e| McpError::internal_error(e.message, None))
    }

    #[allow(deprecated)]
    async fn unsubscribe(
        &self,
        request: UnsubscribeRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<(), McpError> {
        if request.uri == INBOX_URI {
            self.inbox.unsubscribe();
        }
        Ok(())
    }
}

fn summarize_whoami(d: &Value) -> String {
    let slot = match d["slot"]["number"].as_u64() {
        Some(n) => format!("holds #{n} ({})", d["slot"]["role"].as_str().unwrap_or("")),
        None => "holds no number yet".to_string(),
    };
    let key = d["key"]
        .as_str()
        .unwrap_or("no key yet (register creates it)");
    format!("You are {}: {slot}; key {key}.", text(&d["session"]))
}

fn summarize_status(d: &Value) -> String {
    format!(
        "Registered {}/{}; consensus state: {}.",
        d["registered"],
        d["required"],
        text(&d["consensus"]["state"])
    )
}

fn summarize_validate(d: &Value) -> String {
    let diagnostics = d["diagnostics"].as_array().map_or(&[][..], Vec::as_slice);
    let errors = diagnostics
        .iter()
        .filter(|x| x["severity"] == "error")
        .count();
    format!(
        "{errors} error(s), {} other finding(s); consensus reached: {}.",
        diagnostics.len() - errors,
        d["consensus"]["reached"]
    )
}

fn summarize_step(d: &Value) -> String {
    let done = match (&d["entry"], &d["refusal"]) {
        (Value::Object(entry), _) => format!("{}: done", text(&entry["event"])),
        (_, Value::Object(refusal)) => text(&refusal["message"]),
        _ => "nothing to do".to_string(),
    };
    format!(
        "{done}. Registered {}/{}; state: {}.",
        d["registered"],
        d["required"],
        text(&d["state"])
    )
}

fn summarize_send(d: &Value) -> String {
    format!("Sent {} to {}.", text(&d["id"]), text(&d["to"]))
}

fn summarize_inbox(d: &Value) -> String {
    let messages = d["messages"].as_array().map_or(&[][..], Vec::as_slice);
    let mut lines = vec![format!("{} message(s).", messages.len())];
    lines.extend(messages.iter().take(20).map(|m| {
        format!(
            "- {} from {}: {} [{}]",
            text(&m["message"]["id"]),
            text(&m["message"]["from"]),
            text(&m["message"]["subject"]),
            text(&m["signature"]["status"])
        )
    }));
    lines.join("\n")
}

fn summarize_marked(d: &Value) -> String {
    let count = d["messages"].as_array().map_or(0, Vec::len);
    format!("Marked {count} message(s) read.")
}

fn summarize_heartbeat(d: &Value) -> String {
    format!("Seen at {}.", text(&d["last_seen"]))
}

fn summarize_ack(d: &Value) -> String {
    format!("Acknowledged {}.", text(&d["id"]))
}

fn summarize_sent(d: &Value) -> String {
    let messages = d["messages"].as_array().map_or(&[][..], Vec::as_slice);
    let overdue = messages.iter().filter(|m| m["overdue"] == true).count();
    format!("{} message(s) sent, {overdue} overdue.", messages.len())
}

fn summarize_verify(d: &Value) -> String {
    match d["ok"].as_bool() {
        Some(true) => "Every signature checks.".to_string(),
        _ => "Some signatures do not check: see the document.".to_string(),
    }
}

/// A JSON string's text with control and bidi characters escaped (one message never reads as
/// two lines), or the value as JSON.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => rollcall_core::escape_controls(s).into_owned(),
        other => other.to_string(),
    }
}
