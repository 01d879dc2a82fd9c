//! The markdown renderer: model → the seed's layout, prose kept verbatim, modelled parts rewritten.
//!
//! `parse_registry(&render_markdown(&m))` gives back `m` (lines aside, see
//! [`Registry::without_lines`]) for every parsed registry and for registries built in code.

use crate::model::{Block, ChecklistItem, Registry, Session};
use crate::parse::markdown::{first_number, is_key_line};

/// Renders the registry as markdown in the seed's layout, ending with one newline.
///
/// A registry without blocks (e.g. hand-written registry.json) gets the canonical layout
/// ([`canonical_blocks`]); modelled parts without a marker are placed where the seed puts them.
pub fn render_markdown(registry: &Registry) -> String {
    let blocks = effective_blocks(registry);
    let last_sessions = blocks
        .iter()
        .rposition(|b| matches!(b, Block::Sessions { .. }));
    let last_checklist = blocks
        .iter()
        .rposition(|b| matches!(b, Block::Checklist { .. }));
    let mut sessions = registry.sessions.iter();
    let mut items = registry.checklist.iter();
    let mut out = String::new();
    for (i, block) in blocks.iter().enumerate() {
        match block {
            Block::Prose { text } => {
                for line in text.split('\n') {
                    push_line(&mut out, line);
                }
            }
            Block::Title => push_line(&mut out, &title_line(&registry.title)),
            Block::Purpose => {
                if let Some(purpose) = &registry.purpose {
                    push_line(&mut out, &key_line("Purpose", purpose));
                }
            }
            Block::Required { text } => {
                let line = count_line(text, "Required", registry.required, required_text);
                if let Some(line) = line {
                    push_line(&mut out, &line);
                }
            }
            Block::CurrentStatus { text } => {
                let total = total(registry);
                let line = count_line(text, "Current Status", registry.stated_registered, |n| {
                    status_text(n, total)
                });
                if let Some(line) = line {
                    push_line(&mut out, &line);
                }
            }
            Block::Sessions { count } => {
                let take = if Some(i) == last_sessions {
                    usize::MAX
                } else {
                    *count
                };
                for (k, session) in sessions.by_ref().take(take).enumerate() {
                    if k > 0 {
                        out.push_str("\n---\n\n");
                    }
                    push_session(&mut out, session);
                }
            }
            Block::Checklist { count } => {
                let take = if Some(i) == last_checklist {
                    usize::MAX
                } else {
                    *count
                };
                for item in items.by_ref().take(take) {
                    push_line(&mut out, &checklist_line(item));
                }
            }
        }
    }
    out
}

/// Appends `line` and a newline.
fn push_line(out: &mut String, line: &str) {
    out.push_str(line);
    out.push('\n');
}

/// The canonical layout for a registry that has no blocks: the seed's headings and order.
pub fn canonical_blocks(registry: &Registry) -> Vec<Block> {
    let mut blocks = Vec::new();
    if !registry.title.is_empty() {
        blocks.push(Block::Title);
        push_prose(&mut blocks, "");
    }
    if registry.purpose.is_some() {
        blocks.push(Block::Purpose);
    }
    if let Some(n) = registry.required {
        blocks.push(Block::Required {
            text: required_text(n),
        });
    }
    push_prose(&mut blocks, "\n---\n\n## 🎯 Current Session Registry\n");
    if !registry.sessions.is_empty() {
        blocks.push(Block::Sessions {
            count: registry.sessions.len(),
        });
    }
    push_prose(&mut blocks, "\n---\n\n## ✅ Consensus Validation\n");
    if !registry.checklist.is_empty() {
        blocks.push(Block::Checklist {
            count: registry.checklist.len(),
        });
        push_prose(&mut blocks, "");
    }
    if let Some(n) = registry.stated_registered {
        blocks.push(Block::CurrentStatus {
            text: status_text(n, total(registry)),
        });
    }
    blocks
}

/// The blocks to render: the registry's own, plus markers for modelled parts that lack one.
fn effective_blocks(registry: &Registry) -> Vec<Block> {
    if registry.blocks.is_empty() {
        return canonical_blocks(registry);
    }
    let mut blocks = registry.blocks.clone();
    let has = |blocks: &[Block], f: fn(&Block) -> bool| blocks.iter().any(f);
    if !registry.title.is_empty() && !has(&blocks, |b| matches!(b, Block::Title)) {
        blocks.insert(0, Block::Title);
    }
    let after_header = |blocks: &[Block]| {
        blocks
            .iter()
            .rposition(|b| matches!(b, Block::Title | Block::Purpose | Block::Required { .. }))
            .map_or(0, |i| i + 1)
    };
    if registry.purpose.is_some() && !has(&blocks, |b| matches!(b, Block::Purpose)) {
        let at = after_header(&blocks);
        blocks.insert(at, Block::Purpose);
    }
    if let Some(n) = registry.required {
        if !has(&blocks, |b| matches!(b, Block::Required { .. })) {
            let at = after_header(&blocks);
            let text = required_text(n);
            blocks.insert(at, Block::Required { text });
        }
    }
    let before_tail = |blocks: &[Block]| {
        blocks
            .iter()
            .position(|b| matches!(b, Block::Checklist { .. } | Block::CurrentStatus { .. }))
            .unwrap_or(blocks.len())
    };
    if !registry.sessions.is_empty() && !has(&blocks, |b| matches!(b, Block::Sessions { .. })) {
        let at = before_tail(&blocks);
        let count = registry.sessions.len();
        insert_between_blanks(&mut blocks, at, Block::Sessions { count });
    }
    if !registry.checklist.is_empty() && !has(&blocks, |b| matches!(b, Block::Checklist { .. })) {
        let at = blocks
            .iter()
            .position(|b| matches!(b, Block::CurrentStatus { .. }))
            .unwrap_or(blocks.len());
        let count = registry.checklist.len();
        insert_between_blanks(&mut blocks, at, Block::Checklist { count });
    }
    if let Some(n) = registry.stated_registered {
        if !has(&blocks, |b| matches!(b, Block::CurrentStatus { .. })) {
            let text = status_text(n, total(registry));
            blocks.extend([blank(), Block::CurrentStatus { text }]);
        }
    }
    blocks
}

/// One empty prose line.
fn blank() -> Block {
    Block::Prose {
        text: String::new(),
    }
}

/// Appends prose, merging with a preceding prose block so the list stays as the parser makes it.
fn push_prose(blocks: &mut Vec<Block>, text: &str) {
    if let Some(Block::Prose { text: previous }) = blocks.last_mut() {
        previous.push('\n');
        previous.push_str(text);
    } else {
        blocks.push(Block::Prose {
            text: text.to_string(),
        });
    }
}

/// The count of sessions a status line is out of: `required`, else the number of sessions.
fn total(registry: &Registry) -> usize {
    registry
        .required
        .map_or(registry.sessions.len(), |n| n as usize)
}

/// The canonical `**Required**:` line.
fn required_text(n: u32) -> String {
    format!("**Required**: All {n} sessions must register before activation")
}

/// The canonical `**Current Status**:` line.
fn status_text(n: u32, total: usize) -> String {
    format!("**Current Status**: {n}/{total} sessions registered")
}

/// A count line: as written when its number matches `value`, else with the number replaced.
///
/// `None` when the model has no count but the written line states one (the line is dropped).
fn count_line(
    text: &str,
    key: &str,
    value: Option<u32>,
    canonical: impl Fn(u32) -> String,
) -> Option<String> {
    let text = one_line(text);
    if !is_key_line(&text, key) {
        return value.map(canonical);
    }
    let found = first_number(&text);
    let written = found.and_then(|(_, _, n)| n);
    if written == value {
        return Some(text);
    }
    match (value, found) {
        (Some(n), Some((start, end, _))) => Some(format!("{}{n}{}", &text[..start], &text[end..])),
        (Some(n), None) => Some(canonical(n)),
        (None, _) => None,
    }
}

/// `# Title` (a lone `#` for an empty title).
fn title_line(title: &str) -> String {
    prefixed("# ", title)
}

/// `**Key**: value` (no trailing space when the value is empty).
fn key_line(key: &str, value: &str) -> String {
    let value = one_line(value);
    if value.is_empty() {
        format!("**{key}**:")
    } else {
        format!("**{key}**: {value}")
    }
}

/// Appends a session section: heading, then `- **KEY**: value` fields with `  - item` sub-bullets.
fn push_session(out: &mut String, session: &Session) {
    push_line(out, &session_heading(session));
    for field in &session.fields {
        out.push_str("- ");
        push_line(out, &key_line(&field.key, &field.value));
        for item in &field.items {
            push_line(out, &prefixed("  - ", &item.text));
        }
    }
}

/// `### Session #N: Title`, leaving out the parts the session does not have.
fn session_heading(session: &Session) -> String {
    let title = one_line(&session.title);
    let number = session
        .heading_number
        .map_or_else(String::new, |n| format!(" #{n}"));
    if title.is_empty() {
        format!("### Session{number}")
    } else {
        format!("### Session{number}: {title}")
    }
}

/// `- [ ] text` or `- [x] text`.
fn checklist_line(item: &ChecklistItem) -> String {
    let mark = if item.checked { "- [x] " } else { "- [ ] " };
    prefixed(mark, &item.text)
}

/// Inserts `block` at `at` with a blank prose line either side (three `insert`s rather than
/// `splice`, whose drop code for `Block` is ~1.3 KB of wasm).
fn insert_between_blanks(blocks: &mut Vec<Block>, at: usize, block: Block) {
    blocks.insert(at, blank());
    blocks.insert(at, block);
    blocks.insert(at, blank());
}

/// `prefix` then `text` on one line, without trailing white space (a lone `#` for an empty title).
fn prefixed(prefix: &str, text: &str) -> String {
    let mut line = prefix.to_string();
    line.push_str(&one_line(text));
    line.truncate(line.trim_end().len());
    line
}

/// `text` trimmed, with line breaks replaced by spaces so one value stays on one line.
fn one_line(text: &str) -> String {
    text.trim().replace(['\r', '\n'], " ")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::model::Field;
    use crate::parse::parse_registry;

    const SEED: &str = include_str!("../../tests/fixtures/marketing-registry.md");

    #[test]
    fn seed_renders_byte_identical() {
        let registry = parse_registry(SEED).unwrap().registry;
        assert_eq!(render_markdown(&registry), SEED);
    }

    #[test]
    fn changed_counts_rewrite_their_lines_only() {
        let mut registry = parse_registry(SEED).unwrap().registry;
        registry.required = Some(13);
        registry.stated_registered = Some(4);
        let out = render_markdown(&registry);
        assert!(out.contains("**Required**: All 13 sessions must register before activation\n"));
        assert!(out.contains("**Current Status**: 4/12 sessions registered\n"));
        assert_eq!(out.lines().count(), SEED.lines().count());
    }

    #[test]
    fn added_session_goes_after_the_last_one() {
        let mut registry = parse_registry(SEED).unwrap().registry;
        registry.sessions.push(Session {
            line: 0,
            heading_number: Some(13),
            title: "Spare".into(),
            fields: vec![Field {
                key: "NUMBER".into(),
                value: "13".into(),
                line: 0,
                items: vec![],
            }],
        });
        let out = render_markdown(&registry);
        assert!(out.contains("- **STATUS**: ⏳ PENDING REGISTRATION\n\n---\n\n### Session #13: Spare\n- **NUMBER**: 13\n\n---\n\n## 📋"));
        let again = parse_registry(&out).unwrap().registry.without_lines();
        let expected = registry.without_lines();
        assert_eq!(again.sessions, expected.sessions);
        assert_eq!(again.checklist, expected.checklist);
    }

    #[test]
    fn registry_without_blocks_gets_the_canonical_layout() {
        let mut registry = parse_registry(SEED).unwrap().registry;
        registry.blocks.clear();
        let out = render_markdown(&registry);
        assert!(
            out.starts_with("# Session Identity Registry - Universal Consensus\n\n**Purpose**: ")
        );
        let again = parse_registry(&out).unwrap().registry;
        assert_eq!(again.sessions.len(), 12);
        assert_eq!(
            again.checklist,
            parse_registry(&out).unwrap().registry.checklist
        );
        assert_eq!(again.blocks, canonical_blocks(&registry));
        let mut expected = registry.without_lines();
        expected.blocks = canonical_blocks(&registry);
        assert_eq!(again.without_lines(), expected);
    }

    #[test]
    fn line_breaks_in_values_stay_on_one_line() {
        let mut registry = parse_registry(SEED).unwrap().registry;
        registry.sessions[0].fields[1].value = "two\nlines".into();
        let out = render_markdown(&registry);
        assert!(out.contains("- **ROLE**: two lines\n"));
    }
}
