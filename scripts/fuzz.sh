#!/usr/bin/env bash
# Runs every fuzz target (fuzz/fuzz_targets/) under AFL++ for SECONDS each (default 10), from the
# committed seed corpus, then prints execs and findings per target. A crash or hang is copied to
# fuzz/regressions/TARGET/ (replayed by `cargo test --manifest-path fuzz/Cargo.toml`) and the
# script exits 1. Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tools.sh

seconds="${1:-10}"
shift || true
targets=("$@")
if [ "${#targets[@]}" = 0 ]; then
    targets=(registry_markdown registry_json registration legacy_message journal_replay fix)
fi

ensure_cargo_afl
(cd fuzz && cargo afl build --release --features afl --bins)

# One value from a finished run's fuzzer_stats.
stat() { awk -F' *: *' -v key="$2" '$1 == key { print $2 }' "$1"; }

# Copies a run's crashes and hangs into the regression folder; prints how many.
keep_findings() {
    local out=$1 target=$2 found=0 file
    for file in "$out"/default/crashes/id:* "$out"/default/hangs/id:*; do
        [ -f "$file" ] || continue
        cp "$file" "fuzz/regressions/$target/$(basename "$(dirname "$file")")-$(sha256sum "$file" | cut -c1-16)"
        found=$((found + 1))
    done
    echo "$found"
}

failed=0
printf '%-18s %10s %10s %8s %8s %9s\n' target seconds execs execs/s paths findings
for target in "${targets[@]}"; do
    out="fuzz/out/$target"
    rm -rf "$out"
    mkdir -p fuzz/out "fuzz/regressions/$target"
    AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 \
        cargo afl fuzz -V "$seconds" -t 1000 -i "fuzz/corpus/$target" -o "$out" \
        -- "fuzz/target/release/$target" >"$out.log" 2>&1 || {
        echo "afl-fuzz failed for $target; see $out.log" >&2
        tail -20 "$out.log" >&2
        exit 2
    }
    stats="$out/default/fuzzer_stats"
    found="$(keep_findings "$out" "$target")"
    [ "$found" = 0 ] || failed=1
    printf '%-18s %10s %10s %8s %8s %9s\n' "$target" "$(stat "$stats" run_time)" \
        "$(stat "$stats" execs_done)" "$(stat "$stats" execs_per_sec)" \
        "$(stat "$stats" corpus_count)" "$found"
done
if [ "$failed" = 1 ]; then
    echo "findings were copied to fuzz/regressions/; replay them with: cargo test --manifest-path fuzz/Cargo.toml" >&2
fi
exit "$failed"
