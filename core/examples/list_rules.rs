//! Prints the README's rules section lines from the one rule list.
fn main() {
    for rule in rollcall_core::rules() {
        println!(
            "- `{}` [{}]: {}.",
            rule.code,
            rule.severity.as_str(),
            rule.summary
        );
    }
}
