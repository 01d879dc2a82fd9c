#!/usr/bin/env bash
# Benchmark: `validate` of the npm package in Node beside native rollcall-core in-process, on the
# 12-session seed and a generated 10,000-session registry (medians). Builds the package first.
source "$(dirname "$0")/bench-lib.sh"
scripts/build-wasm.sh
scratch
out=$WORK
node scripts/bench-wasm.mjs "$out"
cargo run -q --release -p rollcall-wasm --example native_validate -- \
    "$out/registry-12.md" 201 "$out/registry-10000.md" 15
