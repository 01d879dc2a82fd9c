# shellcheck shell=bash
# Sourced (never run) by scripts/bench-*.sh: strict mode, the repository root as working folder,
# the release binary, a scratch folder removed on exit, and clock helpers.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Builds the release rollcall and sets BIN to its absolute path; $1 names the benchmark for errors.
release_bin() {
  cargo build --release -q -p rollcall
  BIN="$(cd "${CARGO_TARGET_DIR:-target}" && pwd -P)/release/rollcall"
  [ -x "$BIN" ] || { echo "$1: no binary at $BIN" >&2; exit 2; }
}

# Makes a scratch folder WORK, removed when the benchmark exits.
scratch() {
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
}

# Nanoseconds since the epoch.
now_ns() { date +%s%N; }

# Microseconds one run of "$@" takes (its stdout discarded).
time_us() {
  local start end
  start=$EPOCHREALTIME
  "$@" >/dev/null
  end=$EPOCHREALTIME
  echo $(( ${end/./} - ${start/./} ))
}
