#!/usr/bin/env bash
# rollcall-shim: drop-in for the old coordination scripts; what it runs depends on its name
# (scripts/session-check-messages.sh is a link to this file; installed copies keep the names):
#   session-send-message.sh TO SUBJECT [MESSAGE|-]   runs `rollcall send "$@"` (TO may be `broadcast`)
#   session-check-messages.sh [inbox options]        runs `rollcall inbox --unread --mark-read "$@"`
# See README.md "Shims" for how the binary and the folder are found.
set -euo pipefail

# Set by scripts/install-shims.sh to the binary it found; empty in the repository copy.
ROLLCALL_INSTALLED_BIN=""

# Sets `bin`; builtins only (no forks), so the shim adds little to each send.
find_rollcall() {
  if [ -n "${ROLLCALL_BIN:-}" ]; then bin=$ROLLCALL_BIN; return; fi
  if [ -n "$ROLLCALL_INSTALLED_BIN" ] && [ -x "$ROLLCALL_INSTALLED_BIN" ]; then
    bin=$ROLLCALL_INSTALLED_BIN; return
  fi
  if bin=$(command -v rollcall); then return; fi
  echo "rollcall: the rollcall binary was not found on PATH" >&2
  echo "hint: cargo install --path cli   (from the rollcall repository), or set ROLLCALL_BIN" >&2
  exit 2
}

# Like the old script, find the coordination folder from this script's own location first
# (the old one used COORDINATION/ beside itself); rollcall then falls back to the working
# directory. Sets `coord`; builtins only.
find_coordination() {
  local here=${BASH_SOURCE[0]%/*} back=$PWD dir name child
  [ "$here" = "${BASH_SOURCE[0]}" ] && here=.
  cd -P "$here" 2>/dev/null || return 1
  dir=$PWD
  cd "$back" || return 1
  while :; do
    name=${dir##*/}
    case $name in # any case, without bash 4's ${name,,} (macOS ships bash 3.2)
      [Cc][Oo][Oo][Rr][Dd][Ii][Nn][Aa][Tt][Ii][Oo][Nn]) coord=$dir; return 0 ;;
    esac
    for child in docs/coordination docs/COORDINATION coordination COORDINATION; do
      if [ -d "$dir/$child" ]; then coord=$dir/$child; return 0; fi
    done
    [ -z "$dir" ] || [ "$dir" = / ] && return 1
    dir=${dir%/*}
  done
}

if [ -z "${ROLLCALL_DIR:-}" ] && find_coordination; then
  export ROLLCALL_DIR="$coord"
fi
find_rollcall
case ${BASH_SOURCE[0]##*/} in
  session-check-messages*) exec "$bin" inbox --unread --mark-read "$@" ;;
  *) exec "$bin" send "$@" ;;
esac
