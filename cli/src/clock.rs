//! The one place the CLI reads the clock; core's `UtcTime` turns the seconds into civil time.

use rollcall_core::UtcTime;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Time since the Unix epoch (zero if the clock is set before it).
pub(crate) fn since_epoch() -> Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
}

/// Seconds and milliseconds since the Unix epoch.
pub(crate) fn now() -> (i64, u64) {
    let elapsed = since_epoch();
    (elapsed.as_secs() as i64, elapsed.as_millis() as u64)
}

/// The current UTC time in RFC 3339 with seconds (`2026-11-25T08:00:00Z`).
pub(crate) fn utc_now() -> String {
    UtcTime::from_unix(now().0).iso8601()
}

/// The current UTC time as a file-name stamp (`20261125T080000Z`).
pub(crate) fn utc_stamp() -> String {
    UtcTime::from_unix(now().0).iso8601_basic()
}
