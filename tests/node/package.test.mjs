// The packed npm package, installed into a fresh consumer project: every golden fixture in
// Node (ESM and CommonJS), the TypeScript types under `tsc --strict`, the CLI in each
// format, and hostile input. Run by `npm test` after `npm run build`.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const fixtures = join(root, "tests", "fixtures");
const checker = join(root, "tests", "node", "check-fixtures.cjs");
let consumer;

const acme = JSON.parse(readFileSync(join(fixtures, "spec-examples", "example-a-acme-contract.json"), "utf8"));

function node(args, input) {
  return spawnSync(process.execPath, args, { cwd: consumer, input, encoding: "utf8" });
}

before(() => {
  consumer = mkdtempSync(join(tmpdir(), "phasebill-consumer-"));
  const packed = JSON.parse(execFileSync("npm", ["pack", "--json", "--pack-destination", consumer], { cwd: root, encoding: "utf8" }));
  const tarball = join(consumer, packed[0].filename);
  const files = packed[0].files.map((f) => f.path);
  for (const needed of ["dist/node.cjs", "dist/node.mjs", "dist/browser.mjs", "dist/index.d.ts", "dist/cli.cjs",
    "dist/node/phasebill_bg.wasm", "dist/web/phasebill_bg.wasm", "README.md", "package.json"]) {
    assert.ok(files.includes(needed), `tarball holds ${needed}`);
  }
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, version: "1.0.0" }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--offline", tarball], { cwd: consumer, stdio: "inherit" });
});

after(() => {
  if (consumer) rmSync(consumer, { recursive: true, force: true });
});

test("every golden fixture through the ESM entry", () => {
  writeFileSync(join(consumer, "esm.mjs"), `
    import { createRequire } from "node:module";
    import * as phasebill from "phasebill";
    const { checkFixtures } = createRequire(import.meta.url)(${JSON.stringify(checker)});
    const result = checkFixtures(phasebill, ${JSON.stringify(fixtures)});
    console.log(JSON.stringify({ ...result, version: phasebill.version }));
  `);
  const run = node(["esm.mjs"]);
  assert.equal(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout);
  assert.ok(result.count >= 90, `fixtures found: ${result.count}`);
  assert.deepEqual(result.failures, []);
  assert.equal(result.version, JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version);
});

test("every golden fixture through the CommonJS entry, with the same error class", () => {
  writeFileSync(join(consumer, "cjs.cjs"), `
    const phasebill = require("phasebill");
    const { checkFixtures } = require(${JSON.stringify(checker)});
    const result = checkFixtures(phasebill, ${JSON.stringify(fixtures)});
    import("phasebill").then((esm) => {
      result.sameClass = esm.PhasebillError === phasebill.PhasebillError;
      console.log(JSON.stringify(result));
    });
  `);
  const run = node(["cjs.cjs"]);
  assert.equal(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout);
  assert.ok(result.count >= 90);
  assert.deepEqual(result.failures, []);
  assert.equal(result.sameClass, true);
});

test("TypeScript consumer compiles under tsc --noEmit --strict", () => {
  writeFileSync(join(consumer, "typed.ts"), `
    import { preview, validate, version, init, PhasebillError } from "phasebill";
    import type { Schedule, Preview, Issue, ErrorCode, InvoiceLine, LineKind, PhaseStatus } from "phasebill";

    const schedule: Schedule = ${JSON.stringify(acme.schedule)};
    await init();
    const result: Preview = preview(schedule, { asOf: "2026-03-15" });
    const net: string = result.totals.net;
    const line: InvoiceLine = result.invoices[0].lines[0];
    const kind: LineKind = line.kind;
    const status: PhaseStatus = result.phases[0].status;
    const days: number | undefined = line.proration?.usedDays;
    const issues: Issue[] = validate({ currency: "usd" });
    const codes: ErrorCode[] = issues.map((issue) => issue.code);
    try {
      preview({ ...schedule, currency: "usd" });
    } catch (error) {
      if (error instanceof PhasebillError) {
        const first: ErrorCode | undefined = error.issues[0]?.code;
        console.log(first);
      }
    }
    // @ts-expect-error: "weekly" is not a frequency
    const wrong: Schedule = { currency: "USD", startDate: "2026-01-01", phases: [{ name: "x", duration: { type: "openEnded" }, prices: [{ name: "p", amount: "1", frequency: "weekly", timing: "inAdvance" }] }] };
    // @ts-expect-error: a line kind is not an error code
    const notCode: ErrorCode = "credit";
    console.log(version, net, kind, status, days, codes, wrong, notCode);
  `);
  writeFileSync(join(consumer, "tsconfig.json"), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022", types: [] },
    files: ["typed.ts"],
  }));
  writeFileSync(join(consumer, "package.json"), JSON.stringify({
    ...JSON.parse(readFileSync(join(consumer, "package.json"), "utf8")), type: "module",
  }));
  const tsc = spawnSync(join(root, "node_modules", ".bin", "tsc"), ["-p", consumer], { cwd: consumer, encoding: "utf8" });
  assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
});

test("CLI: json, table and csv formats; issues and exit codes like the native command", () => {
  const file = join(consumer, "acme.json");
  writeFileSync(file, JSON.stringify(acme.schedule));
  const bin = join(consumer, "node_modules", ".bin", "phasebill");
  const cli = (args, input) => spawnSync(bin, args, { cwd: consumer, input, encoding: "utf8" });

  const json = cli(["preview", file, "--as-of", "2026-03-15"]);
  assert.equal(json.status, 0, json.stderr);
  const got = JSON.parse(json.stdout);
  assert.deepEqual(got, acme.expected);

  const table = cli(["preview", file, "--as-of", "2026-03-15", "--format", "table"]);
  assert.equal(table.status, 0);
  assert.match(table.stdout, /2026-04-15 Invoice Upcoming {2}total 1500\.00/);
  assert.match(table.stdout, /net 30500\.00/);

  const csv = cli(["preview", "-", "--as-of=2026-03-15", "--format", "csv"], JSON.stringify(acme.schedule));
  assert.equal(csv.status, 0);
  const rows = csv.stdout.trimEnd().split("\r\n");
  assert.equal(rows.length, 14, "a header and 13 lines");
  assert.match(rows[0], /^issueDate,invoiceKind,status,/);
  assert.match(rows[1], /^2026-01-01,invoice,issued,0,Pilot,0,Pilot fee,charge,Pilot fee,2026-01-01,2026-03-15,,,1,12500\.00,12500\.00,USD$/);

  const bad = cli(["preview", "--as-of", "2026-03-15"], JSON.stringify({ ...acme.schedule, currency: "usd" }));
  assert.equal(bad.status, 1);
  assert.equal(JSON.parse(bad.stdout).error.issues[0].code, "invalidCurrency");
  assert.match(bad.stderr, /currency: currency "usd" is not an active iso 4217 code \[invalidCurrency\]/);

  const broken = cli(["preview"], "{\"currency\":");
  assert.equal(broken.status, 1);
  assert.equal(JSON.parse(broken.stdout).error.issues[0].code, "invalidJson");

  assert.equal(cli(["preview", "--format", "xml"], "").status, 2);
  assert.equal(cli(["preview", join(consumer, "missing.json")]).status, 2);

  const lines = [JSON.stringify({ schedule: acme.schedule, options: { asOf: "2026-03-15" } }), "nope", ""].join("\n");
  const batch = cli(["preview", "--jsonl"], lines);
  assert.equal(batch.status, 1);
  const out = batch.stdout.trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(out.length, 2);
  assert.deepEqual(out[0], acme.expected);
  assert.equal(out[1].error.issues[0].code, "invalidJson");
});

test("the npm CLI prints what the native CLI prints", { skip: !process.env.PHASEBILL_NATIVE_CLI }, () => {
  const file = join(consumer, "acme.json");
  for (const format of ["json", "table"]) {
    const args = ["preview", file, "--as-of", "2026-03-15", "--format", format];
    const npmOut = spawnSync(join(consumer, "node_modules", ".bin", "phasebill"), args, { encoding: "utf8" });
    const nativeOut = spawnSync(process.env.PHASEBILL_NATIVE_CLI, args, { encoding: "utf8" });
    assert.equal(npmOut.stdout, nativeOut.stdout, format);
  }
});

test("hostile input: thousands of malformed inputs give PhasebillError, then a valid one previews", () => {
  writeFileSync(join(consumer, "hostile.mjs"), `
    import { preview, validate, PhasebillError } from "phasebill";
    const acme = ${JSON.stringify(acme.schedule)};
    let seed = 42;
    const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const nasty = () => {
      const pool = [
        () => null, () => true, () => -1, () => 1e308, () => -0, () => NaN, () => Infinity, () => 2 ** 53 + 1,
        () => "", () => "x".repeat(1 + rnd(100000)), () => "2026-02-30", () => "0001-01-01", () => "9999-99-99",
        () => "<script>alert(1)</script>", () => "1".repeat(60), () => "-5", () => "1e3", () => [], () => ({}),
        () => "\\u0000\\ud800", () => 12345678901234567890n, () => { const o = {}; o.self = o; return o; },
        () => { let v = []; for (let i = 0; i < 5000; i++) v = [v]; return v; },
        () => { let v = {}; for (let i = 0; i < 200; i++) v = { phases: v }; return v; },
      ];
      return pool[rnd(pool.length)]();
    };
    const fields = [
      (s, v) => { s.currency = v; }, (s, v) => { s.startDate = v; }, (s, v) => { s.phases = v; },
      (s, v) => { s.phases[0] = v; }, (s, v) => { s.phases[0].duration = v; }, (s, v) => { s.phases[1].duration.count = v; },
      (s, v) => { s.phases[0].duration.completedOn = v; }, (s, v) => { s.phases[0].prices[0].amount = v; },
      (s, v) => { s.phases[1].prices[0].quantity = v; }, (s, v) => { s.phases[1].prices[0].frequency = v; },
      (s, v) => { s.phases[0].name = v; }, (s, v) => { s.billingAnchor = v; }, (s, v) => { s.phases[1].duration.unit = v; },
    ];
    let errors = 0;
    for (let i = 0; i < 3000; i++) {
      const schedule = structuredClone(acme);
      fields[rnd(fields.length)](schedule, nasty());
      // A second mutation may find the first one replaced its parent: then it is skipped.
      if (rnd(4) === 0) { try { fields[rnd(fields.length)](schedule, nasty()); } catch {} }
      const whole = rnd(20) === 0 ? nasty() : schedule;
      const options = rnd(10) === 0 ? { asOf: nasty(), until: nasty() } : { asOf: "2026-03-15" };
      try {
        preview(whole, options);
      } catch (error) {
        if (!(error instanceof PhasebillError)) throw new Error("not a PhasebillError: " + error?.stack);
        if (!Array.isArray(error.issues) || error.issues.length === 0) throw new Error("no issues");
        for (const issue of error.issues) {
          if (typeof issue.path !== "string" || typeof issue.code !== "string" || !issue.message) throw new Error("bad issue " + JSON.stringify(issue));
        }
        errors++;
      }
      const issues = validate(whole, options);
      if (!Array.isArray(issues)) throw new Error("validate must return an array");
    }
    const after = preview(acme, { asOf: "2026-03-15" });
    console.log(JSON.stringify({ errors, net: after.totals.net }));
  `);
  const run = node(["--stack-size=2000", "hostile.mjs"]);
  assert.equal(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout);
  assert.ok(result.errors > 2000, `most inputs are invalid (${result.errors})`);
  assert.equal(result.net, "30500.00", "the module still works");
});
