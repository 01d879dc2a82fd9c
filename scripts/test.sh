#!/usr/bin/env bash
# Installs whatever is missing (idempotent, fast when present) and runs every test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "cargo test (workspace)"
cargo test --workspace --all-targets
