#!/usr/bin/env bash
# Installs whatever is missing (idempotent, fast when present) and runs every test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "cargo test (workspace)"
cargo test --workspace --all-targets
step "shell tests (send/inbox shims)" && cargo build -q -p rollcall && ROLLCALL_BIN="$(cd "${CARGO_TARGET_DIR:-target}" && pwd)/debug/rollcall" bash tests/shell/run.sh
