// Browsers and bundlers (ES modules). Call `await init()` once (it fetches
// `phasebill_bg.wasm` next to this file, or takes a URL, Response, bytes or
// WebAssembly.Module), or `initSync(bytes)` when the wasm bytes are already at hand.
import initWasm, { initSync as initWasmSync, inputBuffer, moduleMemory, previewPacked, validate as validateWasm, compare as compareWasm } from "./phasebill_web.mjs";
import { makeApi, PhasebillError, version } from "./api.mjs";

let ready = false;

function bindings() {
  if (!ready) throw new Error("phasebill: call `await init()` (or `initSync(bytes)`) before preview/validate/compare");
  return { inputBuffer, moduleMemory, previewPacked, validate: validateWasm, compare: compareWasm };
}

/** Where the wasm is when no `input` is given: next to the glue (`new URL(…,
 *  import.meta.url)`, which bundlers follow), except under a dev server that pre-bundled
 *  this package into `node_modules/.vite/deps/` (Vite 5/6), away from the wasm file: then
 *  the installed package's own copy. The path is built, not a literal, so that no bundler
 *  copies the file twice. */
function defaultInput() {
  const here = import.meta.url;
  if (!/\/node_modules\/\.vite\/deps\//.test(here)) return undefined;
  return { module_or_path: new URL(["..", "..", "phasebill", "dist", "phasebill_bg.wasm"].join("/"), here) };
}

/** Loads the wasm module; resolves when `preview` and `validate` can be called. */
export async function init(input) {
  if (!ready) {
    await initWasm(input === undefined ? defaultInput() : { module_or_path: input });
    ready = true;
  }
}

/** Synchronous init from wasm bytes (`ArrayBuffer`, typed array) or a `WebAssembly.Module`. */
export function initSync(bytes) {
  if (!ready) {
    initWasmSync({ module: bytes });
    ready = true;
  }
}

const api = makeApi(bindings);
export const { preview, validate, isValid, compare } = api;
export { PhasebillError, version };
export default init;
