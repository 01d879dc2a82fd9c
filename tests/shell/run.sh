#!/usr/bin/env bash
# Runs every tests/shell/test_*.sh suite: each `test_*` function runs in its own subshell with
# stdin from /dev/null and a clean rollcall environment. Last line: "N passed, M failed".
# The binary under test: $ROLLCALL_BIN, else target/debug/rollcall (honouring CARGO_TARGET_DIR).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd -P)
export REPO=$(cd "$here/../.." && pwd -P)
export ROLLCALL_BIN="${ROLLCALL_BIN:-${CARGO_TARGET_DIR:-$REPO/target}/debug/rollcall}"
if [ ! -x "$ROLLCALL_BIN" ]; then
  echo "run.sh: no rollcall binary at $ROLLCALL_BIN" >&2
  echo "hint: cargo build -p rollcall, or set ROLLCALL_BIN" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
unset ROLLCALL_DIR ROLLCALL_SESSION
export NO_COLOR=1

passed=0
failed=0
only="${1:-}"
for suite in "$here"/test_*.sh; do
  for fn in $(bash -c "source '$here/lib.sh'; source '$suite'; declare -F" | awk '$3 ~ /^test_/ {print $3}'); do
    [ -n "$only" ] && [[ "$fn" != *"$only"* ]] && continue
    log=$(mktemp)
    # Not inside `if`: bash would ignore `set -e` in the subshell there.
    (source "$here/lib.sh"; source "$suite"; set -e; "$fn") </dev/null >"$log" 2>&1
    rc=$?
    if [ "$rc" -eq 0 ]; then
      passed=$((passed + 1))
      echo "ok   $(basename "$suite") $fn"
    else
      failed=$((failed + 1))
      echo "FAIL $(basename "$suite") $fn"
      sed 's/^/     | /' "$log" | tail -n 25
    fi
    rm -f "$log"
  done
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
