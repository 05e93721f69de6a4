// Node (CommonJS). The wasm module is compiled synchronously on first use, from the file
// next to this one; `init()`/`initSync()` are no-ops kept so that code shared with browsers
// runs unchanged (`import init, { preview } from "phasebill"; await init();`).
"use strict";
const { makeApi, PhasebillError, version } = require("./api.cjs");

let bindings;
const api = makeApi(() => (bindings ??= require("./node/phasebill.js")));
/** Resolves at once: Node loads the wasm itself. */
const init = async () => {};
/** Nothing to do in Node. */
const initSync = () => {};
module.exports = {
  preview: api.preview,
  validate: api.validate,
  isValid: api.isValid,
  compare: api.compare,
  version,
  PhasebillError,
  init,
  initSync,
};
// `import init from "phasebill"` compiled to CommonJS reads `.default`.
module.exports.default = init;
