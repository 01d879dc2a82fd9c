// Types of rollcall-wasm: the functions and every data type, ready to call (no init).
export {
  initSync,
  parseRegistration,
  parseRegistry,
  renderRegistry,
  repairEncoding,
  validate,
  version,
} from "./rollcall_wasm.js";
export type * from "./rollcall_wasm.js";
