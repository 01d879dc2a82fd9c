// Prints wasm/pkg/package.json for the given version (the Cargo workspace's). One module,
// rollcall_wasm_bg.wasm, serves every entry: `.` (the API) and `./view` (the whole API).
const version = process.argv[2];
if (!version) {
  console.error("usage: node package-json.mjs VERSION");
  process.exit(2);
}
const pkg = {
  name: "rollcall-wasm",
  version,
  description:
    "rollcall's session identity registry parser, validator and renderer (Rust core compiled to WebAssembly)",
  license: "MIT OR Apache-2.0",
  type: "module",
  main: "./node.mjs",
  module: "./browser.mjs",
  types: "./index.d.ts",
  exports: {
    ".": {
      types: "./index.d.ts",
      node: "./node.mjs",
      default: "./browser.mjs",
    },
    "./view": {
      types: "./view.d.ts",
      node: "./view-node.mjs",
      default: "./view-browser.mjs",
    },
    "./web": {
      types: "./rollcall_wasm.d.ts",
      default: "./rollcall_wasm.js",
    },
    "./view/web": {
      types: "./rollcall_wasm_view.d.ts",
      default: "./rollcall_wasm_view.js",
    },
    "./rollcall_wasm_bg.wasm": "./rollcall_wasm_bg.wasm",
    "./package.json": "./package.json",
  },
  files: [
    "node.mjs",
    "browser.mjs",
    "index.d.ts",
    "rollcall_wasm.js",
    "rollcall_wasm.d.ts",
    "rollcall_wasm_bg.wasm",
    "rollcall_wasm_bg.wasm.d.ts",
    "view-node.mjs",
    "view-browser.mjs",
    "view.d.ts",
    "rollcall_wasm_view.js",
    "rollcall_wasm_view.d.ts",
    "README.md",
  ],
  sideEffects: ["./node.mjs", "./browser.mjs", "./view-node.mjs", "./view-browser.mjs"],
  engines: { node: ">=20" },
  keywords: ["rollcall", "registry", "validation", "wasm"],
};
console.log(JSON.stringify(pkg, null, 2));
