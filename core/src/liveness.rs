//! Who is alive: a session's liveness judged from when it was last seen, the time now and the
//! registry's two TTLs. Pure: the caller reads the clock and the presence store.

use crate::time::UtcTime;
use serde::{Deserialize, Serialize};

/// How recently a session was seen, as `status` shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Liveness {
    /// Seen within the idle TTL.
    Active,
    /// Seen within the stale TTL, but not within the idle TTL.
    Idle,
    /// Not seen within the stale TTL (or never seen).
    Stale,
    /// Released or retired: the number no longer belongs to it.
    Gone,
}

impl Liveness {
    /// The state's name as JSON and the human table write it (`active`, `idle`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Liveness::Active => "active",
            Liveness::Idle => "idle",
            Liveness::Stale => "stale",
            Liveness::Gone => "gone",
        }
    }
}

/// The two presence TTLs, in seconds; the registry's `init` sets them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ttls {
    /// A session not seen for this long is `idle` (default 2 minutes).
    pub idle_secs: u64,
    /// A session not seen for this long is `stale` (default 15 minutes).
    pub stale_secs: u64,
}

impl Default for Ttls {
    fn default() -> Self {
        Ttls {
            idle_secs: 120,
            stale_secs: 900,
        }
    }
}

impl Ttls {
    /// The TTLs if the idle one is shorter than the stale one, else why not.
    pub fn checked(idle_secs: u64, stale_secs: u64) -> Result<Ttls, String> {
        if idle_secs == 0 || idle_secs >= stale_secs {
            return Err(format!(
                "the idle TTL ({idle_secs} s) must be above 0 and below the stale TTL ({stale_secs} s)"
            ));
        }
        Ok(Ttls {
            idle_secs,
            stale_secs,
        })
    }
}

/// The liveness of a session last seen at `last_seen` (never, if `None`) at time `now`; a
/// session that is `released` is `gone` whatever its presence says. A state changes exactly at
/// its TTL: seen 120 s ago with the default TTLs is `idle`, 119 s ago `active`.
pub fn judge(last_seen: Option<UtcTime>, now: UtcTime, ttls: Ttls, released: bool) -> Liveness {
    if released {
        return Liveness::Gone;
    }
    let Some(seen) = last_seen else {
        return Liveness::Stale;
    };
    let age = age_secs(seen, now);
    if age < ttls.idle_secs {
        Liveness::Active
    } else if age < ttls.stale_secs {
        Liveness::Idle
    } else {
        Liveness::Stale
    }
}

/// Seconds from `seen` to `now`, zero when `seen` lies in the future (a skewed clock).
pub fn age_secs(seen: UtcTime, now: UtcTime) -> u64 {
    u64::try_from(now.unix_seconds().saturating_sub(seen.unix_seconds())).unwrap_or(0)
}

/// An age as people read it in a table: `12s`, `4m`, `3h 5m`, `2d 1h`.
pub fn age_text(secs: u64) -> String {
    let (days, hours, minutes) = (secs / 86_400, secs / 3600 % 24, secs / 60 % 60);
    match secs {
        0..60 => format!("{secs}s"),
        60..3600 => format!("{minutes}m"),
        3600..86_400 if minutes == 0 => format!("{hours}h"),
        3600..86_400 => format!("{hours}h {minutes}m"),
        _ if hours == 0 => format!("{days}d"),
        _ => format!("{days}d {hours}h"),
    }
}

/// One session's presence record, as the presence store keeps it (one small document each).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Presence {
    /// The session id.
    pub session: String,
    /// When it was last seen, RFC 3339 UTC.
    pub last_seen: String,
}

impl Presence {
    /// The record's time, if it is a valid RFC 3339 time.
    pub fn seen_at(&self) -> Option<UtcTime> {
        UtcTime::parse_rfc3339(&self.last_seen)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_796_119_200;

    fn at(offset: i64) -> Option<UtcTime> {
        Some(UtcTime::from_unix(NOW - offset))
    }

    fn now() -> UtcTime {
        UtcTime::from_unix(NOW)
    }

    #[test]
    fn states_change_exactly_at_the_ttls() {
        let ttls = Ttls::default();
        assert_eq!(judge(at(0), now(), ttls, false), Liveness::Active);
        assert_eq!(judge(at(119), now(), ttls, false), Liveness::Active);
        assert_eq!(judge(at(120), now(), ttls, false), Liveness::Idle);
        assert_eq!(judge(at(899), now(), ttls, false), Liveness::Idle);
        assert_eq!(judge(at(900), now(), ttls, false), Liveness::Stale);
    }

    #[test]
    fn released_is_gone_and_never_seen_is_stale() {
        let ttls = Ttls::default();
        assert_eq!(judge(at(0), now(), ttls, true), Liveness::Gone);
        assert_eq!(judge(None, now(), ttls, false), Liveness::Stale);
    }

    #[test]
    fn a_time_in_the_future_counts_as_just_seen() {
        assert_eq!(
            judge(at(-30), now(), Ttls::default(), false),
            Liveness::Active
        );
        assert_eq!(age_secs(UtcTime::from_unix(NOW + 30), now()), 0);
    }

    #[test]
    fn custom_ttls_are_checked() {
        let ttls = Ttls::checked(10, 60).unwrap();
        assert_eq!(judge(at(10), now(), ttls, false), Liveness::Idle);
        assert!(Ttls::checked(60, 60).is_err());
        assert!(Ttls::checked(0, 60).is_err());
    }

    #[test]
    fn ages_read_like_people_write_them() {
        assert_eq!(age_text(0), "0s");
        assert_eq!(age_text(59), "59s");
        assert_eq!(age_text(61), "1m");
        assert_eq!(age_text(3600), "1h");
        assert_eq!(age_text(3 * 3600 + 300), "3h 5m");
        assert_eq!(age_text(86_400), "1d");
        assert_eq!(age_text(2 * 86_400 + 3600), "2d 1h");
    }

    #[test]
    fn presence_records_round_trip_and_bad_times_are_unknown() {
        let record = Presence {
            session: "alice".into(),
            last_seen: "2026-12-01T10:00:00Z".into(),
        };
        let text = serde_json::to_string(&record).unwrap();
        assert_eq!(
            text,
            r#"{"session":"alice","last_seen":"2026-12-01T10:00:00Z"}"#
        );
        assert_eq!(serde_json::from_str::<Presence>(&text).unwrap(), record);
        let bad = Presence {
            last_seen: "2026-13-45T00:00:00Z".into(),
            ..record
        };
        assert_eq!(bad.seen_at(), None);
    }
}
