//! A status summary file (`sessions/STATUS_SUMMARY.json`): counts the old scripts kept by hand,
//! checked for counts that cannot all be true (`legacy-impossible-count`).

use super::{as_object, parse_json};
use crate::diagnostic::Diagnostic;
use serde::{Deserialize, Serialize};

/// The counts the summary states; absent ones are `None`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StatusSummary {
    /// `total_sessions` (or `total`).
    pub total: Option<i64>,
    /// `registered`.
    pub registered: Option<i64>,
    /// `unregistered`.
    pub unregistered: Option<i64>,
    /// `active`.
    pub active: Option<i64>,
    /// `inactive`.
    pub inactive: Option<i64>,
}

/// Reads the counts and reports every impossible one, with `file` named in each finding.
pub fn parse(input: &str, file: &str) -> (StatusSummary, Vec<Diagnostic>) {
    let value = match parse_json(input, file) {
        Ok(v) => v,
        Err(d) => return (StatusSummary::default(), vec![d]),
    };
    let root = match as_object(&value, file, "the file") {
        Ok(o) => o,
        Err(d) => return (StatusSummary::default(), vec![d]),
    };
    let count = |keys: &[&str]| keys.iter().find_map(|k| root.get(*k)?.as_i64());
    let summary = StatusSummary {
        total: count(&["total_sessions", "total"]),
        registered: count(&["registered"]),
        unregistered: count(&["unregistered"]),
        active: count(&["active"]),
        inactive: count(&["inactive"]),
    };
    let diagnostics = impossible_counts(&summary, file);
    (summary, diagnostics)
}

/// Every way the counts contradict themselves: negative, a part above the total, parts not adding up.
pub fn impossible_counts(s: &StatusSummary, file: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let named = [
        ("total", s.total),
        ("registered", s.registered),
        ("unregistered", s.unregistered),
        ("active", s.active),
        ("inactive", s.inactive),
    ];
    for (name, value) in named {
        if let Some(v) = value.filter(|v| *v < 0) {
            out.push(impossible(
                file,
                format!("\"{name}\" is {v}, a negative count"),
            ));
        }
    }
    if let Some(total) = s.total {
        for (name, value) in &named[1..] {
            if let Some(v) = value.filter(|v| *v > total) {
                out.push(impossible(
                    file,
                    format!("\"{name}\" is {v}, more than the {total} sessions in total"),
                ));
            }
        }
        if let (Some(r), Some(u)) = (s.registered, s.unregistered) {
            if r + u != total {
                out.push(impossible(
                    file,
                    format!(
                        "registered {r} + unregistered {u} is {}, not the total {total}",
                        r + u
                    ),
                ));
            }
        }
    }
    out
}

fn impossible(file: &str, what: String) -> Diagnostic {
    Diagnostic::error("legacy-impossible-count", format!("{file}: {what}")).with_help(
        "the summary was kept by hand and is not imported; `rollcall status` computes counts from the registry",
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn negative_and_overfull_counts_are_reported() {
        let input = r#"{"total_sessions": 12, "registered": 14, "unregistered": -2, "active": 9}"#;
        let (s, diags) = parse(input, "S.json");
        assert_eq!(s.unregistered, Some(-2));
        let messages: Vec<_> = diags.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("\"unregistered\" is -2")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("\"registered\" is 14, more than")),
            "{messages:?}"
        );
        assert!(diags.iter().all(|d| d.code == "legacy-impossible-count"));
    }

    #[test]
    fn consistent_counts_are_clean() {
        let (_, diags) = parse(
            r#"{"total": 12, "registered": 7, "unregistered": 5}"#,
            "S.json",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let (_, diags) = parse(r#"{"registered": 3}"#, "S.json");
        assert!(diags.is_empty());
    }
}
