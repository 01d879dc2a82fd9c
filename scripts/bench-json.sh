#!/usr/bin/env bash
# Benchmark: reading registry.json in-process (`rollcall_core::registry_from_json`, release build)
# for a generated registry of N sessions (default 10000): median and fastest of RUNS reads
# (default 21). With BEFORE=DIR (another checkout of rollcall, e.g. an older commit's worktree),
# the same example is also built against DIR/core (in DIR's own target folder) and run on the
# same file, so both numbers come from one registry.json.
#
# Usage: [BEFORE=DIR] [RUNS=21] scripts/bench-json.sh [N]
source "$(dirname "$0")/bench-lib.sh"

release_bin bench-json
scratch
N=${1:-10000}
generate_registry "$N" "$WORK/registry.md"
"$BIN" parse "$WORK/registry.md" --format registry > "$WORK/registry.json"
echo "registry.json of $N sessions ($(nproc) CPUs; wall time per read)"
printf 'this tree: '
cargo run --quiet --release -p rollcall-core --example bench_read_json -- \
  "$WORK/registry.json" "${RUNS:-21}"

if [ -n "${BEFORE:-}" ]; then
  before=$(cd "$BEFORE" && pwd -P)
  crate="$WORK/bench-before"
  mkdir -p "$crate/src"
  cp core/examples/bench_read_json.rs "$crate/src/main.rs"
  cp "$before/Cargo.lock" "$crate/Cargo.lock"
  cat > "$crate/Cargo.toml" <<TOML
[package]
name = "bench-read-json-before"
version = "0.0.0"
edition = "2021"

[dependencies]
rollcall-core = { path = "$before/core" }

[workspace]

[profile.release]
lto = true
codegen-units = 1
TOML
  printf 'BEFORE=%s: ' "$before"
  cargo run --quiet --release --manifest-path "$crate/Cargo.toml" \
    --target-dir "$before/target/bench-json" -- "$WORK/registry.json" "${RUNS:-21}"
fi
