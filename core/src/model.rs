//! The registry model: what a session identity registry holds, independent of its markdown or JSON form.

use serde::{Deserialize, Serialize};

/// Field keys the protocol defines, in the order the seed writes them.
pub const KEY_NUMBER: &str = "NUMBER";
/// The session's responsibility, one line.
pub const KEY_ROLE: &str = "ROLE";
/// The session's measurable objective.
pub const KEY_GOAL: &str = "GOAL";
/// The session's name in the coordination system, optionally with a legacy id in parentheses.
pub const KEY_SESSION_ID: &str = "SESSION_ID";
/// The list of duties.
pub const KEY_RESPONSIBILITIES: &str = "RESPONSIBILITIES";
/// Where the session stands in the protocol.
pub const KEY_STATUS: &str = "STATUS";
/// When the session registered.
pub const KEY_TIMESTAMP: &str = "TIMESTAMP";

/// A whole session identity registry.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Registry {
    /// The document title (`# Session Identity Registry - Universal Consensus`), without the `# `.
    pub title: String,
    /// The `**Purpose**:` line's text.
    pub purpose: Option<String>,
    /// How many sessions must register (`**Required**: All 12 sessions must register`).
    pub required: Option<u32>,
    /// The sessions in document order.
    #[serde(deserialize_with = "crate::strict_json::objects")]
    pub sessions: Vec<Session>,
    /// The consensus checklist (`- [ ] ...` / `- [x] ...`) in document order.
    #[serde(deserialize_with = "crate::strict_json::objects")]
    pub checklist: Vec<ChecklistItem>,
    /// What `**Current Status**: N/M sessions registered` claims, as N.
    pub stated_registered: Option<u32>,
    /// The 1-based line of the `**Current Status**:` claim.
    pub stated_line: Option<u32>,
    /// Everything else, in order, so re-rendering loses nothing.
    #[serde(deserialize_with = "crate::strict_json::objects")]
    pub blocks: Vec<Block>,
}

/// One piece of the document in order: prose kept verbatim, or a marker where a modelled part goes.
///
/// Rendering walks the blocks: prose is written as stored, each marker writes the modelled part.
/// `Sessions { count }` writes the next `count` sessions (the last `Sessions` block writes all
/// the rest, so sessions added to the model are rendered after the last existing one); the same
/// holds for `Checklist { count }` and checklist items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// Lines kept exactly as written, joined with `\n` (an empty string is one empty line).
    Prose {
        /// The lines, LF-joined.
        text: String,
    },
    /// The `# Title` line goes here.
    Title,
    /// The `**Purpose**:` line goes here.
    Purpose,
    /// The `**Required**:` line goes here, as written; its first number is replaced by `required`.
    Required {
        /// The whole line as written.
        text: String,
    },
    /// The next `count` session sections go here, separated by `---` rules.
    Sessions {
        /// How many sessions this run holds.
        count: usize,
    },
    /// The next `count` checklist items go here, one per line.
    Checklist {
        /// How many items this run holds.
        count: usize,
    },
    /// The `**Current Status**:` line goes here, as written; its first number is `stated_registered`.
    CurrentStatus {
        /// The whole line as written.
        text: String,
    },
}

/// Text taken from the source with the 1-based line it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spanned {
    /// The text, trimmed.
    pub text: String,
    /// 1-based source line.
    #[serde(default)]
    pub line: u32,
}

/// One `### Session #N: Title` section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// 1-based line of the heading.
    #[serde(default)]
    pub line: u32,
    /// The number in the heading (`#4`), if it has one.
    #[serde(default)]
    pub heading_number: Option<u32>,
    /// The heading's title after the colon (`Outreach Team Leader`).
    #[serde(default)]
    pub title: String,
    /// The bold-key fields in document order, unknown ones included.
    #[serde(default, deserialize_with = "crate::strict_json::objects")]
    pub fields: Vec<Field>,
}

/// One `- **KEY**: value` bullet; a list field (`RESPONSIBILITIES`) holds its sub-bullets as items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    /// The key as written (`ROLE`).
    pub key: String,
    /// The value after the colon, trimmed (empty for a list field).
    #[serde(default)]
    pub value: String,
    /// 1-based line of the bullet.
    #[serde(default)]
    pub line: u32,
    /// Sub-bullets, for list fields.
    #[serde(default, deserialize_with = "crate::strict_json::objects")]
    pub items: Vec<Spanned>,
}

/// One consensus checklist item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistItem {
    /// The item text after the box.
    pub text: String,
    /// Whether the file ticks it (`- [x]`).
    #[serde(default)]
    pub checked: bool,
    /// 1-based line.
    #[serde(default)]
    pub line: u32,
}

/// A session's place in the protocol; unknown text is kept as given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Slot described, nobody registered yet.
    Pending,
    /// A session claimed the slot.
    Registered,
    /// The orchestrator confirmed the claim.
    Confirmed,
    /// The session acknowledged its identity and commitments.
    Acknowledged,
    /// Consensus reached and the session is working.
    Active,
    /// Anything else, as written.
    Other(String),
}

impl Status {
    /// Reads a status value such as `⏳ PENDING REGISTRATION` or `✅ REGISTERED`, ignoring marks and case.
    pub fn parse(text: &str) -> Status {
        // The first word once marks are dropped: letters, digits, `_` and `-` are kept, leading
        // white space is skipped, and the word ends at white space, `_` or `-`.
        let mut first = String::new();
        let kept = text
            .chars()
            .filter(|c| c.is_alphanumeric() || c.is_whitespace() || *c == '_' || *c == '-');
        for c in kept {
            if c.is_whitespace() && first.is_empty() {
                continue;
            }
            if c.is_whitespace() || c == '_' || c == '-' {
                break;
            }
            first.push(c.to_ascii_uppercase());
        }
        match first.as_str() {
            "PENDING" => Status::Pending,
            "REGISTERED" => Status::Registered,
            "CONFIRMED" => Status::Confirmed,
            "ACKNOWLEDGED" => Status::Acknowledged,
            "ACTIVE" => Status::Active,
            _ => Status::Other(text.trim().to_string()),
        }
    }

    /// True for registered and every later state.
    pub fn is_registered_or_later(&self) -> bool {
        matches!(
            self,
            Status::Registered | Status::Confirmed | Status::Acknowledged | Status::Active
        )
    }

    /// The canonical upper-case name (`REGISTERED`), or the text as given for unknown states.
    pub fn name(&self) -> &str {
        match self {
            Status::Pending => "PENDING",
            Status::Registered => "REGISTERED",
            Status::Confirmed => "CONFIRMED",
            Status::Acknowledged => "ACKNOWLEDGED",
            Status::Active => "ACTIVE",
            Status::Other(text) => text,
        }
    }
}

impl Registry {
    /// A copy with every source line zeroed (and `stated_line` cleared), for comparing content only.
    ///
    /// Round trips (`parse(render(m))`) keep content but may move lines when the layout is
    /// normalized; compare `a.without_lines() == b.without_lines()`.
    pub fn without_lines(&self) -> Registry {
        let mut copy = self.clone();
        copy.stated_line = None;
        for session in &mut copy.sessions {
            session.line = 0;
            for field in &mut session.fields {
                field.line = 0;
                for item in &mut field.items {
                    item.line = 0;
                }
            }
        }
        for item in &mut copy.checklist {
            item.line = 0;
        }
        copy
    }
}

impl Session {
    /// The field with this key (case-insensitive), if present.
    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key.eq_ignore_ascii_case(key))
    }

    /// The trimmed value of a text field, `None` when absent or empty.
    pub fn text(&self, key: &str) -> Option<&str> {
        self.field(key)
            .map(|f| f.value.trim())
            .filter(|v| !v.is_empty())
    }

    /// The NUMBER field as an integer, when it is one.
    pub fn number(&self) -> Option<u32> {
        self.text(KEY_NUMBER)?.parse().ok()
    }

    /// The NUMBER text when it is all digits but too large for any session (`4294967297`).
    pub fn oversized_number(&self) -> Option<&str> {
        let text = self.text(KEY_NUMBER)?;
        let digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
        (digits && self.number().is_none()).then_some(text)
    }

    /// The ROLE text.
    pub fn role(&self) -> Option<&str> {
        self.text(KEY_ROLE)
    }

    /// The GOAL text.
    pub fn goal(&self) -> Option<&str> {
        self.text(KEY_GOAL)
    }

    /// The session name from SESSION_ID, without the legacy id in parentheses.
    pub fn session_name(&self) -> Option<&str> {
        let raw = self.text(KEY_SESSION_ID)?;
        let name = match raw.find(" (") {
            Some(i) if raw.ends_with(')') => raw[..i].trim(),
            _ => raw,
        };
        Some(name).filter(|n| !n.is_empty())
    }

    /// The legacy id in SESSION_ID's parentheses (`session-1763243115`), when present.
    pub fn legacy_id(&self) -> Option<&str> {
        let raw = self.text(KEY_SESSION_ID)?;
        let open = raw.find(" (")?;
        raw.strip_suffix(')').map(|r| r[open + 2..].trim())
    }

    /// The STATUS as a protocol state.
    pub fn status(&self) -> Option<Status> {
        self.text(KEY_STATUS).map(Status::parse)
    }

    /// The TIMESTAMP text.
    pub fn timestamp(&self) -> Option<&str> {
        self.text(KEY_TIMESTAMP)
    }

    /// The RESPONSIBILITIES items (empty when absent).
    pub fn responsibilities(&self) -> &[Spanned] {
        self.field(KEY_RESPONSIBILITIES)
            .map(|f| f.items.as_slice())
            .unwrap_or(&[])
    }

    /// The line of a field, falling back to the heading line when the field is absent.
    pub fn line_of(&self, key: &str) -> u32 {
        self.field(key).map_or(self.line, |f| f.line)
    }
}

/// True for a field key the markdown form can hold: not empty, no `*`, no line break, no final
/// `:`. The markdown parser reads only such keys and registry.json accepts only them, so every
/// parsed registry survives the JSON round trip.
pub fn is_field_key(key: &str) -> bool {
    let key = key.trim();
    !key.is_empty() && !key.ends_with(':') && !key.contains(['*', '\n', '\r'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(fields: &[(&str, &str)]) -> Session {
        Session {
            line: 1,
            heading_number: None,
            title: String::new(),
            fields: fields
                .iter()
                .enumerate()
                .map(|(i, (k, v))| Field {
                    key: k.to_string(),
                    value: v.to_string(),
                    line: i as u32 + 2,
                    items: vec![],
                })
                .collect(),
        }
    }

    #[test]
    fn status_reads_emoji_markers() {
        assert_eq!(Status::parse("⏳ PENDING REGISTRATION"), Status::Pending);
        assert_eq!(Status::parse("✅ REGISTERED"), Status::Registered);
        assert_eq!(Status::parse("active"), Status::Active);
        assert_eq!(Status::parse("🤷 maybe"), Status::Other("🤷 maybe".into()));
        assert_eq!(Status::parse(" ✅  confirmed_by-lead"), Status::Confirmed);
        assert_eq!(Status::parse("RE✅GISTERED"), Status::Registered);
        assert_eq!(Status::parse("ACTIVE-now"), Status::Active);
        assert_eq!(Status::parse("_ACTIVE"), Status::Other("_ACTIVE".into()));
        assert_eq!(Status::parse("✅"), Status::Other("✅".into()));
    }

    #[test]
    fn session_id_splits_legacy_id() {
        let s = session(&[("SESSION_ID", "marketing-outreach-1 (session-1763243115)")]);
        assert_eq!(s.session_name(), Some("marketing-outreach-1"));
        assert_eq!(s.legacy_id(), Some("session-1763243115"));
        let plain = session(&[("SESSION_ID", "marketing-orchestrator")]);
        assert_eq!(plain.session_name(), Some("marketing-orchestrator"));
        assert_eq!(plain.legacy_id(), None);
    }

    #[test]
    fn empty_field_counts_as_absent() {
        let s = session(&[("ROLE", "  "), ("NUMBER", "7")]);
        assert_eq!(s.role(), None);
        assert_eq!(s.number(), Some(7));
        assert_eq!(s.line_of("NUMBER"), 3);
        assert_eq!(s.line_of("GOAL"), 1);
    }
}
