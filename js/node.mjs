// Node (ES modules): the same instance as the CommonJS entry, so `PhasebillError` is one class.
// The default export is `init` (a no-op unless given bytes), as in every other condition.
import { readFileSync } from "node:fs";
import api from "./node.cjs";

// The wasm file sits next to this module, or next to the bundle this module went into.
api.__phasebill_reader((file) => readFileSync(file ?? new URL("./phasebill_bg.wasm", import.meta.url)));

export const { preview, validate, isValid, compare, version, PhasebillError, init, initSync } = api;
export default init;
