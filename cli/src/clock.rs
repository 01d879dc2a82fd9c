//! The one place the CLI reads the clock; core's `UtcTime` turns the seconds into civil time.
//!
//! `ROLLCALL_NOW` (RFC 3339, e.g. `2026-12-01T10:00:00Z`) replaces the system clock, so tests run
//! on a fake clock and never sleep. `main` checks it once with [`check_env`] before any command.

use crate::error::{CliError, CliResult};
use rollcall_core::UtcTime;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The environment variable that fixes the clock.
pub const NOW_ENV: &str = "ROLLCALL_NOW";

/// Time since the Unix epoch (zero if the clock is set before it); the system's, for randomness.
pub(crate) fn since_epoch() -> Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
}

/// The fake time `ROLLCALL_NOW` sets: `None` when unset or empty, else its parse.
fn fake_now() -> Option<Result<UtcTime, String>> {
    let raw = std::env::var_os(NOW_ENV).filter(|v| !v.is_empty())?;
    let text = raw.to_string_lossy().into_owned();
    Some(UtcTime::parse_rfc3339(&text).ok_or(text))
}

/// Fails (exit 2) when `ROLLCALL_NOW` is set but is not an RFC 3339 time.
pub(crate) fn check_env() -> CliResult<()> {
    match fake_now() {
        Some(Err(text)) => Err(CliError::usage(format!(
            "{NOW_ENV} is not an RFC 3339 time: {}",
            rollcall_core::escape_controls(&text)
        ))
        .with_hint(format!(
            "set {NOW_ENV} like 2026-12-01T10:00:00Z, or unset it to use the system clock"
        ))),
        _ => Ok(()),
    }
}

/// Seconds and milliseconds since the Unix epoch (`ROLLCALL_NOW` when set; its milliseconds are
/// the system clock's, so ids made within one fake second still sort by when they were made).
pub(crate) fn now() -> (i64, u64) {
    let elapsed = since_epoch();
    if let Some(Ok(fake)) = fake_now() {
        let secs = fake.unix_seconds();
        let millis = u64::try_from(secs).unwrap_or(0) * 1000 + u64::from(elapsed.subsec_millis());
        return (secs, millis);
    }
    (elapsed.as_secs() as i64, elapsed.as_millis() as u64)
}

/// The current time as core's `UtcTime`.
pub(crate) fn utc() -> UtcTime {
    UtcTime::from_unix(now().0)
}

/// The current UTC time in RFC 3339 with seconds (`2026-11-25T08:00:00Z`).
pub(crate) fn utc_now() -> String {
    utc().iso8601()
}

/// The current UTC time as a file-name stamp (`20261125T080000Z`).
pub(crate) fn utc_stamp() -> String {
    utc().iso8601_basic()
}
