//! Recovery of message files the old `session-send-message.sh` wrote without escaping.
//!
//! The old script pasted its arguments into this heredoc (unquoted `EOF`, so the values went in
//! verbatim, with no JSON escaping at all):
//!
//! ```text
//! cat > "$MESSAGE_FILE" << EOF
//! {
//!   "from": "$FROM_SESSION",
//!   "to": "$TO",
//!   "timestamp": "$TIMESTAMP",
//!   "subject": "$SUBJECT",
//!   "message": "$MESSAGE"
//! }
//! EOF
//! ```
//!
//! So a body with a newline, a tab, a `"` or a `\!` made the file invalid JSON. Recovery leans on
//! the fixed layout instead of the JSON grammar: the five keys always come in that order, each
//! value opens right after `"key": "` and closes right before the `",` that precedes the next
//! key (the first such separator wins), and the message closes at the last `"` before the final
//! `}`. Inside a value, valid JSON escapes (`\"`, `\\`, `\n`, `\uXXXX`, ...) are decoded as a JSON
//! reader would. `\!` and `\'` are shell artifacts (bash keeps the backslash of `\!`, typed to dodge
//! history expansion, and of `\'` inside double quotes), so they are read as the `!` and `'` the
//! sender meant. Everything else (raw newlines, tabs and other control characters, bare `"`, other
//! invalid escapes such as `\x`, kept as the two characters) is taken as the sender's text.
//! Each kind of repair is reported once per field as a warning with the line of its first place.

use super::Message;
use crate::diagnostic::Diagnostic;

/// The five legacy keys in the order the old script wrote them.
const KEYS: [&str; 5] = ["from", "to", "timestamp", "subject", "message"];

/// A message read from a file, with what had to be repaired to read it (empty for valid JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovered {
    /// The message's fields.
    pub message: Message,
    /// One warning per kind of repair and field (`legacy-raw-control`, `legacy-unescaped-quote`,
    /// `legacy-invalid-escape`), located at the first place it applied.
    pub repairs: Vec<Diagnostic>,
}

/// Recovers the five fields of an old message file that is not valid JSON, using the old
/// script's fixed layout (see the module docs); `Err` says why the text is unrecoverable
/// (code `legacy-unrecoverable`). Never modifies anything: it only reads `text`.
#[allow(clippy::result_large_err)] // Diagnostic is the one error type; these run once per file
pub fn recover_legacy_message(text: &str) -> Result<Recovered, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let spans = locate_values(text)?;
    let mut repairs = Vec::new();
    let mut values: Vec<String> = Vec::with_capacity(5);
    for (key, (start, end)) in KEYS.iter().zip(spans) {
        let (value, found) = decode(&text[start..end]);
        repairs.extend(found.into_diagnostics(key, text, start));
        values.push(value);
    }
    let mut fields = values.into_iter();
    let mut next = || fields.next().unwrap_or_default();
    let message = Message {
        from: next(),
        to: next(),
        timestamp: next(),
        subject: next(),
        message: next(),
        id: None,
        thread: None,
        reply_to: None,
        ack_required: false,
    };
    Ok(Recovered { message, repairs })
}

fn unrecoverable(text: &str, at: usize, why: impl Into<String>) -> Diagnostic {
    let (line, column) = line_column(text, at);
    Diagnostic::error(
        "legacy-unrecoverable",
        format!(
            "not valid JSON and not the old five-field layout: {}",
            why.into()
        ),
    )
    .at(line, column)
    .with_help("the file is left as it is; open it to read it by hand")
}

/// Byte ranges of the five raw values, in key order.
#[allow(clippy::result_large_err)]
fn locate_values(text: &str) -> Result<[(usize, usize); 5], Diagnostic> {
    let bytes = text.as_bytes();
    let mut pos = skip_ws(bytes, 0);
    if bytes.get(pos) != Some(&b'{') {
        return Err(unrecoverable(text, pos, "it does not start with `{`"));
    }
    pos = skip_ws(bytes, pos + 1);
    let mut start = open_value(bytes, pos, KEYS[0])
        .ok_or_else(|| unrecoverable(text, pos, "the first key is not \"from\""))?;
    let mut spans = [(0, 0); 5];
    for (i, key) in KEYS.iter().enumerate().skip(1) {
        let (end, next) = find_separator(bytes, start, key).ok_or_else(|| {
            unrecoverable(
                text,
                start,
                format!("no \"{key}\" key after \"{}\"", KEYS[i - 1]),
            )
        })?;
        spans[i - 1] = (start, end);
        start = next;
    }
    let end = closing_quote(bytes, start)
        .ok_or_else(|| unrecoverable(text, start, "the message does not end with `\"` and `}`"))?;
    spans[4] = (start, end);
    Ok(spans)
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn skip_ws(bytes: &[u8], mut pos: usize) -> usize {
    while pos < bytes.len() && is_ws(bytes[pos]) {
        pos += 1;
    }
    pos
}

/// At `pos`, expects `"key"`, optional space, `:`, optional space, `"`; returns where the value starts.
fn open_value(bytes: &[u8], pos: usize, key: &str) -> Option<usize> {
    let quoted = format!("\"{key}\"");
    if !bytes[pos..].starts_with(quoted.as_bytes()) {
        return None;
    }
    let colon = skip_ws(bytes, pos + quoted.len());
    if bytes.get(colon) != Some(&b':') {
        return None;
    }
    let quote = skip_ws(bytes, colon + 1);
    (bytes.get(quote) == Some(&b'"')).then_some(quote + 1)
}

/// The first `" , "key" : "` at or after `from`: returns (end of previous value, start of next).
fn find_separator(bytes: &[u8], from: usize, key: &str) -> Option<(usize, usize)> {
    let quoted = format!("\"{key}\"");
    let mut search = from;
    while let Some(offset) = find(&bytes[search..], quoted.as_bytes()) {
        let at = search + offset;
        if let (Some(end), Some(next)) =
            (closes_before(bytes, from, at), open_value(bytes, at, key))
        {
            return Some((end, next));
        }
        search = at + 1;
    }
    None
}

/// Walking back from `at`: white space, `,`, white space, `"`; returns that quote's index.
fn closes_before(bytes: &[u8], floor: usize, at: usize) -> Option<usize> {
    let mut i = at;
    while i > floor && is_ws(bytes[i - 1]) {
        i -= 1;
    }
    if i <= floor || bytes[i - 1] != b',' {
        return None;
    }
    i -= 1;
    while i > floor && is_ws(bytes[i - 1]) {
        i -= 1;
    }
    (i > floor && bytes[i - 1] == b'"').then(|| i - 1)
}

/// The message's closing quote: the last `"` before the final `}` (only white space between).
fn closing_quote(bytes: &[u8], floor: usize) -> Option<usize> {
    let mut i = bytes.len();
    while i > floor && is_ws(bytes[i - 1]) {
        i -= 1;
    }
    if i <= floor || bytes[i - 1] != b'}' {
        return None;
    }
    i -= 1;
    while i > floor && is_ws(bytes[i - 1]) {
        i -= 1;
    }
    (i > floor && bytes[i - 1] == b'"').then(|| i - 1)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// First byte offset (within the raw value) and count of each kind of repair.
#[derive(Default)]
struct Found {
    control: Option<(usize, usize)>,
    quote: Option<(usize, usize)>,
    escape: Option<(usize, usize)>,
}

fn note(slot: &mut Option<(usize, usize)>, at: usize) {
    match slot {
        Some((_, count)) => *count += 1,
        None => *slot = Some((at, 1)),
    }
}

impl Found {
    fn into_diagnostics(self, key: &str, text: &str, base: usize) -> Vec<Diagnostic> {
        let kinds = [
            (
                self.control,
                "legacy-raw-control",
                "raw control character(s) (newline, tab, ...) kept as text",
            ),
            (
                self.quote,
                "legacy-unescaped-quote",
                "unescaped double quote(s) kept as text",
            ),
            (
                self.escape,
                "legacy-invalid-escape",
                "shell escape(s) `\\!`/`\\'` read as `!`/`'`, other invalid escapes kept as written",
            ),
        ];
        kinds
            .into_iter()
            .filter_map(|(slot, code, what)| {
                let (at, count) = slot?;
                let (line, column) = line_column(text, base + at);
                Some(
                    Diagnostic::warning(code, format!("\"{key}\": {count} {what}"))
                        .at(line, column),
                )
            })
            .collect()
    }
}

/// Decodes one raw value: valid JSON escapes decoded, everything else taken literally.
fn decode(raw: &str) -> (String, Found) {
    let mut out = String::with_capacity(raw.len());
    let mut found = Found::default();
    let mut chars = raw.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => match chars.peek().map(|&(_, n)| n) {
                Some(n) if simple_escape(n).is_some() => {
                    chars.next();
                    out.extend(simple_escape(n));
                }
                Some('u') => match unicode_escape(&raw[at..]) {
                    Some((decoded, len)) => {
                        out.push(decoded);
                        while chars.peek().is_some_and(|&(i, _)| i < at + len) {
                            chars.next();
                        }
                    }
                    None => {
                        note(&mut found.escape, at);
                        out.push('\\');
                    }
                },
                Some(n @ ('!' | '\'')) => {
                    chars.next();
                    note(&mut found.escape, at);
                    out.push(n);
                }
                Some(_) => {
                    note(&mut found.escape, at);
                    out.push('\\');
                }
                None => out.push('\\'),
            },
            '"' => {
                note(&mut found.quote, at);
                out.push('"');
            }
            c if (c as u32) < 0x20 => {
                note(&mut found.control, at);
                out.push(c);
            }
            c => out.push(c),
        }
    }
    (out, found)
}

fn simple_escape(c: char) -> Option<char> {
    Some(match c {
        '"' => '"',
        '\\' => '\\',
        '/' => '/',
        'b' => '\u{8}',
        'f' => '\u{c}',
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        _ => return None,
    })
}

/// Decodes `\uXXXX` (or a `\uD8xx\uDCxx` surrogate pair) at the start of `s`: (char, bytes used).
fn unicode_escape(s: &str) -> Option<(char, usize)> {
    let unit = |from: usize| -> Option<u32> {
        let hex = s.get(from + 2..from + 6)?;
        if s.get(from..from + 2)? != "\\u" || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(hex, 16).ok()
    };
    let first = unit(0)?;
    if (0xD800..0xDC00).contains(&first) {
        let second = unit(6).filter(|u| (0xDC00..0xE000).contains(u))?;
        let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
        return char::from_u32(code).map(|c| (c, 12));
    }
    char::from_u32(first).map(|c| (c, 6))
}

/// 1-based line and column (in characters) of byte offset `at`.
fn line_column(text: &str, at: usize) -> (u32, u32) {
    let at = at.min(text.len());
    let before = text.get(..at).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line as u32, column as u32)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// What the old heredoc produced for these arguments, byte for byte.
    fn old_script(from: &str, to: &str, subject: &str, message: &str) -> String {
        format!(
            "{{\n  \"from\": \"{from}\",\n  \"to\": \"{to}\",\n  \"timestamp\": \"2025-10-01T12:00:00Z\",\n  \"subject\": \"{subject}\",\n  \"message\": \"{message}\"\n}}\n"
        )
    }

    #[test]
    fn raw_newlines_and_tabs_are_recovered() {
        let body = "line one\nline\ttwo\n\nend";
        let text = old_script("3", "orchestrator", "Status", body);
        assert!(serde_json::from_str::<serde_json::Value>(&text).is_err());
        let r = recover_legacy_message(&text).unwrap();
        assert_eq!(r.message.message, body);
        assert_eq!(r.message.from, "3");
        assert_eq!(r.message.timestamp, "2025-10-01T12:00:00Z");
        assert_eq!(r.repairs.len(), 1);
        assert_eq!(r.repairs[0].code, "legacy-raw-control");
        assert_eq!(r.repairs[0].line, Some(6));
        assert!(r.repairs[0].message.contains("4 raw control"));
    }

    #[test]
    fn unescaped_quotes_are_recovered() {
        let body = "Reply: \"CONSENSUS-1: ACKNOWLEDGED\", \"to\": \"x\"";
        let subject = "Re: \"vote\"";
        let r = recover_legacy_message(&old_script("7", "1", subject, body)).unwrap();
        assert_eq!(r.message.message, body);
        assert_eq!(r.message.subject, subject);
        let codes: Vec<&str> = r.repairs.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["legacy-unescaped-quote", "legacy-unescaped-quote"]);
    }

    #[test]
    fn invalid_escapes_are_kept_and_valid_ones_decoded() {
        let r = recover_legacy_message(&old_script(
            "2",
            "broadcast",
            "Done\\!",
            "Great work\\! \\\"ok\\\" \\u00e9 \\ud83c\\udf89 \\x",
        ))
        .unwrap();
        assert_eq!(r.message.subject, "Done!");
        assert_eq!(r.message.message, "Great work! \"ok\" é 🎉 \\x");
        assert!(r.repairs.iter().all(|d| d.code == "legacy-invalid-escape"));
        assert_eq!(r.repairs.len(), 2);
    }

    #[test]
    fn message_ending_in_backslash_and_crlf_layout() {
        let text = old_script("2", "4", "path", "C:\\").replace('\n', "\r\n");
        let r = recover_legacy_message(&text).unwrap();
        assert_eq!(r.message.message, "C:\\");
        assert_eq!(r.message.to, "4");
    }

    #[test]
    fn message_quoting_the_layout_keeps_everything_after_the_first_key() {
        let body = "see:\n  \"message\": \"nested\"\n}";
        let r = recover_legacy_message(&old_script("a", "b", "s", body)).unwrap();
        assert_eq!(r.message.message, body);
    }

    #[test]
    fn truncated_or_foreign_text_is_unrecoverable_with_a_reason() {
        let full = old_script("a", "b", "s", "body\nmore");
        let cut = &full[..full.len() - 8];
        let d = recover_legacy_message(cut).unwrap_err();
        assert_eq!(d.code, "legacy-unrecoverable");
        assert!(d.message.contains("does not end"), "{}", d.message);
        for foreign in [
            "",
            "hello",
            "{\"to\": \"x\"}",
            "{\n  \"from\": \"a\",\n  \"subject\": \"s\"\n}",
        ] {
            let d = recover_legacy_message(foreign).unwrap_err();
            assert_eq!(d.code, "legacy-unrecoverable", "{foreign:?}");
        }
    }

    #[test]
    fn valid_json_files_read_without_repairs() {
        let text = "{\n  \"from\": \"a\",\n  \"to\": \"b\",\n  \"timestamp\": \"t\",\n  \"subject\": \"s\",\n  \"message\": \"x\\ny\"\n}\n";
        let r = super::super::read_message(text).unwrap();
        assert_eq!(r.message.message, "x\ny");
        assert!(r.repairs.is_empty());
    }

    proptest::proptest! {
        /// Any body without a backslash (quotes, newlines, control characters, braces, emoji)
        /// comes back exactly from what the old script wrote.
        #[test]
        fn any_backslash_free_body_round_trips(
            body in "[^\\\\]{0,200}",
            subject in "[^\\\\\"\n]{1,60}",
        ) {
            let text = old_script("3", "orchestrator", &subject, &body);
            let r = recover_legacy_message(&text).unwrap();
            proptest::prop_assert_eq!(r.message.message, body);
            proptest::prop_assert_eq!(r.message.subject, subject);
        }
    }
}
