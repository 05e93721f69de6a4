// Node (ES modules): the same instance as the CommonJS entry, so `PhasebillError` is one class.
// The default export is `init` (a no-op here), as in every other condition.
import api from "./node.cjs";

export const { preview, validate, isValid, compare, version, PhasebillError, init, initSync } = api;
export default init;
