// Types of rollcall-wasm: the functions and data types, ready to call (no init).
export * from "./rollcall_wasm.js";
