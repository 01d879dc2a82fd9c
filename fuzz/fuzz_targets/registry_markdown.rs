//! AFL++ target: `rollcall_fuzz::registry_markdown` on every input.

fn main() {
    afl::fuzz!(|data: &[u8]| rollcall_fuzz::registry_markdown(&rollcall_fuzz::text_of(data)));
}
