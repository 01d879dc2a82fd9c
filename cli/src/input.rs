//! Reading what a command is given: a file or standard input, whole, checked to be text.

use crate::error::{CliError, CliResult};
use std::fs;
use std::path::Path;

/// An input read whole: its display name (`-` for stdin) and its text.
pub struct Input {
    /// The path as the user gave it, or `-`.
    pub name: String,
    /// The file's contents, valid UTF-8.
    pub text: String,
}

/// Reads `path` (or stdin for `-`) as UTF-8 text; NUL bytes or invalid UTF-8 are a usage error.
pub fn read_input(path: &str) -> CliResult<Input> {
    let bytes = if path == "-" {
        crate::output::capture::read_stdin()
            .map_err(|e| CliError::usage(format!("cannot read standard input: {e}")))?
    } else {
        fs::read(path).map_err(|e| {
            CliError::io("cannot read", Path::new(path), &e)
                .with_hint("check the path (or pass `-` to read standard input)")
        })?
    };
    let text = text_from_bytes(path, bytes)?;
    Ok(Input {
        name: path.to_string(),
        text,
    })
}

/// Checks that `bytes` are text: UTF-8 without NUL; the error names the file and the line.
pub fn text_from_bytes(name: &str, bytes: Vec<u8>) -> CliResult<String> {
    if let Some(flavour) = rollcall_core::encoding::utf16_flavour(&bytes) {
        return Err(CliError::usage(format!(
            "{name}: is {flavour} text; rollcall reads UTF-8"
        ))
        .with_hint(format!("convert it: `iconv -f {flavour} -t UTF-8 '{name}' > '{name}.utf8'` (or re-save it as UTF-8)")));
    }
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        let line = bytes[..pos].iter().filter(|&&b| b == b'\n').count() + 1;
        return Err(CliError::usage(format!(
            "{name}:{line}: contains a NUL byte: this is a binary file, not a registry"
        ))
        .with_hint("pass the registry's markdown or JSON file"));
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..valid]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        CliError::usage(format!("{name}:{line}: not valid UTF-8 text"))
            .with_hint("re-save the file as UTF-8")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_says_so_and_how_to_convert() {
        let le: Vec<u8> = "\u{feff}# Registry\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let err = text_from_bytes("r.md", le).unwrap_err();
        assert_eq!(err.message, "r.md: is UTF-16LE text; rollcall reads UTF-8");
        assert!(err
            .hint
            .as_deref()
            .unwrap()
            .contains("iconv -f UTF-16LE -t UTF-8"));
    }

    #[test]
    fn nul_byte_names_line() {
        let err = text_from_bytes("r.md", b"a\nb\0".to_vec()).unwrap_err();
        assert!(err.message.starts_with("r.md:2: contains a NUL byte"));
        assert_eq!(err.exit_code, crate::error::EXIT_USAGE);
    }

    #[test]
    fn invalid_utf8_names_line() {
        let err = text_from_bytes("r.md", b"a\n\xff".to_vec()).unwrap_err();
        assert!(err.message.starts_with("r.md:2: not valid UTF-8"));
    }
}
