// Types of rollcall-wasm/view: the main entry's functions plus the page's views, ready to call.
export * from "./rollcall_wasm_view.js";
