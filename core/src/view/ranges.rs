//! The numbered work ranges of a registry grouped by team and item type, as a range chart draws
//! them, with the findings of the range rules (`range-overlap`, `range-gap`,
//! `range-count-mismatch`) attached to the range each one points at. The ranges are read by
//! `rules::ranges` and judged by the rules; this module only arranges both.

use crate::model::Registry;
use crate::rules::ranges::{by_team, goal_count, WorkRange};
use crate::validate::{validate_registry, ValidateOptions};
use crate::Diagnostic;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The codes of the rules about work ranges.
pub const RANGE_CODES: [&str; 3] = ["range-overlap", "range-gap", "range-count-mismatch"];

/// The ranges of one team and item type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RangeGroup {
    /// The team: the ROLE before ` - `, folded (`outreach ai`); empty for sessions without a role.
    pub team: String,
    /// The item type, singular (`prospect`).
    pub noun: String,
    /// The largest item number any range of the group reaches (the chart's axis runs 1..=max).
    pub max: u32,
    /// The ranges, sorted by start.
    pub ranges: Vec<RangeEntry>,
    /// Runs of items 1..=max by how many sessions of the team cover them: 0 is a gap, 2+ an overlap.
    pub coverage: Vec<Coverage>,
}

/// One range of one session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RangeEntry {
    /// The session's number (NUMBER, else the heading's), `null` when it has none.
    pub session: Option<u32>,
    /// First item, 1-based.
    pub start: u32,
    /// Last item, inclusive.
    pub end: u32,
    /// How many items the range holds.
    pub count: u32,
    /// 1-based line of the responsibility holding the range.
    pub line: u32,
    /// The range as written (`prospects 18-33`).
    pub text: String,
    /// The count in the session's GOAL (`Send 17 emails` → 17), `null` when it states none.
    pub goal: Option<u32>,
    /// The range rules' findings placed on this range (same line and session).
    pub findings: Vec<Diagnostic>,
}

/// A run of consecutive items covered by the same number of sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    /// First item of the run.
    pub start: u32,
    /// Last item of the run, inclusive.
    pub end: u32,
    /// How many distinct sessions of the team cover these items.
    pub sessions: u32,
}

/// Groups every session's work ranges by (team, item type), in core's stable order, each range
/// carrying the range findings that `validate` reports for it.
pub fn range_chart(registry: &Registry) -> Vec<RangeGroup> {
    let report = validate_registry(registry, &ValidateOptions::default());
    range_chart_with(registry, &report.diagnostics)
}

/// [`range_chart`] with the findings of a `validate` already run on the same registry (the range
/// findings among `diagnostics` are attached; the others are ignored), to validate only once.
pub fn range_chart_with(registry: &Registry, diagnostics: &[Diagnostic]) -> Vec<RangeGroup> {
    let findings: Vec<Diagnostic> = diagnostics
        .iter()
        .filter(|d| RANGE_CODES.contains(&d.code.as_str()))
        .cloned()
        .collect();
    by_team(&registry.sessions)
        .into_iter()
        .map(|((team, noun), entries)| {
            let ranges: Vec<RangeEntry> = entries
                .iter()
                .map(|(index, range)| entry(registry, *index, range, &findings))
                .collect();
            let max = ranges.iter().map(|r| r.end).max().unwrap_or(0);
            RangeGroup {
                team,
                noun,
                max,
                coverage: coverage(&entries, max),
                ranges,
            }
        })
        .collect()
}

fn entry(
    registry: &Registry,
    index: usize,
    range: &WorkRange,
    findings: &[Diagnostic],
) -> RangeEntry {
    let session = &registry.sessions[index];
    let number = session.number().or(session.heading_number);
    RangeEntry {
        session: number,
        start: range.start,
        end: range.end,
        count: u32::try_from(range.len()).unwrap_or(u32::MAX),
        line: range.line,
        text: range.text.clone(),
        goal: session.goal().and_then(goal_count).map(|g| g.count),
        findings: findings
            .iter()
            .filter(|d| d.line == Some(range.line) && d.session == number)
            .cloned()
            .collect(),
    }
}

/// The largest axis the chart draws item by item; beyond it coverage is left out (a typo such as
/// `prospects 1-4000000` must not allocate millions of runs).
const MAX_AXIS: u32 = 100_000;

/// Runs of items 1..=max by the number of distinct sessions covering them.
fn coverage(entries: &[(usize, WorkRange)], max: u32) -> Vec<Coverage> {
    if max == 0 || max > MAX_AXIS {
        return Vec::new();
    }
    let mut cover: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); max as usize + 1];
    for (index, range) in entries {
        for n in range.start..=range.end.min(max) {
            cover[n as usize].insert(*index);
        }
    }
    let mut runs: Vec<Coverage> = Vec::new();
    for n in 1..=max {
        let sessions = cover[n as usize].len() as u32;
        match runs.last_mut() {
            Some(run) if run.sessions == sessions && run.end + 1 == n => run.end = n,
            _ => runs.push(Coverage {
                start: n,
                end: n,
                sessions,
            }),
        }
    }
    runs
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::parse_registry;

    fn chart(text: &str) -> Vec<RangeGroup> {
        range_chart(&parse_registry(text).unwrap().registry)
    }

    fn group<'a>(groups: &'a [RangeGroup], team: &str) -> &'a RangeGroup {
        groups.iter().find(|g| g.team == team).unwrap()
    }

    #[test]
    fn seed_teams_cover_one_to_fifty_and_sessions_five_and_six_mismatch() {
        let groups = chart(include_str!(
            "../../../tests/fixtures/marketing-registry.md"
        ));
        let outreach = group(&groups, "outreach ai");
        let spans: Vec<_> = outreach
            .ranges
            .iter()
            .map(|r| (r.session, r.start, r.end, r.goal))
            .collect();
        assert_eq!(
            spans,
            [
                (Some(4), 1, 17, Some(17)),
                (Some(5), 18, 33, Some(17)),
                (Some(6), 34, 50, Some(16))
            ]
        );
        let mismatched: Vec<_> = groups
            .iter()
            .flat_map(|g| &g.ranges)
            .filter(|r| r.findings.iter().any(|d| d.code == "range-count-mismatch"))
            .map(|r| r.session)
            .collect();
        assert_eq!(mismatched, [Some(5), Some(6)]);
        for team in ["outreach ai", "prospect research ai"] {
            let g = group(&groups, team);
            assert_eq!(g.max, 50);
            assert_eq!(
                g.coverage,
                [Coverage {
                    start: 1,
                    end: 50,
                    sessions: 1
                }],
                "{team}"
            );
        }
    }

    #[test]
    fn gap_and_overlap_fixtures_show_in_coverage_and_findings() {
        let gap = chart(include_str!("../../../tests/fixtures/rules/range-gap.md"));
        let holes: Vec<_> = gap
            .iter()
            .flat_map(|g| &g.coverage)
            .filter(|c| c.sessions == 0)
            .collect();
        assert!(!holes.is_empty(), "{gap:?}");
        assert!(gap
            .iter()
            .flat_map(|g| &g.ranges)
            .any(|r| r.findings.iter().any(|d| d.code == "range-gap")));

        let overlap = chart(include_str!(
            "../../../tests/fixtures/rules/range-overlap.md"
        ));
        assert!(overlap
            .iter()
            .flat_map(|g| &g.coverage)
            .any(|c| c.sessions >= 2));
        assert!(overlap
            .iter()
            .flat_map(|g| &g.ranges)
            .any(|r| r.findings.iter().any(|d| d.code == "range-overlap")));
    }

    #[test]
    fn the_findings_of_validate_on_the_text_give_the_same_chart() {
        let text = include_str!("../../../tests/fixtures/rules/range-overlap.md");
        let registry = parse_registry(text).unwrap().registry;
        let report = crate::validate(text, &ValidateOptions::default()).unwrap();
        let mut with_text = range_chart_with(&registry, &report.diagnostics);
        let found: Vec<&Diagnostic> = with_text
            .iter()
            .flat_map(|g| &g.ranges)
            .flat_map(|r| &r.findings)
            .collect();
        assert!(!found.is_empty() && found.iter().all(|d| d.column.is_some()));
        for d in with_text
            .iter_mut()
            .flat_map(|g| &mut g.ranges)
            .flat_map(|r| &mut r.findings)
        {
            d.column = None;
        }
        assert_eq!(with_text, range_chart(&registry), "the same, columns aside");
    }

    #[test]
    fn a_huge_range_leaves_coverage_out() {
        let text = include_str!("../../../tests/fixtures/rules/range-gap.md")
            .replace("chapters 12-21", "chapters 12-4000000");
        let groups = chart(&text);
        let writers = group(&groups, "writer ai");
        assert_eq!(writers.max, 4_000_000);
        assert!(writers.coverage.is_empty());
    }
}
