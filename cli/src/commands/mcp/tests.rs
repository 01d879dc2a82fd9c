//! The server driven in-process by rmcp's own client over an in-memory duplex: tools, a refusal
//! with its code, and the inbox push when another process-like writer delivers a message.

#![allow(clippy::unwrap_used, deprecated)]

use super::Rollcall;
use crate::invoke::invoke;
use rmcp::model::{
    CallToolRequestParams, CallToolResult, ClientConfig, ProtocolVersion,
    ResourceUpdatedNotificationParam, SubscribeRequestParams,
};
use rmcp::service::{NotificationContext, RunningService};
use rmcp::{ClientHandler, RoleClient, ServiceExt};
use serde_json::{json, Value};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// A client that counts inbox pushes.
#[derive(Clone, Default)]
struct Client {
    updated: Arc<Notify>,
}

impl ClientHandler for Client {
    fn get_info(&self) -> ClientConfig {
        ClientConfig::default().with_protocol_version(ProtocolVersion::LATEST_WITH_INITIALIZE)
    }

    async fn on_resource_updated(
        &self,
        params: ResourceUpdatedNotificationParam,
        _context: NotificationContext<RoleClient>,
    ) {
        if params.uri == "rollcall://inbox" {
            self.updated.notify_one();
        }
    }
}

/// A team folder with `sessions` slots and a key file per name (no key store, no environment).
struct Team {
    _base: tempfile::TempDir,
    dir: PathBuf,
    keys: PathBuf,
}

impl Team {
    fn new(sessions: u32) -> Team {
        let base = tempfile::tempdir().unwrap();
        let dir = base.path().join("c");
        let keys = base.path().join("keys");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::create_dir_all(&keys).unwrap();
        let team = Team {
            _base: base,
            dir,
            keys,
        };
        let ran = team.cli("orch", &["init", "--sessions", &sessions.to_string()]);
        assert_eq!(ran, 0);
        team
    }

    /// `name`'s key file, made from a fixed seed.
    fn key(&self, name: &str) -> PathBuf {
        let path = self.keys.join(format!("{name}.key"));
        if !path.exists() {
            let mut seed = [7u8; 32];
            seed[..name.len().min(32)].copy_from_slice(&name.as_bytes()[..name.len().min(32)]);
            let key = rollcall_core::identity::ed25519_from_seed(&seed, name);
            let text = key
                .to_openssh(rollcall_core::identity::ssh_key::LineEnding::LF)
                .unwrap();
            std::fs::write(&path, text.as_bytes()).unwrap();
        }
        path
    }

    /// Runs a CLI command as `name` in-process; its exit code.
    fn cli(&self, name: &str, args: &[&str]) -> u8 {
        let mut line: Vec<OsString> = args.iter().map(OsString::from).collect();
        line.extend(as_args(name, &self.dir, &self.key(name)));
        invoke(&line, Vec::new()).exit_code
    }

    async fn connect(&self, name: &str) -> RunningService<RoleClient, Client> {
        connect(Rollcall::new(
            name.into(),
            self.dir.clone(),
            Some(self.key(name)),
        ))
        .await
    }
}

fn as_args(name: &str, dir: &Path, key: &Path) -> Vec<OsString> {
    vec![
        "--as".into(),
        name.into(),
        "--dir".into(),
        dir.into(),
        "--key".into(),
        key.into(),
    ]
}

async fn connect(server: Rollcall) -> RunningService<RoleClient, Client> {
    connect_with(server, Client::default()).await
}

async fn connect_with(server: Rollcall, client: Client) -> RunningService<RoleClient, Client> {
    let (server_side, client_side) = tokio::io::duplex(1 << 16);
    tokio::spawn(async move {
        let running = server.serve(server_side).await.unwrap();
        let _ = running.waiting().await;
    });
    client.serve(client_side).await.unwrap()
}

async fn call(
    client: &RunningService<RoleClient, Client>,
    tool: &str,
    args: Value,
) -> CallToolResult {
    let Value::Object(args) = args else {
        panic!("arguments must be an object")
    };
    client
        .call_tool(CallToolRequestParams::new(tool.to_string()).with_arguments(args))
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_sessions_register_talk_and_are_refused_with_codes() {
    let team = Team::new(3);
    let alice = team.connect("alice").await;
    let bob = team.connect("bob").await;
    let tools: Vec<String> = alice
        .list_all_tools()
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.name.to_string())
        .collect();
    assert!(tools.contains(&"fetch_inbox".to_string()), "{tools:?}");

    let mine = call(
        &alice,
        "register",
        json!({"number": 1, "role": "Lead", "goal": "ship 1.0 by Friday"}),
    )
    .await;
    assert_eq!(mine.is_error, Some(false), "{mine:?}");
    assert_eq!(
        mine.structured_content.unwrap()["entry"]["data"]["number"],
        1
    );

    let taken = call(
        &bob,
        "register",
        json!({"number": 1, "role": "QA", "goal": "100% of tests pass"}),
    )
    .await;
    assert_eq!(taken.is_error, Some(true));
    let taken = taken.structured_content.unwrap();
    assert_eq!(taken["error"]["code"], "number-taken");
    assert_eq!(taken["outcome"]["refusal"]["free"], json!([2, 3]));

    let body = "line 1\r\n\"$HOME\" \\ 🦀 \u{1b}[31m \u{202e}";
    let ok = call(
        &bob,
        "register",
        json!({"role": "QA", "goal": "100% of tests pass"}),
    )
    .await;
    assert_eq!(ok.is_error, Some(false), "{ok:?}");
    let sent = call(
        &bob,
        "send",
        json!({"to": "alice", "subject": "hi", "message": body}),
    )
    .await;
    assert_eq!(sent.is_error, Some(false), "{sent:?}");
    let id = sent.structured_content.unwrap()["id"].clone();

    let inbox = call(&alice, "fetch_inbox", json!({"unread_only": true})).await;
    let inbox = inbox.structured_content.unwrap();
    assert_eq!(inbox["messages"][0]["message"]["message"], body);
    assert_eq!(inbox["messages"][0]["signature"]["status"], "good");
    let marked = call(&alice, "mark_read", json!({"ids": [id]})).await;
    assert_eq!(marked.is_error, Some(false), "{marked:?}");
    let after = call(&alice, "fetch_inbox", json!({"unread_only": true})).await;
    assert_eq!(after.structured_content.unwrap()["messages"], json!([]));
    alice.cancel().await.unwrap();
    bob.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_subscribed_inbox_is_told_when_a_message_lands() {
    let team = Team::new(2);
    assert_eq!(
        team.cli(
            "alice",
            &["register", "--number", "1", "--role", "A", "--goal", "G 1"]
        ),
        0
    );
    assert_eq!(
        team.cli(
            "bob",
            &["register", "--number", "2", "--role", "B", "--goal", "G 2"]
        ),
        0
    );
    let client = Client::default();
    let updated = Arc::clone(&client.updated);
    let bob = connect_with(
        Rollcall::new("bob".into(), team.dir.clone(), Some(team.key("bob"))),
        client,
    )
    .await;
    bob.subscribe(SubscribeRequestParams::new("rollcall://inbox"))
        .await
        .unwrap();
    let (dir, key) = (team.dir.clone(), team.key("alice"));
    tokio::task::spawn_blocking(move || {
        let mut line: Vec<OsString> = ["send", "bob", "ping", "body"].map(OsString::from).to_vec();
        line.extend(as_args("alice", &dir, &key));
        assert_eq!(invoke(&line, Vec::new()).exit_code, 0);
    })
    .await
    .unwrap();
    tokio::time::timeout(Duration::from_secs(10), updated.notified())
        .await
        .expect("no notifications/resources/updated for the inbox");
    let read = bob
        .read_resource(rmcp::model::ReadResourceRequestParams::new(
            "rollcall://inbox",
        ))
        .await
        .unwrap();
    let text = serde_json::to_string(&read).unwrap();
    assert!(text.contains("ping"), "{text}");
    bob.cancel().await.unwrap();
}
