#!/usr/bin/env bash
# Installs rollcall's shims (scripts/session-*.sh) over an existing coordination scripts folder.
# Usage: scripts/install-shims.sh COORD_SCRIPTS_DIR
# Each script replaced is first kept as NAME.orig (or NAME.orig.2, ...: a backup is never
# overwritten; a script that is already a rollcall shim is simply updated);
# re-running is safe. The rollcall binary is found on PATH, in $ROLLCALL_BIN, or in this
# repository's target/ folder; its absolute path is written into each installed shim.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd -P)

die() { echo "install-shims: $1" >&2; [ -n "${2:-}" ] && echo "hint: $2" >&2; exit 2; }

[ $# -eq 1 ] || die "usage: scripts/install-shims.sh COORD_SCRIPTS_DIR" \
  "pass the folder holding session-send-message.sh, e.g. docs/coordination/scripts"
dest=$1
[ -d "$dest" ] || die "$dest is not a folder" "pass an existing scripts folder"

find_bin() {
  local candidate
  for candidate in "${ROLLCALL_BIN:-}" "$(command -v rollcall 2>/dev/null || true)" \
    "${CARGO_TARGET_DIR:-$repo/target}/release/rollcall" \
    "${CARGO_TARGET_DIR:-$repo/target}/debug/rollcall" \
    "$repo/target/release/rollcall" "$repo/target/debug/rollcall"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then
      (cd "$(dirname "$candidate")" && printf '%s/%s\n' "$(pwd -P)" "$(basename "$candidate")")
      return 0
    fi
  done
  return 1
}
bin=$(find_bin) || die "the rollcall binary was not found (PATH, \$ROLLCALL_BIN, $repo/target)" \
  "cargo install --path cli   (run in $repo), then run this again"

bin_sed=$(printf '%s' "$bin" | sed 's/[&|\\]/\\&/g')
installed=0
for shim in "$repo"/scripts/session-*.sh; do
  name=$(basename "$shim")
  target="$dest/$name"
  if [ -e "$target" ] && ! grep -q '^# rollcall-shim' "$target"; then
    backup="$target.orig"
    n=2
    while [ -e "$backup" ]; do backup="$target.orig.$n"; n=$((n + 1)); done
    cp -p "$target" "$backup"
    echo "kept $backup"
  fi
  tmp=$(mktemp "$dest/.$name.XXXXXX")
  sed "s|^ROLLCALL_INSTALLED_BIN=\"\"|ROLLCALL_INSTALLED_BIN=\"$bin_sed\"|" "$shim" > "$tmp"
  chmod 755 "$tmp"
  mv -f "$tmp" "$target"
  echo "installed $target"
  installed=$((installed + 1))
done
echo "$installed shim(s) installed; they run $bin"
