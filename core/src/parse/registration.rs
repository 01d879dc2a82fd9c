//! Registration messages, both forms the seed shows: the one-line `REGISTRATION: NUMBER=5 ROLE=...`
//! and the multi-line `REGISTRATION COMPLETE` block of `KEY: value` lines.

use crate::diagnostic::Diagnostic;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Code of the error for a registration message that is missing or has a malformed key.
pub const INVALID_REGISTRATION: &str = "invalid-registration";

/// The number a session claims: a slot number, or `next` (the first free one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegistrationNumber {
    /// A specific slot.
    Number(u32),
    /// The first free slot, decided by whoever applies the registration.
    Next,
}

impl fmt::Display for RegistrationNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegistrationNumber::Number(n) => write!(f, "{n}"),
            RegistrationNumber::Next => f.write_str("next"),
        }
    }
}

/// Serialized as a JSON number, or the string `"next"`.
impl Serialize for RegistrationNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            RegistrationNumber::Number(n) => serializer.serialize_u32(*n),
            RegistrationNumber::Next => serializer.serialize_str("next"),
        }
    }
}

impl<'de> Deserialize<'de> for RegistrationNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        let number = match &value {
            serde_json::Value::Number(n) => n
                .as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .map(RegistrationNumber::Number),
            serde_json::Value::String(s) => parse_number(s),
            _ => None,
        };
        number.ok_or_else(|| {
            serde::de::Error::custom(format!("expected a number or \"next\", got {value}"))
        })
    }
}

/// A parsed registration message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    /// The claimed number, or `next`.
    pub number: RegistrationNumber,
    /// ROLE.
    pub role: String,
    /// GOAL.
    pub goal: String,
    /// SESSION_ID.
    pub session_id: String,
    /// STATUS as written (`REGISTERED`), when given.
    pub status: Option<String>,
    /// READY (`YES` / `NO`), when given.
    pub ready: Option<bool>,
    /// Other `KEY` / value pairs in message order.
    pub extra: Vec<(String, String)>,
}

/// The registration inside a subject or body: the `REGISTRATION:` line, or the
/// `REGISTRATION COMPLETE` block through its last `KEY: value` line; `None` when there is none.
///
/// Only the upper-case markers count, so prose that merely mentions "registration" is not one.
pub fn find_registration(text: &str) -> Option<&str> {
    let complete = text.find("REGISTRATION COMPLETE");
    let inline = text.find("REGISTRATION:");
    let start = match (complete, inline) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b)?,
    };
    let rest = &text[start..];
    let first_end = rest.find('\n').unwrap_or(rest.len());
    let first = rest[..first_end].trim_end_matches('\r');
    let is_block = first.starts_with("REGISTRATION COMPLETE")
        || first
            .strip_prefix("REGISTRATION:")
            .is_some_and(|after| after.trim().is_empty());
    if !is_block {
        return Some(first);
    }
    let after = (first_end + 1).min(rest.len());
    let end = after + block_len(&rest[after..]);
    Some(rest[..end].trim_end())
}

/// The byte length of the leading run of `KEY: value` lines.
fn block_len(text: &str) -> usize {
    let mut len = 0;
    for line in text.split_inclusive('\n') {
        if colon_pair(line.trim()).is_none() {
            break;
        }
        len += line.len();
    }
    len
}

/// Parses the registration in `text` (see [`find_registration`]); the error names the bad key.
#[allow(clippy::result_large_err)]
pub fn parse_registration(text: &str) -> Result<Registration, Diagnostic> {
    let found = find_registration(text).ok_or_else(|| {
        invalid("no registration found: expected `REGISTRATION: NUMBER=5 ROLE=... GOAL=... SESSION_ID=...` or a `REGISTRATION COMPLETE` block".to_string())
    })?;
    let pairs = if found.as_bytes().contains(&b'\n') {
        let mut pairs = Vec::new();
        for line in found.lines().skip(1) {
            pairs.extend(colon_pair(line.trim()));
        }
        pairs
    } else {
        let marker = ["REGISTRATION COMPLETE", "REGISTRATION:"]
            .iter()
            .find(|m| found.starts_with(**m))
            .map_or(0, |m| m.len());
        equals_pairs(&found[marker..])
    };
    from_pairs(pairs)
}

/// Builds a registration from ordered key/value pairs, checking required and typed keys.
#[allow(clippy::result_large_err)]
fn from_pairs(pairs: Vec<(String, String)>) -> Result<Registration, Diagnostic> {
    let mut seen: Vec<&str> = Vec::new();
    for (key, _) in &pairs {
        if seen.contains(&key.as_str()) {
            return Err(invalid(format!("{key} is given twice")));
        }
        seen.push(key);
    }
    let take = |key: &str| -> Option<String> {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| unquote(v).to_string())
    };
    let required = |key: &str| -> Result<String, Diagnostic> {
        let value = take(key).ok_or_else(|| invalid(format!("missing {key}")))?;
        if value.is_empty() {
            return Err(invalid(format!("{key} is empty")));
        }
        if value.starts_with('[') && value.ends_with(']') {
            return Err(invalid(format!(
                "{key} is still the template placeholder `{value}`"
            )));
        }
        Ok(value)
    };
    let number_text = required("NUMBER")?;
    let number = parse_number(&number_text).ok_or_else(|| {
        invalid(format!(
            "NUMBER `{number_text}` is not a number (or `next`)"
        ))
    })?;
    let ready = match take("READY") {
        None => None,
        Some(v) => Some(parse_ready(&v)?),
    };
    let known = ["NUMBER", "ROLE", "GOAL", "SESSION_ID", "STATUS", "READY"];
    let mut extra = Vec::new();
    for (key, value) in &pairs {
        if !known.contains(&key.as_str()) {
            extra.push((key.clone(), value.clone()));
        }
    }
    Ok(Registration {
        number,
        role: required("ROLE")?,
        goal: required("GOAL")?,
        session_id: required("SESSION_ID")?,
        status: take("STATUS").filter(|s| !s.is_empty()),
        ready,
        extra,
    })
}

/// `YES`/`NO` (also `true`/`false`), case-insensitive.
#[allow(clippy::result_large_err)]
fn parse_ready(value: &str) -> Result<bool, Diagnostic> {
    match value.to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" => Ok(true),
        "no" | "n" | "false" => Ok(false),
        _ => Err(invalid(format!("READY `{value}` is not YES or NO"))),
    }
}

/// A slot number (`5`, `#5`) or `next`.
fn parse_number(text: &str) -> Option<RegistrationNumber> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("next") {
        return Some(RegistrationNumber::Next);
    }
    let digits = t.strip_prefix('#').unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().map(RegistrationNumber::Number)
}

/// Splits `NUMBER=5 ROLE=Outreach AI GOAL=...`: keys are upper-case `KEY=` tokens after
/// whitespace; each value runs to the next key.
fn equals_pairs(text: &str) -> Vec<(String, String)> {
    let starts = key_starts(text);
    let mut pairs = Vec::new();
    for (i, &(start, eq)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(text.len(), |&(next, _)| next);
        let key = text[start..eq].to_string();
        pairs.push((key, text[eq + 1..end].trim().to_string()));
    }
    pairs
}

/// `(key start, '=' index)` of every `KEY=` token at the start or after whitespace.
fn key_starts(text: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut prev_space = true;
    for (i, c) in text.char_indices() {
        if prev_space && c.is_ascii_uppercase() {
            let len = text[i..]
                .bytes()
                .take_while(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'_')
                .count();
            if text[i + len..].starts_with('=') {
                found.push((i, i + len));
            }
        }
        prev_space = c.is_whitespace();
    }
    found
}

/// `(KEY, value)` for an upper-case `KEY: value` line.
fn colon_pair(line: &str) -> Option<(String, String)> {
    let (key, value) = line.split_once(':')?;
    let valid = key.starts_with(|c: char| c.is_ascii_uppercase())
        && key
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
    valid.then(|| (key.to_string(), value.trim().to_string()))
}

/// `value` without one pair of surrounding quotes.
fn unquote(value: &str) -> &str {
    let v = value.trim();
    for q in ['"', '\''] {
        if v.len() >= 2 && v.starts_with(q) && v.ends_with(q) {
            return &v[1..v.len() - 1];
        }
    }
    v
}

/// An `invalid-registration` error.
fn invalid(message: String) -> Diagnostic {
    Diagnostic::error(INVALID_REGISTRATION, format!("invalid registration: {message}"))
        .with_help("send `REGISTRATION: NUMBER=<n|next> ROLE=<role> GOAL=<measurable goal> SESSION_ID=<your id> STATUS=REGISTERED`")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const ONE_LINE: &str = "REGISTRATION: NUMBER=5 ROLE=Outreach AI - Batch 2 GOAL=Send 17 emails daily, 95%+ delivery SESSION_ID=marketing-outreach-2 STATUS=REGISTERED";

    #[test]
    fn one_line_form_reads_values_with_spaces() {
        let r = parse_registration(ONE_LINE).unwrap();
        assert_eq!(r.number, RegistrationNumber::Number(5));
        assert_eq!(r.role, "Outreach AI - Batch 2");
        assert_eq!(r.goal, "Send 17 emails daily, 95%+ delivery");
        assert_eq!(r.session_id, "marketing-outreach-2");
        assert_eq!(r.status.as_deref(), Some("REGISTERED"));
        assert_eq!(r.ready, None);
        assert!(r.extra.is_empty());
    }

    #[test]
    fn block_form_from_the_seed() {
        let seed = include_str!("../../../tests/fixtures/marketing-registry.md");
        let start = seed.find("REGISTRATION COMPLETE").unwrap();
        let r = parse_registration(&seed[start..]).unwrap();
        assert_eq!(r.number, RegistrationNumber::Number(1));
        assert_eq!(r.role, "Orchestrator - Master Coordinator");
        assert_eq!(r.goal, "Coordinate 12 sessions → $120k MRR");
        assert_eq!(r.session_id, "marketing-orchestrator");
        assert_eq!(r.ready, Some(true));
        assert_eq!(
            find_registration(&seed[start..]).unwrap().lines().count(),
            7
        );
    }

    #[test]
    fn crlf_block_and_next_number() {
        let text = "hello\r\nREGISTRATION COMPLETE\r\nNUMBER: next\r\nROLE: r\r\nGOAL: g 1\r\nSESSION_ID: s\r\nMOOD: calm\r\n\r\nbye";
        let r = parse_registration(text).unwrap();
        assert_eq!(r.number, RegistrationNumber::Next);
        assert_eq!(r.extra, vec![("MOOD".to_string(), "calm".to_string())]);
    }

    #[test]
    fn errors_name_the_key() {
        let cases = [
            ("REGISTRATION: NUMBER=5 ROLE=r GOAL=g", "missing SESSION_ID"),
            (
                "REGISTRATION: NUMBER=five ROLE=r GOAL=g SESSION_ID=s",
                "NUMBER `five`",
            ),
            (
                "REGISTRATION: NUMBER=[your-number] ROLE=r GOAL=g SESSION_ID=s",
                "NUMBER is still the template",
            ),
            (
                "REGISTRATION: NUMBER=1 ROLE= GOAL=g SESSION_ID=s",
                "ROLE is empty",
            ),
            (
                "REGISTRATION: NUMBER=1 NUMBER=2 ROLE=r GOAL=g SESSION_ID=s",
                "NUMBER is given twice",
            ),
            (
                "REGISTRATION COMPLETE\nNUMBER: 1\nROLE: r\nGOAL: g\nSESSION_ID: s\nREADY: maybe",
                "READY `maybe`",
            ),
            ("just chatting about registration", "no registration found"),
        ];
        for (text, expected) in cases {
            let err = parse_registration(text).unwrap_err();
            assert_eq!(err.code, INVALID_REGISTRATION);
            assert!(err.message.contains(expected), "{text}: {}", err.message);
        }
    }

    #[test]
    fn finds_registrations_only_by_upper_case_markers() {
        assert_eq!(
            find_registration(&format!("Re: {ONE_LINE}\nthanks")),
            Some(ONE_LINE)
        );
        assert_eq!(
            find_registration("please complete your registration: soon"),
            None
        );
    }

    #[test]
    fn number_serializes_as_number_or_next() {
        let json =
            serde_json::to_string(&[RegistrationNumber::Number(3), RegistrationNumber::Next])
                .unwrap();
        assert_eq!(json, r#"[3,"next"]"#);
        let back: Vec<RegistrationNumber> = serde_json::from_str(&json).unwrap();
        assert_eq!(
            back,
            [RegistrationNumber::Number(3), RegistrationNumber::Next]
        );
    }
}
