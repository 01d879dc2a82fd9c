//! The push behind a subscribed `rollcall://inbox`: a thread blocked on the message store's
//! subscription (inotify on Linux, never polling) that sends `notifications/resources/updated`
//! when a message for this session, direct or broadcast, lands from any process.

use crate::error::{CliError, CliResult};
use crate::store::{FolderMessages, MessageStore};
use rmcp::model::ResourceUpdatedNotificationParam;
use rmcp::service::Peer;
use rmcp::RoleServer;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};

/// The inbox resource's address.
pub const INBOX_URI: &str = "rollcall://inbox";

/// Whether the inbox is subscribed, and the one watcher thread started on first subscription.
#[derive(Debug, Default)]
pub struct InboxWatch {
    subscribed: Arc<AtomicBool>,
    started: Mutex<bool>,
}

impl InboxWatch {
    /// Subscribes: from when this returns, every message that lands for `session` notifies `peer`.
    pub fn subscribe(
        &self,
        dir: PathBuf,
        session: String,
        peer: Peer<RoleServer>,
    ) -> CliResult<()> {
        self.subscribed.store(true, Ordering::SeqCst);
        let mut started = self
            .started
            .lock()
            .map_err(|_| CliError::usage("the inbox watcher failed"))?;
        if *started {
            return Ok(());
        }
        let (ready_tx, ready_rx) = mpsc::channel();
        let watcher = Watcher {
            store: FolderMessages::new(&dir, true),
            session,
            peer,
            runtime: tokio::runtime::Handle::current(),
            subscribed: Arc::clone(&self.subscribed),
        };
        std::thread::spawn(move || watcher.run(&ready_tx));
        ready_rx
            .recv()
            .map_err(|_| CliError::usage("the inbox watcher did not start"))??;
        *started = true;
        Ok(())
    }

    /// Stops notifying (the watch stays, ready for the next subscription).
    pub fn unsubscribe(&self) {
        self.subscribed.store(false, Ordering::SeqCst);
    }
}

/// What the watcher thread owns.
struct Watcher {
    store: FolderMessages,
    session: String,
    peer: Peer<RoleServer>,
    runtime: tokio::runtime::Handle,
    subscribed: Arc<AtomicBool>,
}

impl Watcher {
    /// Watches until the store or the client goes away; reports on `ready` once watching.
    fn run(self, ready: &mpsc::Sender<CliResult<()>>) {
        let started = self
            .store
            .subscribe(&self.session)
            .and_then(|subscription| {
                let known = self.store.keys(&self.session)?;
                Ok((subscription, known))
            });
        let (mut subscription, mut known) = match started {
            Ok(watching) => {
                let _ = ready.send(Ok(()));
                watching
            }
            Err(err) => {
                let _ = ready.send(Err(err));
                return;
            }
        };
        while subscription.wait().is_ok() {
            let Ok(now) = self.store.keys(&self.session) else {
                continue;
            };
            let new_mail = now.difference(&known).any(|key| self.is_for_me(key));
            known = now;
            if new_mail && self.subscribed.load(Ordering::SeqCst) && !self.notify() {
                return;
            }
        }
    }

    /// True unless the new message under `key` is this session's own broadcast (which its inbox
    /// leaves out); only the new file is read.
    fn is_for_me(&self, key: &str) -> bool {
        match self.store.get(key) {
            Ok(Some(entry)) => {
                !(entry.message.is_broadcast() && entry.message.from == self.session)
            }
            _ => true,
        }
    }

    /// Sends `notifications/resources/updated`; false once the client is gone.
    fn notify(&self) -> bool {
        let params = ResourceUpdatedNotificationParam::new(INBOX_URI);
        self.runtime
            .block_on(self.peer.notify_resource_updated(params))
            .is_ok()
    }
}
