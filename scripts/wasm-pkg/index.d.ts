// Types of rollcall-wasm's main entry: the functions and data types, ready to call (no init).
export * from "./rollcall_wasm.js";
