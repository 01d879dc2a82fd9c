#!/usr/bin/env bash
# Benchmark: median wall time per send of `rollcall send` (with and without fsync, direct and
# through the shim) beside the old naive script (tests/shell/old-session-send-message.sh, the
# old session-send-message.sh rebuilt from issue 5). Target: <= 2 ms per send with fsync.
# Usage: scripts/bench-send.sh [SENDS]   (default 300; ROLLCALL_BIN overrides the release build)
source "$(dirname "$0")/bench-lib.sh"
n=${1:-300}

if [ -z "${ROLLCALL_BIN:-}" ]; then
  release_bin bench-send
  ROLLCALL_BIN=$BIN
fi
export ROLLCALL_BIN

scratch
work=$WORK
coord="$work/docs/COORDINATION"
mkdir -p "$coord/scripts"
cp tests/shell/old-session-send-message.sh "$coord/scripts/old-send.sh"
cp scripts/session-send-message.sh "$coord/scripts/session-send-message.sh"
printf 'bench\n' >"$coord/.current_session"
body='Reply: "CONSENSUS-1: ACKNOWLEDGED" budget $120k
second line	with a tab'

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Runs "$@" n times; prints the median wall time in microseconds.
median_us() {
  local i times=()
  for ((i = 0; i < n; i++)); do times+=("$(time_us "$@")"); done
  median "${times[@]}"
}

true_bin() { /bin/true; }

ms() { awk -v us="$1" 'BEGIN {printf "%.3f ms", us / 1000}'; }

export ROLLCALL_DIR="$coord"
floor_true=$(median_us true_bin)
floor_version=$(median_us "$ROLLCALL_BIN" --version)
fsync_floor=$(python3 - "$work" <<'PY'
import os, statistics, sys, time
d, runs = sys.argv[1], []
for i in range(100):
    t = time.perf_counter()
    fd = os.open(os.path.join(d, f"f{i}"), os.O_CREAT | os.O_WRONLY)
    os.write(fd, b"x" * 300); os.fsync(fd); os.close(fd)
    dfd = os.open(d, os.O_RDONLY); os.fsync(dfd); os.close(dfd)
    runs.append(time.perf_counter() - t)
print(int(statistics.median(runs) * 1e6))
PY
)
# Round-robin, so a burst of load elsewhere on the machine hits every variant alike.
t_old=() t_sync=() t_nosync=() t_shim=()
for ((i = 0; i < n; i++)); do
  t_old+=("$(time_us "$coord/scripts/old-send.sh" bench-to "Status" "$body")")
  t_sync+=("$(time_us "$ROLLCALL_BIN" send bench-to "Status" "$body" --as bench)")
  t_nosync+=("$(time_us "$ROLLCALL_BIN" send bench-to "Status" "$body" --as bench --no-sync)")
  t_shim+=("$(time_us "$coord/scripts/session-send-message.sh" bench-to "Status" "$body")")
done
old=$(median "${t_old[@]}")
sync=$(median "${t_sync[@]}")
nosync=$(median "${t_nosync[@]}")
shim=$(median "${t_shim[@]}")

echo "sends per variant:            $n ($(nproc) CPU, $(df -T "$work" | awk 'NR==2 {print $2}') file system)"
echo "floor: start /bin/true:       $(ms "$floor_true")"
echo "floor: rollcall --version:    $(ms "$floor_version")"
echo "floor: fsync file + folder:   $(ms "$fsync_floor") (one write, no process start)"
echo "old script (no escaping):     $(ms "$old")"
echo "rollcall send (fsync):        $(ms "$sync")"
echo "rollcall send --no-sync:      $(ms "$nosync")"
echo "shim -> rollcall send (fsync): $(ms "$shim")"
awk -v o="$old" -v s="$sync" -v u="$nosync" -v h="$shim" 'BEGIN {
  printf "ratio old/rollcall: %.1fx with fsync, %.1fx without, %.1fx through the shim\n", o / s, o / u, o / h
}'
awk -v s="$sync" 'BEGIN { if (s <= 2000) print "target <= 2 ms with fsync: met"; else print "target <= 2 ms with fsync: MISSED" }'
