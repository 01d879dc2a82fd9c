# The send shim called exactly as existing scripts call session-send-message.sh.

test_registry_registration_line_without_message() {
  setup_project
  # The registry's own instruction, verbatim apart from the placeholders being filled in.
  local line='REGISTRATION: NUMBER=3 ROLE=Content Strategist GOAL=Publish 12 posts/week SESSION_ID=mkt-3 STATUS=REGISTERED'
  out=$("$SEND" marketing-orchestrator "$line")
  [ "$out" = "✅ Message sent to marketing-orchestrator" ] || fail "success line: $out"
  file=$(only_file "$COORD/messages/direct/marketing-orchestrator")
  assert_message "$file" "$line" ""
  [[ "$(basename "$file")" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}_[0-9]{2}-[0-9]{2}-[0-9]{2}-session-3\.json$ ]] \
    || fail "file name $(basename "$file")"
}

test_single_quoted_dollar_amount() {
  setup_project
  roundtrip budget 'Budget: $120k for Q3, ${HOME} and $(whoami) stay literal'
}

test_newlines() {
  setup_project
  roundtrip lines $'first line\nsecond line\n\nafter a blank line\n'
}

test_double_quotes() {
  setup_project
  roundtrip quotes 'Reply: "CONSENSUS-1: ACKNOWLEDGED" and "to": "x", '"'"'single'"'"''
}

test_backslashes() {
  setup_project
  roundtrip slashes 'C:\Users\n \t \\ \" \! \u0041 trailing\'
}

test_tabs_and_control_characters() {
  setup_project
  roundtrip tabs $'col1\tcol2\tcol3\x01\x1b[0m\x7f'
}

test_emoji_and_non_ascii() {
  setup_project
  roundtrip emoji '🎉 launch ✅ — café 日本語 👩‍💻'
}

test_html() {
  setup_project
  roundtrip html '<script>alert("x")</script><b>bold</b> &amp; &lt;'
}

test_crlf() {
  setup_project
  roundtrip crlf $'windows line\r\nnext\r\n'
}

test_subject_is_byte_exact_too() {
  setup_project
  local subject=$'Re: "vote" \\ $5 \t🎉'
  "$SEND" subj "$subject" body >/dev/null
  assert_message "$(only_file "$COORD/messages/direct/subj")" "$subject" body
}

test_broadcast_goes_to_broadcast_folder() {
  setup_project
  "$SEND" broadcast "All hands" "everyone" >/dev/null
  assert_message "$(only_file "$COORD/messages/broadcast")" "All hands" everyone
  [ ! -e "$COORD/messages/direct" ] || fail "broadcast wrote a direct folder"
}

test_body_from_stdin_dash_and_pipe() {
  setup_project
  printf 'piped\n"body"\n' | "$SEND" dash "s" - >/dev/null
  assert_message "$(only_file "$COORD/messages/direct/dash")" s $'piped\n"body"\n'
  printf 'report\tdone' | "$SEND" pipe "s" >/dev/null
  assert_message "$(only_file "$COORD/messages/direct/pipe")" s $'report\tdone'
}

test_silent_inherited_stdin_does_not_hang() {
  setup_project
  # A pipe that never closes (like an agent harness's stdin) and no MESSAGE: must still send.
  timeout 30 "$SEND" silent "no body" < <(sleep 60) >/dev/null
  assert_message "$(only_file "$COORD/messages/direct/silent")" "no body" ""
}

test_missing_arguments_exit_2_with_usage() {
  setup_project
  set +e
  "$SEND" >/dev/null 2>"$PROJ/err"; rc1=$?
  "$SEND" only-to >/dev/null 2>>"$PROJ/err"; rc2=$?
  set -e
  [ "$rc1" -eq 2 ] && [ "$rc2" -eq 2 ] || fail "exit codes $rc1 $rc2"
  grep -q 'Usage: rollcall send' "$PROJ/err" || fail "no usage text: $(cat "$PROJ/err")"
  [ ! -e "$COORD/messages" ] || fail "something was written"
}

test_hostile_names_refused_nothing_written() {
  setup_project
  local long
  long=$(printf 'x%.0s' $(seq 129))
  for bad in '../x' 'a/b' '' $'a\nb' $'bell\a' '..' '.hidden' "$long"; do
    set +e
    "$SEND" "$bad" s m >/dev/null 2>"$PROJ/err"; rc=$?
    "$SEND" ok s m --as "$bad" >/dev/null 2>>"$PROJ/err"; rc_as=$?
    set -e
    [ "$rc" -eq 2 ] && [ "$rc_as" -eq 2 ] || fail "name $(printf %q "$bad"): exit $rc/$rc_as"
    grep -q '^rollcall: ' "$PROJ/err" || fail "no error line for $(printf %q "$bad")"
  done
  [ -z "$(find "$PROJ" -path "$COORD/scripts" -prune -o -type f -newer "$COORD/.current_session" -print | grep -v "$PROJ/err")" ] \
    || fail "files written: $(find "$PROJ" -type f)"
  [ ! -e "$PROJ/docs/x" ] && [ ! -e "$COORD/x" ] || fail "escaped the folder"
}

test_invalid_utf8_refused() {
  setup_project
  set +e
  "$SEND" bob s $'caf\xe9' >/dev/null 2>"$PROJ/err"; rc=$?
  set -e
  [ "$rc" -eq 2 ] || fail "exit $rc"
  grep -q 'not valid UTF-8' "$PROJ/err" || fail "$(cat "$PROJ/err")"
  [ ! -e "$COORD/messages" ] || fail "something was written"
}

test_same_second_sends_never_overwrite() {
  setup_project
  for i in $(seq 1 20); do "$SEND" burst "same second" "n$i" --no-sync >/dev/null; done
  count=$(find "$COORD/messages/direct/burst" -type f -name '*.json' | wc -l)
  [ "$count" -eq 20 ] || fail "expected 20 files, found $count"
}

test_check_messages_shows_unread_once() {
  setup_project
  "$SEND" session-3 "first" "hello from alice" --as alice >/dev/null
  "$SEND" broadcast "second" "to all" --as bob >/dev/null
  out=$("$CHECK")
  grep -q 'Subject: first' <<<"$out" && grep -q 'Subject: second' <<<"$out" || fail "$out"
  again=$("$CHECK")
  ! grep -q 'Subject:' <<<"$again" || fail "read messages shown again: $again"
  [ -s "$COORD/messages/.cursors/session-3" ] || fail "no cursor file"
}
