//! UTC time for rollcall's stamps and the times it reads, on `jiff`. Pure: the caller reads the
//! clock and passes the seconds in; core never asks the system for the time.

use jiff::tz::Offset;
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

    /// Reads a time as people write it in registries and `--since`: `YYYY-MM-DD`, then optionally
    /// `T` or a space and `HH:MM[:SS[.fff]]`, then optionally `Z` or an offset (`+05:00`, `-0530`);
    /// without an offset it is UTC. Impossible dates and times (`2026-13-45`, `T99:99`) are `None`.
    ///
    /// The fields are split here and checked and converted by jiff's civil types and
    /// [`Offset::to_timestamp`]; jiff's own string parser would add 42.8 KB gzip to the wasm
    /// module (measured: 258,661 B → 301,462 B), whose budget leaves 1 KB.
    pub fn parse_loose(text: &str) -> Option<Self> {
        let text = text.trim();
        let cut = text.len().min(10);
        let (date, rest) = (text.get(..cut)?, text.get(cut..)?);
        let (time, offset) = split_offset(rest.strip_prefix(['T', 't', ' ']).unwrap_or(rest))?;
        let [year, month, day] = fields::<3>(date, '-', &[4, 2, 2])?;
        let [hour, minute, second] = match time {
            "" if rest.is_empty() => [0, 0, 0],
            _ => clock_fields(time)?,
        };
        let civil = jiff::civil::DateTime::new(
            i16::try_from(year).ok()?,
            i8::try_from(month).ok()?,
            i8::try_from(day).ok()?,
            i8::try_from(hour).ok()?,
            i8::try_from(minute).ok()?,
            i8::try_from(second).ok()?,
            0,
        )
        .ok()?;
        let instant = Offset::from_seconds(offset)
            .ok()?
            .to_timestamp(civil)
            .ok()?;
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

/// `HH:MM` or `HH:MM:SS` (fractional seconds dropped) as `[hour, minute, second]`.
fn clock_fields(time: &str) -> Option<[u32; 3]> {
    let whole = time.split_once('.').map_or(time, |(whole, _)| whole);
    match whole.len() {
        5 => {
            let [hour, minute] = fields::<2>(whole, ':', &[2, 2])?;
            Some([hour, minute, 0])
        }
        _ => fields::<3>(whole, ':', &[2, 2, 2]),
    }
}

/// The clock part and the UTC offset in seconds of what follows the date (`08:00+05:30`).
fn split_offset(rest: &str) -> Option<(&str, i32)> {
    if let Some(time) = rest.strip_suffix(['Z', 'z']) {
        return Some((time, 0));
    }
    let Some(at) = rest.rfind(['+', '-']) else {
        return Some((rest, 0));
    };
    let (time, offset) = rest.split_at(at);
    let sign = if offset.starts_with('-') { -1 } else { 1 };
    let digits = offset[1..].replace(':', "");
    let [hours, minutes] = fields::<2>(
        &format!("{}:{}", digits.get(..2)?, digits.get(2..)?),
        ':',
        &[2, 2],
    )?;
    let valid = hours < 24 && minutes < 60;
    let seconds = i32::try_from(hours * 3600 + minutes * 60).ok()?;
    valid.then_some((time, sign * seconds))
}

/// `text` split at `separator` into exactly `N` all-digit fields of the given widths.
fn fields<const N: usize>(text: &str, separator: char, widths: &[usize; N]) -> Option<[u32; N]> {
    let mut out = [0; N];
    let mut parts = text.split(separator);
    for (slot, &width) in out.iter_mut().zip(widths) {
        let part = parts.next()?;
        let digits = part.len() == width && part.bytes().all(|b| b.is_ascii_digit());
        *slot = part.parse().ok().filter(|_| digits)?;
    }
    parts.next().is_none().then_some(out)
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
    fn loose_times_agree_with_jiffs_parser() {
        for text in [
            "2026-12-01T10:00:00Z",
            "2026-12-01T15:00:00+05:00",
            "2026-12-01T04:30:00-05:30",
            "2026-12-01 10:00:00Z",
            "2024-02-29T23:59:59.999Z",
            "2026-12-01T10:00Z",
        ] {
            let ours = UtcTime::parse_loose(text);
            assert_eq!(ours, UtcTime::parse_rfc3339(text), "{text}");
            assert!(ours.is_some(), "{text}");
        }
        let midnight = UtcTime::parse_rfc3339("2026-11-25T00:00:00Z");
        assert_eq!(UtcTime::parse_loose("2026-11-25"), midnight);
        assert_eq!(UtcTime::parse_loose("2026-11-25T00:00"), midnight);
        assert_eq!(UtcTime::parse_loose(" 2026-11-25 00:00:00 "), midnight);
    }

    #[test]
    fn loose_times_refuse_impossible_and_malformed_text() {
        for text in [
            "2026-13-45",
            "2026-12-03T99:99",
            "2026-00-00",
            "2026-02-30",
            "2025-02-29",
            "",
            "yesterday",
            "2026-1-5",
            "2026-12-01T10",
            "2026-12-01T10:00:00+25:00",
            "2026-12-01X10:00",
            "２０２６-12-01",
            "2026-12-01T10:00:00 junk",
            "2026é12-01",
        ] {
            assert_eq!(UtcTime::parse_loose(text), None, "{text}");
        }
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
