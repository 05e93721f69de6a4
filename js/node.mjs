// Node (ES modules): the same instance as the CommonJS entry, so `PhasebillError` is one class.
import api from "./node.cjs";

export const { preview, validate, version, PhasebillError, init, initSync } = api;
export default api;
