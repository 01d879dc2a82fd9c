//! Numbered work ranges (`prospects 18-33`) in responsibilities, goal counts (`Send 17 ... emails`)
//! and teams: the shared reading behind `range-overlap`, `range-gap` and `range-count-mismatch`.
//!
//! A work range is `<noun> N-M` with `1 <= N <= M`. Not work ranges: times (`6 AM - 6 PM`,
//! `10-11 AM`), scales (`0-100`, `70+/100`), money and clock values (`$1-2`, `10:30-11`),
//! references to sessions or numbers (`sessions 7-8`, `(1-12)`), and anything without a noun
//! right before it.
//!
//! Teams and keywords are compared in their [`fold`]ed form; item types (`prospect`) are
//! lower-cased as std's `to_lowercase` writes them, since messages quote them.

use crate::model::Session;
use crate::text::fold;
use std::collections::{BTreeMap, BTreeSet};

/// One numbered work range found in a responsibility.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkRange {
    /// The item type, lower-case and singular (`prospect`).
    pub noun: String,
    /// First item, 1-based.
    pub start: u32,
    /// Last item, inclusive.
    pub end: u32,
    /// 1-based source line of the responsibility.
    pub line: u32,
    /// The range as written (`prospects 18-33`).
    pub text: String,
}

impl WorkRange {
    /// How many items the range holds.
    pub fn len(&self) -> u64 {
        u64::from(self.end) - u64::from(self.start) + 1
    }

    /// Always false: a range holds at least one item.
    pub fn is_empty(&self) -> bool {
        false
    }
}

/// A goal's count: the first quantity of things, with the words after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalCount {
    /// The quantity.
    pub count: u32,
    /// The lower-cased words that follow it (`perfectly personalized emails daily`).
    pub rest: String,
}

/// Words that, right before `N-M`, make it something other than a work range.
const NOT_NOUNS: &[&str] = &[
    "session",
    "number",
    "no",
    "nr",
    "score",
    "scored",
    "scoring",
    "rate",
    "rated",
    "rating",
    "between",
    "from",
    "to",
    "of",
    "for",
    "and",
    "or",
    "with",
    "the",
    "each",
    "by",
    "at",
    "on",
    "in",
    "within",
    "about",
    "around",
    "approximately",
    "approx",
    "roughly",
    "age",
    "aged",
    "level",
    "grade",
    "version",
    "step",
    "stage",
    "phase",
    "tier",
    "priority",
    "day",
    "week",
    "month",
    "year",
    "hour",
    "minute",
    "second",
    "batch",
    "round",
    "scale",
    "range",
    "top",
    "over",
    "under",
    "up",
    "is",
    "are",
    "be",
    "a",
    "an",
    "than",
    "per",
    "every",
    "all",
    "send",
];

/// Units after a number that make it a time, duration, percentage or money rather than a count.
const UNITS: &[&str] = &[
    "am", "pm", "a.m", "p.m", "h", "hr", "hrs", "hour", "hours", "min", "mins", "minute",
    "minutes", "s", "sec", "secs", "second", "seconds", "day", "days", "week", "weeks", "month",
    "months", "year", "years", "percent", "pct", "k", "m", "bn", "x", "utc", "gmt", "est", "pst",
];

/// Words before a number that make it a deadline or a bound rather than a count.
const DEADLINE_WORDS: &[&str] = &[
    "within", "by", "in", "under", "before", "after", "at", "every",
];

/// One digit run in a text: byte span and value (saturating).
struct Digits {
    start: usize,
    end: usize,
    value: u32,
}

fn digit_runs(text: &str) -> Vec<Digits> {
    let bytes = text.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            let mut value: u32 = 0;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                value = value
                    .saturating_mul(10)
                    .saturating_add(u32::from(bytes[i] - b'0'));
                i += 1;
            }
            runs.push(Digits {
                start,
                end: i,
                value,
            });
        } else {
            i += 1;
        }
    }
    runs
}

/// The first word (letters, dots) starting at or after `from`, skipping spaces; folded.
fn word_after(text: &str, from: usize) -> String {
    let rest = text[from..].trim_start();
    let end = rest
        .find(|c: char| !(c.is_alphabetic() || c == '.'))
        .unwrap_or(rest.len());
    fold(rest[..end].trim_end_matches('.'))
}

/// The word right before `to` (only spaces between), as written; empty when something else is there.
fn word_before(text: &str, to: usize) -> &str {
    let head = text[..to].trim_end_matches(' ');
    &head[head.trim_end_matches(char::is_alphabetic).len()..]
}

/// `prospects` → `prospect`; `emails` → `email` (lower-cased).
pub fn singular(word: &str) -> String {
    let mut word = word.to_lowercase();
    if word.len() > 3 && word.ends_with('s') && !word.ends_with("ss") {
        word.pop();
    }
    word
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—')
}

/// The byte index after a dash between `from` and the next digit, when only spaces and one dash lie there.
fn dash_then_digit(text: &str, from: usize) -> Option<usize> {
    let rest = &text[from..];
    let after_spaces = rest.trim_start_matches(' ');
    let mut chars = after_spaces.chars();
    let dash = chars.next().filter(|c| is_dash(*c))?;
    let tail = after_spaces[dash.len_utf8()..].trim_start_matches(' ');
    tail.starts_with(|c: char| c.is_ascii_digit())
        .then(|| text.len() - tail.len())
}

/// True when the character at byte `at` (if any) glues the number to something (`$`, `:`, `.5`, `3pm`).
fn glued_before(text: &str, at: usize) -> bool {
    text[..at].chars().next_back().is_some_and(|c| {
        c.is_alphanumeric() || matches!(c, '$' | '€' | '£' | ':' | '#' | '/' | '.' | '+' | '_')
    })
}

fn glued_after(text: &str, at: usize) -> bool {
    let mut rest = text[at..].chars();
    match rest.next() {
        Some(c) if c.is_alphanumeric() || matches!(c, '%' | '/' | ':' | '+' | '_') => true,
        Some('.') | Some(',') => rest.next().is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    }
}

/// The numbered work ranges in one line of text.
pub fn work_ranges(text: &str, line: u32) -> Vec<WorkRange> {
    if !text.bytes().any(|b| b.is_ascii_digit()) || !text.contains(is_dash) {
        return Vec::new();
    }
    let runs = digit_runs(text);
    let mut out = Vec::new();
    for pair in runs.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if dash_then_digit(text, a.end) != Some(b.start) {
            continue;
        }
        // `prospects #1-25`: the number sign belongs to the range.
        let from = a.start - usize::from(text[..a.start].ends_with('#'));
        if glued_before(text, from) || glued_after(text, b.end) {
            continue;
        }
        if UNITS.contains(&word_after(text, b.end).as_str()) {
            continue;
        }
        let noun = word_before(text, from);
        let single = singular(noun);
        if single.len() < 2 || NOT_NOUNS.contains(&single.as_str()) {
            continue;
        }
        if a.value == 0 || b.value < a.value {
            continue;
        }
        let noun_start = text[..from].trim_end_matches(' ').len() - noun.len();
        out.push(WorkRange {
            noun: single,
            start: a.value,
            end: b.value,
            line,
            text: text[noun_start..b.end].to_string(),
        });
    }
    out
}

/// Every work range in a session's responsibilities; a range repeated by a later duty
/// (`Research prospects 1-25`, `Queue prospects 1-25`) is counted once, at its first line.
pub fn session_ranges(session: &Session) -> Vec<WorkRange> {
    let mut all: Vec<WorkRange> = Vec::new();
    for item in session.responsibilities() {
        all.extend(work_ranges(&item.text, item.line));
    }
    if all.len() > 1 {
        let mut seen = BTreeSet::new();
        all.retain(|r| seen.insert((r.noun.clone(), r.start, r.end)));
    }
    all
}

/// The first quantity of things in a goal (`Send 17 ... emails` → 17); `None` when the first
/// quantity is open-ended (`10+ calls`) or there is none. Durations, percentages, money,
/// deadlines, times and scores are skipped.
pub fn goal_count(goal: &str) -> Option<GoalCount> {
    for run in digit_runs(goal) {
        if glued_before(goal, run.start) {
            continue;
        }
        let next = goal[run.end..].chars().next();
        if next == Some('+') {
            let after_plus = &goal[run.end + 1..];
            if after_plus.starts_with(['/', '%']) {
                continue;
            }
            return None;
        }
        if glued_after(goal, run.end) || next.is_some_and(is_dash) {
            continue;
        }
        if UNITS.contains(&word_after(goal, run.end).as_str()) {
            continue;
        }
        if DEADLINE_WORDS.contains(&fold(word_before(goal, run.start)).as_str()) {
            continue;
        }
        return Some(GoalCount {
            count: run.value,
            rest: goal[run.end..].to_lowercase(),
        });
    }
    None
}

/// The team a session belongs to: its ROLE before ` - `, folded (`outreach ai`).
pub fn team_of(session: &Session) -> String {
    let role = session.role().unwrap_or("");
    let head = role.split_once(" - ").map_or(role, |(head, _)| head);
    fold(head)
}

/// Ranges of one (team, item type), each with the index of its session, sorted by start.
pub type TeamRanges = ((String, String), Vec<(usize, WorkRange)>);

/// Every range of every session grouped by (team, noun), each entry with its session index;
/// groups and entries in a stable order.
pub fn by_team(sessions: &[Session]) -> Vec<TeamRanges> {
    let mut teams: BTreeMap<String, BTreeMap<String, Vec<(usize, WorkRange)>>> = BTreeMap::new();
    for (index, session) in sessions.iter().enumerate() {
        let ranges = session_ranges(session);
        if ranges.is_empty() {
            continue;
        }
        let nouns = teams.entry(team_of(session)).or_default();
        for range in ranges {
            match nouns.get_mut(&range.noun) {
                Some(entries) => entries.push((index, range)),
                None => {
                    nouns.insert(range.noun.clone(), vec![(index, range)]);
                }
            }
        }
    }
    let mut out: Vec<TeamRanges> = Vec::new();
    for (team, nouns) in teams {
        for (noun, mut entries) in nouns {
            entries.sort_by_key(|(index, r)| (r.start, r.end, r.line, *index));
            out.push(((team.clone(), noun), entries));
        }
    }
    out
}

/// One range met in a sweep of its team's ranges by start, with the earlier ranges it meets.
pub struct Step<'a> {
    /// The team: folded ROLE before ` - ` (empty for sessions without a role).
    pub team: &'a str,
    /// The item type (`prospect`).
    pub noun: &'a str,
    /// The range and the index of its session.
    pub entry: &'a (usize, WorkRange),
    /// The earlier range reaching furthest.
    pub reach: Option<&'a (usize, WorkRange)>,
    /// The earlier range of another session reaching furthest.
    pub rival: Option<&'a (usize, WorkRange)>,
}

/// Visits every range of every (team, noun) group in start order, with the furthest-reaching
/// earlier range overall and among the other sessions.
pub fn sweep<'a>(groups: &'a [TeamRanges], mut visit: impl FnMut(Step<'a>)) {
    for ((team, noun), entries) in groups {
        // The earlier range reaching furthest, and the one reaching furthest among the other
        // sessions: together they give, for any session, the furthest reach of the others.
        let mut top: Option<&(usize, WorkRange)> = None;
        let mut other: Option<&(usize, WorkRange)> = None;
        for entry in entries {
            let rival = match top {
                Some(t) if t.0 != entry.0 => Some(t),
                _ => other,
            };
            visit(Step {
                team,
                noun,
                entry,
                reach: top,
                rival,
            });
            match top {
                Some(t) if entry.1.end <= t.1.end => {
                    if t.0 != entry.0 && other.is_none_or(|o| entry.1.end > o.1.end) {
                        other = Some(entry);
                    }
                }
                Some(t) => {
                    if t.0 != entry.0 {
                        other = Some(t);
                    }
                    top = Some(entry);
                }
                None => top = Some(entry),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<(String, u32, u32)> {
        work_ranges(text, 1)
            .into_iter()
            .map(|r| (r.noun, r.start, r.end))
            .collect()
    }

    #[test]
    fn finds_numbered_work() {
        assert_eq!(
            spans("Queue prospects 26-50 for approval"),
            [("prospect".into(), 26, 50)]
        );
        assert_eq!(
            spans("Personalize emails for prospects 1-17"),
            [("prospect".into(), 1, 17)]
        );
        assert_eq!(
            spans("Write chapters 11 – 20"),
            [("chapter".into(), 11, 20)]
        );
        assert_eq!(
            work_ranges("Queue prospects 26-50", 9)[0].text,
            "prospects 26-50"
        );
    }

    #[test]
    fn non_ascii_nouns_are_lower_cased_and_quoted_as_written() {
        let found = work_ranges("Relire ÉLÉMENTS 1-5 et STRAẞEN 6-9", 1);
        let got: Vec<(&str, &str)> = found
            .iter()
            .map(|r| (r.noun.as_str(), r.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [("élément", "ÉLÉMENTS 1-5"), ("straßen", "STRAẞEN 6-9")]
        );
    }

    #[test]
    fn ignores_times_scales_and_references() {
        for text in [
            "Run daily workflow 6 AM - 6 PM",
            "Send morning batch 10-11 AM",
            "Send afternoon batch 2-3 PM",
            "Score each prospect 0-100",
            "avg score 70+/100",
            "Provide backup to sessions 7-8",
            "Backup for session #7-8",
            "Claim your number (1-12)",
            "facilitate 15-min human review",
            "budget $1-2 per lead",
            "call at 10:30-11:00",
            "prospects 5-3",
        ] {
            assert!(spans(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn goal_count_is_the_first_quantity_of_things() {
        let count = |g: &str| goal_count(g).map(|c| c.count);
        assert_eq!(
            count("Send 17 perfectly personalized emails daily, 95%+ delivery rate"),
            Some(17)
        );
        assert_eq!(
            count("Find 25 high-quality prospects daily, avg score 70+/100"),
            Some(25)
        );
        assert_eq!(count("Process all remaining replies within 4 hours"), None);
        assert_eq!(count("Reach 95% delivery for 40 emails"), Some(40));
        assert_eq!(count("Generate $120k MRR"), None);
        assert_eq!(count("Support 10+ sales calls/week"), None);
        assert_eq!(count("Prepare queue, facilitate 15-min review"), None);
    }

    #[test]
    fn team_is_the_role_before_the_dash() {
        let mut s = crate::rules::fixture::sound(1);
        s = crate::rules::fixture::set(s, "ROLE", "Outreach AI - Personalize (Batch 2)");
        assert_eq!(team_of(&s), "outreach ai");
    }

    #[test]
    fn teams_differing_only_by_case_are_one_team() {
        let team = |role: &str| {
            team_of(&crate::rules::fixture::set(
                crate::rules::fixture::sound(1),
                "ROLE",
                role,
            ))
        };
        assert_eq!(team("ԹԻՄ - Batch 1"), team("թիմ - Batch 2"));
        assert_eq!(team("ᲒᲣᲜᲓᲘ - a"), team("გუნდი - b"));
        assert_ne!(team("Outreach - a"), team("Research - a"));
    }
}
