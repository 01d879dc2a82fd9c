//! The folder stores' subscription, the one watcher loop `inbox --follow` and `status --watch`
//! share: a file-system watch of one folder (inotify on Linux, FSEvents on macOS) that wakes on
//! events touching a path its store cares about (or when the system says events were dropped),
//! then drains the burst that came with it. A wake only means "look again": the store re-reads.

use super::Subscription;
use crate::error::{CliError, CliResult};
use notify::{RecursiveMode, Watcher};
use std::path::Path;
use std::sync::mpsc::{channel, Receiver};

/// Which event paths wake a watch.
pub type Relevant = Box<dyn Fn(&Path) -> bool + Send>;

/// A watch on one folder that wakes when an event touches a relevant path.
pub struct FolderWatch {
    _watcher: notify::RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    relevant: Relevant,
}

impl FolderWatch {
    /// Watches `folder` (with `recursive`, everything below it too); `relevant` picks the paths
    /// whose events count.
    pub fn new(folder: &Path, recursive: bool, relevant: Relevant) -> CliResult<Self> {
        let failed =
            |e: notify::Error| CliError::usage(format!("cannot watch {}: {e}", folder.display()));
        let (tx, events) = channel();
        let mut watcher = notify::recommended_watcher(tx).map_err(failed)?;
        let mode = if recursive {
            RecursiveMode::Recursive
        } else {
            RecursiveMode::NonRecursive
        };
        watcher.watch(folder, mode).map_err(failed)?;
        Ok(FolderWatch {
            _watcher: watcher,
            events,
            relevant,
        })
    }
}

impl Subscription for FolderWatch {
    fn wait(&mut self) -> CliResult<()> {
        loop {
            let event = self
                .events
                .recv()
                .map_err(|_| CliError::usage("the file watcher stopped"))?
                .map_err(|e| CliError::usage(format!("file watcher failed: {e}")))?;
            if event.need_rescan() || event.paths.iter().any(|p| (self.relevant)(p)) {
                break;
            }
        }
        while self.events.try_recv().is_ok() {}
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    use std::time::Duration;

    fn is_wanted(path: &Path) -> bool {
        path.file_name().is_some_and(|n| n == "wanted")
    }

    #[test]
    fn wakes_on_a_relevant_path_only() {
        let dir = tempfile::tempdir().unwrap();
        let mut watch = FolderWatch::new(dir.path(), false, Box::new(is_wanted)).unwrap();
        let wanted_written = Arc::new(AtomicBool::new(false));
        let writer = {
            let (dir, wanted_written) = (dir.path().to_path_buf(), Arc::clone(&wanted_written));
            std::thread::spawn(move || {
                std::fs::write(dir.join("other"), "x").unwrap();
                std::thread::sleep(Duration::from_millis(300));
                wanted_written.store(true, Ordering::SeqCst);
                std::fs::write(dir.join("wanted"), "x").unwrap();
            })
        };
        watch.wait().unwrap();
        assert!(
            wanted_written.load(Ordering::SeqCst),
            "woke on a path that is not relevant"
        );
        writer.join().unwrap();
    }

    #[test]
    fn a_missing_folder_is_a_usage_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("gone");
        let err = FolderWatch::new(&missing, true, Box::new(is_wanted))
            .err()
            .unwrap();
        assert!(err.message.starts_with("cannot watch "), "{}", err.message);
        assert!(err.message.contains("gone"));
    }
}
