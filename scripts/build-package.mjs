// `npm run build`: the npm package in dist/ — the engine's wasm boundary (the `wasm/` crate)
// compiled by wasm-pack twice (Node's CommonJS glue, and the web glue for browsers and
// bundlers), optimized by wasm-opt (scripts/wasm-build.mjs, shared with the builder), plus
// the JavaScript API, types and CLI from js/.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { transformSync } from "esbuild";
import { root, step, wasmOpt, wasmPack } from "./wasm-build.mjs";

const dist = join(root, "dist");
const staging = join(root, "target", "wasm-pack");

const version = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;

// `node scripts/build-package.mjs --bench` builds the Node flavour with the `bench` feature
// into target/wasm-pack/bench (for `npm run bench`), leaving dist/ alone.
const bench = process.argv.includes("--bench");
const flavours = bench ? [["nodejs", "bench", ["bench"]]] : [["nodejs", "node", []], ["web", "web", []]];

if (!bench) {
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
}

for (const [target, dir, features] of flavours) {
  const out = join(staging, dir);
  rmSync(out, { recursive: true, force: true });
  const wasm = wasmPack({ crate: "wasm", target, outDir: out, outName: "phasebill", features });
  // -O3 until nothing changes (--converge), without the producers section (toolchain
  // names and versions): the same code, about 160 bytes less gzip.
  wasmOpt(wasm, ["--converge", "--strip-producers"]);
  if (bench) {
    console.log(`bench build in ${out}`);
    process.exit(0);
  }
  const glue = readFileSync(join(out, "phasebill.js"), "utf8");
  if (dir === "web") {
    // The web glue is an ES module: `.mjs`, so that no tool reads it as CommonJS. It finds
    // the wasm with `new URL("phasebill_bg.wasm", import.meta.url)`: next to it in dist/.
    writeFileSync(join(dist, "phasebill_web.mjs"), glue);
  } else {
    writeFileSync(join(dist, "phasebill_node.cjs"), lazyNodeGlue(glue));
  }
  // Both flavours compile the same module: it ships once, as dist/phasebill_bg.wasm.
  const bytes = readFileSync(wasm);
  const shipped = join(dist, "phasebill_bg.wasm");
  if (existsSync(shipped) && !readFileSync(shipped).equals(bytes)) {
    throw new Error("the Node and web builds produced different wasm modules");
  }
  writeFileSync(shipped, bytes);
}

/** The Node glue of wasm-bindgen compiles the wasm at require time from `__dirname`, which
 *  breaks server bundles (no `__dirname` in ES modules; the file is elsewhere). Instead it
 *  loads on first use (`__phasebill_load`), from bytes or a module when given (serverless
 *  bundles embed them), else from the file next to the glue, or as the ES module that set
 *  `__phasebill_reader` reads it (dist/node.mjs: `import.meta.url` and an ES import of
 *  node:fs, since ES module bundles have neither `__dirname` nor `require`), else from the
 *  installed package found from the working directory up. */
function lazyNodeGlue(glue) {
  const eager = `const wasmPath = \`\${__dirname}/phasebill_bg.wasm\`;
const wasmBytes = require('fs').readFileSync(wasmPath);
const wasmModule = new WebAssembly.Module(wasmBytes);
let wasmInstance = new WebAssembly.Instance(wasmModule, __wbg_get_imports());
let wasm = wasmInstance.exports;
wasm.__wbindgen_start();`;
  if (!glue.includes(eager)) throw new Error("the wasm-bindgen Node glue changed: update lazyNodeGlue");
  return glue.replace(eager, `let wasm;
let read = (file) => require('fs').readFileSync(file === undefined ? require('path').join(__dirname, 'phasebill_bg.wasm') : file);
// Where the wasm is when no bytes were given: next to this code (or the bundle it went into),
// else the installed package's own copy, looked for from the working directory up (a server
// bundle that did not copy the file, or turned its URL into a web path, as Next.js does).
function readDefault() {
    try {
        return read();
    } catch (error) {
        for (let dir = process.cwd(), up; ; dir = up) {
            try { return read(dir + '/node_modules/phasebill/dist/phasebill_bg.wasm'); } catch {}
            up = dir.replace(/[\\\\/][^\\\\/]*$/, '');
            if (up === dir || up === '') break;
        }
        throw new Error(\`phasebill: cannot load phasebill_bg.wasm (\${error.message}): copy node_modules/phasebill/dist/phasebill_bg.wasm next to your bundle, or give the bytes to initSync(bytes) first\`);
    }
}
function __phasebill_load(source) {
    if (wasm !== undefined) return;
    if (source === undefined) source = readDefault();
    const wasmModule = source instanceof WebAssembly.Module ? source : new WebAssembly.Module(source);
    const instance = new WebAssembly.Instance(wasmModule, __wbg_get_imports());
    wasm = instance.exports;
    wasm.__wbindgen_start();
}
exports.__phasebill_load = __phasebill_load;
exports.__phasebill_loaded = () => wasm !== undefined;
exports.__phasebill_read = (file) => read(file);
exports.__phasebill_reader = (fn) => { read = fn; };`);
}

step("JavaScript API, types and CLI");
const api = readFileSync(join(root, "js", "api.js"), "utf8").replace("__PHASEBILL_VERSION__", version);
if (api.includes("__PHASEBILL_VERSION__")) throw new Error("version placeholder left in api.js");
writeFileSync(join(dist, "api.mjs"), api);
// The CommonJS twin of the same source, compiled by esbuild (from npm, no bundling).
const cjs = transformSync(api, { format: "cjs", platform: "node", target: "node18", sourcefile: "api.js" });
writeFileSync(join(dist, "api.cjs"), cjs.code);
for (const file of ["node.cjs", "node.mjs", "browser.mjs", "cli.cjs", "phasebill_bg.wasm.d.ts"]) {
  cpSync(join(root, "js", file), join(dist, file));
}
// One declaration file, shipped as ES module types (import) and CommonJS types (require),
// so that neither is "masquerading" as the other.
for (const types of ["index.d.mts", "index.d.cts"]) cpSync(join(root, "js", "index.d.ts"), join(dist, types));

const wasmBytes = readFileSync(join(dist, "phasebill_bg.wasm"));
const gz = gzipSync(wasmBytes, { level: 9 }).length;
console.log(`\nphasebill_bg.wasm: ${(statSync(join(dist, "phasebill_bg.wasm")).size / 1024).toFixed(1)} KiB, ${(gz / 1024).toFixed(1)} KiB gzip`);
// The budget is 80 KiB gzip (issue 8), and the build fails above it. What keeps the module
// small: errors and codes written once (wasm/src/lib.rs, core/src/error.rs), validation messages
// built out of line, one map type for the packed strings, JSON text at every crossing.
const BUDGET = 80 * 1024;
if (gz > BUDGET) {
  console.error(`the wasm module is over the ${BUDGET / 1024} KiB gzip budget`);
  process.exit(1);
}
if (!existsSync(join(dist, "phasebill_node.cjs"))) process.exit(1);
console.log(`built phasebill ${version} in dist/`);
