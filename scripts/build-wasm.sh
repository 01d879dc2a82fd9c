#!/usr/bin/env bash
# Builds the npm package `rollcall-wasm` into wasm/pkg/: one wasm module with the whole API, the
# static page inlines the same module (scripts/build-www.sh reads wasm/pkg/).
#
# One `wasm-bindgen --target web` build serves every consumer: wasm/pkg/view-node.mjs instantiates
# it synchronously from the file in Node, wasm/pkg/view-browser.mjs with top-level await in
# browsers and bundlers; the main entry (node.mjs, browser.mjs) re-exports the issue's six
# functions from them, and `rollcall-wasm/web` exposes the raw glue (`init`, `initSync`).
# Tools: wasm-bindgen-cli at the Cargo.lock version, wasm-opt from the npm package `binaryen`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tools.sh

ensure_wasm_target
ensure_wasm_bindgen
ensure_node_modules

pkg=wasm/pkg
name=rollcall_wasm

target_dir="$(cargo metadata --format-version 1 --no-deps | node -e \
    'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
version="$(cargo metadata --format-version 1 --no-deps | node -e \
    'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).packages.find(p=>p.name==="rollcall-wasm").version))')"

rm -rf "$pkg"
mkdir -p "$pkg"
echo "building $name (rollcall-wasm $version, profile wasm-release)"
cargo build -q -p rollcall-wasm --target wasm32-unknown-unknown --profile wasm-release
wasm-bindgen --target web --out-dir "$pkg" --out-name "$name" \
    "$target_dir/wasm32-unknown-unknown/wasm-release/$name.wasm"
# Features rustc enables by default for wasm32-unknown-unknown; wasm-opt must accept them.
# Flags: -Oz (as fast as -O3 and -O4 on this module, and 1 KB gzip smaller; see the README), drop the
# debug/producers sections, and let the optimizer assume the module's own memory starts zeroed and
# its first 1 KiB is unused (true for rustc's layout: the stack sits below the data and never
# reaches address 0). Never --traps-never-happen: it may delete the panic hook's logging on the
# way to a trap.
node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers \
    --zero-filled-memory --low-memory-unused \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    -o "$pkg/${name}_bg.wasm" "$pkg/${name}_bg.wasm"
raw=$(stat -c %s "$pkg/${name}_bg.wasm")
gz=$(gzip -9 -c "$pkg/${name}_bg.wasm" | wc -c)
echo "  ${name}_bg.wasm: $raw bytes, $gz bytes gzip -9"

for file in node.mjs view-node.mjs view-browser.mjs view.d.ts rollcall_wasm_view.js \
    rollcall_wasm_view.d.ts README.md; do
    cp "scripts/wasm-pkg/$file" "$pkg/"
done
# The main entry's browser file and types are its Node file pointed elsewhere, so the list of
# what it exports is written once (scripts/wasm-pkg/node.mjs).
main=scripts/wasm-pkg/node.mjs
sed -e 's/view-node\.mjs/view-browser.mjs/g' -e 's#^// Node entry#// Browser and bundler entry#' \
    "$main" >"$pkg/browser.mjs"
{
    echo "// Types of rollcall-wasm: the functions node.mjs exports and every data type."
    sed -e '/^\/\//d' -e 's#"\./view-node\.mjs"#"./rollcall_wasm.js"#' "$main"
    echo 'export type * from "./rollcall_wasm.js";'
} >"$pkg/index.d.ts"
node scripts/wasm-pkg/package-json.mjs "$version" >"$pkg/package.json"
echo "built $pkg (the npm package, and the module the page inlines)"
