#!/usr/bin/env bash
# Builds the npm package `rollcall-wasm` into wasm/pkg/ and the raw web-target glue into
# target/wasm-web/ (for the static page, which inlines it and calls `initSync`).
#
# One `wasm-bindgen --target web` build serves every consumer: wasm/pkg/node.mjs instantiates it
# synchronously from the file in Node, wasm/pkg/browser.mjs with top-level await in browsers and
# bundlers, and `rollcall-wasm/web` exposes the raw glue (`init`, `initSync`).
# Tools: wasm-bindgen-cli at the Cargo.lock version, wasm-opt from the npm package `binaryen`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tools.sh

ensure_wasm_target
ensure_wasm_bindgen
ensure_node_modules

pkg=wasm/pkg
web=target/wasm-web
name=rollcall_wasm

target_dir="$(cargo metadata --format-version 1 --no-deps | node -e \
    'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
version="$(cargo metadata --format-version 1 --no-deps | node -e \
    'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).packages.find(p=>p.name==="rollcall-wasm").version))')"

# Builds one module: cargo with FEATURES, wasm-bindgen (web target) into $pkg as OUT_NAME, then
# wasm-opt. Prints the module's raw and gzip size.
build_module() {
    local features="$1" out="$2"
    echo "building $out (rollcall-wasm $version, profile wasm-release${features:+, features $features})"
    cargo build -q -p rollcall-wasm --target wasm32-unknown-unknown --profile wasm-release \
        ${features:+--features "$features"}
    wasm-bindgen --target web --out-dir "$pkg" --out-name "$out" \
        "$target_dir/wasm32-unknown-unknown/wasm-release/$name.wasm"
    # Features rustc enables by default for wasm32-unknown-unknown; wasm-opt must accept them.
    # Size flags: run -Oz to a fixed point, drop the debug/producers sections, and let the
    # optimizer assume the module's own memory starts zeroed and its first 1 KiB is unused (true
    # for rustc's layout: the stack sits below the data and never reaches address 0). Never
    # --traps-never-happen: it may delete the panic hook's logging on the way to a trap.
    node_modules/.bin/wasm-opt -Oz --converge --strip-debug --strip-producers \
        --zero-filled-memory --low-memory-unused \
        --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-mutable-globals --enable-reference-types --enable-multivalue \
        -o "$pkg/${out}_bg.wasm" "$pkg/${out}_bg.wasm"
    local raw gz
    raw=$(stat -c %s "$pkg/${out}_bg.wasm")
    gz=$(gzip -9 -c "$pkg/${out}_bg.wasm" | wc -c)
    echo "  ${out}_bg.wasm: $raw bytes, $gz bytes gzip -9"
}

rm -rf "$pkg" "$web"
mkdir -p "$pkg" "$web"
# The main entry: the API of the issue (validate, parseRegistry, renderRegistry, ...), kept small.
build_module "" "$name"
# `rollcall-wasm/view`: the same API plus the page's views (overview, slots, workRanges,
# registrationTimeline, escapeControls), in a larger module of its own.
build_module view "${name}_view"

cp scripts/wasm-pkg/node.mjs scripts/wasm-pkg/browser.mjs scripts/wasm-pkg/index.d.ts \
    scripts/wasm-pkg/README.md "$pkg/"
# The view entry's files are the main entry's, pointed at the view module.
for entry in node.mjs:view-node.mjs browser.mjs:view-browser.mjs index.d.ts:view.d.ts; do
    sed -e "s/${name}/${name}_view/g" -e 's#rollcall-wasm\b#rollcall-wasm/view#g' \
        "scripts/wasm-pkg/${entry%%:*}" >"$pkg/${entry##*:}"
done
node scripts/wasm-pkg/package-json.mjs "$version" >"$pkg/package.json"

# The page inlines the view module with its web glue.
cp "$pkg/${name}_view.js" "$web/$name.js"
cp "$pkg/${name}_view.d.ts" "$web/$name.d.ts"
cp "$pkg/${name}_view_bg.wasm" "$web/${name}_bg.wasm"
echo "built $pkg (npm package) and $web (the page's web glue)"
