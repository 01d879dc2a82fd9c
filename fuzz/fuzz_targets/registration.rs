//! AFL++ target: `rollcall_fuzz::registration` on every input.

fn main() {
    afl::fuzz!(|data: &[u8]| rollcall_fuzz::registration(&rollcall_fuzz::text_of(data)));
}
