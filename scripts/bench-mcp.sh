#!/usr/bin/env bash
# Benchmark (issue 18): `send` and `fetch_inbox` round trips through `rollcall mcp` (p50/p99, the
# npm MCP client) beside one `rollcall send` process in the same run, and the inbox push latency.
# Usage: scripts/bench-mcp.sh [RUNS]   (default 200)
source "$(dirname "$0")/bench-lib.sh"
if [ -z "${ROLLCALL_BIN:-}" ]; then
  release_bin bench-mcp
  ROLLCALL_BIN=$BIN
fi
node scripts/bench-mcp.mjs "$ROLLCALL_BIN" "${1:-200}"
