// Browser and bundler entry of rollcall-wasm/view, the whole API: fetches and instantiates the one
// module once, with top-level await, so `import { overview } from "rollcall-wasm/view"` is ready
// to call. The main entry (browser.mjs) re-exports its part of the API from here.
import init from "./rollcall_wasm.js";

await init({ module_or_path: new URL("./rollcall_wasm_bg.wasm", import.meta.url) });

export * from "./rollcall_wasm.js";
