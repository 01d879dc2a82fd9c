#!/usr/bin/env bash
# Benchmark: `validate` of the npm package in Node beside native rollcall-core in-process and the
# whole release CLI process (`rollcall validate --format json FILE`: start, read, validate, write
# the JSON), on the 12-session seed and a generated 10,000-session registry (medians). Builds the
# package and the release binary first.
source "$(dirname "$0")/bench-lib.sh"
scripts/build-wasm.sh
release_bin bench-wasm
scratch
out=$WORK
node scripts/bench-wasm.mjs "$out"
cargo run -q --release -p rollcall-wasm --example native_validate -- \
    "$out/registry-12.md" 201 "$out/registry-10000.md" 15

# Median wall time in milliseconds of RUNS whole `rollcall validate --format json FILE` processes.
cli_median_ms() {
    local file=$1 runs=$2 times=() i
    for ((i = 0; i < runs; i++)); do times+=("$(time_us "$BIN" validate --format json "$file")"); done
    printf '%s\n' "${times[@]}" | sort -n | awk -v n="$runs" \
        'NR == int(n / 2) + 1 { printf "%.3f", $1 / 1000 }'
}

for run in registry-12.md:101 registry-10000.md:15; do
    file=${run%%:*} runs=${run##*:}
    echo "native (whole CLI process) rollcall validate --format json $file:" \
        "median $(cli_median_ms "$out/$file" "$runs") ms over $runs runs"
done
