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

# Writes a seed-layout registry with $1 sessions to $2.
generate_registry() {
  awk -v n="$1" 'BEGIN {
    printf "# Session Identity Registry - Bench\n\n**Purpose**: Benchmark.\n**Required**: All %d sessions must register before activation\n\n---\n\n## Current Session Registry\n\n", n
    for (i = 1; i <= n; i++) {
      if (i > 1) printf "\n---\n\n"
      printf "### Session #%d: Bench Member %d\n- **NUMBER**: %d\n- **ROLE**: Bench AI %d - distinct duty \"%d\" <b>$%d</b>\n", i, i, i, i, i, i
      printf "- **GOAL**: Send %d emails daily, 95%%+ delivery rate ⏳\n- **SESSION_ID**: bench-%d (session-%d)\n", i, i, 1763243000 + i
      printf "- **RESPONSIBILITIES**:\n  - Duty one for %d\n  - Duty two for %d\n- **STATUS**: ⏳ PENDING REGISTRATION\n", i, i
    }
    printf "\n---\n\n## Consensus Validation\n\n- [ ] All %d sessions registered with unique numbers\n- [ ] Human approves final registry\n\n**Current Status**: 0/%d sessions registered\n", n, n
  }' > "$2"
}
