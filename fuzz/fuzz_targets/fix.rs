//! AFL++ target: `rollcall_fuzz::fix` on every input.

fn main() {
    afl::fuzz!(|data: &[u8]| rollcall_fuzz::fix(&rollcall_fuzz::text_of(data)));
}
