#!/usr/bin/env bash
# Times `rollcall import` (and a second, idempotent run, and `rollcall doctor`) on a generated legacy
# folder of N old-script messages, half of them broken the ways the old script broke them.
# Usage: scripts/bench-import.sh [N]   (default 5000; builds the release binary first)
source "$(dirname "$0")/bench-lib.sh"
n="${1:-5000}"
release_bin bench-import
bin=$BIN
scratch
dir="$WORK/coordination"
python3 - "$dir" "$n" <<'PY'
import sys, os
root, n = sys.argv[1], int(sys.argv[2])
bodies = ['line one\nline\ttwo', 'Reply: "CONSENSUS-1: ACKNOWLEDGED"', 'Done\\! now', 'plain text ok']
for i in range(n):
    to = "broadcast" if i % 3 == 0 else f"s-{i % 12 + 1}"
    folder = os.path.join(root, "messages", "broadcast" if to == "broadcast" else f"direct/{to}")
    os.makedirs(folder, exist_ok=True)
    body = bodies[i % 4]
    text = f'{{\n  "from": "s-{i % 12 + 1}",\n  "to": "{to}",\n  "timestamp": "2025-11-15T22:00:00Z",\n  "subject": "msg {i}",\n  "message": "{body}"\n}}\n'
    with open(os.path.join(folder, f"2025-11-15_22-00-00-{i:06d}.json"), "w") as f:
        f.write(text)
PY
t() { local s e; s=$(now_ns); "$@" >/dev/null || true; e=$(now_ns); awk -v ns="$((e - s))" 'BEGIN {printf "%.3f", ns / 1e9}'; }
echo "messages: $n ($(find "$dir" -name '*.json' | wc -l) files)"
echo "import --dry-run: $(t "$bin" import --dry-run "$dir") s"
echo "import (fsync each backup and replace): $(t "$bin" import "$dir") s"
echo "import again (idempotent, nothing to do): $(t "$bin" import "$dir") s"
echo "doctor: $(t "$bin" doctor "$dir") s"
