#!/usr/bin/env bash
# Benchmarks rollcall_core::validate (parse + rules + consensus) in-process on synthetic
# registries of 12, 1,000, 10,000 and 100,000 sessions, release build; prints time per run,
# time per session, and growth ratios (time ratio / size ratio; ~1.0 means linear).
source "$(dirname "$0")/bench-lib.sh"
cargo run --quiet --release -p rollcall-core --example bench_validate
