#!/usr/bin/env bash
# The one command that installs whatever is missing (idempotent, fast when present) and runs every
# test suite. To add a suite, append one `suite "<name>" <command...>` line in the suites section.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tools.sh

started=$SECONDS
passed=()
failed=()

step() { printf '\n==> %s\n' "$*"; }

# Runs one suite (a command, in a subshell with `set -e`), records its outcome and keeps going.
suite() {
    local name=$1 t0=$SECONDS rc
    shift
    step "$name"
    set +e
    (set -e; "$@")
    rc=$?
    set -e
    if [ "$rc" = 0 ]; then
        passed+=("$name")
        printf -- '--- ok: %s (%ss)\n' "$name" $((SECONDS - t0))
    else
        failed+=("$name")
        printf -- '--- FAILED (exit %s): %s (%ss)\n' "$rc" "$name" $((SECONDS - t0))
    fi
}

# The wasm-bindgen-test suites, in Node (default) or headless Chromium (`browser`).
wasm_tests() {
    local env=(CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner)
    if [ "${1:-}" = browser ]; then
        env+=(WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=/usr/bin/chromedriver
            "WASM_BINDGEN_TEST_WEBDRIVER_JSON=$PWD/wasm/webdriver.json")
    fi
    env "${env[@]}" cargo test -p rollcall-wasm --target wasm32-unknown-unknown --tests
}

# Clippy with warnings denied; `unwrap()` is allowed only in test targets.
clippy() {
    cargo clippy --workspace -- -D warnings
    cargo clippy --workspace --all-targets -- -D warnings -A clippy::unwrap_used
    cargo clippy -p rollcall-wasm --target wasm32-unknown-unknown --all-targets -- -D warnings -A clippy::unwrap_used
}

# Type-checks every crate and test for each macOS target, so no Linux-only code lands.
macos_check() {
    local target
    for target in $ROLLCALL_MACOS_TARGETS; do
        cargo check --workspace --all-targets --target "$target"
    done
}

# The npm package, built and then tested as a consumer installs it, against the CLI's output.
node_package_tests() {
    scripts/build-wasm.sh
    cargo build -q -p rollcall
    node --test tests/node/*.test.mjs
}

# The shell suites under tests/shell/, against the debug binary.
shell_tests() {
    cargo build -q -p rollcall
    ROLLCALL_BIN="$(cargo_target_dir)/debug/rollcall" bash tests/shell/run.sh
}

# Cargo's target directory (honours CARGO_TARGET_DIR and config).
cargo_target_dir() {
    cargo metadata --format-version 1 --no-deps | node -e \
        'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))'
}

step "install what is missing"
ensure_chromium
ensure_wasm_target
ensure_macos_targets
ensure_wasm_bindgen
ensure_node_modules
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo missing)"
echo "wasm-bindgen: $(wasm-bindgen --version); node: $(node --version)"

# The debug CLI every suite may use (build it first with `cargo build -q -p rollcall`).
ROLLCALL_BIN="$(cargo_target_dir)/debug/rollcall"
export ROLLCALL_BIN

# --- suites (append yours here) ---
suite "cargo fmt --check" cargo fmt --all --check
suite "cargo clippy" clippy
suite "cargo test (workspace)" cargo test --workspace --all-targets
suite "cargo check for macOS ($ROLLCALL_MACOS_TARGETS)" macos_check
suite "wasm tests in Node" wasm_tests
suite "wasm tests in headless Chromium" wasm_tests browser
suite "npm package (node --test)" node_package_tests
suite "shell tests (shims, send, protocol)" shell_tests
suite "MCP server with the npm MCP client (node --test)" bash -c 'cargo build -q -p rollcall && node --test tests/mcp/'
suite "fuzz: seed corpus and past findings replayed" cargo test --manifest-path fuzz/Cargo.toml
suite "fuzz: every target briefly under AFL++ (${ROLLCALL_FUZZ_SECS:-5}s each)" scripts/fuzz.sh "${ROLLCALL_FUZZ_SECS:-5}"
suite "static page in Chromium (node --test)" bash -c 'scripts/build-www.sh && node --test tests/browser/'

step "summary ($((SECONDS - started))s)"
for name in "${failed[@]}"; do echo "FAILED: $name"; done
echo "suites: ${#passed[@]} passed, ${#failed[@]} failed"
[ "${#failed[@]}" = 0 ]
