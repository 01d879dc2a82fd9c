// Node entry of rollcall-wasm/view (the main API plus the page's views): instantiates the
// module synchronously from the file beside it.
import { readFileSync } from "node:fs";
import { initSync } from "./rollcall_wasm_view.js";

initSync({ module: readFileSync(new URL("./rollcall_wasm_view_bg.wasm", import.meta.url)) });

export * from "./rollcall_wasm_view.js";
