// Browser and bundler entry of rollcall-wasm: fetches and instantiates the module once, with
// top-level await, so `import { validate } from "rollcall-wasm"` is ready to call.
import init from "./rollcall_wasm.js";

await init({ module_or_path: new URL("./rollcall_wasm_bg.wasm", import.meta.url) });

export * from "./rollcall_wasm.js";
