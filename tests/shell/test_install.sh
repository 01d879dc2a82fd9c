# install-shims.sh over an existing coordination scripts folder.

test_install_keeps_orig_backups_and_shims_work() {
  setup_project
  local scripts="$PROJ/legacy/docs/coordination/scripts"
  mkdir -p "$scripts"
  cp "$REPO/tests/shell/old-session-send-message.sh" "$scripts/session-send-message.sh"
  printf '#!/bin/bash\necho old checker\n' >"$scripts/session-check-messages.sh"
  printf 'session-9\n' >"$PROJ/legacy/docs/coordination/.current_session"
  bash "$REPO/scripts/install-shims.sh" "$scripts" >"$PROJ/log"
  cmp -s "$REPO/tests/shell/old-session-send-message.sh" "$scripts/session-send-message.sh.orig" \
    || fail "no faithful .orig backup"
  grep -q 'echo old checker' "$scripts/session-check-messages.sh.orig" || fail "checker backup"
  grep -q '^# rollcall-shim' "$scripts/session-send-message.sh" || fail "shim not installed"
  grep -q "^ROLLCALL_INSTALLED_BIN=\"/" "$scripts/session-send-message.sh" || fail "binary not recorded"
  bash "$REPO/scripts/install-shims.sh" "$scripts" >/dev/null
  [ ! -e "$scripts/session-send-message.sh.orig.2" ] || fail "re-install backed up a shim"
  (unset ROLLCALL_BIN; "$scripts/session-send-message.sh" session-1 "via installed shim" 'it works "really"') >/dev/null
  assert_message "$(only_file "$PROJ/legacy/docs/coordination/messages/direct/session-1")" \
    "via installed shim" 'it works "really"'
}

test_install_without_binary_says_how_to_install() {
  setup_project
  mkdir -p "$PROJ/fake/scripts" "$PROJ/dest"
  cp "$REPO/scripts/install-shims.sh" "$REPO/scripts/session-send-message.sh" "$PROJ/fake/scripts/"
  set +e
  env -u ROLLCALL_BIN PATH=/usr/bin:/bin CARGO_TARGET_DIR="$PROJ/none" \
    bash "$PROJ/fake/scripts/install-shims.sh" "$PROJ/dest" >/dev/null 2>"$PROJ/err"
  rc=$?
  set -e
  [ "$rc" -eq 2 ] || fail "exit $rc"
  grep -q 'cargo install --path cli' "$PROJ/err" || fail "$(cat "$PROJ/err")"
  [ -z "$(ls -A "$PROJ/dest")" ] || fail "installed without a binary"
}
