//! `--format json`: the report serialized as is (the documented contract), one object for one
//! input and an array for several. Control characters are escaped by JSON itself.

use super::Checked;
use rollcall_core::Report;

/// The JSON text, pretty-printed, with a final newline.
pub fn render(checked: &[Checked], many: bool) -> String {
    let reports: Vec<&Report> = checked.iter().map(|c| &c.report).collect();
    let json = match (many, reports.as_slice()) {
        (false, [one]) => serde_json::to_string_pretty(one),
        _ => serde_json::to_string_pretty(&reports),
    };
    // Serializing plain structs of strings, numbers and options cannot fail.
    let mut text = json.unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use rollcall_core::{validate, ValidateOptions};

    fn seed() -> Checked {
        let text = include_str!("../../../tests/fixtures/marketing-registry.md").to_string();
        let options = ValidateOptions {
            path: Some("seed.md".into()),
            ..Default::default()
        };
        Checked {
            report: validate(&text, &options).unwrap(),
            text,
        }
    }

    #[test]
    fn one_input_is_an_object_several_an_array() {
        let one: Report = serde_json::from_str(&render(&[seed()], false)).unwrap();
        assert_eq!(one.path.as_deref(), Some("seed.md"));
        let many: Vec<Report> = serde_json::from_str(&render(&[seed(), seed()], true)).unwrap();
        assert_eq!(many.len(), 2);
        let single_of_many: Vec<Report> = serde_json::from_str(&render(&[seed()], true)).unwrap();
        assert_eq!(single_of_many.len(), 1);
    }
}
