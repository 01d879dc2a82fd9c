//! AFL++ target: `rollcall_fuzz::registry_json` on every input.

fn main() {
    afl::fuzz!(|data: &[u8]| rollcall_fuzz::registry_json(&rollcall_fuzz::text_of(data)));
}
