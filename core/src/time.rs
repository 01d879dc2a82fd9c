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

    /// Reads a time as people write it in registries and `--since`: RFC 3339 with any offset,
    /// else a civil date or date-time taken as UTC (`2026-11-25`, `2026-11-25 08:00`, `…T08:00Z`).
    /// Impossible dates and times (`2026-13-45`, `T99:99`) are `None`.
    pub fn parse_loose(text: &str) -> Option<Self> {
        let text = text.trim();
        if let Some(instant) = UtcTime::parse_rfc3339(text) {
            return Some(instant);
        }
        let civil: jiff::civil::DateTime = text.strip_suffix('Z').unwrap_or(text).parse().ok()?;
        let instant = civil.to_zoned(jiff::tz::TimeZone::UTC).ok()?.timestamp();
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

#[cfg(test)]
mod tests {
    use super::*;

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
