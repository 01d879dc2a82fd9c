// Node entry of rollcall-wasm: instantiates the module synchronously from the file beside it.
import { readFileSync } from "node:fs";
import { initSync } from "./rollcall_wasm.js";

initSync({ module: readFileSync(new URL("./rollcall_wasm_bg.wasm", import.meta.url)) });

export * from "./rollcall_wasm.js";
