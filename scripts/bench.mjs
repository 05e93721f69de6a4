// `npm run bench`: for the benchmark contracts (core/benches/contracts/), in one run on this
// machine: native time per preview, wasm compute time (inside wasm, no boundary crossing),
// the full `preview()` call from JavaScript, and the boundary's cost per invoice line; then
// `preview()` against the JavaScript reference (scripts/bench-reference.mjs), timed
// interleaved in this process on the contracts the reference covers, after checking that
// both answer the same preview. Prints numbers; asserts nothing about time.
import assert from "node:assert";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as reference from "./bench-reference.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const contractsDir = join(root, "core", "benches", "contracts");
const order = ["example-a", "medium-5x4-5y", "large-20x10-20y", "huge-100k-lines"];
const files = order.map((n) => join(contractsDir, `${n}.json`)).filter(existsSync);
const extra = readdirSync(contractsDir).filter((f) => !order.includes(f.replace(/\.json$/, "")));
files.push(...extra.map((f) => join(contractsDir, f)));

// Built every time (cargo's part is incremental): a dist/ left from older sources would time
// another engine's preview() than the bench build's compute.
console.log("==> the npm package: node scripts/build-package.mjs");
execFileSync(process.execPath, [join(root, "scripts", "build-package.mjs")], { stdio: "inherit" });
console.log("==> the same module with the bench-only export benchCompute");
execFileSync(process.execPath, [join(root, "scripts", "build-package.mjs"), "--bench"], { stdio: "inherit" });

console.log("==> native: cargo build --release --example timing");
execFileSync("cargo", ["build", "--quiet", "--release", "-p", "phasebill", "--example", "timing"], { cwd: root, stdio: "inherit" });
const timing = join(root, "target", "release", "examples", process.platform === "win32" ? "timing.exe" : "timing");
/** The native times of one contract (a process of its own: about a second). */
const nativeTimes = (file) => JSON.parse(execFileSync(timing, [file], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }))[0];

const require = createRequire(import.meta.url);
const phasebill = require(join(root, "dist", "node.cjs"));
const benchBindings = require(join(root, "target", "wasm-pack", "bench", "phasebill.js"));

/** How many runs of `fn` take about 200 ms, after a warm-up. */
function batchSize(fn) {
  for (let i = 0; i < 3; i++) fn();
  let perBatch = 1;
  for (;;) {
    const started = performance.now();
    for (let i = 0; i < perBatch; i++) fn();
    const ms = performance.now() - started;
    if (ms > 50) return Math.max(1, Math.round((perBatch * 200) / ms));
    perBatch *= 4;
  }
}

const median = (list) => [...list].sort((a, b) => a - b)[list.length >> 1];

/** Seconds per run of each function: `rounds` batches of about 200 ms each, taken in turns
 *  (A, B, A, B, …) so that both see the same machine load; the median batch of each, and
 *  the median of the ratios A ÷ B of the batches taken side by side (the ratio is then
 *  judged within each round, which the machine's drift from round to round does not
 *  move). */
function timeInterleaved(fns, rounds = 7) {
  const sizes = fns.map(batchSize);
  const batches = fns.map(() => []);
  for (let b = 0; b < rounds; b++) {
    fns.forEach((fn, i) => {
      const started = performance.now();
      for (let r = 0; r < sizes[i]; r++) fn();
      batches[i].push((performance.now() - started) / sizes[i] / 1000);
    });
  }
  const ratio = fns.length === 2 ? median(batches[0].map((a, b) => a / batches[1][b])) : null;
  return { seconds: batches.map(median), ratio, batches };
}

const time = (fn) => timeInterleaved([fn]).seconds[0];

const fmt = (seconds) => (seconds >= 1e-3 ? `${(seconds * 1e3).toFixed(2)} ms` : `${(seconds * 1e6).toFixed(1)} µs`);
const rows = [];
for (const file of files) {
  const { description, schedule, options } = JSON.parse(readFileSync(file, "utf8"));
  // The module takes its JSON inputs as UTF-8 bytes, as `preview()` gives them.
  const s = new TextEncoder().encode(JSON.stringify(schedule));
  const o = new TextEncoder().encode(JSON.stringify(options));
  // How many lines one preview has (checked against the native count below).
  const lines = JSON.parse(benchBindings.benchCompute(s, o, "2026-01-01", 1)).ok;
  const iterations = Math.max(1, Math.floor(200_000 / lines));
  const computeBatch = () => {
    const answer = JSON.parse(benchBindings.benchCompute(s, o, "2026-01-01", iterations));
    if (answer.ok !== lines) throw new Error(`wasm computed ${answer.ok} lines, not ${lines}`);
  };
  // The compute and the whole call timed in turns: the boundary is the median of the
  // rounds' differences, which the machine's drift between rounds does not move.
  const { seconds: [computeRuns, callS], batches: [computeBatches, callBatches] } = timeInterleaved([
    computeBatch,
    () => phasebill.preview(schedule, options),
  ], 11);
  const computeS = computeRuns / iterations;
  const parseS = time(() => benchBindings.benchParse(s, iterations)) / iterations;
  const boundaryPerLine = median(callBatches.map((call, r) => call - computeBatches[r] / iterations)) / lines;
  // The JavaScript reference, where it covers the contract, with the same answer.
  let referenceS = null;
  let previewS = null;
  let ratio = null;
  let covered = true;
  try {
    reference.preview(schedule, options, "2026-01-01");
  } catch {
    covered = false;
  }
  if (covered) {
    assert.deepStrictEqual(reference.preview(schedule, options, "2026-01-01"), phasebill.preview(schedule, options), `${file}: the reference and preview() differ`);
    ({ seconds: [referenceS, previewS], ratio } = timeInterleaved([
      () => reference.preview(schedule, options, "2026-01-01"),
      () => phasebill.preview(schedule, options),
    ], 11));
  }
  rows.push({ file, description, lines, computeBatch, iterations, computeS, parseS, callS, boundaryPerLine, referenceS, previewS, ratio });
}

// Native and wasm compute timed in turns (a native process, then a wasm batch, five rounds
// per contract): wasm ÷ native is the median of the rounds' ratios, which the machine's
// drift between rounds does not move. After every JavaScript timing: a second-long wait on
// a native process leaves V8's young generation smaller, and the 100,000-line preview()
// after it slower (14 ms or 30–40 ms, by the heap's state).
for (const row of rows) {
  const natives = [];
  const computes = [];
  for (let r = 0; r < 5; r++) {
    natives.push(nativeTimes(row.file));
    computes.push(timeInterleaved([row.computeBatch], 1).seconds[0] / row.iterations);
  }
  if (natives[0].lines !== row.lines) throw new Error(`${row.file}: wasm computed ${row.lines} lines, native ${natives[0].lines}`);
  row.nativeS = median(natives.map((n) => n.secondsPerBilling));
  row.namedS = median(natives.map((n) => n.secondsPerPreview));
  row.wasmRatio = median(computes.map((c, r) => c / natives[r].secondsPerBilling));
}

console.log("\ncontract                                          lines  native preview()  native compute   wasm compute  wasm/native   preview() from JS  boundary/call  of which parsing  boundary/line");
for (const r of rows) {
  console.log(
    `${r.description.slice(0, 48).padEnd(48)} ${String(r.lines).padStart(7)} ${fmt(r.namedS).padStart(16)} ${fmt(r.nativeS).padStart(15)} ${fmt(r.computeS).padStart(14)} ${r.wasmRatio.toFixed(2).padStart(11)}× ${fmt(r.callS).padStart(19)} ${fmt(r.boundaryPerLine * r.lines).padStart(14)} ${fmt(r.parseS).padStart(17)} ${((r.boundaryPerLine) * 1e9).toFixed(0).padStart(11)} ns`,
  );
}
console.log("\nnative preview() = the named preview a Rust caller gets; compute = validation and the");
console.log("billing (lines by date, invoices, totals as numbers), natively and inside wasm");
console.log("(benchCompute), what the npm package packs; wasm/native = the median of five rounds'");
console.log("ratios, a native process and a wasm batch in turns (native columns: the medians).");
console.log("boundary = preview() from JS − wasm compute");
console.log("(the two timed in turns, 11 rounds; the median of the rounds' differences):");
console.log("JSON text in and parsed in wasm (the parsing alone: benchParse), the packed answer out,");
console.log("unpacked in JS. For a tiny contract the fixed cost of a call dominates.");
console.log("goals: wasm compute ≤ 1.5× native; boundary ≤ 0.15 µs per line");

console.log("\ncontract                                          lines   JS reference      preview()   reference ÷ preview()");
for (const r of rows.filter((r) => r.referenceS !== null)) {
  console.log(
    `${r.description.slice(0, 48).padEnd(48)} ${String(r.lines).padStart(7)} ${fmt(r.referenceS).padStart(14)} ${fmt(r.previewS).padStart(14)} ${r.ratio.toFixed(2).padStart(22)}×`,
  );
}
console.log("\nJS reference = scripts/bench-reference.mjs (BigInt money, integer day numbers; same answer");
console.log("as preview(), checked above), timed in turns with preview() in this process (11 rounds;");
console.log("the times are each side's median batch, the ratio the median of the 11 rounds' ratios);");
console.log("preview() includes the boundary. Contracts it does not cover are left out. goal: ≥ 3×");
