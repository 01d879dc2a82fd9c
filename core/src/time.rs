//! UTC time for rollcall's stamps and the times it reads, on `jiff`. Pure: the caller reads the
//! clock and passes the seconds in; core never asks the system for the time.

use jiff::Timestamp;

/// A UTC instant with second precision, built from Unix seconds, written in rollcall's forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct UtcTime(Timestamp);

impl UtcTime {
    /// The UTC time `secs` seconds after the Unix epoch (clamped to jiff's supported range).
    pub fn from_unix(secs: i64) -> Self {
        let secs = secs.clamp(Timestamp::MIN.as_second(), Timestamp::MAX.as_second());
        UtcTime(Timestamp::from_second(secs).unwrap_or(Timestamp::UNIX_EPOCH))
    }

    /// Reads an RFC 3339 time with any offset (`2026-12-01T10:00:00Z`, `…+05:00`), or `None`.
    pub fn parse_rfc3339(text: &str) -> Option<Self> {
        let instant: Timestamp = text.trim().parse().ok()?;
        Some(UtcTime::from_unix(instant.as_second()))
    }

    /// Seconds since the Unix epoch.
    pub fn unix_seconds(&self) -> i64 {
        self.0.as_second()
    }

    /// ISO 8601 with a `Z`: `2026-11-25T07:35:29Z` (the `timestamp` field).
    pub fn iso8601(&self) -> String {
        self.format("%Y-%m-%dT%H:%M:%SZ")
    }

    /// ISO 8601 basic format, safe in file names: `20261125T073529Z`.
    pub fn iso8601_basic(&self) -> String {
        self.format("%Y%m%dT%H%M%SZ")
    }

    /// The file-name stamp: `2026-11-25_07-35-29`.
    pub fn file_stamp(&self) -> String {
        self.format("%Y-%m-%d_%H-%M-%S")
    }

    /// This instant in UTC, formatted with a `strftime` pattern.
    fn format(&self, pattern: &str) -> String {
        self.0.strftime(pattern).to_string()
    }
}

/// Reads a duration as seconds: `90`, `90s`, `15m`, `2h`, `1d` (a bare number is seconds).
pub fn parse_duration_secs(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let scale = match unit.trim() {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => {
            return Err(format!(
                "`{text}` is not a duration (use e.g. 90s, 15m, 2h, 1d)"
            ))
        }
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(scale))
        .ok_or_else(|| format!("`{text}` is not a duration (use e.g. 90s, 15m, 2h, 1d)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_seconds_minutes_hours_days() {
        assert_eq!(parse_duration_secs("90"), Ok(90));
        assert_eq!(parse_duration_secs("90s"), Ok(90));
        assert_eq!(parse_duration_secs("15m"), Ok(900));
        assert_eq!(parse_duration_secs("2h"), Ok(7200));
        assert_eq!(parse_duration_secs("1d"), Ok(86_400));
        for bad in ["", "m", "5w", "-5", "1.5m"] {
            assert!(parse_duration_secs(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn civil_dates() {
        assert_eq!(UtcTime::from_unix(0).iso8601(), "1970-01-01T00:00:00Z");
        let t = UtcTime::from_unix(1_795_597_200);
        assert_eq!(t.iso8601(), "2026-11-25T09:00:00Z");
        assert_eq!(t.iso8601_basic(), "20261125T090000Z");
        assert_eq!(t.file_stamp(), "2026-11-25_09-00-00");
        assert_eq!(
            UtcTime::from_unix(951_782_400).iso8601(),
            "2000-02-29T00:00:00Z"
        );
    }

    #[test]
    fn times_before_the_epoch_and_out_of_range_stay_valid() {
        assert_eq!(UtcTime::from_unix(-1).iso8601(), "1969-12-31T23:59:59Z");
        assert!(UtcTime::from_unix(i64::MAX)
            .iso8601()
            .starts_with("9999-12-"));
        assert!(UtcTime::from_unix(i64::MIN).iso8601().contains("9999-01-"));
    }

    #[test]
    fn rfc3339_with_offsets_is_read_as_the_same_instant() {
        let utc = UtcTime::parse_rfc3339("2026-12-01T10:00:00Z").unwrap();
        let east = UtcTime::parse_rfc3339("2026-12-01T15:00:00+05:00").unwrap();
        assert_eq!(utc, east);
        assert_eq!(east.iso8601(), "2026-12-01T10:00:00Z");
    }

    #[test]
    fn impossible_dates_are_refused() {
        for text in [
            "2026-13-45T00:00:00Z",
            "2026-12-03T99:99:00Z",
            "2026-00-00T00:00:00Z",
            "soon",
        ] {
            assert_eq!(UtcTime::parse_rfc3339(text), None, "{text}");
        }
    }
}
