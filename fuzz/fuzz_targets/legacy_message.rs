//! AFL++ target: `rollcall_fuzz::legacy_message` on every input.

fn main() {
    afl::fuzz!(|data: &[u8]| rollcall_fuzz::legacy_message(&rollcall_fuzz::text_of(data)));
}
