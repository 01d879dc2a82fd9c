//! Property tests: render → parse gives the model back, parsing is idempotent through render,
//! and `parse_registry` never panics on any input.
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use rollcall_core::render::canonical_blocks;
use rollcall_core::{
    parse_registry, registry_from_json, registry_to_json, render_markdown, ChecklistItem, Field,
    Registry, Session, Spanned,
};

/// One-line text with the hostile characters users put in roles and goals.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 \"'$`\\\\<>/&=#:;,.!?()*_\\[\\]{}|~^%+-]{0,40}",
        "[a-z ]{0,10}(🎯|⏳|✅|é|ü|<script>alert(\"x\")</script>|\\$120k|\\.\\./\\.\\./etc|\\\\n|&amp;)[a-z ]{0,10}",
        "\\PC{0,30}",
    ]
    .prop_map(|s| s.trim().to_string())
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("NUMBER".to_string()),
        Just("ROLE".to_string()),
        Just("GOAL".to_string()),
        Just("SESSION_ID".to_string()),
        Just("STATUS".to_string()),
        "[A-Z][A-Z0-9_]{0,12}",
    ]
}

fn field() -> impl Strategy<Value = Field> {
    (key(), value(), prop::collection::vec(value(), 0..4)).prop_map(|(key, value, items)| Field {
        key,
        value,
        line: 0,
        items: items
            .into_iter()
            .map(|text| Spanned { text, line: 0 })
            .collect(),
    })
}

fn session() -> impl Strategy<Value = Session> {
    (
        prop::option::of(any::<u32>()),
        value(),
        prop::collection::vec(field(), 0..6),
    )
        .prop_map(|(heading_number, title, fields)| Session {
            line: 0,
            heading_number,
            title,
            fields,
        })
}

fn checklist_item() -> impl Strategy<Value = ChecklistItem> {
    (value(), any::<bool>()).prop_map(|(text, checked)| ChecklistItem {
        text,
        checked,
        line: 0,
    })
}

fn registry() -> impl Strategy<Value = Registry> {
    (
        value(),
        prop::option::of(value()),
        prop::option::of(0u32..100),
        prop::collection::vec(session(), 0..6),
        prop::collection::vec(checklist_item(), 0..7),
        prop::option::of(0u32..100),
    )
        .prop_map(|(title, purpose, required, sessions, checklist, stated)| {
            let mut registry = Registry {
                title: format!("{title} Registry").trim().to_string(),
                purpose,
                required,
                sessions,
                checklist,
                stated_registered: stated,
                stated_line: None,
                blocks: Vec::new(),
            };
            registry.blocks = canonical_blocks(&registry);
            registry
        })
}

/// Registry-like markdown: lines drawn from the shapes the parser knows, plus noise.
fn registry_like_text() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just(String::new()),
        Just("---".to_string()),
        Just("```".to_string()),
        Just("~~~~".to_string()),
        value().prop_map(|v| format!("# {v} Registry")),
        (prop::option::of(0u32..20), value()).prop_map(|(n, t)| match n {
            Some(n) => format!("### Session #{n}: {t}"),
            None => format!("## Session: {t}"),
        }),
        Just("### Session #1 Example:".to_string()),
        (0u32..20, value()).prop_map(|(n, t)| format!("### Session #{n} {t}")),
        (0u32..20, value()).prop_map(|(n, t)| format!("#### Session {n} — {t}")),
        (key(), value()).prop_map(|(k, v)| format!("- **{k}**: {v}")),
        (key(), value()).prop_map(|(k, v)| format!("* **{k}:** {v}")),
        (key(), value()).prop_map(|(k, v)| format!("- {k}: {v}")),
        (key(), value()).prop_map(|(k, v)| format!("**{k}**: {v}")),
        (key(), value()).prop_map(|(k, v)| format!("{k}: {v}")),
        value().prop_map(|v| format!("  - {v}")),
        value().prop_map(|v| format!("\t* {v}")),
        value().prop_map(|v| format!("- {v}")),
        (any::<bool>(), value())
            .prop_map(|(c, v)| format!("- [{}] {v}", if c { 'x' } else { ' ' })),
        value().prop_map(|v| format!("**Purpose**: {v}")),
        (0u32..30).prop_map(|n| format!("**Required**: All {n} sessions must register")),
        Just("**Required**: everyone".to_string()),
        (0u32..30).prop_map(|n| format!("**Current Status**: {n}/12 sessions registered")),
        value(),
        value().prop_map(|v| format!("{v}\r")),
    ];
    (
        prop::collection::vec(line, 0..40),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(lines, bom, trailing)| {
            let mut text = lines.join("\n");
            if trailing {
                text.push('\n');
            }
            if bom {
                text.insert(0, '\u{FEFF}');
            }
            text
        })
}

/// How a node of a registry.json document is changed: a wrong type, `null`, a removed key, an
/// unknown key.
#[derive(Debug, Clone)]
enum Edit {
    Replace(serde_json::Value),
    Remove,
    AddUnknown,
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        prop::sample::select(vec![
            serde_json::json!(null),
            serde_json::json!(true),
            serde_json::json!("x"),
            serde_json::json!(1.5),
            serde_json::json!(-1),
            serde_json::json!(7),
            serde_json::json!(4_294_967_296_u64),
            serde_json::json!([1]),
            serde_json::json!({}),
            serde_json::json!({"kind": "title"}),
            serde_json::json!("sessions"),
        ])
        .prop_map(Edit::Replace),
        Just(Edit::Remove),
        Just(Edit::AddUnknown),
    ]
}

/// Applies `edit` to the `n`th node (pre-order) of `value`; returns how many nodes remain to skip.
fn apply(value: &mut serde_json::Value, n: usize, edit: &Edit) -> usize {
    if n == 0 {
        match edit {
            // serde's derives also read a struct from an array of its fields; that form is
            // refused on purpose (see parse::json's tests), so arrays never replace objects.
            Edit::Replace(new) if value.is_object() && new.is_array() => {}
            Edit::Replace(new) => *value = new.clone(),
            Edit::AddUnknown => {
                if let Some(map) = value.as_object_mut() {
                    map.insert(
                        "unknown_key".into(),
                        serde_json::json!([1.5e300, {"k": null}, "x"]),
                    );
                }
            }
            Edit::Remove => {}
        }
        return usize::MAX;
    }
    let mut left = n - 1;
    match value {
        serde_json::Value::Array(items) => {
            for item in items {
                left = apply(item, left, edit);
                if left == usize::MAX {
                    return left;
                }
            }
        }
        serde_json::Value::Object(map) => {
            let keys: Vec<String> = map.keys().cloned().collect();
            for key in keys {
                if left == 0 && matches!(edit, Edit::Remove) {
                    map.remove(&key);
                    return usize::MAX;
                }
                left = apply(map.get_mut(&key).unwrap(), left, edit);
                if left == usize::MAX {
                    return left;
                }
            }
        }
        _ => {}
    }
    left
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn registry_json_reads_as_the_serde_derives_read_it(
        registry in registry(),
        edits in prop::collection::vec((any::<usize>(), edit()), 0..4),
        pretty in any::<bool>(),
    ) {
        let mut value = serde_json::to_value(&registry).unwrap();
        for (at, edit) in &edits {
            apply(&mut value, at % 200, edit);
        }
        let text = if pretty {
            serde_json::to_string_pretty(&value).unwrap()
        } else {
            serde_json::to_string(&value).unwrap()
        };
        let ours = registry_from_json(&text);
        let serde = serde_json::from_str::<Registry>(&text);
        match (&ours, &serde) {
            (Ok(ours), Ok(serde)) => prop_assert_eq!(ours, serde),
            // serde accepts keys markdown cannot hold; registry_from_json checks them after.
            (Err(e), Ok(_)) => prop_assert!(e.message.contains("field key"), "{}: {}", text, e.message),
            (Ok(_), Err(e)) => prop_assert!(false, "serde refused {}: {}", text, e),
            (Err(_), Err(_)) => {}
        }
    }

    #[test]
    fn render_then_parse_gives_the_model_back(registry in registry()) {
        let text = render_markdown(&registry);
        let parsed = parse_registry(&text).unwrap();
        prop_assert_eq!(parsed.registry.without_lines(), registry.without_lines(), "rendered:\n{}", text);
    }

    #[test]
    fn parts_without_a_marker_are_still_rendered(
        registry in registry(),
        keep in prop::collection::vec(any::<bool>(), 16),
    ) {
        let mut edited = registry.clone();
        let mut flags = keep.iter().cycle();
        edited.blocks.retain(|_| *flags.next().unwrap_or(&true));
        let text = render_markdown(&edited);
        let back = parse_registry(&text).unwrap().registry.without_lines();
        let expected = registry.without_lines();
        prop_assert_eq!(&back.title, &expected.title, "rendered:\n{}", text);
        prop_assert_eq!(&back.purpose, &expected.purpose, "rendered:\n{}", text);
        prop_assert_eq!(back.required, expected.required, "rendered:\n{}", text);
        prop_assert_eq!(&back.sessions, &expected.sessions, "rendered:\n{}", text);
        prop_assert_eq!(&back.checklist, &expected.checklist, "rendered:\n{}", text);
        prop_assert_eq!(back.stated_registered, expected.stated_registered, "rendered:\n{}", text);
    }

    #[test]
    fn registry_json_is_lossless(registry in registry()) {
        let back = registry_from_json(&registry_to_json(&registry)).unwrap();
        prop_assert_eq!(back, registry);
    }

    #[test]
    fn parse_render_parse_is_stable(text in registry_like_text()) {
        if text.trim_start_matches('\u{FEFF}').trim_start().starts_with(['{', '[']) {
            return Ok(());
        }
        if let Ok(first) = parse_registry(&text) {
            let rendered = render_markdown(&first.registry);
            let second = parse_registry(&rendered).unwrap();
            prop_assert_eq!(second.registry.without_lines(), first.registry.without_lines(), "input:\n{:?}\nrendered:\n{:?}", text, rendered);
            prop_assert_eq!(render_markdown(&second.registry), rendered);
        }
    }

    #[test]
    fn parse_never_panics_on_strings(text in "\\PC*|(.|\n|\r)*") {
        let _ = parse_registry(&text);
    }

    #[test]
    fn parse_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = parse_registry(&String::from_utf8_lossy(&bytes));
    }
}
