//! The reader: JSON text to a [`Value`], strict RFC 8259, with precise errors.
//!
//! Refused: trailing commas, comments, unescaped control characters in strings, unknown escapes,
//! lone surrogates (`\ud800`), leading zeros, `NaN`, duplicate keys in one object, and nesting
//! deeper than [`MAX_DEPTH`]. A byte-order mark before the value is skipped.

use super::value::{Kind, Value};
use std::borrow::Cow;
use std::fmt;

/// How deep arrays and objects may nest (serde_json's limit), so hostile input cannot overflow
/// the stack.
pub const MAX_DEPTH: usize = 127;

/// Why a text is not JSON, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
    /// What was expected and what was found.
    pub message: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {}, column {}",
            self.message, self.line, self.column
        )
    }
}

/// Reads one JSON value filling the whole text (white space around it allowed).
pub fn parse(text: &str) -> Result<Value<'_>, Error> {
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        line: 1,
    };
    if text.starts_with('\u{FEFF}') {
        reader.pos = '\u{FEFF}'.len_utf8();
    }
    reader.skip_space();
    let value = reader.value(0, Slot::Top)?;
    reader.skip_space();
    if reader.pos < reader.bytes.len() {
        return Err(reader.expected(format_args!("the end of the text after the JSON value")));
    }
    Ok(value)
}

/// The 1-based line and column (in characters, a leading byte-order mark not counted) of a byte
/// offset in `text`.
pub fn position(text: &str, offset: usize) -> (u32, u32) {
    let before = text.get(..offset).unwrap_or(text);
    let before = before.strip_prefix('\u{FEFF}').unwrap_or(before);
    let (mut line, mut column) = (1, 1);
    // One pass over the bytes: a newline starts a line, and every byte that is not a UTF-8
    // continuation byte starts a character.
    for b in before.bytes() {
        if b == b'\n' {
            line += 1;
            column = 1;
        } else if b & 0xC0 != 0x80 {
            column += 1;
        }
    }
    (saturate(line), saturate(column))
}

/// A count as `u32`, saturating.
fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Where the value being read sits, to say so in errors.
#[derive(Clone, Copy)]
enum Slot<'a> {
    /// The whole document.
    Top,
    /// The value of an object member with this key.
    Member(&'a str),
    /// The 1-based item of an array, which itself sits in the given slot.
    Item(usize, &'a Slot<'a>),
}

impl fmt::Display for Slot<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Piece by piece rather than one `write!` per variant: less code in the wasm.
        match self {
            Slot::Top => f.write_str("the document"),
            Slot::Member(_) => {
                f.write_str("the value of ")?;
                ArrayName(self).fmt(f)
            }
            Slot::Item(n, array) => {
                f.write_str("item ")?;
                n.fmt(f)?;
                f.write_str(" of ")?;
                ArrayName(array).fmt(f)
            }
        }
    }
}

/// The array that holds the items of a slot, for messages (`` `sessions` ``, `the array`).
struct ArrayName<'a>(&'a Slot<'a>);

impl fmt::Display for ArrayName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Slot::Member(key) => {
                f.write_str("`")?;
                f.write_str(key)?;
                f.write_str("`")
            }
            _ => f.write_str("the array"),
        }
    }
}

/// The reading state: the text and how far it has been read.
struct Reader<'t> {
    /// The whole text.
    text: &'t str,
    /// The same, as bytes.
    bytes: &'t [u8],
    /// Byte offset of the next unread byte (always on a character boundary between tokens).
    pos: usize,
    /// 1-based line of `pos`.
    line: u32,
}

impl<'t> Reader<'t> {
    /// Skips JSON white space (space, tab, CR, LF), counting lines.
    fn skip_space(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            match b {
                b'\n' => self.line += 1,
                b' ' | b'\t' | b'\r' => {}
                _ => break,
            }
            self.pos += 1;
        }
    }

    /// The next byte, if any.
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// An error at the current position.
    fn error(&self, message: String) -> Error {
        self.error_at(self.pos, message)
    }

    /// An error at byte offset `at`.
    fn error_at(&self, at: usize, message: String) -> Error {
        let (line, column) = position(self.text, at);
        Error {
            line,
            column,
            message,
        }
    }

    /// The error `expected {what}, found {what is at the current position}`.
    fn expected(&self, what: fmt::Arguments<'_>) -> Error {
        let found = self.found();
        self.error(format!("expected {what}, found {found}"))
    }

    /// What is at the current position, for messages: `` `x` ``, `U+0007` or the end of the text.
    fn found(&self) -> String {
        match self
            .text
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
        {
            None => "the end of the text".to_string(),
            Some(c) if c.is_control() => format!("U+{:04X}", u32::from(c)),
            Some(c) => format!("`{c}`"),
        }
    }

    /// Reads the value starting at the current position (white space already skipped).
    fn value(&mut self, depth: usize, slot: Slot<'_>) -> Result<Value<'t>, Error> {
        let offset = self.pos;
        let line = self.line;
        let kind = match self.peek() {
            Some(b'{') => self.object(depth + 1, slot)?,
            Some(b'[') => self.array(depth + 1, slot)?,
            Some(b'"') => Kind::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => Kind::Number(self.number()?),
            // One `?` for the three words: a `?` per arm copies each arm's result in the wasm.
            // The other kinds keep theirs: one `?` for every kind saves 0.2 KB gzip more in the
            // wasm but reads a large registry.json 25% slower natively.
            Some(b't' | b'f' | b'n') => self.keyword()?,
            _ => {
                return Err(self.expected(format_args!(
                    "{slot} (an object, array, string, number, `true`, `false` or `null`)"
                )));
            }
        };
        Ok(Value { kind, line, offset })
    }

    /// Refuses to open one more array or object past [`MAX_DEPTH`].
    fn check_depth(&self, depth: usize) -> Result<(), Error> {
        if depth > MAX_DEPTH {
            return Err(self.error(format!(
                "arrays and objects nest deeper than {MAX_DEPTH} levels"
            )));
        }
        Ok(())
    }

    /// Reads `true`, `false` or `null`; the current byte is `t`, `f` or `n`.
    fn keyword(&mut self) -> Result<Kind<'t>, Error> {
        let (word, kind) = match self.peek() {
            Some(b't') => ("true", Kind::Bool(true)),
            Some(b'f') => ("false", Kind::Bool(false)),
            _ => ("null", Kind::Null),
        };
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            return Ok(kind);
        }
        Err(self.expected(format_args!(
            "a value such as `{word}` (JSON keywords are lower-case; text needs double quotes)"
        )))
    }

    /// Reads an array; the current byte is `[`.
    fn array(&mut self, depth: usize, slot: Slot<'_>) -> Result<Kind<'t>, Error> {
        self.check_depth(depth)?;
        self.pos += 1;
        self.skip_space();
        let mut items = Vec::new();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Kind::Array(items));
        }
        loop {
            let n = items.len() + 1;
            items.push(self.value(depth, Slot::Item(n, &slot))?);
            self.skip_space();
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_space();
                    if self.peek() == Some(b']') {
                        return Err(self.expected(format_args!(
                            "item {} of {} after `,` (JSON allows no trailing comma)",
                            n + 1,
                            ArrayName(&slot)
                        )));
                    }
                }
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Kind::Array(items));
                }
                _ => {
                    return Err(self.expected(format_args!(
                        "`,` or `]` after item {n} of {}",
                        ArrayName(&slot)
                    )));
                }
            }
        }
    }

    /// Reads an object; the current byte is `{`.
    fn object(&mut self, depth: usize, slot: Slot<'_>) -> Result<Kind<'t>, Error> {
        self.check_depth(depth)?;
        let open = self.pos;
        self.pos += 1;
        self.skip_space();
        let mut members: Vec<(Cow<'t, str>, Value<'t>)> = Vec::new();
        let mut key_offsets = Vec::new();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Kind::Object(members));
        }
        loop {
            if self.peek() != Some(b'"') {
                return Err(match members.last() {
                    None => self.expected(format_args!("a key in double quotes or `}}` to open {slot}")),
                    Some((key, _)) if self.peek() == Some(b'}') => self.expected(format_args!(
                        "a key after the `,` that follows the value of `{key}` (JSON allows no trailing comma)"
                    )),
                    Some((key, _)) => self.expected(format_args!(
                        "a key in double quotes after the value of `{key}` and `,`"
                    )),
                });
            }
            key_offsets.push(self.pos);
            let key = self.string()?;
            self.skip_space();
            if self.peek() != Some(b':') {
                return Err(self.expected(format_args!("`:` after the key `{key}`")));
            }
            self.pos += 1;
            self.skip_space();
            let value = self.value(depth, Slot::Member(&key))?;
            members.push((key, value));
            self.skip_space();
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_space();
                }
                Some(b'}') => {
                    self.pos += 1;
                    break;
                }
                _ => {
                    let key = members.last().map_or("", |(k, _)| k.as_ref());
                    return Err(
                        self.expected(format_args!("`,` or `}}` after the value of `{key}`"))
                    );
                }
            }
        }
        if let Some((first, again)) = duplicate(&members) {
            let (line, _) = position(self.text, key_offsets[first]);
            let key = &members[again].0;
            return Err(self.error_at(
                key_offsets[again],
                format!(
                    "duplicate key `{key}` in the object opened at line {} (its first use is at line {line})",
                    position(self.text, open).0
                ),
            ));
        }
        Ok(Kind::Object(members))
    }

    /// Reads a string; the current byte is `"`. Borrows it from the text when it has no escape.
    fn string(&mut self) -> Result<Cow<'t, str>, Error> {
        let open = self.pos;
        self.pos += 1;
        let mut out: Option<String> = None;
        loop {
            let run = self.pos;
            while let Some(&b) = self.bytes.get(self.pos) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            // The run stops only at ASCII bytes, so both ends are character boundaries.
            let text: &'t str = self.text;
            let piece = &text[run..self.pos];
            match self.peek() {
                None => {
                    return Err(self.error_at(
                        open,
                        "the text ends inside this string (its closing `\"` is missing)".into(),
                    ))
                }
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(match out {
                        None => Cow::Borrowed(piece),
                        Some(mut owned) => {
                            owned.push_str(piece);
                            Cow::Owned(owned)
                        }
                    });
                }
                Some(b'\\') => {
                    let owned = out.get_or_insert_with(String::new);
                    owned.push_str(piece);
                    self.escape(owned)?;
                }
                Some(c) => {
                    let hint = match c {
                        b'\n' => "`\\n` (is a closing `\"` missing?)",
                        b'\t' => "`\\t`",
                        b'\r' => "`\\r`",
                        _ => "`\\u00XX`",
                    };
                    return Err(self.error(format!(
                        "control character U+{c:04X} in a string must be written as {hint}"
                    )));
                }
            }
        }
    }

    /// Reads one escape sequence; the current byte is `\`.
    fn escape(&mut self, out: &mut String) -> Result<(), Error> {
        let at = self.pos;
        self.pos += 1;
        let decoded = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                out.push(self.unicode(at)?);
                return Ok(());
            }
            _ => {
                let found = self.found();
                return Err(self.error_at(
                    at,
                    format!("unknown escape: `\\` followed by {found} (JSON has `\\\"` `\\\\` `\\/` `\\b` `\\f` `\\n` `\\r` `\\t` `\\uXXXX`)"),
                ));
            }
        };
        self.pos += 1;
        out.push(decoded);
        Ok(())
    }

    /// Reads the code point of a `\u` escape starting at `at`, and its low surrogate if needed.
    fn unicode(&mut self, at: usize) -> Result<char, Error> {
        let first = self.hex4(at)?;
        let code = match first {
            0xD800..=0xDBFF => {
                let low = if self.bytes[self.pos..].starts_with(b"\\u") {
                    self.pos += 2;
                    self.hex4(self.pos - 2)?
                } else {
                    0
                };
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return Err(self.error_at(at, format!(
                        "lone surrogate `\\u{first:04x}`: a high surrogate must be followed by a low one (`\\udc00` to `\\udfff`)"
                    )));
                }
                0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00)
            }
            0xDC00..=0xDFFF => {
                return Err(self.error_at(
                    at,
                    format!("lone surrogate `\\u{first:04x}`: a low surrogate must follow a high one (`\\ud800` to `\\udbff`)"),
                ))
            }
            _ => first,
        };
        // Every value outside the surrogate range is a char.
        Ok(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER))
    }

    /// Reads the four hex digits of a `\u` escape starting at `at`.
    fn hex4(&mut self, at: usize) -> Result<u32, Error> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = self.peek().and_then(|b| char::from(b).to_digit(16));
            let Some(digit) = digit else {
                return Err(self.error_at(
                    at,
                    "`\\u` must be followed by four hex digits (`\\u00e9`)".into(),
                ));
            };
            code = code * 16 + digit;
            self.pos += 1;
        }
        Ok(code)
    }

    /// Reads a number and returns its text; the current byte is `-` or a digit.
    fn number(&mut self) -> Result<&'t str, Error> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if self.peek().is_some_and(|b| b.is_ascii_digit()) {
                    return Err(self.error_at(
                        start,
                        "a number cannot start with `0` followed by digits".into(),
                    ));
                }
            }
            _ => self.digits("`-`")?,
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            self.digits("`.`")?;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            self.digits("the exponent's `e`")?;
        }
        let text: &'t str = self.text;
        Ok(&text[start..self.pos])
    }

    /// Reads one or more digits, which must follow `after`.
    fn digits(&mut self, after: &str) -> Result<(), Error> {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        if self.pos == start {
            return Err(self.expected(format_args!("a digit after {after}")));
        }
        Ok(())
    }
}

/// The indexes of the first and the repeated member when two members share a key.
///
/// Small objects compare every pair; larger ones use a hash table of member indexes (FNV-1a over
/// the key), so an object with many keys cannot make reading quadratic.
fn duplicate(members: &[(Cow<'_, str>, Value<'_>)]) -> Option<(usize, usize)> {
    if members.len() <= 16 {
        return members.iter().enumerate().find_map(|(later, (key, _))| {
            let first = members[..later].iter().position(|(k, _)| k == key)?;
            Some((first, later))
        });
    }
    let size = (members.len() * 2).next_power_of_two();
    let mut table = vec![usize::MAX; size];
    for (index, (key, _)) in members.iter().enumerate() {
        let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        // Truncating the hash is fine: only its low bits pick the slot.
        let mut slot = (hash as usize) & (size - 1);
        loop {
            match table[slot] {
                usize::MAX => {
                    table[slot] = index;
                    break;
                }
                other if members[other].0 == *key => return Some((other, index)),
                _ => slot = (slot + 1) & (size - 1),
            }
        }
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Our value as a `serde_json::Value`, numbers read by serde_json from their text.
    fn to_serde(value: &Value<'_>) -> serde_json::Value {
        match &value.kind {
            Kind::Null => serde_json::Value::Null,
            Kind::Bool(b) => serde_json::Value::Bool(*b),
            Kind::Number(text) => serde_json::from_str(text).unwrap(),
            Kind::String(s) => serde_json::Value::String(s.to_string()),
            Kind::Array(items) => serde_json::Value::Array(items.iter().map(to_serde).collect()),
            Kind::Object(members) => serde_json::Value::Object(
                members
                    .iter()
                    .map(|(k, v)| (k.to_string(), to_serde(v)))
                    .collect(),
            ),
        }
    }

    fn error(text: &str) -> Error {
        parse(text).unwrap_err()
    }

    #[test]
    fn reads_every_kind_with_positions() {
        let text = "{\n  \"a\": [1, -2.5e3, true, null],\n  \"b\": \"x\\u00e9\\n\"\n}";
        let value = parse(text).unwrap();
        assert_eq!(value.line, 1);
        let a = value.get("a").unwrap();
        assert_eq!((a.line, position(text, a.offset)), (2, (2, 8)));
        let Kind::Array(items) = &a.kind else {
            panic!("array")
        };
        assert_eq!(items[1].kind, Kind::Number("-2.5e3"));
        assert_eq!(value.get("b").unwrap().as_str(), Some("xé\n"));
        assert_eq!(
            to_serde(&value),
            serde_json::from_str::<serde_json::Value>(text).unwrap()
        );
    }

    #[test]
    fn errors_say_what_was_expected_after_which_key() {
        let e = error("{\n  \"title\": \"R\",\n  \"sessions\": [] \"x\"\n}");
        assert_eq!((e.line, e.column), (3, 18));
        assert_eq!(
            e.message,
            "expected `,` or `}` after the value of `sessions`, found `\"`"
        );
        let e = error("{\"sessions\": [1, 2 3]}");
        assert_eq!(
            e.message,
            "expected `,` or `]` after item 2 of `sessions`, found `3`"
        );
        let e = error("{\"sessions\": [1,]}");
        assert!(e.message.contains("no trailing comma"), "{}", e.message);
        let e = error("{\"a\": 1,}");
        assert!(e.message.contains("no trailing comma"), "{}", e.message);
        let e = error("{\"title\" \"R\"}");
        assert_eq!(e.message, "expected `:` after the key `title`, found `\"`");
        let e = error("{\"title\": }");
        assert!(
            e.message.starts_with("expected the value of `title` ("),
            "{}",
            e.message
        );
        let e = error("{\"a\": 1} x");
        assert!(e.message.starts_with("expected the end of the text"));
        let e = error("");
        assert!(
            e.message.ends_with("found the end of the text"),
            "{}",
            e.message
        );
        assert_eq!((e.line, e.column), (1, 1));
    }

    #[test]
    fn no_comments_no_single_quotes_no_bare_words() {
        for text in [
            "{\"a\": 1 // c\n}",
            "/* c */ {}",
            "{'a': 1}",
            "{a: 1}",
            "[True]",
            "[nul]",
            "[NaN]",
            "[Infinity]",
            "[+1]",
            "[01]",
            "[1.]",
            "[.5]",
            "[1e]",
            "[1e+]",
            "[-]",
            "[\"a\" \"b\"]",
        ] {
            assert!(parse(text).is_err(), "{text}");
            assert!(serde_json::from_str::<serde_json::Value>(text).is_err());
        }
    }

    #[test]
    fn strings_refuse_raw_controls_and_bad_escapes() {
        let e = error("{\"a\": \"one\ntwo\"}");
        assert!(e.message.contains("U+000A"), "{}", e.message);
        assert!(error("[\"nul\u{0}\"]").message.contains("U+0000"));
        assert!(error("[\"tab\there\"]").message.contains("`\\t`"));
        assert!(error("[\"\\x41\"]").message.starts_with("unknown escape"));
        assert!(error("[\"\\u12\"]").message.contains("four hex digits"));
        let e = error("[\"\\ud800\"]");
        assert!(
            e.message.starts_with("lone surrogate `\\ud800`"),
            "{}",
            e.message
        );
        assert!(error("[\"\\udc00\"]").message.starts_with("lone surrogate"));
        assert!(error("[\"\\ud800\\u0041\"]")
            .message
            .starts_with("lone surrogate"));
        let e = error("[\"open");
        assert_eq!((e.line, e.column), (1, 2));
        assert!(e.message.contains("closing `\"` is missing"));
    }

    #[test]
    fn strings_without_escapes_borrow_from_the_text() {
        let value = parse(r#"{"plain é🎯": "as is", "esc\u0061ped": "a\nb"}"#).unwrap();
        let Kind::Object(members) = value.kind else {
            panic!("object")
        };
        assert!(matches!(members[0].0, Cow::Borrowed("plain é🎯")));
        assert!(matches!(
            members[0].1.kind,
            Kind::String(Cow::Borrowed("as is"))
        ));
        assert!(matches!(&members[1].0, Cow::Owned(k) if k == "escaped"));
        assert!(matches!(&members[1].1.kind, Kind::String(Cow::Owned(v)) if v == "a\nb"));
    }

    #[test]
    fn escapes_decode_like_serde_json() {
        let text = r#"["\"\\\/\b\f\n\r\t", "\u00e9\u4e2d\ud83c\udfaf", "🎯 é ü", "\u0000"]"#;
        assert_eq!(
            to_serde(&parse(text).unwrap()),
            serde_json::from_str::<serde_json::Value>(text).unwrap()
        );
        let Kind::Array(items) = parse(text).unwrap().kind else {
            panic!("array")
        };
        assert_eq!(items[1].as_str(), Some("é中🎯"));
        assert_eq!(items[3].as_str(), Some("\0"));
    }

    #[test]
    fn crlf_bom_and_columns_in_characters() {
        let text = "\u{FEFF}{\r\n  \"é🎯\": 1,\r\n  \"b\": x\r\n}";
        let e = error(text);
        assert_eq!((e.line, e.column), (3, 8));
        let ok = parse("\u{FEFF}\r\n[1]\r\n").unwrap();
        assert_eq!((ok.line, position("\u{FEFF}[1]", 3)), (2, (1, 1)));
        assert!(parse("[1]\u{FEFF}").is_err());
        assert!(parse("\u{FEFF}\u{FEFF}[1]").is_err());
    }

    #[test]
    fn duplicate_keys_are_refused_where_they_repeat() {
        let e = error("{\n\"a\": 1,\n\"b\": 2,\n\"a\": 3}");
        assert_eq!((e.line, e.column), (4, 1));
        assert!(e.message.starts_with("duplicate key `a`"), "{}", e.message);
        assert!(
            e.message.contains("first use is at line 2"),
            "{}",
            e.message
        );
        assert!(parse("{\"a\": {\"a\": {\"a\": 1}}}").is_ok());
        let many: Vec<String> = (0..5000).map(|i| format!("\"k{i}\": {i}")).collect();
        assert!(parse(&format!("{{{}}}", many.join(","))).is_ok());
        let e = error(&format!("{{{}, \"k4321\": 0}}", many.join(",")));
        assert!(e.message.starts_with("duplicate key `k4321`"));
    }

    #[test]
    fn nesting_is_limited_as_serde_json_limits_it() {
        for depth in [1, 126, 127, 128, 100_000] {
            for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
                let text = format!("{}1{}", open.repeat(depth), close.repeat(depth));
                let serde = serde_json::from_str::<serde_json::Value>(&text).is_ok();
                assert_eq!(parse(&text).is_ok(), serde, "{depth} {open}");
                assert_eq!(serde, depth <= MAX_DEPTH);
            }
        }
        let e = error(&"[".repeat(200));
        assert!(e.message.contains("deeper than 127"), "{}", e.message);
        assert_eq!(e.column, 128);
    }

    #[test]
    fn huge_numbers_are_kept_as_written() {
        let big = format!(
            "[{}, -{}, 1e999999, 1.{}e-5]",
            "9".repeat(400),
            "1".repeat(30),
            "0".repeat(300)
        );
        let Kind::Array(items) = parse(&big).unwrap().kind else {
            panic!("array")
        };
        assert_eq!(items[0].kind, Kind::Number(&"9".repeat(400)));
        assert_eq!(items[0].as_u64(), None);
        assert_eq!(items[2].kind, Kind::Number("1e999999"));
    }

    /// Any JSON value serde_json can hold, with hostile strings and keys.
    fn any_json() -> impl Strategy<Value = serde_json::Value> {
        let text = prop_oneof![
            "\\PC{0,12}",
            "[\"\\\\/\u{0}-\u{1f}\u{7f}é🎯\u{2028}\u{FEFF}a]{0,8}",
        ];
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::Bool),
            any::<i64>().prop_map(serde_json::Value::from),
            any::<u64>().prop_map(serde_json::Value::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(serde_json::Value::from),
            text.clone().prop_map(serde_json::Value::String),
        ];
        leaf.prop_recursive(5, 64, 6, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
                prop::collection::vec((text.clone(), inner), 0..6)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// Small edits that break or keep JSON valid: delete, insert or replace one character.
    fn edit() -> impl Strategy<Value = (usize, u8, char)> {
        (
            any::<usize>(),
            0u8..3,
            prop::sample::select(vec![
                ',', ':', '[', ']', '{', '}', '"', '\\', 'u', '0', '-', '.', 'e', ' ', '\n', '\t',
                '\u{0}', 'x', 'n', '\u{FEFF}', '/',
            ]),
        )
    }

    /// Our reader and `serde_json::Value` accept the same text and read the same value, but for
    /// the deliberate differences: duplicate keys refused, a leading BOM skipped, and numbers
    /// beyond `f64` (`1e400`) kept as text.
    fn agrees_with_serde_json(text: &str) -> Result<(), TestCaseError> {
        let serde = serde_json::from_str::<serde_json::Value>(text);
        let out_of_range = serde
            .as_ref()
            .is_err_and(|e| e.to_string().starts_with("number out of range"));
        match parse(text) {
            Ok(_) if out_of_range || text.starts_with('\u{FEFF}') => {}
            Ok(ours) => prop_assert_eq!(Some(to_serde(&ours)), serde.ok(), "{:?}", text),
            Err(e) if e.message.starts_with("duplicate key") => {}
            Err(e) => {
                prop_assert!(serde.is_err(), "{:?}: {}", text, e);
                prop_assert!(e.line >= 1 && e.column >= 1);
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(600))]

        #[test]
        fn reads_what_serde_json_writes_as_serde_json_does(value in any_json(), pretty in any::<bool>()) {
            let text = if pretty {
                serde_json::to_string_pretty(&value).unwrap()
            } else {
                serde_json::to_string(&value).unwrap()
            };
            let ours = parse(&text).unwrap();
            prop_assert_eq!(to_serde(&ours), serde_json::from_str::<serde_json::Value>(&text).unwrap());
        }

        #[test]
        fn never_panics_and_agrees_on_json_like_noise(text in "[\\[\\]{}\",:0-9eE.+\\-tfrunlasx\\\\/ \n\r\t\u{0}\u{1f}é🎯\u{FEFF}]{0,120}") {
            agrees_with_serde_json(&text)?;
        }

        #[test]
        fn never_panics_on_any_text(text in "\\PC*|(.|\n|\r)*") {
            if let Err(e) = parse(&text) {
                prop_assert!(e.line >= 1 && e.column >= 1 && !e.message.is_empty());
            }
        }

        #[test]
        fn accepts_and_refuses_what_serde_json_does(value in any_json(), edits in prop::collection::vec(edit(), 1..3)) {
            let mut text: Vec<char> = serde_json::to_string(&value).unwrap().chars().collect();
            for (at, how, c) in edits {
                let at = at % (text.len() + 1);
                match how {
                    0 if at < text.len() => { text.remove(at); }
                    1 if at < text.len() => text[at] = c,
                    _ => text.insert(at, c),
                }
            }
            let text: String = text.into_iter().collect();
            agrees_with_serde_json(&text)?;
        }
    }
}
