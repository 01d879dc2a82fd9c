#!/usr/bin/env bash
# Benchmark: the static page's load in the system Chromium, from file:// to ready (median of 7
# fresh contexts). Builds the wasm and the page first.
source "$(dirname "$0")/bench-lib.sh"
scripts/build-www.sh
node scripts/bench-page.mjs "${1:-7}"
