#!/usr/bin/env bash
# Benchmark (issue 16): the cost of signatures. `rollcall send` signed and `--unsigned`
# (median ms, interleaved in the same run, in a folder made with --allow-unsigned), `inbox --json`
# verifying N messages, and the pure core numbers (`core/examples/bench_identity.rs`: signing,
# 10,000 message verifications, replay of a signed 10,001-entry journal), then `verify` and
# `status` on that journal. Usage: scripts/bench-identity.sh [N]   (default 10000)
source "$(dirname "$0")/bench-lib.sh"
n=${1:-10000}
runs=200

if [ -z "${ROLLCALL_BIN:-}" ]; then
  release_bin bench-identity
  ROLLCALL_BIN=$BIN
fi
scratch
export ROLLCALL_KEYS="$WORK/keys"

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ms() { awk -v us="$1" 'BEGIN {printf "%.2f", us / 1000}'; }

# A registry of 2 sessions, s1 and s2, registered with their keys.
team() {
  mkdir -p "$1"
  "$ROLLCALL_BIN" init --dir "$1" --sessions 2 --as s1 "${@:2}" >/dev/null 2>&1
  for s in 1 2; do
    "$ROLLCALL_BIN" register --dir "$1" --as "s$s" --number "$s" --role "Role $s" --goal "Write $s posts" >/dev/null
  done
}

sends="$WORK/sends"
team "$sends" --allow-unsigned
signed=() unsigned=()
for ((i = 0; i < runs; i++)); do
  signed+=("$(time_us "$ROLLCALL_BIN" send --dir "$sends" --as s1 s2 "signed $i" "body $i")")
  unsigned+=("$(time_us "$ROLLCALL_BIN" send --dir "$sends" --as s1 --unsigned s2 "unsigned $i" "body $i")")
done
s=$(median "${signed[@]}") u=$(median "${unsigned[@]}")
echo "send: median $(ms "$s") ms signed, $(ms "$u") ms --unsigned, signing adds $(ms $((s - u))) ms (target < 0.5), $runs runs each, interleaved"

inbox="$WORK/inbox"
team "$inbox"
for ((i = 0; i < n; i++)); do
  "$ROLLCALL_BIN" send --dir "$inbox" --as s1 --no-sync --quiet s2 "message $i" "body $i"
done
first=$(time_us "$ROLLCALL_BIN" inbox --dir "$inbox" --as s2 --json)
again=()
for ((i = 0; i < 5; i++)); do again+=("$(time_us "$ROLLCALL_BIN" inbox --dir "$inbox" --as s2 --json)"); done
"$ROLLCALL_BIN" inbox --dir "$inbox" --as s2 --json >"$WORK/inbox.json"
good=$(grep -c '"status": "good"' "$WORK/inbox.json")
echo "inbox --json, $n signed messages ($good verified good): $(ms "$first") ms the first time (it also records $n delivery receipts), then median $(ms "$(median "${again[@]}")") ms over 5 runs"

journal="$WORK/journal"
mkdir -p "$journal"
cargo run --release -q -p rollcall-core --example bench_identity "$journal/registry.journal.jsonl"
entries=$(wc -l <"$journal/registry.journal.jsonl")
times=()
for ((i = 0; i < 5; i++)); do times+=("$(time_us "$ROLLCALL_BIN" verify --dir "$journal" --json)"); done
echo "verify --json, journal of $entries signed entries (written by the core example above): median $(ms "$(median "${times[@]}")") ms over 5 runs"
times=()
for ((i = 0; i < 5; i++)); do times+=("$(time_us "$ROLLCALL_BIN" status --dir "$journal" --json)"); done
echo "status --json on that journal (replay verifying every entry): median $(ms "$(median "${times[@]}")") ms over 5 runs"
