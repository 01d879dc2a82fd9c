//! The registry markdown parser: the seed's layout, tolerant of CRLF, BOM, blank lines and variants.
//!
//! The document is read line by line. Modelled parts (title, purpose, required count, session
//! sections, checklist items, current status) become markers in `Registry::blocks`; every other
//! line is kept verbatim as prose, so rendering gives the document back.

use super::Parsed;
use crate::diagnostic::Diagnostic;
use crate::model::{Block, ChecklistItem, Field, Registry, Session, Spanned};

/// Code of the warning for a bullet inside a session that is not a `- **KEY**: value` field.
pub const MALFORMED_FIELD: &str = "malformed-field";
/// Code of the warning for a `**Required**:` or `**Current Status**:` line without a usable number.
pub const UNREADABLE_COUNT: &str = "unreadable-count";
/// Code of the warning for a code fence that is never closed.
pub const UNCLOSED_FENCE: &str = "unclosed-code-fence";

/// Parses registry markdown into the model plus non-fatal findings; never fails.
///
/// Whether the result is a registry at all is decided by [`super::parse_registry`].
pub fn parse_markdown(text: &str) -> Parsed {
    let mut parser = Parser::new(split_lines(text));
    parser.run();
    parser.finish()
}

/// Splits text into lines: BOM stripped, one final newline dropped, CR before LF removed.
///
/// A text with CR but no LF at all (classic Mac line endings) is split on CR.
pub fn split_lines(text: &str) -> Vec<&str> {
    let body = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut lines = Vec::new();
    if !body.as_bytes().contains(&b'\n') && body.as_bytes().contains(&b'\r') {
        let body = body.strip_suffix('\r').unwrap_or(body);
        lines.extend(body.split('\r'));
        return lines;
    }
    let body = body.strip_suffix('\n').unwrap_or(body);
    for line in body.split('\n') {
        lines.push(line.strip_suffix('\r').unwrap_or(line));
    }
    lines
}

/// An open code fence: its character, length and 1-based line.
#[derive(Clone, Copy)]
struct Fence {
    mark: char,
    len: usize,
    line: u32,
}

/// The line-by-line reader state.
struct Parser<'a> {
    lines: Vec<&'a str>,
    pos: usize,
    registry: Registry,
    diagnostics: Vec<Diagnostic>,
    prose: Vec<&'a str>,
    fence: Option<Fence>,
    seen_title: bool,
    seen_purpose: bool,
    seen_required: bool,
    seen_status: bool,
}

impl<'a> Parser<'a> {
    fn new(lines: Vec<&'a str>) -> Self {
        Parser {
            lines,
            pos: 0,
            registry: Registry::default(),
            diagnostics: Vec::new(),
            prose: Vec::new(),
            fence: None,
            seen_title: false,
            seen_purpose: false,
            seen_required: false,
            seen_status: false,
        }
    }

    /// The 1-based number of the line at index `index`.
    fn line_no(index: usize) -> u32 {
        u32::try_from(index + 1).unwrap_or(u32::MAX)
    }

    fn run(&mut self) {
        while self.pos < self.lines.len() {
            let line = self.lines[self.pos];
            if self.fenced_line(line) {
                continue;
            }
            let heading = session_heading(line).or_else(|| self.loose_heading(line));
            if let Some((number, title)) = heading {
                self.check_heading_number(line);
                self.session(number, title);
                continue;
            }
            self.pos += 1;
            let n = Self::line_no(self.pos - 1);
            if let Some((checked, text)) = checklist_item(line) {
                self.checklist_item(ChecklistItem {
                    text,
                    checked,
                    line: n,
                });
            } else if !self.header_line(line, n) {
                self.prose.push(line);
            }
        }
    }

    /// Reports a heading number no session can hold; the section is still read, by its NUMBER field.
    fn check_heading_number(&mut self, line: &str) {
        let Some((written, column)) = unusable_heading_number(line) else {
            return;
        };
        let n = Self::line_no(self.pos);
        let (code, why) = if written.starts_with('-') {
            ("invalid-number", "is negative")
        } else {
            ("number-out-of-range", "is too large for a session number")
        };
        self.diagnostics.push(
            Diagnostic::error(code, format!("the heading's number `{written}` {why}; the section is read by its NUMBER field"))
                .at(n, column)
                .with_help("number the heading like its NUMBER field: `### Session #N: Title`, with N between 1 and the required count"),
        );
    }

    /// A session heading in another spelling (`### Session #4 Outreach`), when a field follows it.
    fn loose_heading(&self, line: &str) -> Option<(Option<u32>, String)> {
        let heading = loose_session_heading(line)?;
        let next = (self.pos + 1..self.lines.len()).find(|&i| !self.lines[i].trim().is_empty())?;
        session_field(self.lines[next], true).map(|_| heading)
    }

    /// Handles fence open/close and lines inside a fence; true when the line was consumed.
    fn fenced_line(&mut self, line: &'a str) -> bool {
        if let Some(fence) = self.fence {
            if closes_fence(line, fence) {
                self.fence = None;
            }
        } else if let Some((mark, len)) = opens_fence(line) {
            self.fence = Some(Fence {
                mark,
                len,
                line: Self::line_no(self.pos),
            });
        } else {
            return false;
        }
        self.prose.push(line);
        self.pos += 1;
        true
    }

    /// Reads the title, purpose, required and current-status lines (first of each only).
    fn header_line(&mut self, line: &str, n: u32) -> bool {
        if !self.seen_title {
            if let Some(title) = title_line(line) {
                self.seen_title = true;
                self.registry.title = title.to_string();
                self.marker(Block::Title);
                return true;
            }
        }
        let Some((key, value)) = bold_key_line(line) else {
            return false;
        };
        match key.to_ascii_lowercase().as_str() {
            "purpose" if !self.seen_purpose => {
                self.seen_purpose = true;
                self.registry.purpose = Some(value);
                self.marker(Block::Purpose);
            }
            "required" if !self.seen_required => {
                self.seen_required = true;
                self.registry.required = self.count(&value, n, "Required");
                self.marker(Block::Required {
                    text: line.to_string(),
                });
            }
            "current status" if !self.seen_status => {
                self.seen_status = true;
                self.registry.stated_registered = self.count(&value, n, "Current Status");
                self.registry.stated_line = Some(n);
                self.marker(Block::CurrentStatus {
                    text: line.to_string(),
                });
            }
            _ => return false,
        }
        true
    }

    /// The first number in a count line's value, warning when there is none.
    fn count(&mut self, value: &str, n: u32, key: &str) -> Option<u32> {
        let found = first_number(value).and_then(|(_, _, number)| number);
        if found.is_none() {
            self.diagnostics.push(
                Diagnostic::warning(
                    UNREADABLE_COUNT,
                    format!("`**{key}**:` has no number rollcall can read"),
                )
                .at_line(n)
                .with_help(format!(
                    "write it like the seed: `**{key}**: {}`",
                    if key == "Required" {
                        "All 12 sessions must register before activation"
                    } else {
                        "0/12 sessions registered"
                    }
                )),
            );
        }
        found
    }

    /// Reads one session section starting at the heading line.
    fn session(&mut self, heading_number: Option<u32>, title: String) {
        let line = Self::line_no(self.pos);
        self.pos += 1;
        let mut session = Session {
            line,
            heading_number,
            title,
            fields: Vec::new(),
        };
        while let Some(next) = self.next_content() {
            let text = self.lines[next];
            let n = Self::line_no(next);
            let gap = next > self.pos;
            if let Some((key, value)) = session_field(text, gap) {
                session.fields.push(Field {
                    key,
                    value,
                    line: n,
                    items: Vec::new(),
                });
            } else if let (Some(item), Some(field)) = (sub_item(text), session.fields.last_mut()) {
                field.items.push(Spanned {
                    text: item,
                    line: n,
                });
            } else {
                self.warn_malformed(text, n, &session);
                break;
            }
            self.pos = next + 1;
        }
        self.push_session(session);
    }

    /// Index of the next non-blank line, if any.
    fn next_content(&self) -> Option<usize> {
        (self.pos..self.lines.len()).find(|&i| !self.lines[i].trim().is_empty())
    }

    /// Warns about a bullet that ends a session's fields without being a field.
    fn warn_malformed(&mut self, text: &str, n: u32, session: &Session) {
        let is_bullet = bullet_body(text.trim_start()).is_some() && !is_rule(text);
        if !is_bullet || checklist_item(text).is_some() {
            return;
        }
        let number = session.heading_number;
        let name = number.map_or_else(|| "a session".to_string(), |n| format!("session #{n}"));
        self.diagnostics.push(
            Diagnostic::warning(
                MALFORMED_FIELD,
                format!("this bullet in {name} is not a `- **KEY**: value` field; it and the lines after it are kept as text, not read as fields"),
            )
            .at(n, 1)
            .for_session(number)
            .with_help("write fields as `- **KEY**: value` and list items indented under a field (`  - item`)"),
        );
    }

    /// Adds a session, joining the previous run of sessions when only blank lines and `---` separate them.
    fn push_session(&mut self, session: Session) {
        let separator_only = self.prose.iter().all(|l| {
            let t = l.trim();
            t.is_empty() || t == "---"
        });
        self.registry.sessions.push(session);
        if separator_only {
            if let Some(Block::Sessions { count }) = self.registry.blocks.last_mut() {
                *count += 1;
                self.prose.clear();
                return;
            }
        }
        self.marker(Block::Sessions { count: 1 });
    }

    /// Adds a checklist item, joining the previous item when it is on the line before.
    fn checklist_item(&mut self, item: ChecklistItem) {
        self.registry.checklist.push(item);
        if self.prose.is_empty() {
            if let Some(Block::Checklist { count }) = self.registry.blocks.last_mut() {
                *count += 1;
                return;
            }
        }
        self.marker(Block::Checklist { count: 1 });
    }

    /// Flushes pending prose, then appends a marker.
    fn marker(&mut self, block: Block) {
        self.flush_prose();
        self.registry.blocks.push(block);
    }

    fn flush_prose(&mut self) {
        if !self.prose.is_empty() {
            let text = self.prose.join("\n");
            self.prose.clear();
            self.registry.blocks.push(Block::Prose { text });
        }
    }

    fn finish(mut self) -> Parsed {
        self.flush_prose();
        if let Some(fence) = self.fence {
            self.diagnostics.push(
                Diagnostic::warning(
                    UNCLOSED_FENCE,
                    "this code fence is never closed, so nothing after it is read as registry content",
                )
                .at_line(fence.line)
                .with_help(format!("close it with a line of {}", fence.mark.to_string().repeat(fence.len))),
            );
        }
        Parsed {
            registry: self.registry,
            diagnostics: self.diagnostics,
        }
    }
}

/// `(mark, length)` when `line` opens a code fence (``` or ~~~, indented at most 3 spaces).
fn opens_fence(line: &str) -> Option<(char, usize)> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let mark = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = trimmed.chars().take_while(|&c| c == mark).count();
    (len >= 3).then_some((mark, len))
}

/// True when `line` closes `fence`: only fence characters, at least as many.
fn closes_fence(line: &str, fence: Fence) -> bool {
    let t = line.trim();
    t.chars().count() >= fence.len && t.chars().all(|c| c == fence.mark)
}

/// `(heading number, title)` for `### Session #N: Title` (also `##`/`####`, no number, no title,
/// and `#N - Title` / `#N — Title` when there is a number).
pub fn session_heading(line: &str) -> Option<(Option<u32>, String)> {
    let HeadingParts {
        number,
        written,
        after,
    } = heading_parts(line)?;
    if after.is_empty() {
        return Some((number, String::new()));
    }
    if let Some(title) = after.strip_prefix(':') {
        return Some((number, title.trim().to_string()));
    }
    let dash = after
        .strip_prefix(['-', '–', '—'])
        .filter(|t| !written.is_empty() && t.starts_with([' ', '\t']))?;
    Some((number, dash.trim().to_string()))
}

/// `(number, title)` for any `### Session #N ...` heading: used when field bullets follow it.
fn loose_session_heading(line: &str) -> Option<(Option<u32>, String)> {
    let parts = heading_parts(line)?;
    if parts.written.is_empty() {
        return None;
    }
    let title = parts.after.trim_start_matches(|c: char| {
        c == ':' || c == '-' || c == '–' || c == '—' || c.is_whitespace()
    });
    Some((parts.number, title.trim().to_string()))
}

/// A `## Session [#]N...` heading split into its number and the text after it.
struct HeadingParts<'a> {
    /// The number, when it is digits that fit in `u32`.
    number: Option<u32>,
    /// The number as written (`4294967296`, `-1`); empty when the heading has none.
    written: &'a str,
    /// The trimmed text after the number.
    after: &'a str,
}

/// The parts of a `## Session [#]N...` heading.
fn heading_parts(line: &str) -> Option<HeadingParts<'_>> {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    if !(2..=4).contains(&hashes) {
        return None;
    }
    let rest = &line[hashes..];
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = rest.trim_start();
    let word = rest
        .get(..7)
        .filter(|w| w.eq_ignore_ascii_case("session"))?;
    let rest = &rest[word.len()..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t', '#', ':'])) {
        return None;
    }
    let rest = rest.trim_start();
    let rest = rest.strip_prefix('#').unwrap_or(rest);
    let negative = rest.starts_with('-') && rest[1..].starts_with(|c: char| c.is_ascii_digit());
    let len = usize::from(negative)
        + rest[usize::from(negative)..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
    let written = &rest[..len];
    Some(HeadingParts {
        number: written.parse::<u32>().ok(),
        written,
        after: rest[len..].trim(),
    })
}

/// The number a session heading writes but no session can hold (`#4294967296`, `#-1`), with its
/// 1-based column.
fn unusable_heading_number(line: &str) -> Option<(&str, u32)> {
    let parts = heading_parts(line)?;
    if parts.written.is_empty() || parts.number.is_some() {
        return None;
    }
    let offset = parts.written.as_ptr() as usize - line.as_ptr() as usize;
    let column = line[..offset].chars().count() + 1;
    Some((parts.written, u32::try_from(column).unwrap_or(u32::MAX)))
}

/// `(checked, text)` for a top-level `- [ ] text` / `- [x] text` line.
pub fn checklist_item(line: &str) -> Option<(bool, String)> {
    let rest = ["- [", "* [", "+ ["]
        .iter()
        .find_map(|p| line.strip_prefix(p))?;
    let mut chars = rest.chars();
    let checked = match chars.next()? {
        ' ' => false,
        'x' | 'X' => true,
        _ => return None,
    };
    let rest = chars.as_str().strip_prefix(']')?;
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    Some((checked, rest.trim().to_string()))
}

/// The title of a `# Title` line.
fn title_line(line: &str) -> Option<&str> {
    if line == "#" {
        return Some("");
    }
    line.strip_prefix("# ").map(str::trim)
}

/// True for a thematic break (`---`, `***`, `* * *`).
fn is_rule(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    t.len() >= 3 && (t.chars().all(|c| c == '-') || t.chars().all(|c| c == '*'))
}

/// The text after a bullet marker (`- `, `* `, `+ `, or a lone marker).
fn bullet_body(line: &str) -> Option<&str> {
    let mut chars = line.chars();
    if !matches!(chars.next()?, '-' | '*' | '+') {
        return None;
    }
    let rest = chars.as_str();
    if rest.is_empty() {
        return Some("");
    }
    rest.starts_with([' ', '\t']).then(|| rest.trim_start())
}

/// `(key, value)` for a top-level `- **KEY**: value` bullet (also `**KEY:**` and plain `KEY:`).
pub fn field_bullet(line: &str) -> Option<(String, String)> {
    if is_rule(line) {
        return None;
    }
    key_value(bullet_body(line)?)
}

/// A field line inside a session: a field bullet, or (`after_gap` false: no blank line before it)
/// an unbulleted `**KEY**: value` / `KEY: value` line; the header's keys (`Required`, `Purpose`,
/// `Current Status`) are never session fields.
fn session_field(line: &str, after_gap: bool) -> Option<(String, String)> {
    if let Some(field) = field_bullet(line) {
        return Some(field);
    }
    if after_gap || line.starts_with(char::is_whitespace) || bullet_body(line).is_some() {
        return None;
    }
    let (key, value) = key_value(line)?;
    let header = ["purpose", "required", "current status"];
    (!header.contains(&key.to_ascii_lowercase().as_str())).then_some((key, value))
}

/// The text of an indented sub-bullet (`  - item`).
fn sub_item(line: &str) -> Option<String> {
    if !line.starts_with([' ', '\t']) {
        return None;
    }
    bullet_body(line.trim_start()).map(|t| t.trim().to_string())
}

/// `(key, value)` for a non-bullet `**KEY**: value` line.
fn bold_key_line(line: &str) -> Option<(String, String)> {
    line.starts_with("**").then(|| key_value(line)).flatten()
}

/// Splits `**KEY**: value`, `**KEY:** value` or `KEY: value` (upper-case key) into trimmed parts.
fn key_value(body: &str) -> Option<(String, String)> {
    let (key, value) = match body.strip_prefix("**") {
        Some(rest) => {
            let (raw, after) = rest.split_once("**")?;
            match raw.strip_suffix(':') {
                Some(key) => (key, after),
                None => (raw, after.trim_start().strip_prefix(':')?),
            }
        }
        None => {
            let (key, value) = body.split_once(':')?;
            let plain = key.starts_with(|c: char| c.is_ascii_uppercase())
                && key
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
            plain.then_some((key, value))?
        }
    };
    let key = key.trim();
    if !crate::model::is_field_key(key) {
        return None;
    }
    Some((key.to_string(), value.trim().to_string()))
}

/// The byte range and value of the first run of ASCII digits (`None` value on overflow).
pub fn first_number(text: &str) -> Option<(usize, usize, Option<u32>)> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let len = text[start..].bytes().take_while(u8::is_ascii_digit).count();
    let end = start + len;
    Some((start, end, text[start..end].parse().ok()))
}

/// True when `line` is a `**KEY**: ...` line whose key is `key` (case-insensitive).
pub fn is_key_line(line: &str, key: &str) -> bool {
    bold_key_line(line).is_some_and(|(k, _)| k.eq_ignore_ascii_case(key))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::model::Status;

    const SEED: &str = include_str!("../../../tests/fixtures/marketing-registry.md");

    #[test]
    fn seed_has_twelve_sessions_with_all_fields() {
        let parsed = parse_markdown(SEED);
        let r = &parsed.registry;
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        assert_eq!(r.title, "Session Identity Registry - Universal Consensus");
        assert_eq!(r.required, Some(12));
        assert_eq!(r.stated_registered, Some(0));
        assert_eq!(r.stated_line, Some(229));
        let numbers: Vec<_> = r.sessions.iter().map(|s| s.number()).collect();
        assert_eq!(numbers, (1..=12).map(Some).collect::<Vec<_>>());
        for s in &r.sessions {
            assert_eq!(s.heading_number, s.number());
            assert!(s.role().is_some() && s.goal().is_some() && s.session_name().is_some());
            assert_eq!(s.status(), Some(Status::Pending));
            assert!(s.responsibilities().len() >= 4);
        }
        let four = &r.sessions[3];
        assert_eq!(four.title, "Outreach Team Leader");
        assert_eq!(four.line, 68);
        assert_eq!(four.legacy_id(), Some("session-1763243115"));
        assert_eq!(four.line_of("GOAL"), 71);
    }

    #[test]
    fn seed_checklist_has_six_unticked_items_with_lines() {
        let r = parse_markdown(SEED).registry;
        assert_eq!(r.checklist.len(), 6);
        assert!(r.checklist.iter().all(|i| !i.checked));
        assert_eq!(
            r.checklist[0].text,
            "All 12 sessions registered with unique numbers"
        );
        assert_eq!(r.checklist[0].line, 222);
    }

    #[test]
    fn example_headings_in_prose_are_not_sessions() {
        assert_eq!(session_heading("### Session #1 Example:"), None);
        assert_eq!(session_heading("### Sessions overview"), None);
        assert_eq!(
            session_heading("### Session #4: Outreach Team Leader"),
            Some((Some(4), "Outreach Team Leader".into()))
        );
        assert_eq!(
            session_heading("## session 7"),
            Some((Some(7), String::new()))
        );
        assert_eq!(
            session_heading("### Session: Spare"),
            Some((None, "Spare".into()))
        );
        assert_eq!(
            session_heading("### Session #5 — Writer"),
            Some((Some(5), "Writer".into()))
        );
        assert_eq!(session_heading("### Session - overview"), None);
    }

    #[test]
    fn other_heading_spellings_count_when_fields_follow() {
        let text = "# Registry\n### Session #4 Outreach Lead\n\n- **NUMBER**: 4\n### Session #1 Example:\n```\nNUMBER: 1\n```\n";
        let r = parse_markdown(text).registry;
        assert_eq!(r.sessions.len(), 1);
        assert_eq!(r.sessions[0].title, "Outreach Lead");
        assert_eq!(r.sessions[0].number(), Some(4));
    }

    #[test]
    fn key_variants_are_read_alike() {
        for line in [
            "- **ROLE**: Closer",
            "- **ROLE:** Closer",
            "* **ROLE** : Closer",
            "- ROLE: Closer",
        ] {
            assert_eq!(
                field_bullet(line),
                Some(("ROLE".into(), "Closer".into())),
                "{line}"
            );
        }
        assert_eq!(field_bullet("- Note: lowercase key"), None);
        assert_eq!(field_bullet("---"), None);
    }

    #[test]
    fn crlf_bom_and_blank_lines_keep_line_numbers() {
        let text = "\u{FEFF}# Registry\r\n\r\n### Session #2: B\r\n\r\n- **NUMBER**: 2\r\n\r\n\r\n- **RESPONSIBILITIES**:\r\n  - one\r\n";
        let r = parse_markdown(text).registry;
        let s = &r.sessions[0];
        assert_eq!(s.line, 3);
        assert_eq!(s.fields[0].line, 5);
        assert_eq!(s.fields[0].value, "2");
        assert_eq!(s.fields[1].line, 8);
        assert_eq!(
            s.fields[1].items[0],
            Spanned {
                text: "one".into(),
                line: 9
            }
        );
    }

    #[test]
    fn classic_mac_line_endings_are_lines() {
        let r = parse_markdown("# Registry\r### Session #1: A\r- **NUMBER**: 1\r").registry;
        assert_eq!(r.sessions[0].fields[0].line, 3);
    }

    #[test]
    fn unbulleted_field_lines_are_fields() {
        let text = "# Registry\n### Session #3: C\n**NUMBER**: 3\n**ROLE:** Writer\nGOAL: Write 3 posts\n**Status**: ✅ REGISTERED\n**Current Status**: 1/3 sessions registered\n\n### Session #4: D\n- **NUMBER**: 4\n\n**Next Action**: register\n";
        let r = parse_markdown(text).registry;
        let keys: Vec<_> = r.sessions[0]
            .fields
            .iter()
            .map(|f| f.key.as_str())
            .collect();
        assert_eq!(keys, ["NUMBER", "ROLE", "GOAL", "Status"]);
        assert_eq!(r.sessions[0].status(), Some(Status::Registered));
        assert_eq!(r.stated_registered, Some(1));
        assert_eq!(
            r.sessions[1].fields.len(),
            1,
            "a bold line after a blank line is prose"
        );
    }

    #[test]
    fn stray_carriage_return_in_a_key_is_not_a_field() {
        let parsed = parse_markdown("### Session #3: C\n- **NUMBER**: 3\n- **NU\rBER**: 4\n");
        let keys: Vec<_> = parsed.registry.sessions[0]
            .fields
            .iter()
            .map(|f| f.key.as_str())
            .collect();
        assert_eq!(
            keys,
            ["NUMBER"],
            "found by the registry_markdown fuzz target"
        );
    }

    #[test]
    fn unknown_fields_are_kept_in_order() {
        let text =
            "### Session #3: C\n- **MOOD**: calm\n- **NUMBER**: 3\n- **X_EXTRA**: <b>hi</b>\n";
        let s = &parse_markdown(text).registry.sessions[0];
        let keys: Vec<_> = s.fields.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, ["MOOD", "NUMBER", "X_EXTRA"]);
        assert_eq!(s.text("X_EXTRA"), Some("<b>hi</b>"));
    }

    #[test]
    fn malformed_bullet_ends_fields_with_a_warning() {
        let text = "### Session #3: C\n- **NUMBER**: 3\n- just a note\n- **ROLE**: lost\n";
        let parsed = parse_markdown(text);
        assert_eq!(parsed.registry.sessions[0].fields.len(), 1);
        let d = &parsed.diagnostics[0];
        assert_eq!(
            (d.code.as_str(), d.line, d.session),
            (MALFORMED_FIELD, Some(3), Some(3))
        );
    }

    #[test]
    fn fenced_lines_are_prose() {
        let text = "# Registry\n```\n### Session #1: Inside\n- [ ] not a box\n```\n### Session #2: Outside\n";
        let r = parse_markdown(text).registry;
        assert_eq!(r.sessions.len(), 1);
        assert_eq!(r.sessions[0].heading_number, Some(2));
        assert!(r.checklist.is_empty());
    }

    #[test]
    fn unclosed_fence_is_reported() {
        let parsed = parse_markdown("# Registry\n~~~\n### Session #1: A\n");
        assert!(parsed.registry.sessions.is_empty());
        assert_eq!(parsed.diagnostics[0].code, UNCLOSED_FENCE);
        assert_eq!(parsed.diagnostics[0].line, Some(2));
    }

    #[test]
    fn unreadable_counts_warn() {
        let parsed =
            parse_markdown("# Registry\n**Required**: everyone\n**Current Status**: unknown\n");
        assert_eq!(parsed.registry.required, None);
        assert_eq!(parsed.diagnostics.len(), 2);
        assert!(parsed
            .diagnostics
            .iter()
            .all(|d| d.code == UNREADABLE_COUNT));
    }

    #[test]
    fn ticked_boxes_are_checked() {
        let r = parse_markdown("# Registry\n- [x] done\n- [X] also\n- [ ]\n").registry;
        let got: Vec<_> = r
            .checklist
            .iter()
            .map(|i| (i.checked, i.text.as_str()))
            .collect();
        assert_eq!(got, [(true, "done"), (true, "also"), (false, "")]);
    }
}
