// `rollcall-wasm/view/web`: the same raw glue as `rollcall-wasm/web` (one module holds the API).
export * from "./rollcall_wasm.js";
export { default } from "./rollcall_wasm.js";
