//! Everything the static page draws for one text, computed with one parse and one `validate`:
//! the report, the registry model, the slots, the roster rows and the range chart.

use super::ranges::{range_chart_with, RangeGroup};
use super::roster::{registry_rows, RosterRow};
use super::slots::{slots, SlotGrid};
use crate::model::Registry;
use crate::parse::parse_registry;
use crate::validate::{validate, ValidateOptions};
use crate::{Diagnostic, Report};
use serde::{Deserialize, Serialize};

/// The report, the registry, the slots, the roster rows and the range chart of one registry text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    /// What `validate` returns for the text and options.
    pub report: Report,
    /// The parsed registry model (mojibake repaired).
    pub registry: Registry,
    /// [`slots`] of the registry and report.
    pub slots: SlotGrid,
    /// [`registry_rows`] of the registry and report: the roster as the document states it.
    pub roster: Vec<RosterRow>,
    /// [`super::range_chart`] of the registry, with the report's range findings.
    pub ranges: Vec<RangeGroup>,
}

/// Validates `text` and derives the slots and the range chart from that one report. `Err` as
/// `validate` when the text is not a registry at all.
// The error is the one diagnostic type, as `validate` returns it; it is rare and not boxed.
#[allow(clippy::result_large_err)]
pub fn overview(text: &str, options: &ValidateOptions) -> Result<Overview, Diagnostic> {
    let report = validate(text, options)?;
    let registry = parse_registry(text)?.registry;
    let slots = slots(&registry, &report);
    let roster = registry_rows(&registry, &report);
    let ranges = range_chart_with(&registry, &report.diagnostics);
    Ok(Overview {
        report,
        registry,
        slots,
        roster,
        ranges,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_overview_is_its_parts() {
        let seed = include_str!("../../../tests/fixtures/marketing-registry.md");
        let options = ValidateOptions::default();
        let all = overview(seed, &options).unwrap();
        let report = validate(seed, &options).unwrap();
        let registry = parse_registry(seed).unwrap().registry;
        assert_eq!(all.slots, slots(&registry, &report));
        assert_eq!(all.roster, registry_rows(&registry, &report));
        assert_eq!(all.report, report);
        assert_eq!(all.registry, registry);
        assert_eq!(all.ranges.len(), 2);
        assert!(overview("just notes\n", &options).is_err());
    }
}
