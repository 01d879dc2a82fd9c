# shellcheck shell=bash
# Idempotent installers shared by test.sh and build-wasm.sh (source this file; each function is
# fast when its tool is already there). Nothing is fetched outside crates.io, npm and Debian.

ROLLCALL_TOOLS="${ROLLCALL_TOOLS:-$HOME/.cache/rollcall-tools}"

# The wasm-bindgen version locked in Cargo.lock; wasm-bindgen-cli must match it exactly.
wasm_bindgen_version() {
    awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

# Runs a command as root (directly, or through sudo when available).
as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        echo "rollcall: need root to run: $*" >&2
        return 1
    fi
}

# Headless Chromium and its WebDriver from Debian, for the browser suites.
ensure_chromium() {
    if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then return 0; fi
    echo "installing chromium and chromium-driver (Debian)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
}

# The Rust standard library for wasm32-unknown-unknown.
ensure_wasm_target() {
    if rustup target list --installed | grep -qx wasm32-unknown-unknown; then return 0; fi
    rustup target add wasm32-unknown-unknown
}

# The macOS targets `scripts/test.sh` type-checks for (Apple silicon, Intel).
ROLLCALL_MACOS_TARGETS="aarch64-apple-darwin x86_64-apple-darwin"

# The Rust standard library for each macOS target (for `cargo check`: nothing is linked).
ensure_macos_targets() {
    local target installed
    installed="$(rustup target list --installed)"
    for target in $ROLLCALL_MACOS_TARGETS; do
        if ! grep -qx "$target" <<<"$installed"; then rustup target add "$target"; fi
    done
}

# wasm-bindgen-cli (wasm-bindgen, wasm-bindgen-test-runner) at the Cargo.lock version, cached in
# $ROLLCALL_TOOLS and put first on PATH.
ensure_wasm_bindgen() {
    local version dir
    version="$(wasm_bindgen_version)"
    if [ -z "$version" ]; then
        echo "rollcall: no wasm-bindgen in Cargo.lock" >&2
        return 1
    fi
    dir="$ROLLCALL_TOOLS/wasm-bindgen-$version"
    if ! [ -x "$dir/bin/wasm-bindgen" ] || ! [ -x "$dir/bin/wasm-bindgen-test-runner" ]; then
        echo "installing wasm-bindgen-cli $version into $dir (takes a few minutes, once)"
        local build
        build="$(mktemp -d)"
        CARGO_TARGET_DIR="$build" \
            cargo install wasm-bindgen-cli --version "$version" --root "$dir" --force
        rm -rf "$build"
    fi
    export PATH="$dir/bin:$PATH"
}

# The root package.json's devDependencies (binaryen's wasm-opt, typescript, playwright-core),
# reinstalled with `npm ci` whenever package-lock.json changed since the last install.
ensure_node_modules() {
    local stamp=node_modules/.rollcall-lock.sha256 want
    want="$(sha256sum package-lock.json | cut -d' ' -f1)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
    npm ci --no-audit --no-fund --loglevel=error
    echo "$want" >"$stamp"
}

# The afl crate's version in fuzz/Cargo.lock; cargo-afl must match it.
afl_version() {
    awk '/^name = "afl"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' fuzz/Cargo.lock
}

# Puts `cargo afl` (matching fuzz/Cargo.lock) on PATH, with AFL++ built for this rustc.
ensure_cargo_afl() {
    local version dir
    version="$(afl_version)"
    dir="$ROLLCALL_TOOLS/cargo-afl-$version"
    if ! [ -x "$dir/bin/cargo-afl" ]; then
        echo "installing cargo-afl $version into $dir (takes a few minutes, once)"
        local build
        build="$(mktemp -d)"
        CARGO_TARGET_DIR="$build" cargo install cargo-afl --version "$version" --root "$dir" --locked --force
        rm -rf "$build"
    fi
    export PATH="$dir/bin:$PATH"
    local usage
    usage="$(cargo afl fuzz -h 2>&1 || true)"
    if [[ "$usage" != *"afl-fuzz++"* ]]; then
        cargo afl config --build --force
    fi
}
