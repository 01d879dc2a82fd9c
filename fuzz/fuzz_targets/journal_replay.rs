//! AFL++ target: `rollcall_fuzz::journal_replay` on every input.

fn main() {
    afl::fuzz!(|data: &[u8]| rollcall_fuzz::journal_replay(&rollcall_fuzz::text_of(data)));
}
