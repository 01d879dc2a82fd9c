#!/usr/bin/env bash
# Builds www/dist/rollcall.html: one self-contained offline page (wasm as base64, JS, CSS and the
# example registry inlined; a CSP that forbids every remote load).
#   ROLLCALL_WASM_WEB_DIR  folder of a wasm-bindgen `--target web` build to use as it is (default:
#                          run scripts/build-wasm.sh and use the npm package's one module, wasm/pkg/)
#   ROLLCALL_WWW_OUT       output file (default www/dist/rollcall.html)
set -euo pipefail
cd "$(dirname "$0")/.."

out="${ROLLCALL_WWW_OUT:-www/dist/rollcall.html}"

if [ -n "${ROLLCALL_WASM_WEB_DIR:-}" ]; then
  web_dir="$ROLLCALL_WASM_WEB_DIR"
else
  scripts/build-wasm.sh >&2
  web_dir=wasm/pkg
fi
if ! compgen -G "$web_dir/*_bg.wasm" >/dev/null; then
  echo "rollcall: build-www: no wasm-bindgen --target web build in $web_dir" >&2
  echo "hint: run scripts/build-wasm.sh, or point ROLLCALL_WASM_WEB_DIR at a --target web build" >&2
  exit 2
fi

mkdir -p "$(dirname "$out")"
WEB_DIR="$web_dir" OUT="$out" node --input-type=module - <<'NODE'
import { readFileSync, writeFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const webDir = process.env.WEB_DIR;
const out = process.env.OUT;
const files = readdirSync(webDir);
const wasmFile = files.find((f) => f.endsWith("_bg.wasm"));
const glueFile = files.find((f) => f === wasmFile.replace(/_bg\.wasm$/, ".js"));
if (!glueFile) throw new Error(`no wasm-bindgen glue beside ${wasmFile} in ${webDir}`);
let glue = readFileSync(join(webDir, glueFile), "utf8");
if (!/\binitSync\b/.test(glue)) throw new Error(`${glueFile} has no initSync: build it with --target web`);
if (/^\s*import\s/m.test(glue)) throw new Error(`${glueFile} imports other modules; the page cannot inline it`);
glue = glue.replace(/\/\/# sourceMappingURL=.*$/gm, "");
const wasm = readFileSync(join(webDir, wasmFile));

const example = readFileSync("tests/fixtures/marketing-registry.md", "utf8");
const version = JSON.parse(readFileSync("Cargo.toml", "utf8").match(/^version\s*=\s*("[^"]+")/m)?.[1] ?? '"0.0.0"');

/** JSON that is safe inside a <script> element. */
const scriptJson = (v) => JSON.stringify(v).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");

const names = ["validate", "parseRegistry", "renderRegistry", "repairEncoding", "parseRegistration", "version", "workRanges", "slots", "overview", "registrationTimeline", "escapeControls", "roster", "approvalDiff"];
const bootstrap = `
const __example = ${scriptJson({ name: "marketing-registry.md", text: example })};
try {
  const __b64 = "${wasm.toString("base64")}";
  const __bin = atob(__b64);
  const __bytes = new Uint8Array(__bin.length);
  for (let i = 0; i < __bin.length; i++) __bytes[i] = __bin.charCodeAt(i);
  initSync({ module: __bytes });
  const api = {};
${names.map((n) => `  if (typeof ${n} === "function") api.${n} = ${n};`).join("\n")}
  globalThis.__rollcall = { api, example: __example };
} catch (error) {
  globalThis.__rollcall = { error, example: __example };
}
`;

const css = readFileSync("www/src/style.css", "utf8");
const app = readFileSync("www/src/app.js", "utf8");
for (const [what, text] of [["glue", glue], ["app.js", app], ["style.css", css]]) {
  if (/<\/(script|style)/i.test(text)) throw new Error(`${what} contains a closing script/style tag`);
}
const parts = { "@STYLE@": css, "@WASM@": glue + bootstrap, "@APP@": app, "@VERSION@": version };
let html = readFileSync("www/src/index.html", "utf8");
for (const [key, value] of Object.entries(parts)) {
  if (!html.includes(key)) throw new Error(`index.html lacks ${key}`);
  html = html.split(key).join(value);
}
writeFileSync(out, html);
const bytes = Buffer.byteLength(html);
const gz = gzipSync(html, { level: 9 }).length;
console.error(`build-www: ${out}: ${bytes.toLocaleString("en")} bytes (${gz.toLocaleString("en")} gzip; wasm ${wasm.length.toLocaleString("en")} bytes from ${webDir})`);
NODE
