#!/usr/bin/env bash
# Benchmark: wall time of `rollcall parse --format json`, `rollcall render` (registry.json) and
# `rollcall fix` on the seed registry and on generated registries of N sessions (default 12-seed,
# 1000 and 10000 sessions), averaged over ROUNDS runs (default 20; 3 for N >= 5000).
#
# Usage: scripts/bench-parse.sh [N ...]
source "$(dirname "$0")/bench-lib.sh"

release_bin bench-parse
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 10000)
scratch

# Prints the mean wall time of running "$@" $1 times.
time_it() {
  local rounds=$1 start end r
  shift
  start=$(now_ns)
  for ((r = 1; r <= rounds; r++)); do "$@" >/dev/null 2>&1; done
  end=$(now_ns)
  awk -v ns="$((end - start))" -v r="$rounds" 'BEGIN { printf "%8.2f ms", ns / r / 1e6 }'
}

bench() {
  local label=$1 file=$2 rounds=$3 lines bytes
  lines=$(wc -l < "$file")
  bytes=$(wc -c < "$file")
  "$BIN" parse "$file" --format registry > "$WORK/registry.json"
  printf "%-28s %7d lines %9d bytes  parse %s  render %s\n" "$label" "$lines" "$bytes" \
    "$(time_it "$rounds" "$BIN" parse "$file" --format json)" \
    "$(time_it "$rounds" "$BIN" render "$WORK/registry.json")"
}

echo "rollcall parse/render/fix benchmark ($(nproc) CPUs, binary $BIN)"
bench "seed (12 sessions)" tests/fixtures/marketing-registry.md "${ROUNDS:-20}"
printf "%-28s fix %s\n" "seed mojibake (12 sessions)" \
  "$(time_it "${ROUNDS:-20}" "$BIN" fix tests/fixtures/marketing-registry.mojibake.txt)"
for n in "${SIZES[@]}"; do
  generate_registry "$n" "$WORK/gen-$n.md"
  if [ "$n" -ge 5000 ]; then rounds=${ROUNDS:-3}; else rounds=${ROUNDS:-20}; fi
  bench "generated ($n sessions)" "$WORK/gen-$n.md" "$rounds"
done
