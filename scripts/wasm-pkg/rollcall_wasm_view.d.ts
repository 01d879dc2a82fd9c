// Types of `rollcall-wasm/view/web`: the same raw glue as `rollcall-wasm/web`.
export * from "./rollcall_wasm.js";
export { default } from "./rollcall_wasm.js";
