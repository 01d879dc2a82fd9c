#!/usr/bin/env bash
# Installs whatever is missing (idempotent, fast when present) and runs every test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "cargo test (workspace)"
cargo test --workspace --all-targets

step "static page: build www/dist/rollcall.html and run the browser tests (system Chromium)"
scripts/build-www.sh && node --test tests/browser/
