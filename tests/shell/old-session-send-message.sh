#!/bin/bash
# The OLD session-send-message.sh, rebuilt from issue 5's description with its defects kept on
# purpose (used by the legacy tests and scripts/bench-send.sh; never install it): the sender comes
# from a shared .current_session, arguments are pasted into a heredoc without escaping, files are
# named to the second (two sends in one second overwrite), and COORDINATION/ is found relative to
# the script, which matches docs/coordination only on a case-insensitive file system.
SCRIPT_DIR="$(cd "$(dirname "$0")" && pwd)"
COORD_DIR="$SCRIPT_DIR/../../COORDINATION"

TO="$1"
SUBJECT="$2"
MESSAGE="$3"

if [ -z "$TO" ] || [ -z "$SUBJECT" ]; then
  echo "Usage: session-send-message.sh <to_session|broadcast> <subject> [message]"
  exit 1
fi

FROM_SESSION=$(cat "$COORD_DIR/.current_session" 2>/dev/null || echo "unknown")
TIMESTAMP=$(date -u +"%Y-%m-%dT%H:%M:%SZ")
FILE_TIMESTAMP=$(date -u +"%Y-%m-%d_%H-%M-%S")

if [ "$TO" = "broadcast" ]; then
  MESSAGE_DIR="$COORD_DIR/messages/broadcast"
else
  MESSAGE_DIR="$COORD_DIR/messages/direct/$TO"
fi
mkdir -p "$MESSAGE_DIR"
MESSAGE_FILE="$MESSAGE_DIR/${FILE_TIMESTAMP}-${FROM_SESSION}.json"

cat > "$MESSAGE_FILE" << EOF
{
  "from": "$FROM_SESSION",
  "to": "$TO",
  "timestamp": "$TIMESTAMP",
  "subject": "$SUBJECT",
  "message": "$MESSAGE"
}
EOF

echo "✅ Message sent to $TO"
