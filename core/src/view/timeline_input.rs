//! The timeline's messages read from JSON text (the page hands them over as `JSON.stringify`
//! writes them): an array of objects whose `key`, `from`, `timestamp`, `subject` and `message`
//! are strings, each optional (`""` when absent), other keys ignored.

use super::TimelineInput;
use crate::strict_json::{self, found, path_text, value_at, Cause, Object, Refusal, Step};

/// Reads the messages; the error names the item and key that is wrong
/// (`` `subject` of item 2 must be a string, found null ``).
pub fn timeline_inputs_from_json(text: &str) -> Result<Vec<TimelineInput>, String> {
    let messages =
        strict_json::read::<Vec<Object<TimelineInput>>>(text).map_err(|r| message(&r))?;
    Ok(messages.into_iter().map(|Object(input)| input).collect())
}

/// What is wrong, naming the item (1-based) and key.
fn message(refusal: &Refusal) -> String {
    let place = match refusal.path.as_slice() {
        [] => "the messages".to_string(),
        [Step::Index(i)] => format!("item {}", i + 1),
        [Step::Index(i), rest @ ..] => format!("`{}` of item {}", path_text(rest), i + 1),
        other => format!("`{}`", path_text(other)),
    };
    let value = refusal
        .document
        .as_ref()
        .and_then(|d| value_at(d, &refusal.path));
    match (&refusal.cause, value) {
        (Cause::WrongValue(_), Some(value)) => {
            let expected = match refusal.path.as_slice() {
                [] => "an array of message objects",
                [Step::Index(_)] => "a message object",
                _ => "a string",
            };
            format!("{place} must be {expected}, found {}", found(value))
        }
        (Cause::Syntax(words) | Cause::WrongValue(words), _) => format!("{place}: {words}"),
        (Cause::RepeatedKey(key), _) => format!("duplicate key `{key}` in {place}"),
        (Cause::MissingKey(key), _) => format!("{place} has no `{key}`"),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_read_with_absent_keys_empty_and_unknown_ones_ignored() {
        let text = r#"[{"subject": "hello", "extra": [1, {"x": null}]}, {}]"#;
        let read = timeline_inputs_from_json(text).unwrap();
        assert_eq!(read.len(), 2);
        assert_eq!(read[0].subject, "hello");
        assert_eq!(read[1], TimelineInput::default());
    }

    #[test]
    fn wrong_values_name_the_item_and_key() {
        let cases = [
            (
                r#"[{"from": "a"}, {"from": "b", "subject": null}]"#,
                "`subject` of item 2 must be a string, found null",
            ),
            ("[3]", "item 1 must be a message object, found the number 3"),
            (
                r#"[["a", "b"]]"#,
                "item 1 must be a message object, found an array",
            ),
            (
                "{}",
                "the messages must be an array of message objects, found an object",
            ),
            (
                r#"[{"from": "a", "from": "b"}]"#,
                "duplicate key `from` in item 1",
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(
                timeline_inputs_from_json(text).unwrap_err(),
                expected,
                "{text}"
            );
        }
        assert!(timeline_inputs_from_json("[1,")
            .unwrap_err()
            .starts_with("the messages: EOF"));
    }
}
