# Many senders at once: nothing lost, nothing overwritten, nothing partial.

test_600_parallel_sends_give_600_valid_files() {
  setup_project
  local pids=()
  for p in $(seq 1 12); do
    (
      # Half the processes share the sender (session-3 from .current_session), half differ.
      if [ $((p % 2)) -eq 0 ]; then as=(); else as=(--as "worker-$p"); fi
      for n in $(seq 1 50); do
        "$SEND" hub "p$p" "process $p message $n \"quoted\" \$120k" "${as[@]}" >/dev/null || exit 1
      done
    ) &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || fail "a sender failed"; done
  python3 - "$COORD/messages/direct/hub" <<'PY'
import json, os, sys
folder = sys.argv[1]
files = os.listdir(folder)
hidden = [n for n in files if n.startswith(".")]
assert not hidden, f"temp files left: {hidden}"
# Each message is NAME.json with its signature NAME.json.sig beside it.
names = [n for n in files if n.endswith(".json")]
unsigned = [n for n in names if n + ".sig" not in files]
assert not unsigned, f"messages without a signature: {unsigned[:5]}"
assert len(files) == 2 * len(names), sorted(set(files) - set(names) - {n + ".sig" for n in names})[:5]
bodies, ids = set(), set()
for name in names:
    with open(os.path.join(folder, name), encoding="utf-8") as f:
        m = json.load(f)
    bodies.add(m["message"])
    ids.add(m["id"])
want = {f'process {p} message {n} "quoted" $120k' for p in range(1, 13) for n in range(1, 51)}
assert len(names) == 600, len(names)
assert bodies == want, sorted(want - bodies)[:5]
assert len(ids) == 600
PY
}
