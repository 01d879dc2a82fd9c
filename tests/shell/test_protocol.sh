# The registration protocol from the shell, as the seed registry describes it: sessions register
# through the seed's own command (the session-send-message.sh shim, REGISTRATION in the SUBJECT)
# and through `rollcall register`; one conflict is resolved with `--number next`; then confirm,
# 12 acks, approve, activate. Sourced by tests/shell/run.sh (uses lib.sh's setup_project).

rc() { "$ROLLCALL_BIN" "$@"; }

# "number|session|role|goal" for each slot of the seed registry.
seed_slots() {
  python3 - "$REPO/tests/fixtures/marketing-registry.md" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
for block in re.split(r"\n### Session #", text)[1:]:
    if "- **NUMBER**:" not in block:
        continue  # the "Session #1 Example:" sections further down
    field = lambda k: re.search(r"- \*\*%s\*\*: (.*)" % k, block).group(1).strip()
    name = field("SESSION_ID").split(" (")[0]
    print("|".join([field("NUMBER"), name, field("ROLE"), field("GOAL")]))
PY
}

status_field() {
  rc status --json | python3 -c 'import json,sys; s=json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"
}

test_protocol_full_flow_through_shim_and_register() {
  setup_project
  export ROLLCALL_DIR="$COORD"
  cp "$REPO/tests/fixtures/marketing-registry.md" "$COORD/SESSION_IDENTITY_REGISTRY.md"
  # The human approver's SSH key, enrolled at init; an imposter's key is not.
  ssh-keygen -q -t ed25519 -N '' -C james -f "$PROJ/james"
  ssh-keygen -q -t ed25519 -N '' -C imposter -f "$PROJ/imposter"
  rc init --as marketing-orchestrator --approver "James (human)=$PROJ/james.pub" >/dev/null
  [ "$(status_field 's["orchestrator"]')" = marketing-orchestrator ] || fail "orchestrator"

  local n name role goal out err code slot slots
  # Read the slots first: `send` with no MESSAGE reads a piped stdin, as the old script's callers expect.
  mapfile -t slots < <(seed_slots)
  [ "${#slots[@]}" -eq 12 ] || fail "seed slots: ${#slots[@]}"
  for slot in "${slots[@]}"; do
    IFS='|' read -r n name role goal <<<"$slot"
    if [ "$n" -eq 5 ]; then
      # Session 5 claims 4 through the shim, exactly like the seed's command: refused (exit 3).
      code=0
      err=$(ROLLCALL_SESSION=$name "$SEND" marketing-orchestrator \
        "REGISTRATION: NUMBER=4 ROLE=$role GOAL=$goal SESSION_ID=$name STATUS=REGISTERED" 2>&1 >/dev/null) || code=$?
      [ "$code" -eq 3 ] || fail "conflict exit code $code: $err"
      [[ "$err" == *"[number-taken]"* && "$err" == *"free numbers: 5"* ]] || fail "refusal: $err"
      out=$(rc register --as "$name" --number next --role "$role" --goal "$goal")
      [[ "$out" == *"Registered #5 as $name"* ]] || fail "next: $out"
    elif [ "$n" -le 6 ]; then
      out=$(ROLLCALL_SESSION=$name "$SEND" marketing-orchestrator \
        "REGISTRATION: NUMBER=$n ROLE=$role GOAL=$goal SESSION_ID=$name STATUS=REGISTERED")
      [[ "$out" == *"Message sent to marketing-orchestrator"* ]] || fail "shim: $out"
      [[ "$out" == *"Registered #$n as $name"* ]] || fail "shim registration: $out"
    else
      rc register --as "$name" --number "$n" --role "$role" --goal "$goal" >/dev/null
    fi
  done

  [ "$(status_field 's["registered"]')" = 12 ] || fail "registered"
  [ "$(status_field 's["consensus"]["state"]')" = awaiting-confirmation ] || fail "before confirm"
  rc confirm --as marketing-orchestrator >/dev/null
  for slot in "${slots[@]}"; do
    IFS='|' read -r n name role goal <<<"$slot"
    rc ack --as "$name" >/dev/null
  done
  code=0
  err=$(rc approve --by "James (human)" --key "$PROJ/imposter" 2>&1 >/dev/null) || code=$?
  [ "$code" -eq 3 ] || fail "wrong-key approval exit $code: $err"
  [[ "$err" == *"[approval-unknown-key]"* ]] || fail "wrong-key refusal: $err"
  [ "$(status_field 's["consensus"]["state"]')" = awaiting-approval ] || fail "wrong key changed state: $err"
  # The human's flow: print the text, sign it with ssh-keygen, pass the signature.
  rc approve --by "James (human)" --print >"$PROJ/approval.txt"
  ssh-keygen -q -Y sign -n rollcall-approve -f "$PROJ/james" "$PROJ/approval.txt" 2>/dev/null
  rc approve --by "James (human)" --signature "$PROJ/approval.txt.sig" >/dev/null
  rc activate --as marketing-orchestrator >/dev/null

  [ "$(status_field 's["consensus"]["state"]')" = active ] || fail "state not active"
  [ "$(status_field 's["consensus"]["reached"]')" = True ] || fail "not reached"
  [ "$(status_field 'sum(r["status"] == "active" for r in s["sessions"])')" = 12 ] || fail "rows"
  out=$(rc validate "$COORD/SESSION_IDENTITY_REGISTRY.md" --format json)
  python3 -c 'import json,sys; r=json.load(sys.stdin); c=r["consensus"]; assert c["reached"] and c["state"]=="active", c' <<<"$out" \
    || fail "validate: $out"
  ls "$COORD"/messages/broadcast/*.json >/dev/null || fail "no broadcast of the final registry"
}

test_protocol_status_table_and_refusals() {
  setup_project
  export ROLLCALL_DIR="$COORD"
  ssh-keygen -q -t ed25519 -N '' -C jim -f "$PROJ/jim"
  rc init --sessions 3 --as boss --approver "Jim=$PROJ/jim.pub" >/dev/null
  rc register --as boss --number 1 --role 'Master Coordinator' --goal 'Coordinate 3 sessions to $120k MRR' >/dev/null
  local out code=0
  out=$(rc status)
  [[ "$out" == *"Registered 1/3"* ]] || fail "status: $out"
  [[ "$out" == *"Next action:"* ]] || fail "status: $out"
  rc register --as eve --number 1 --role 'Eve AI' --goal 'Send 5 emails daily' 2>/dev/null || code=$?
  [ "$code" -eq 3 ] || fail "taken number exit $code"
  code=0
  out=$(rc approve --by Jim --key "$PROJ/jim" 2>&1) || code=$?
  [ "$code" -eq 3 ] || fail "approve before confirm exit $code"
  [[ "$out" == *"[not-confirmed]"* ]] || fail "approve before confirm: $out"
}
