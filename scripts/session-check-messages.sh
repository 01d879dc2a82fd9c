#!/usr/bin/env bash
# rollcall-shim: reads this session's unread messages and marks them read.
# Usage: session-check-messages.sh [rollcall inbox options, e.g. --as ID, --json]
# Runs `rollcall inbox --unread --mark-read "$@"`; see README.md "Shims" for how the binary and the folder are found.
set -euo pipefail

# Set by scripts/install-shims.sh to the binary it found; empty in the repository copy.
ROLLCALL_INSTALLED_BIN=""

find_rollcall() {
  if [ -n "${ROLLCALL_BIN:-}" ]; then printf '%s\n' "$ROLLCALL_BIN"; return; fi
  if [ -n "$ROLLCALL_INSTALLED_BIN" ] && [ -x "$ROLLCALL_INSTALLED_BIN" ]; then
    printf '%s\n' "$ROLLCALL_INSTALLED_BIN"; return
  fi
  if command -v rollcall >/dev/null 2>&1; then command -v rollcall; return; fi
  echo "rollcall: the rollcall binary was not found on PATH" >&2
  echo "hint: cargo install --path cli   (from the rollcall repository), or set ROLLCALL_BIN" >&2
  exit 2
}

# Like the old script, find the coordination folder from this script's own location first
# (the old one used COORDINATION/ beside itself); rollcall then falls back to the working directory.
find_coordination() {
  local dir name child
  dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
  while :; do
    name=$(basename "$dir")
    if [ "$(printf '%s' "$name" | tr '[:upper:]' '[:lower:]')" = coordination ]; then
      printf '%s\n' "$dir"; return 0
    fi
    for child in docs/coordination docs/COORDINATION coordination COORDINATION; do
      if [ -d "$dir/$child" ]; then printf '%s\n' "$dir/$child"; return 0; fi
    done
    [ "$dir" = / ] && return 1
    dir=$(dirname "$dir")
  done
}

if [ -z "${ROLLCALL_DIR:-}" ] && found=$(find_coordination); then
  export ROLLCALL_DIR="$found"
fi
bin=$(find_rollcall)
exec "$bin" inbox --unread --mark-read "$@"
