// The packed npm package, installed into a fresh consumer project: every golden fixture in
// Node (ESM and CommonJS), the TypeScript types under `tsc --strict`, the CLI in each
// format, and hostile input. Run by `npm test` after `npm run build`.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
  for (const needed of ["dist/node.cjs", "dist/node.mjs", "dist/browser.mjs", "dist/index.d.mts", "dist/index.d.cts", "dist/cli.cjs", "LICENSE",
    "dist/phasebill_bg.wasm", "dist/phasebill_node.cjs", "dist/phasebill_web.mjs", "README.md", "package.json"]) {
    assert.ok(files.includes(needed), `tarball holds ${needed}`);
  }
  assert.deepEqual(files.filter((f) => f.endsWith(".wasm")), ["dist/phasebill_bg.wasm"], "the wasm ships once");
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
  assert.ok(result.count >= 180, `fixtures found: ${result.count}`);
  assert.ok(result.compared >= 13, `compare fixtures found: ${result.compared}`);
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
  assert.ok(result.count >= 180);
  assert.ok(result.compared >= 13);
  assert.deepEqual(result.failures, []);
  assert.equal(result.sameClass, true);
});

test("TypeScript consumers (ESM and CommonJS, lib es2022 without DOM, skipLibCheck false) compile under --strict", () => {
  writeFileSync(join(consumer, "typed-cjs.cts"), `
    import init, { preview, compare, initSync, PhasebillError } from "phasebill";
    import type { CompareResult, Preview } from "phasebill";
    declare const console: { log(...values: unknown[]): void };
    async function main(): Promise<void> {
      await init();
      initSync(new Uint8Array(0));
      const result: Preview = preview(${JSON.stringify(acme.schedule)}, { asOf: "2026-03-15" });
      const same: CompareResult = compare(${JSON.stringify(acme.schedule)}, ${JSON.stringify(acme.schedule)});
      console.log(result.totals.net, same.invoices.length, new PhasebillError("x").issues);
    }
    void main();
  `);
  writeFileSync(join(consumer, "typed.ts"), `
    declare const console: { log(...values: unknown[]): void };
    import init, { preview, validate, compare, isValid, version, init as namedInit, initSync, PhasebillError } from "phasebill";
    import type {
      Schedule, Preview, Issue, ErrorCode, InvoiceLine, LineKind, PhaseStatus, CompareResult, InvoiceChange,
      InvoiceChangeKind, Discount, DiscountLine, BillingAnchor, WarningCode, Totals,
    } from "phasebill";

    const schedule: Schedule = ${JSON.stringify(acme.schedule)};
    await init();
    await namedInit();
    initSync(new Uint8Array(0));
    // Inputs accept readonly data (\`as const\`).
    const frozen = {
      currency: "USD", startDate: "2026-01-01", customer: "Acme", paymentTermsDays: 30,
      billingAnchor: { dayOfMonth: 1 },
      phases: [{ name: "Pilot", duration: { type: "openEnded" },
        prices: [{ name: "Fee", amount: "100.00", frequency: "monthly", timing: "inAdvance" }],
        discounts: [{ name: "Pilot 10%", percent: "10", prices: [0] }] }],
    } as const;
    const fromConst: Preview = preview(frozen, { asOf: "2026-03-15", until: "2026-06-30" });
    const due: string | null = fromConst.invoices[0].dueDate;
    const discounted: string = fromConst.totals.discounted;
    const discountIndex: number | null = fromConst.invoices[0].lines[0].discountIndex;
    const anchors: BillingAnchor[] = ["phaseStart", "calendar", { dayOfMonth: 31 }];
    const discounts: Discount[] = [{ name: "a", percent: 10 }, { name: "b", amount: "5.00", prices: [0, 1] }];
    // @ts-expect-error: a discount is a percent or an amount, not both
    const both: Discount = { name: "c", percent: "1", amount: "1" };
    const isDiscount = (line: InvoiceLine): line is DiscountLine => line.kind === "discount";
    const warning: WarningCode = "unknownField";
    const later: Schedule = { ...schedule, paymentTermsDays: 14 };
    const changes: CompareResult = compare(schedule, later, { asOf: "2026-03-15" });
    const change: InvoiceChange | undefined = changes.invoices[0];
    const how: InvoiceChangeKind | undefined = change?.change;
    const delta: Totals = changes.delta;
    const beforeDue: string | null | undefined = change?.before?.dueDate;
    const mismatch: ErrorCode = "currencyMismatch";
    const unknown: unknown = JSON.parse("{}");
    if (isValid(unknown)) {
      const typed: Schedule = unknown;
      console.log(typed.currency);
    }
    const made = new PhasebillError("invalid schedule: 1 issue", [{ path: "currency", code: "invalidCurrency", message: "x" }]);
    console.log(due, discounted, discountIndex, anchors, discounts, both, isDiscount, warning, how, delta, beforeDue, mismatch, made.issues);
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
    compilerOptions: {
      strict: true, noEmit: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022", types: [],
      lib: ["es2022"], skipLibCheck: false,
    },
    files: ["typed.ts", "typed-cjs.cts"],
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
  assert.match(table.stdout, /2026-04-15 invoice upcoming {2}total 1500\.00 {2}due 2026-04-15/);
  assert.match(table.stdout, /net 30500\.00/);

  const csv = cli(["preview", "-", "--as-of=2026-03-15", "--format", "csv"], JSON.stringify(acme.schedule));
  assert.equal(csv.status, 0);
  const rows = csv.stdout.trimEnd().split("\r\n");
  assert.equal(rows.length, 14, "a header and 13 lines");
  assert.equal(rows[0], "issueDate,invoiceKind,invoiceStatus,invoiceTotal,dueDate,phaseIndex,phaseName,priceIndex,priceName,lineKind,discountIndex,description,serviceStart,serviceLastDay,usedDays,periodDays,quantity,unitAmount,amount,currency");
  assert.equal(rows[1], "2026-01-01,invoice,issued,12500.00,2026-01-01,0,Pilot,0,Pilot fee,charge,,Pilot fee,2026-01-01,2026-03-14,,,1,12500.00,12500.00,USD");

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

/** Runs `command args` with `input`, resolving {status, stdout, stderr}. */
function run(command, args, input) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: consumer });
    const out = [];
    const err = [];
    child.stdout.on("data", (d) => out.push(d));
    child.stderr.on("data", (d) => err.push(d));
    child.on("error", reject);
    child.stdin.on("error", () => {}); // a command that does not read its input
    child.on("close", (status) => resolve({ status, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
    child.stdin.end(input ?? "");
  });
}

/** The CLI flags for a fixture's options, or null when the CLI cannot express them. */
function flags(options) {
  if (options === undefined || options === null) return [];
  if (typeof options !== "object" || Array.isArray(options)) return null;
  const args = [];
  for (const [key, value] of Object.entries(options)) {
    if (key === "asOf" && typeof value === "string") args.push("--as-of", value);
    else if (key === "until" && typeof value === "string") args.push("--until", value);
    else if (value !== null) return null;
  }
  return args;
}

function fixtureFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name)).flatMap((e) =>
    e.isDirectory() ? fixtureFiles(join(dir, e.name)) : e.name.endsWith(".json") ? [join(dir, e.name)] : []);
}

test("the npm CLI prints what the native CLI prints, byte for byte, on every fixture", { skip: !process.env.PHASEBILL_NATIVE_CLI }, async () => {
  const native = process.env.PHASEBILL_NATIVE_CLI;
  const npmCli = join(consumer, "node_modules", ".bin", "phasebill");
  const dir = mkdtempSync(join(consumer, "agree-"));
  const cases = [];
  for (const file of fixtureFiles(fixtures)) {
    const fixture = JSON.parse(readFileSync(file, "utf8"));
    const extra = flags(fixture.options);
    if (extra === null) continue;
    const name = file.slice(fixtures.length + 1).replaceAll("/", "__");
    if ("before" in fixture) {
      const before = join(dir, `${name}.before.json`);
      const after = join(dir, `${name}.after.json`);
      writeFileSync(before, JSON.stringify(fixture.before));
      writeFileSync(after, JSON.stringify(fixture.after));
      for (const format of ["json", "table"]) cases.push(["compare", before, after, ...extra, "--format", format]);
    } else {
      const schedule = join(dir, `${name}.json`);
      writeFileSync(schedule, JSON.stringify(fixture.schedule, null, 2));
      for (const format of ["json", "table", "csv"]) cases.push(["preview", schedule, ...extra, "--format", format]);
    }
  }
  assert.ok(cases.length >= 3 * 150 + 2 * 10, `cases: ${cases.length}`);
  const mismatches = [];
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const args = cases[next++];
      const [a, b] = await Promise.all([run(npmCli, args), run(native, args)]);
      if (a.stdout !== b.stdout || a.status !== b.status || a.stderr !== b.stderr) {
        mismatches.push(`${args.join(" ")}: status ${a.status}/${b.status}\nnpm:    ${JSON.stringify(a.stdout.slice(0, 300))} ${JSON.stringify(a.stderr.slice(0, 200))}\nnative: ${JSON.stringify(b.stdout.slice(0, 300))} ${JSON.stringify(b.stderr.slice(0, 200))}`);
      }
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  assert.deepEqual(mismatches.slice(0, 5), [], `${mismatches.length} of ${cases.length} differ`);
});

test("the npm CLI and the native CLI agree on batches, usage errors, BOMs, --help and --version", { skip: !process.env.PHASEBILL_NATIVE_CLI }, async () => {
  const native = process.env.PHASEBILL_NATIVE_CLI;
  const npmCli = join(consumer, "node_modules", ".bin", "phasebill");
  const example = JSON.parse(readFileSync(join(fixtures, "compare", "example-l-milestone-completed-later.json"), "utf8"));
  const bom = join(consumer, "bom.json");
  writeFileSync(bom, "\ufeff" + JSON.stringify(acme.schedule));
  const before = join(consumer, "before.json");
  const after = join(consumer, "after.json");
  writeFileSync(before, JSON.stringify(example.before));
  writeFileSync(after, "\ufeff" + JSON.stringify(example.after));
  const previewLines = [
    JSON.stringify({ schedule: acme.schedule, options: { asOf: "2026-03-15" } }), "", "nope", "[1]",
    "\ufeff" + JSON.stringify({ schedule: acme.schedule }), JSON.stringify({ schedule: { currency: "usd" }, options: "x" }),
  ].join("\n") + "\n";
  const compareLines = [
    JSON.stringify({ before: example.before, after: example.after, options: example.options }),
    JSON.stringify({ before: example.before, after: { ...example.after, currency: "EUR" } }), "{", "7",
  ].join("\r\n");
  // A book for `forecast`: contracts with and without their own options, a BOM, CRLF, a
  // blank line, and invalid lines of every kind.
  const book = [
    "\ufeff" + JSON.stringify({ id: "a-1", schedule: acme.schedule }) + "\r",
    JSON.stringify({ id: "a-2", schedule: { ...acme.schedule, paymentTermsDays: 30 }, options: { asOf: "2026-01-10", until: "2026-02-01" } }),
    "", "nope", "[1]", JSON.stringify({ schedule: acme.schedule }),
    JSON.stringify({ id: 7, schedule: { currency: "usd" }, options: "x" }),
    JSON.stringify({ id: "jpy", schedule: { ...acme.schedule, currency: "JPY" } }),
  ].join("\n") + "\n";
  const cases = [
    [["preview", bom, "--as-of", "2026-03-15"]],
    [["compare", before, after, "--as-of=2026-03-15", "--format", "table"]],
    [["compare", "-", after, "--as-of", "2026-03-15"], JSON.stringify(example.before)],
    [["preview", "--jsonl", "--as-of", "2026-03-15"], previewLines],
    [["preview", "--jsonl", "--until", "2026-06-30"], previewLines],
    [["compare", "--jsonl", "--as-of", "2026-03-15"], compareLines],
    [["compare", "--jsonl", "--format", "table"], compareLines],
    [["preview", "--jsonl", "--format", "csv"], previewLines],
    [["preview", "--jsonl", "x.json"]],
    [["compare", before]],
    [["compare", "-", "-"]],
    [["compare", before, after, "--format", "csv"]],
    [["preview", "a", "b"]],
    [["preview", "--as-of"]],
    [["preview", "--nope"]],
    [["frobnicate"]],
    [[]],
    [["--help"]],
    [["compare", "--help"]],
    [["preview", "-h"]],
    [["preview", "--as-of", "2026-13-01"], JSON.stringify(acme.schedule)],
    [["forecast", "--from", "2026-01-01", "--to", "2027-03-31", "--as-of", "2026-03-15"], book],
    [["forecast", "-", "--from=2026-01-01", "--to", "2027-03-31", "--format", "json", "--jobs", "2"], book],
    [["forecast", "--from", "2026-02-01", "--to", "2026-12-31", "--partial"], book],
    [["forecast", "--from", "2026-12-31", "--to", "2026-01-01"]],
    [["forecast", "--from", "2026-01-01", "--to", "2026-12-31", "--jobs", "0"]],
    [["forecast", "--from", "2026-01-01"]],
    [["forecast", "--help"]],
    [["--version"]],
    [["-V"]],
    [["preview", "--version"]],
    [["compare", "a.json", "--version"]],
    [["forecast", "--version"]],
  ];
  for (const [args, input] of cases) {
    const [a, b] = await Promise.all([run(npmCli, args, input), run(native, args, input)]);
    assert.equal(a.status, b.status, `status of ${args.join(" ")}: ${a.stderr}`);
    assert.equal(a.stdout, b.stdout, `stdout of ${args.join(" ")}`);
    if (!args.includes("--jsonl") || args.includes("--format")) {
      assert.equal(a.stderr, b.stderr, `stderr of ${args.join(" ")}`);
    }
  }
  // A bare schedule on a --jsonl line: the error says how to wrap it.
  const bare = await run(npmCli, ["preview", "--jsonl"], JSON.stringify(acme.schedule) + "\n");
  assert.equal(bare.status, 1);
  assert.match(bare.stderr, /hint: this line looks like a bare schedule; wrap it: \{"schedule": …, "options": …\}/);
  const refused = await run(npmCli, ["preview", "--jsonl", "--format", "csv"], previewLines);
  assert.equal(refused.status, 2);
  assert.equal(refused.stdout, "");
});

test("CLI manners: --version, a closed pipe exits quietly with 0, --jsonl respects back-pressure", async () => {
  const bin = join(consumer, "node_modules", ".bin", "phasebill");
  const version = await run(bin, ["--version"]);
  assert.equal(version.status, 0);
  assert.equal(version.stdout, `phasebill ${JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version}\n`);

  // Into \`head -c 100\`: the pipe closes long before the output ends.
  const line = JSON.stringify({ schedule: acme.schedule, options: { asOf: "2026-03-15" } });
  const many = join(consumer, "many.jsonl");
  writeFileSync(many, (line + "\n").repeat(3000));
  const piped = spawnSync("bash", ["-c", `set -o pipefail; "${bin}" preview --jsonl < "${many}" | head -c 100 > /dev/null; echo "status \${PIPESTATUS[0]}"`], { encoding: "utf8" });
  assert.match(piped.stdout, /^status 0$/m, piped.stderr);
  assert.equal(piped.stderr, "", "no EPIPE stack");
  const file = join(consumer, "acme.json");
  writeFileSync(file, JSON.stringify(acme.schedule));
  const table = spawnSync("bash", ["-c", `"${bin}" preview "${file}" --as-of 2026-03-15 --format table --until 2999-12-31 | head -n 1; echo "status \${PIPESTATUS[0]}"`], { encoding: "utf8" });
  assert.match(table.stdout, /status 0/);
  assert.equal(table.stderr, "");

  // A reader that stops reading for 3 s: the writer waits (drain) instead of holding the
  // ~100 MB of answers in memory.
  const slow = spawn(bin, ["preview", "--jsonl"], { cwd: consumer, stdio: ["pipe", "pipe", "inherit"] });
  const long = JSON.stringify({
    schedule: { currency: "USD", startDate: "2026-01-01", phases: [{ name: "Run", duration: { type: "openEnded" },
      prices: [{ name: "Fee", amount: "10.00", frequency: "monthly", timing: "inAdvance" }] }] },
    options: { asOf: "2026-01-01", until: "2046-12-31" },
  });
  slow.stdin.on("error", () => {});
  slow.stdin.end((long + "\n").repeat(1500));
  let rss = 0;
  for (let i = 0; i < 15; i++) {
    await new Promise((r) => setTimeout(r, 200));
    rss = Math.max(rss, 1024 * Number(readFileSync(`/proc/${slow.pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/)[1]));
  }
  let bytes = 0;
  slow.stdout.on("data", (d) => { bytes += d.length; });
  slow.stdout.resume();
  const status = await new Promise((r) => slow.on("close", r));
  assert.equal(status, 0);
  const output = bytes;
  assert.ok(output > 80e6, `a large output (${output} bytes)`);
  assert.ok(rss < output * 0.6, `paused reader: RSS ${rss} bytes stays well below the ${output} bytes of output`);
});

test("CSV cells a spreadsheet would run as formulas are neutralised (npx phasebill preview --format csv)", () => {
  const payloads = ["=1+1", "-1+1", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "\tTab", "\rCR", "+1", "a,\"b\"\nc"];
  const schedule = {
    currency: "USD", startDate: "2026-01-01",
    phases: payloads.map((name, i) => ({
      name, duration: i === payloads.length - 1 ? { type: "openEnded" } : { type: "fixed", count: 1, unit: "months" },
      prices: [{ name, amount: "-1" === name ? "1" : "10.00", frequency: "oneTime", timing: "inAdvance" }],
    })),
  };
  const file = join(consumer, "payloads.json");
  writeFileSync(file, JSON.stringify(schedule));
  const out = spawnSync(join(consumer, "node_modules", ".bin", "phasebill"), ["preview", file, "--as-of", "2026-01-01", "--format", "csv"], { encoding: "utf8" });
  assert.equal(out.status, 0, out.stderr);
  // RFC 4180: split records on CRLF outside quotes.
  const records = [];
  let field = "";
  let row = [];
  let quoted = false;
  const text = out.stdout;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(field); field = ""; }
    else if (c === "\r" && text[i + 1] === "\n") { row.push(field); records.push(row); row = []; field = ""; i++; }
    else field += c;
  }
  assert.equal(field, "");
  const header = records[0];
  const col = (name) => header.indexOf(name);
  assert.equal(records.length, 1 + payloads.length);
  for (const [i, payload] of payloads.entries()) {
    const record = records[i + 1];
    assert.equal(record.length, header.length);
    const expected = /^[=+\-@\t\r]/.test(payload) ? `'${payload}` : payload;
    assert.equal(record[col("phaseName")], expected, `phase name ${JSON.stringify(payload)}`);
    assert.equal(record[col("priceName")], expected);
    assert.equal(record[col("description")], expected);
    for (const cell of record) {
      assert.ok(!/^[=+@\t\r]/.test(cell) && !/^-(?!\d+(\.\d+)?$)/.test(cell), `live formula cell ${JSON.stringify(cell)}`);
    }
  }
  // The table keeps a name with a line break (or a carriage return) on its row.
  const table = spawnSync(join(consumer, "node_modules", ".bin", "phasebill"), ["preview", file, "--as-of", "2026-01-01", "--format", "table"], { encoding: "utf8" });
  assert.equal(table.status, 0, table.stderr);
  assert.ok(!table.stdout.includes("\r"), "no carriage return in the table");
  const rows = table.stdout.split("\n");
  assert.ok(rows.some((row) => /a,"b" c/.test(row)), "the two-line name on one row");
  assert.ok(!rows.some((row) => /^c\b/.test(row.trim()) && !row.includes("a,")), "no row starts with the name's second line");
});

test("server bundles: esbuild --platform=node (ESM and CJS) load the wasm lazily: next to the bundle, from bytes, or the installed copy", () => {
  const entry = join(consumer, "server-entry.js");
  writeFileSync(entry, `
    import init, { preview, initSync } from "phasebill";
    import { readFileSync } from "node:fs";
    const bytes = process.env.WASM_BYTES ? readFileSync(process.env.WASM_BYTES) : undefined;
    if (bytes) initSync(bytes);
    await init();
    console.log(preview(${JSON.stringify(acme.schedule)}, { asOf: "2026-03-15" }).totals.net);
  `);
  const wasm = join(consumer, "node_modules", "phasebill", "dist", "phasebill_bg.wasm");
  for (const format of ["esm", "cjs"]) {
    const out = mkdtempSync(join(consumer, `server-${format}-`));
    const bundle = join(out, format === "esm" ? "server.mjs" : "server.cjs");
    // Top-level await is an ES module feature: the CommonJS bundle wraps the entry.
    const source = format === "esm" ? entry : join(consumer, "server-entry-cjs.js");
    if (format === "cjs") {
      writeFileSync(source, readFileSync(entry, "utf8").replace("await init();", "init();").replace(/^\s*import (.*) from (.*);$/gm, "const $1 = require($2);").replace("const init, {", "const { default: init,"));
    }
    execFileSync(join(root, "node_modules", ".bin", "esbuild"), [
      source, "--bundle", "--platform=node", `--format=${format}`, `--outfile=${bundle}`, "--log-level=warning",
    ], { cwd: consumer, stdio: "inherit" });
    // Without the wasm file, run from a directory with no installed phasebill: the import
    // itself works (lazy), a call says what is missing and what to do.
    const missing = spawnSync(process.execPath, [bundle], { encoding: "utf8", cwd: tmpdir() });
    assert.notEqual(missing.status, 0, `${format}: no wasm next to the bundle`);
    assert.match(missing.stderr, /phasebill: cannot load phasebill_bg\.wasm .*copy node_modules\/phasebill\/dist\/phasebill_bg\.wasm next to your bundle, or give the bytes to initSync\(bytes\)/);
    // Run from the project (as `next start` and most servers are): the installed package's copy.
    const installed = spawnSync(process.execPath, [bundle], { encoding: "utf8", cwd: consumer });
    assert.equal(installed.stdout, "30500.00\n", `${format} from the project directory: ${installed.stderr}`);
    // Bytes embedded or shipped elsewhere: initSync(bytes).
    const embedded = spawnSync(process.execPath, [bundle], { encoding: "utf8", env: { ...process.env, WASM_BYTES: wasm } });
    assert.equal(embedded.stdout, "30500.00\n", `${format} with bytes: ${embedded.stderr}`);
    // The documented way: copy the .wasm next to the bundle.
    writeFileSync(join(out, "phasebill_bg.wasm"), readFileSync(wasm));
    const copied = spawnSync(process.execPath, [bundle], { encoding: "utf8" });
    assert.equal(copied.stdout, "30500.00\n", `${format} with the wasm copied: ${copied.stderr}`);
  }
});

test("messages a log can use: the first issue in err.message, \"invalid options\", a lone surrogate at its path", () => {
  writeFileSync(join(consumer, "messages.mjs"), `
    import { preview, validate, compare } from "phasebill";
    const acme = ${JSON.stringify(acme.schedule)};
    const caught = (fn) => { try { fn(); } catch (e) { return { message: e.message, string: String(e), issues: e.issues }; } };
    const out = {};
    out.schedule = caught(() => preview({ ...acme, currency: "usd", startDate: "2026-02-30" }));
    out.options = caught(() => preview(acme, { asOf: "2026-13-01" }));
    const named = structuredClone(acme);
    named.phases[1].prices[0].name = "Platform \\ud800 access";
    out.surrogate = caught(() => preview(named, { asOf: "2026-03-15" }));
    out.surrogateValidate = validate({ ...acme, customer: "\\udc00", ["x\\ud83d"]: 1 });
    out.surrogateCompare = caught(() => compare(acme, named, { asOf: "2026-03-15" }));
    // A literal backslash-u text and a whole emoji are text: no issue.
    const fine = structuredClone(acme);
    fine.phases[1].prices[0].name = "a \\\\ud800 b \\ud83d\\ude00";
    out.fine = preview(fine, { asOf: "2026-03-15" }).invoices[2].lines[0].priceName;
    console.log(JSON.stringify(out));
  `);
  const run = node(["messages.mjs"]);
  assert.equal(run.status, 0, run.stderr);
  const out = JSON.parse(run.stdout);
  assert.match(out.schedule.message, /^invalid schedule: currency: "usd" .*\(\+1 more\)$/);
  assert.equal(out.schedule.string, `PhasebillError: ${out.schedule.message}`);
  assert.match(out.options.message, /^invalid options: options\.asOf: /);
  assert.deepEqual(out.surrogate.issues.map((i) => [i.path, i.code]), [["phases[1].prices[0].name", "invalidJson"]]);
  assert.equal(out.surrogate.message, 'invalid schedule: phases[1].prices[0].name: "Platform \\ud800 access" holds a lone surrogate (half of a utf-16 pair), which is not text');
  assert.deepEqual(out.surrogateValidate.map((i) => i.path), ["customer", "x\\ud83d"]);
  assert.deepEqual(out.surrogateCompare.issues.map((i) => i.path), ["after.phases[1].prices[0].name"]);
  assert.equal(out.fine, "a \\ud800 b \u{1F600}");
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

test("strings kept from call to call: two callers of one module, a new generation of its table, another module instance", () => {
  // A packed preview carries only the strings (dates, amounts, names) its caller lacks
  // (js/api.js, \`PackedStrings\`; wasm/src/pack/strings.rs). Each answer here must equal
  // the self-contained answer of a caller that holds no string.
  writeFileSync(join(consumer, "strings.cjs"), `
    const assert = require("node:assert/strict");
    const dist = require("node:path").join(process.cwd(), "node_modules", "phasebill", "dist");
    const { makeApi, unpack, packedPreview, PackedStrings } = require(dist + "/api.cjs");
    const load = () => {
      delete require.cache[require.resolve(dist + "/phasebill_node.cjs")];
      const glue = require(dist + "/phasebill_node.cjs");
      glue.__phasebill_load();
      return glue;
    };
    const glue = load();
    const [first, second] = [makeApi(() => glue), makeApi(() => glue)];
    const options = { asOf: "2026-02-15" };
    // 200 prices with names no other call has: about 400 new strings a call.
    const contract = (call) => ({
      currency: call % 3 === 0 ? "JPY" : "EUR", startDate: "2026-01-01",
      phases: [{ name: "Phase " + call, duration: { type: "fixed", count: 2, unit: "months" },
        prices: Array.from({ length: 200 }, (_, i) => ({
          name: "call " + call + " price " + i, description: "for call " + call + ", price " + i,
          amount: String(100 + (i % 7)), frequency: i % 2 ? "monthly" : "oneTime", timing: "inAdvance" })) }],
    });
    const alone = (schedule) => {
      const strings = new PackedStrings();
      const answer = unpack(packedPreview(glue, JSON.stringify(schedule), JSON.stringify(options), "2026-01-01", strings), false, strings);
      return { answer, generation: strings.generation };
    };
    const generations = new Set();
    for (let call = 0; call < 200; call++) {
      for (const [caller, schedule] of [[first, contract(call)], [second, contract(call + 1000)], [first, contract(call)]]) {
        const got = caller.preview(schedule, options);
        const { answer, generation } = alone(schedule);
        assert.deepEqual(got, answer, "call " + call);
        generations.add(generation);
      }
    }
    // Strings of one instance taken to another are dropped, not reused: two new instances
    // (both at generation 0), and the strings of the first shown to the second, whose table
    // holds more.
    const [one, two] = [load(), load()];
    const run = (bindings, schedule, held) => unpack(packedPreview(bindings, JSON.stringify(schedule), JSON.stringify(options), "2026-01-01", held), false, held);
    const [strings, own] = [new PackedStrings(), new PackedStrings()];
    run(one, contract(1), strings);
    run(two, contract(2), own);
    run(two, contract(3), own);
    assert.ok(strings.list.length < own.list.length && strings.generation === own.generation);
    // Contract 2's names are among the second instance's first strings, where the first
    // instance has contract 1's.
    assert.deepEqual(run(two, contract(2), strings), alone(contract(2)).answer);
    console.log(JSON.stringify({ generations: [...generations], held: strings.list.length, second: own.list.length }));
  `);
  const run = node(["strings.cjs"]);
  assert.equal(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout);
  // 200 calls of three previews, about 400 new strings each: past 65,536 strings.
  assert.ok(result.generations.length >= 2, `the table started a new generation: ${run.stdout}`);
  assert.equal(result.held, result.second, `holds the second instance's strings: ${run.stdout}`);
});

test("the module's input and output buffers are reused from call to call: answers stay whole across sizes, text and errors", () => {
  // A preview is written into, and read from, the module's own memory (js/api.js,
  // `packedPreview`): a small call after a large one must not see the large one's bytes, a
  // call that grows the memory must be read from the grown memory, and an answer already
  // returned must not change when the buffers are written again.
  const huge = JSON.parse(readFileSync(join(root, "core", "benches", "contracts", "huge-100k-lines.json"), "utf8"));
  writeFileSync(join(consumer, "reuse.mjs"), `
    import { preview, PhasebillError } from "phasebill";
    const acme = ${JSON.stringify(acme.schedule)};
    const huge = ${JSON.stringify(huge)};
    const options = { asOf: "2026-03-15" };
    const first = preview(acme, options);
    const firstText = JSON.stringify(first);
    const big = preview(huge.schedule, huge.options);
    // Names of 1, 2, 3 and 4 bytes per character: UTF-8 longer than the UTF-16 text.
    const named = structuredClone(acme);
    named.phases[0].name = "Pilote é 日本 😀";
    named.phases[0].prices[0].name = "Licence ✓ 😀😀";
    const wide = preview(named, options);
    let error = null;
    try { preview({ ...acme, currency: "usd" }, options); } catch (e) { error = e; }
    const again = preview(acme, options);
    console.log(JSON.stringify({
      lines: big.invoices.reduce((n, i) => n + i.lines.length, 0),
      phaseName: wide.phases[0].name,
      priceName: wide.invoices[0].lines[0].priceName,
      error: error instanceof PhasebillError ? error.issues[0].code : String(error),
      unchanged: JSON.stringify(first) === firstText,
      same: JSON.stringify(again) === firstText,
    }));
  `);
  const run = node(["reuse.mjs"]);
  assert.equal(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout);
  assert.equal(result.lines, 99_900, "the 99,900 lines of the large contract");
  assert.equal(result.phaseName, "Pilote é 日本 😀");
  assert.equal(result.priceName, "Licence ✓ 😀😀");
  assert.equal(result.error, "invalidCurrency");
  assert.equal(result.unchanged, true, "an answer is a copy, not a view of the module's memory");
  assert.equal(result.same, true, "the same input gives the same answer after larger ones");
});
