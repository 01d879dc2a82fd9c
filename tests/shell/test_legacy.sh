# Files written by the old script (invalid JSON) stay readable through `rollcall inbox`.

test_old_script_files_are_recovered_and_untouched() {
  setup_project
  mkdir -p "$PROJ/docs/COORDINATION/scripts"
  cp "$REPO/tests/shell/old-session-send-message.sh" "$PROJ/docs/COORDINATION/scripts/"
  printf 'orchestrator\n' >"$PROJ/docs/COORDINATION/.current_session"
  local body=$'Reply: "CONSENSUS-1: ACKNOWLEDGED"\nGreat work\\!\tNext'
  "$PROJ/docs/COORDINATION/scripts/old-session-send-message.sh" session-3 'Re: "vote"' "$body" >/dev/null
  old=$(only_file "$PROJ/docs/COORDINATION/messages/direct/session-3")
  ! python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$old" 2>/dev/null || fail "old file was valid JSON"
  before=$(sha256sum "$old")
  "$ROLLCALL_BIN" inbox --dir "$PROJ/docs/COORDINATION" --as session-3 --json >"$PROJ/out.json"
  python3 - "$PROJ/out.json" "$body" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
[entry] = doc["messages"]
assert entry["recovered"] is True, entry
assert entry["message"]["subject"] == 'Re: "vote"', entry["message"]
# The shell kept the backslash of `\!`; the sender meant `!`.
assert entry["message"]["message"] == sys.argv[2].replace("\\!", "!"), entry["message"]
assert entry["message"]["from"] == "orchestrator"
PY
  [ "$(sha256sum "$old")" = "$before" ] || fail "legacy file modified"
}

test_unrecoverable_file_is_named_and_counted() {
  setup_project
  mkdir -p "$COORD/messages/broadcast"
  printf '{"from": "x", "to": ' >"$COORD/messages/broadcast/2025-01-01_00-00-00-x.json"
  out=$("$ROLLCALL_BIN" inbox --dir "$COORD" --as session-3 2>"$PROJ/err")
  grep -q '2025-01-01_00-00-00-x.json' "$PROJ/err" || fail "not named: $(cat "$PROJ/err")"
  grep -q '1 message file(s) could not be read' "$PROJ/err" || fail "not counted"
}
