// Browser and bundler entry of rollcall-wasm/view (the main API plus the page's views): fetches
// and instantiates the module once, with top-level await, so
// `import { slots } from "rollcall-wasm/view"` is ready to call.
import init from "./rollcall_wasm_view.js";

await init({ module_or_path: new URL("./rollcall_wasm_view_bg.wasm", import.meta.url) });

export * from "./rollcall_wasm_view.js";
