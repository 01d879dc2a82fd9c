//! The rule engine: the one list of every registry rule, each in its own file named for its code.

mod control_character;
mod duplicate_number;
mod duplicate_role;
mod duplicate_session_id;
mod invalid_number;
mod invalid_status;
mod missing_amount;
mod missing_field;
mod mojibake;
mod no_orchestrator;
mod number_out_of_range;
mod range_count_mismatch;
mod range_gap;
mod range_overlap;
pub mod ranges;
mod repeats;
mod summary_mismatch;
mod unmeasurable_goal;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Registry;
use crate::validate::Attestations;

/// What a rule sees: the registry, the settled required count, the raw text when there is one,
/// and the findings of the rules that ran before it.
pub struct Context<'a> {
    /// The registry under check.
    pub registry: &'a Registry,
    /// How many sessions must register (option, else the file's `**Required**`, else the count).
    pub required: u32,
    /// The raw text as read, when the registry came from text.
    pub text: Option<&'a str>,
    /// Findings so far: parser diagnostics and the rules earlier in [`rules`].
    pub prior: &'a [Diagnostic],
    /// What the registration journal attests (confirmation, approval, activation).
    pub attestations: &'a Attestations,
}

/// One rule: its stable code, default severity, one-line summary, and its check (serializes as
/// `{"code", "severity", "summary"}` for the wasm package and docs).
#[derive(Clone, Copy, serde::Serialize)]
pub struct RuleInfo {
    /// Stable kebab-case code (`duplicate-number`), the file name in snake case.
    pub code: &'static str,
    /// The severity its findings carry.
    pub severity: Severity,
    /// What it catches, one line (the README's rules section).
    pub summary: &'static str,
    #[serde(skip)]
    check: fn(&Context) -> Vec<Diagnostic>,
}

impl RuleInfo {
    /// Runs the rule.
    pub fn check(&self, context: &Context) -> Vec<Diagnostic> {
        (self.check)(context)
    }

    /// A finding of this rule with its code and severity.
    pub(crate) fn diagnostic(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.code, self.severity, message)
    }
}

impl std::fmt::Debug for RuleInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RuleInfo")
            .field("code", &self.code)
            .field("severity", &self.severity)
            .field("summary", &self.summary)
            .finish()
    }
}

/// Every rule in the order they run; `summary-mismatch` is last because it reads the others' findings.
static RULES: [RuleInfo; 16] = [
    mojibake::RULE,
    control_character::RULE,
    missing_field::RULE,
    invalid_number::RULE,
    number_out_of_range::RULE,
    duplicate_number::RULE,
    duplicate_session_id::RULE,
    duplicate_role::RULE,
    invalid_status::RULE,
    range_overlap::RULE,
    range_gap::RULE,
    range_count_mismatch::RULE,
    unmeasurable_goal::RULE,
    missing_amount::RULE,
    no_orchestrator::RULE,
    summary_mismatch::RULE,
];

/// Every rule rollcall knows, in the order they run.
pub fn rules() -> &'static [RuleInfo] {
    &RULES
}

/// Runs every rule over `context`'s registry, appending findings to `findings` (which starts with
/// whatever came before, e.g. parser diagnostics, so later rules can read it).
pub(crate) fn run_all(
    registry: &Registry,
    required: u32,
    text: Option<&str>,
    attestations: &Attestations,
    findings: &mut Vec<Diagnostic>,
) {
    for rule in rules() {
        let found = rule.check(&Context {
            registry,
            required,
            text,
            prior: findings,
            attestations,
        });
        findings.extend(found);
    }
}

#[cfg(test)]
pub(crate) mod fixture {
    //! Hand-built registries for rule tests.

    use crate::model::{Field, Registry, Session, Spanned};

    /// A session at `line` with `(key, value)` fields on the following lines; `RESPONSIBILITIES`
    /// values are split on `;` into items.
    pub fn session(line: u32, fields: &[(&str, &str)]) -> Session {
        let mut next = line;
        let fields = fields
            .iter()
            .map(|(key, value)| {
                next += 1;
                let field_line = next;
                let items: Vec<Spanned> = if key.eq_ignore_ascii_case("RESPONSIBILITIES") {
                    value
                        .split(';')
                        .map(|item| {
                            next += 1;
                            Spanned {
                                text: item.trim().to_string(),
                                line: next,
                            }
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                Field {
                    key: key.to_string(),
                    value: if items.is_empty() {
                        value.to_string()
                    } else {
                        String::new()
                    },
                    line: field_line,
                    items,
                }
            })
            .collect();
        Session {
            line,
            heading_number: None,
            title: String::new(),
            fields,
        }
    }

    /// A complete, sound session numbered `n` (role `Role n`), starting at line `n * 10`.
    pub fn sound(n: u32) -> Session {
        let number = n.to_string();
        let role = format!("Worker AI - Task {n}");
        let goal = format!("Finish {n} tasks daily");
        let id = format!("worker-{n}");
        session(
            n * 10,
            &[
                ("NUMBER", number.as_str()),
                ("ROLE", role.as_str()),
                ("GOAL", goal.as_str()),
                ("SESSION_ID", id.as_str()),
                ("STATUS", "✅ REGISTERED"),
            ],
        )
    }

    /// Session `n` with just a NUMBER, a ROLE and RESPONSIBILITIES (`;`-separated items).
    pub fn worker(n: u32, role: &str, duty: &str) -> Session {
        let number = n.to_string();
        session(
            n * 10,
            &[
                ("NUMBER", &number),
                ("ROLE", role),
                ("RESPONSIBILITIES", duty),
            ],
        )
    }

    /// A registry requiring `required` sessions holding `sessions`.
    pub fn registry(required: u32, sessions: Vec<Session>) -> Registry {
        Registry {
            required: Some(required),
            sessions,
            ..Registry::default()
        }
    }

    /// Sets (or adds) a field on a session.
    pub fn set(mut session: Session, key: &str, value: &str) -> Session {
        if let Some(field) = session.fields.iter_mut().find(|f| f.key == key) {
            field.value = value.to_string();
        } else {
            let line = session.fields.last().map_or(session.line, |f| f.line) + 1;
            session.fields.push(Field {
                key: key.to_string(),
                value: value.to_string(),
                line,
                items: Vec::new(),
            });
        }
        session
    }

    /// Runs one rule on a registry (no text, no prior findings) and returns its findings.
    pub fn check(rule: &super::RuleInfo, registry: &Registry) -> Vec<crate::Diagnostic> {
        let required = registry.required.unwrap_or(registry.sessions.len() as u32);
        let attestations = crate::validate::Attestations::default();
        rule.check(&super::Context {
            registry,
            required,
            text: None,
            prior: &[],
            attestations: &attestations,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case_and_match_file_names() {
        let mut seen = std::collections::HashSet::new();
        for rule in rules() {
            assert!(seen.insert(rule.code), "duplicate code {}", rule.code);
            assert!(
                rule.code
                    .split('-')
                    .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase())),
                "{} is not kebab-case",
                rule.code
            );
            let file = format!(
                "{}/src/rules/{}.rs",
                env!("CARGO_MANIFEST_DIR"),
                rule.code.replace('-', "_")
            );
            let source = std::fs::read_to_string(&file)
                .unwrap_or_else(|_| panic!("{} has no file {file}", rule.code));
            for heading in ["What it does", "Why is this bad", "Example", "Use instead"] {
                assert!(source.contains(heading), "{file} lacks `{heading}`");
            }
            assert!(!rule.summary.is_empty());
        }
        assert_eq!(seen.len(), 16);
    }

    #[test]
    fn readme_lists_every_rule_as_the_code_says() {
        let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
            .expect("README.md");
        for rule in rules() {
            let line = format!(
                "- `{}` [{}]: {}.",
                rule.code,
                rule.severity.as_str(),
                rule.summary
            );
            assert!(readme.lines().any(|l| l == line), "README.md lacks: {line}");
        }
    }

    #[test]
    fn rules_serialize_without_their_check() {
        let json = serde_json::to_value(rules()).unwrap();
        assert_eq!(
            json[0],
            serde_json::json!({"code": "mojibake", "severity": "warning", "summary": rules()[0].summary})
        );
    }

    #[test]
    fn every_rule_file_is_listed() {
        let dir = format!("{}/src/rules", env!("CARGO_MANIFEST_DIR"));
        let codes: Vec<String> = rules().iter().map(|r| r.code.replace('-', "_")).collect();
        for entry in std::fs::read_dir(dir).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            let stem = name.trim_end_matches(".rs");
            if ["mod", "ranges", "repeats", "text"].contains(&stem) {
                continue;
            }
            assert!(codes.iter().any(|c| c == stem), "{name} is not in RULES");
        }
    }
}
