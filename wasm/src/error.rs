//! The one place where failures become JavaScript `Error` objects carrying a stable `code`.

use rollcall_core::Diagnostic;
use wasm_bindgen::JsValue;

/// Code thrown when an argument does not have the shape the TypeScript types declare.
pub const INVALID_ARGUMENT: &str = "invalid-argument";
/// Code thrown when a result cannot be turned into a JavaScript value (never expected).
pub const INTERNAL: &str = "internal";

/// A failure on its way to JavaScript: what `Error.message`, `.code` and `.line` will hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Stable kebab-case code, the same as the CLI's diagnostics use.
    pub code: String,
    /// One sentence saying what failed.
    pub message: String,
    /// 1-based line in the input, when the failure has one.
    pub line: Option<u32>,
}

impl Failure {
    /// A failure with a code and message and no line.
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Failure {
            code: code.to_string(),
            message: message.into(),
            line: None,
        }
    }

    /// An argument that does not match its declared type, naming the argument.
    pub fn invalid_argument(name: &str, cause: impl std::fmt::Display) -> Self {
        Failure::new(INVALID_ARGUMENT, format!("invalid {name}: {cause}"))
    }

    /// Builds the JavaScript `Error` with `code` (and `line` when known) set as own properties.
    pub fn into_js(self) -> JsValue {
        let error = js_sys::Error::new(&self.message);
        // Setting a property on a fresh plain Error object cannot fail; a failure would only
        // lose the extra property, never the Error itself.
        let _ = js_sys::Reflect::set(&error, &"code".into(), &self.code.as_str().into());
        if let Some(line) = self.line {
            let _ = js_sys::Reflect::set(&error, &"line".into(), &line.into());
        }
        error.into()
    }
}

impl From<Diagnostic> for Failure {
    fn from(diagnostic: Diagnostic) -> Self {
        Failure {
            code: diagnostic.code,
            message: diagnostic.message,
            line: diagnostic.line,
        }
    }
}

impl From<Failure> for JsValue {
    fn from(failure: Failure) -> Self {
        failure.into_js()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostic_keeps_code_message_and_line() {
        let failure =
            Failure::from(Diagnostic::error("not-a-registry", "no session found").at_line(3));
        assert_eq!(failure.code, "not-a-registry");
        assert_eq!(failure.message, "no session found");
        assert_eq!(failure.line, Some(3));
    }

    #[test]
    fn invalid_argument_names_the_argument() {
        let failure = Failure::invalid_argument("options", "unknown field `require`");
        assert_eq!(failure.code, INVALID_ARGUMENT);
        assert_eq!(failure.message, "invalid options: unknown field `require`");
    }
}
