#!/usr/bin/env bash
# Benchmark: registry claims per second when N sessions run `rollcall register --number next`
# at the same moment (N = 12 and 1000 by default). Every claim takes the registry lock, replays the
# journal, decides, appends one fsync'd line and re-renders the markdown atomically.
#
# Usage: scripts/bench-claims.sh [N ...]     (ROUNDS=5 by default for small N, 1 for N >= 500)
source "$(dirname "$0")/bench-lib.sh"

release_bin bench-claims
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(12 1000)

bench() {
  local n=$1 rounds=$2 total_ns=0 r dir start end
  for ((r = 1; r <= rounds; r++)); do
    dir=$(mktemp -d)
    "$BIN" init --dir "$dir" --as bench-orchestrator --sessions "$n" >/dev/null
    start=$(now_ns)
    for ((i = 1; i <= n; i++)); do
      "$BIN" register --dir "$dir" --as "bench-$i" --number next \
        --role "Bench AI $i - distinct duty $i" --goal "Send $i emails daily" >/dev/null 2>&1 &
    done
    wait
    end=$(now_ns)
    local registered
    registered=$("$BIN" status --dir "$dir" --json | awk '/"registered"/ && !done { gsub(/[^0-9]/, ""); print; done = 1 }')
    if [ "$registered" != "$n" ]; then
      echo "bench-claims: round $r of N=$n registered $registered, expected $n" >&2
      exit 1
    fi
    total_ns=$((total_ns + end - start))
    rm -rf "$dir"
  done
  local claims=$((n * rounds))
  awk -v n="$n" -v c="$claims" -v ns="$total_ns" -v r="$rounds" 'BEGIN {
    s = ns / 1e9
    printf "N=%-5d rounds=%d claims=%-6d wall=%.3fs  %.0f claims/s  %.2f ms/claim\n", n, r, c, s, c / s, s * 1000 / c
  }'
}

echo "rollcall claim benchmark ($(nproc) CPUs, binary $BIN)"
for n in "${SIZES[@]}"; do
  if [ "$n" -ge 500 ]; then rounds=${ROUNDS:-1}; else rounds=${ROUNDS:-5}; fi
  bench "$n" "$rounds"
done
