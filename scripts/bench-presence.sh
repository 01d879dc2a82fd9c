#!/usr/bin/env bash
# Benchmark (issue 17): median cost of one `rollcall heartbeat`, `rollcall status` (human and
# --json) on 1,000 registered sessions that all have presence, and `inbox --follow` wake latency
# (from a `rollcall send` process exiting to the message on the follower's stdout), p50/p99 over
# 200 sends. Usage: scripts/bench-presence.sh [SENDS]   (default 200; ROLLCALL_BIN overrides)
source "$(dirname "$0")/bench-lib.sh"
sends=${1:-200}

if [ -z "${ROLLCALL_BIN:-}" ]; then
  release_bin bench-presence
  ROLLCALL_BIN=$BIN
fi
scratch

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Runs "$@" $1 times (after the count); prints the median wall time in milliseconds.
median_ms() {
  local runs=$1 i times=()
  shift
  for ((i = 0; i < runs; i++)); do times+=("$(time_us "$@")"); done
  awk -v us="$(median "${times[@]}")" 'BEGIN {printf "%.2f ms", us / 1000}'
}

small="$WORK/small"
mkdir -p "$small"
export ROLLCALL_DIR="$small"
"$ROLLCALL_BIN" init --sessions 12 --as s1 >/dev/null
for n in $(seq 1 12); do
  "$ROLLCALL_BIN" register --as "s$n" --number "$n" --role "Role $n" --goal "Write $n posts" >/dev/null
done
echo "heartbeat (12 sessions): median $(median_ms 200 "$ROLLCALL_BIN" heartbeat --as s2) over 200 runs"

big="$WORK/big"
mkdir -p "$big"
export ROLLCALL_DIR="$big"
"$ROLLCALL_BIN" init --sessions 1000 --as s1 >/dev/null
for n in $(seq 1 1000); do
  "$ROLLCALL_BIN" register --as "s$n" --number "$n" --role "Role $n" --goal "Write $n posts" >/dev/null
  "$ROLLCALL_BIN" heartbeat --as "s$n" >/dev/null
done
echo "status (1,000 sessions with presence): median $(median_ms 15 "$ROLLCALL_BIN" status) human, $(median_ms 15 "$ROLLCALL_BIN" status --json) --json, over 15 runs"

export ROLLCALL_DIR="$small"
node - "$ROLLCALL_BIN" "$sends" <<'JS'
const { spawn, execFileSync } = require('node:child_process');
const [bin, sends] = [process.argv[2], Number(process.argv[3])];
const follower = spawn(bin, ['inbox', '--as', 's2', '--follow', '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
const arrived = new Map();
let buffer = '';
follower.stdout.on('data', (chunk) => {
  buffer += chunk;
  let at;
  while ((at = buffer.indexOf('\n')) >= 0) {
    const line = buffer.slice(0, at);
    buffer = buffer.slice(at + 1);
    const match = /wake (\d+)/.exec(line);
    if (match) arrived.set(Number(match[1]), process.hrtime.bigint());
  }
});
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
(async () => {
  await wait(500);
  const latencies = [];
  for (let i = 0; i < sends; i++) {
    execFileSync(bin, ['send', 's2', `wake ${i}`, 'x', '--as', 's1']);
    const sent = process.hrtime.bigint();
    while (!arrived.has(i)) await wait(0.2);
    latencies.push(Math.max(0, Number(arrived.get(i) - sent) / 1e6));
  }
  follower.kill();
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  console.log(`inbox --follow wake latency over ${sends} sends: p50 ${at(0.5).toFixed(2)} ms, p99 ${at(0.99).toFixed(2)} ms`);
})();
JS
