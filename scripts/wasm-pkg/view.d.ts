// Types of rollcall-wasm/view: every function and data type, ready to call (no init).
export * from "./rollcall_wasm.js";
