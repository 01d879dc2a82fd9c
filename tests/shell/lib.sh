# Helpers shared by the shell suites (sourced by run.sh; not run on its own).

# Each test gets its own key store, so no session key is ever written into the real home.
ROLLCALL_KEYS=$(mktemp -d)
export ROLLCALL_KEYS

# A fresh project laid out like the real one: docs/coordination/scripts/ holding the shims,
# .current_session naming session-3. Sets PROJ, COORD, SEND, CHECK; cds somewhere unrelated so
# the shims must find the folder from their own location, as the old script did.
setup_project() {
  PROJ=$(mktemp -d)
  COORD="$PROJ/docs/coordination"
  mkdir -p "$COORD/scripts"
  cp "$REPO/scripts/session-send-message.sh" "$REPO/scripts/session-check-messages.sh" "$COORD/scripts/"
  printf 'session-3\n' >"$COORD/.current_session"
  SEND="$COORD/scripts/session-send-message.sh"
  CHECK="$COORD/scripts/session-check-messages.sh"
  mkdir -p "$PROJ/elsewhere"
  cd "$PROJ/elsewhere"
}

fail() { echo "assertion failed: $*" >&2; return 1; }

# The only message file in folder $1 (fails unless there is exactly one).
only_file() {
  local files
  mapfile -t files < <(find "$1" -type f -name '*.json')
  [ "${#files[@]}" -eq 1 ] || fail "expected one file in $1, found ${#files[@]}: ${files[*]}"
  printf '%s\n' "${files[0]}"
}

# Checks that file $1 is strict JSON whose subject and message are exactly the bytes $2 and $3.
assert_message() {
  python3 - "$1" "$2" "$3" <<'PY'
import json, os, sys
path, subject, message = sys.argv[1:4]
with open(path, encoding="utf-8") as f:
    m = json.load(f)
for key in ("from", "to", "timestamp", "subject", "message", "id"):
    assert isinstance(m.get(key), str), f"{key} missing in {path}"
assert list(m)[:5] == ["from", "to", "timestamp", "subject", "message"], list(m)
for key, want in (("subject", subject), ("message", message)):
    got = m[key].encode("utf-8")
    if got != os.fsencode(want):
        sys.exit(f"{key}: stored {got!r}, sent {os.fsencode(want)!r}")
PY
}

# Sends body $2 to a fresh recipient $1 through the shim and checks the round trip.
roundtrip() {
  local to=$1 body=$2 out file
  out=$("$SEND" "$to" "subject of $to" "$body")
  [ "$out" = "✅ Message sent to $to" ] || fail "success line was: $out"
  file=$(only_file "$COORD/messages/direct/$to")
  assert_message "$file" "subject of $to" "$body"
}
