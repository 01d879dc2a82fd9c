// Node entry of rollcall-wasm/view, the whole API: instantiates the one module synchronously from
// the file beside it. The main entry (node.mjs) re-exports its part of the API from here.
import { readFileSync } from "node:fs";
import { initSync } from "./rollcall_wasm.js";

initSync({ module: readFileSync(new URL("./rollcall_wasm_bg.wasm", import.meta.url)) });

export * from "./rollcall_wasm.js";
