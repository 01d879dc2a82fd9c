//! What a store hands out to be told of changes: `inbox --follow` and `status --watch` block on
//! one (the folder backend is `folder_watch`).

use crate::error::CliResult;

/// Blocks until the store may have changed (no busy polling).
pub trait Subscription {
    /// Returns once something changed since the last call (or since subscribing).
    fn wait(&mut self) -> CliResult<()>;
}
