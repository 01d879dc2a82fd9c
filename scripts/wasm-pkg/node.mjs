// Node entry of rollcall-wasm: the API from the one module, which view-node.mjs
// instantiates (so `rollcall-wasm` and `rollcall-wasm/view` share one instance).
export {
  initSync,
  parseRegistration,
  parseRegistry,
  renderRegistry,
  repairEncoding,
  validate,
  version,
} from "./view-node.mjs";
