//! The numbered work ranges of a registry grouped by team and item type, as the static page's
//! range chart draws them: a view of core's `rules::ranges` (which finds them), nothing decided here.

use rollcall_core::rules::ranges::{by_team, goal_count};
use rollcall_core::Registry;
use serde::Serialize;

/// The ranges of one team and item type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RangeGroup {
    /// The team: the ROLE before ` - `, folded (`outreach ai`).
    pub team: String,
    /// The item type, singular (`prospect`).
    pub noun: String,
    /// The ranges, sorted by start.
    pub ranges: Vec<RangeEntry>,
}

/// One range of one session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RangeEntry {
    /// The session's number (NUMBER, else the heading's), `null` when it has none.
    pub session: Option<u32>,
    /// First item, 1-based.
    pub start: u32,
    /// Last item, inclusive.
    pub end: u32,
    /// 1-based line of the responsibility holding the range.
    pub line: u32,
    /// The range as written (`prospects 18-33`).
    pub text: String,
    /// The count in the session's GOAL (`Send 17 emails` → 17), `null` when it states none.
    pub goal: Option<u32>,
}

/// Groups every session's work ranges by (team, item type), in core's stable order.
pub fn work_ranges(registry: &Registry) -> Vec<RangeGroup> {
    by_team(&registry.sessions)
        .into_iter()
        .map(|((team, noun), entries)| RangeGroup {
            team,
            noun,
            ranges: entries
                .into_iter()
                .map(|(index, range)| {
                    let session = &registry.sessions[index];
                    RangeEntry {
                        session: session.number().or(session.heading_number),
                        start: range.start,
                        end: range.end,
                        line: range.line,
                        text: range.text,
                        goal: session.goal().and_then(goal_count).map(|g| g.count),
                    }
                })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_has_research_and_outreach_prospect_ranges() {
        let seed = include_str!("../../tests/fixtures/marketing-registry.md");
        let registry = rollcall_core::parse_registry(seed).unwrap().registry;
        let groups = work_ranges(&registry);
        let outreach = groups
            .iter()
            .find(|g| g.team == "outreach ai" && g.noun == "prospect")
            .unwrap();
        let spans: Vec<(u32, u32, Option<u32>)> = outreach
            .ranges
            .iter()
            .map(|r| (r.start, r.end, r.session))
            .collect();
        assert_eq!(
            spans,
            [(1, 17, Some(4)), (18, 33, Some(5)), (34, 50, Some(6))]
        );
        assert_eq!(outreach.ranges[1].goal, Some(17));
        assert!(groups.iter().any(|g| g.team == "prospect research ai"));
    }
}
