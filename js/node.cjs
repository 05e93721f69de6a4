// Node (CommonJS). The wasm module is compiled synchronously on first use, from
// `phasebill_bg.wasm` next to this file (or next to your bundle: copy it there), unless
// `initSync(bytes)` / `await init(bytes | path | URL | Response)` gave it first, as a
// serverless bundle that embeds the bytes does. So `import init, { preview } from
// "phasebill"; await init();` runs unchanged in Node, browsers, SSR and workers.
"use strict";
const { makeApi, PhasebillError, version } = require("./api.cjs");
const glue = require("./phasebill_node.cjs");

const api = makeApi(() => {
  glue.__phasebill_load();
  return glue;
});

/** Wasm bytes (`ArrayBuffer`, typed array, `Buffer`) or a `WebAssembly.Module`, compiled
 *  now; nothing to do when the module is already loaded. */
function initSync(bytes) {
  if (bytes !== undefined && bytes !== null && typeof bytes === "object" && "module" in bytes) bytes = bytes.module;
  glue.__phasebill_load(bytes === undefined || bytes === null ? undefined : bytes);
}

/** Like `initSync`; also takes a file path, a `file:` URL or a `Response`. */
async function init(input) {
  if (glue.__phasebill_loaded()) return;
  if (input !== undefined && input !== null && typeof input === "object" && "module_or_path" in input) {
    input = input.module_or_path;
  }
  input = await input;
  if (typeof input === "string" || input instanceof URL) {
    input = glue.__phasebill_read(input);
  } else if (input && typeof input.arrayBuffer === "function" && !(input instanceof WebAssembly.Module)) {
    input = await input.arrayBuffer();
  }
  initSync(input);
}

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
// How dist/node.mjs reads the wasm (`import.meta.url`, an ES import of node:fs): ES module
// bundles have neither `__dirname` nor `require`.
Object.defineProperty(module.exports, "__phasebill_reader", { value: glue.__phasebill_reader, enumerable: false });
