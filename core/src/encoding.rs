//! Mac-Roman mojibake: UTF-8 text that some tool decoded as Mac OS Roman, detected and repaired.
//!
//! The damage is reversible: each character of the damaged text is one Mac Roman byte, and those
//! bytes are the original UTF-8. `🎯` (F0 9F 8E AF) reads as `üéØ`, `⏳` (E2 8F B3) as `‚è≥`.

/// Mac OS Roman bytes 0x80..=0xFF as Unicode (bytes below 0x80 are ASCII).
const MAC_ROMAN_HIGH: [char; 128] = [
    '\u{00C4}', '\u{00C5}', '\u{00C7}', '\u{00C9}', '\u{00D1}', '\u{00D6}', '\u{00DC}', '\u{00E1}',
    '\u{00E0}', '\u{00E2}', '\u{00E4}', '\u{00E3}', '\u{00E5}', '\u{00E7}', '\u{00E9}', '\u{00E8}',
    '\u{00EA}', '\u{00EB}', '\u{00ED}', '\u{00EC}', '\u{00EE}', '\u{00EF}', '\u{00F1}', '\u{00F3}',
    '\u{00F2}', '\u{00F4}', '\u{00F6}', '\u{00F5}', '\u{00FA}', '\u{00F9}', '\u{00FB}', '\u{00FC}',
    '\u{2020}', '\u{00B0}', '\u{00A2}', '\u{00A3}', '\u{00A7}', '\u{2022}', '\u{00B6}', '\u{00DF}',
    '\u{00AE}', '\u{00A9}', '\u{2122}', '\u{00B4}', '\u{00A8}', '\u{2260}', '\u{00C6}', '\u{00D8}',
    '\u{221E}', '\u{00B1}', '\u{2264}', '\u{2265}', '\u{00A5}', '\u{00B5}', '\u{2202}', '\u{2211}',
    '\u{220F}', '\u{03C0}', '\u{222B}', '\u{00AA}', '\u{00BA}', '\u{03A9}', '\u{00E6}', '\u{00F8}',
    '\u{00BF}', '\u{00A1}', '\u{00AC}', '\u{221A}', '\u{0192}', '\u{2248}', '\u{2206}', '\u{00AB}',
    '\u{00BB}', '\u{2026}', '\u{00A0}', '\u{00C0}', '\u{00C3}', '\u{00D5}', '\u{0152}', '\u{0153}',
    '\u{2013}', '\u{2014}', '\u{201C}', '\u{201D}', '\u{2018}', '\u{2019}', '\u{00F7}', '\u{25CA}',
    '\u{00FF}', '\u{0178}', '\u{2044}', '\u{20AC}', '\u{2039}', '\u{203A}', '\u{FB01}', '\u{FB02}',
    '\u{2021}', '\u{00B7}', '\u{201A}', '\u{201E}', '\u{2030}', '\u{00C2}', '\u{00CA}', '\u{00C1}',
    '\u{00CB}', '\u{00C8}', '\u{00CD}', '\u{00CE}', '\u{00CF}', '\u{00CC}', '\u{00D3}', '\u{00D4}',
    '\u{F8FF}', '\u{00D2}', '\u{00DA}', '\u{00DB}', '\u{00D9}', '\u{0131}', '\u{02C6}', '\u{02DC}',
    '\u{00AF}', '\u{02D8}', '\u{02D9}', '\u{02DA}', '\u{00B8}', '\u{02DD}', '\u{02DB}', '\u{02C7}',
];

/// The Mac Roman byte that decodes to `c`, if any.
fn mac_roman_byte(c: char) -> Option<u8> {
    if c.is_ascii() {
        return Some(c as u8);
    }
    let index = MAC_ROMAN_HIGH.iter().position(|&m| m == c)?;
    u8::try_from(index + 0x80).ok()
}

/// Repairs UTF-8 text that was decoded as Mac Roman; `None` when `text` is not such mojibake.
///
/// Accepted only when every character is a Mac Roman character, the resulting bytes are valid
/// UTF-8, and they contain at least one multi-byte sequence (so plain ASCII and text with genuine
/// accents or emoji are never "repaired": `café` maps to the lone byte 0x8E, which is not UTF-8).
pub fn repair_mojibake(text: &str) -> Option<String> {
    if text.is_ascii() {
        return None;
    }
    let bytes: Vec<u8> = text.chars().map(mac_roman_byte).collect::<Option<_>>()?;
    let repaired = String::from_utf8(bytes).ok()?;
    let has_multibyte = !repaired.is_ascii();
    (has_multibyte && repaired != text).then_some(repaired)
}

/// True when `text` is Mac-Roman mojibake that [`repair_mojibake`] can repair.
pub fn is_mojibake(text: &str) -> bool {
    repair_mojibake(text).is_some()
}

/// The 1-based line of the first difference between mojibake and its repaired text.
pub fn first_changed_line(text: &str, repaired: &str) -> u32 {
    let index = text
        .lines()
        .zip(repaired.lines())
        .position(|(a, b)| a != b)
        .unwrap_or(0);
    u32::try_from(index + 1).unwrap_or(u32::MAX)
}

/// `UTF-16LE` or `UTF-16BE` when `bytes` look like UTF-16 text (a UTF-16 byte-order mark, or
/// ASCII with every other byte NUL): such files are text, not binary, and need converting.
pub fn utf16_flavour(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some("UTF-16LE"),
        [0xFE, 0xFF, ..] => return Some("UTF-16BE"),
        _ => {}
    }
    let head = &bytes[..bytes.len().min(64) & !1];
    if head.len() < 4 {
        return None;
    }
    let pairs = || head.chunks_exact(2);
    let ascii = |b: u8| b != 0 && b.is_ascii();
    if pairs().all(|p| ascii(p[0]) && p[1] == 0) {
        Some("UTF-16LE")
    } else if pairs().all(|p| p[0] == 0 && ascii(p[1])) {
        Some("UTF-16BE")
    } else {
        None
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn utf16_is_told_from_binary() {
        let le: Vec<u8> = "# Registry"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let be: Vec<u8> = "# Registry"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(utf16_flavour(&le), Some("UTF-16LE"));
        assert_eq!(utf16_flavour(&be), Some("UTF-16BE"));
        assert_eq!(utf16_flavour(&[0xFF, 0xFE, b'#', 0]), Some("UTF-16LE"));
        assert_eq!(utf16_flavour(b"\x7fELF\x02\x01\x01\x00\x00\x00"), None);
        assert_eq!(utf16_flavour("# Registry".as_bytes()), None);
    }

    const SEED: &str = include_str!("../../tests/fixtures/marketing-registry.md");
    const MOJIBAKE: &str = include_str!("../../tests/fixtures/marketing-registry.mojibake.txt");

    #[test]
    fn repairs_the_seed_mojibake_byte_for_byte() {
        assert_eq!(repair_mojibake(MOJIBAKE).as_deref(), Some(SEED));
    }

    #[test]
    fn repairs_single_emoji() {
        assert_eq!(
            repair_mojibake("\u{F8FF}\u{00FC}\u{00E9}\u{00D8}").as_deref(),
            Some("🎯")
        );
        assert_eq!(
            repair_mojibake("‚è≥ PENDING").as_deref(),
            Some("⏳ PENDING")
        );
    }

    #[test]
    fn leaves_text_that_is_not_mojibake() {
        assert_eq!(repair_mojibake(SEED), None);
        assert_eq!(repair_mojibake("plain ASCII registry"), None);
        assert_eq!(repair_mojibake("café crème, Grüße, naïve"), None);
        assert_eq!(repair_mojibake("🎯 ⏳ ✅"), None);
        assert_eq!(repair_mojibake(""), None);
    }

    #[test]
    fn every_mac_roman_byte_round_trips() {
        for (i, &c) in MAC_ROMAN_HIGH.iter().enumerate() {
            assert_eq!(mac_roman_byte(c), Some(i as u8 + 0x80));
        }
    }
}
