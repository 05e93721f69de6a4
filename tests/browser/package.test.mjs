// The npm package in headless Chromium (Debian's, driven by playwright-core): a plain HTML
// page served on 127.0.0.1 imports the package's browser entry, calls `init()`, previews
// spec example A, and also initializes a second copy synchronously from fetched bytes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const acme = JSON.parse(readFileSync(join(root, "tests", "fixtures", "spec-examples", "example-a-acme-contract.json"), "utf8"));

export const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run", "--disable-quic",
];

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function waitForServer(url) {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server at ${url} did not start`);
}

/** Serves `site` on 127.0.0.1, opens its index.html in a fresh headless Chromium and returns
 *  the text of `#result` once it is no longer "loading", failing on any page error. */
async function resultOfPage(site) {
  const profile = mkdtempSync(join(tmpdir(), "phasebill-chromium-"));
  const port = await freePort();
  const server = spawn("python3", ["-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", site], { stdio: "ignore" });
  let browser;
  const problems = [];
  try {
    // A fresh user-data dir per run.
    browser = await chromium.launchPersistentContext(profile, { executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
    await waitForServer(`http://127.0.0.1:${port}/index.html`);
    const page = await browser.newPage();
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
    page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
    await page.goto(`http://127.0.0.1:${port}/index.html`);
    await page.waitForFunction(() => document.getElementById("result").textContent !== "loading", null, { timeout: 20000 });
    const text = await page.textContent("#result");
    assert.deepEqual(problems, []);
    assert.ok(!text.startsWith("failed"), text);
    return text;
  } finally {
    await browser?.close();
    server.kill();
    rmSync(profile, { recursive: true, force: true });
  }
}

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>phasebill in a page</title>
<script type="module" src="./page.mjs"></script></head><body><output id="result">loading</output></body></html>`;

test("the package previews spec example A in headless Chromium", async () => {
  const site = mkdtempSync(join(tmpdir(), "phasebill-page-"));
  try {
    cpSync(join(root, "dist"), join(site, "phasebill"), { recursive: true });
    writeFileSync(join(site, "index.html"), PAGE);
    writeFileSync(join(site, "page.mjs"), `
import init, { preview, validate, PhasebillError, version } from "./phasebill/browser.mjs";
import { initSync as initSync2, preview as preview2 } from "./phasebill/browser.mjs?copy=2";
const out = document.getElementById("result");
try {
  let early = "";
  try { preview({}); } catch (e) { early = e.message; }
  await init();
  const result = preview(${JSON.stringify(acme.schedule)}, { asOf: "2026-03-15" });
  let error = null;
  try { preview({ currency: "usd" }); } catch (e) { error = { isPhasebillError: e instanceof PhasebillError, codes: e.issues.map((i) => i.code) }; }
  const bytes = await (await fetch("./phasebill/phasebill_bg.wasm")).arrayBuffer();
  initSync2(bytes);
  const again = preview2(${JSON.stringify(acme.schedule)}, { asOf: "2026-03-15" });
  out.textContent = JSON.stringify({ early, result, error, sync: again.totals.net, issues: validate(null), version });
} catch (e) {
  out.textContent = "failed: " + e.stack;
}
`);
    const got = JSON.parse(await resultOfPage(site));
    assert.match(got.early, /call `await init\(\)`/);
    assert.deepEqual(got.result, acme.expected);
    assert.deepEqual(got.error, { isPhasebillError: true, codes: ["invalidCurrency", "required", "required"] });
    assert.equal(got.sync, "30500.00");
    assert.equal(got.issues[0].code, "invalidType");
  } finally {
    rmSync(site, { recursive: true, force: true });
  }
});

test("a bundler (esbuild) resolves the package's browser entry and its wasm", async () => {
  const project = mkdtempSync(join(tmpdir(), "phasebill-bundled-"));
  try {
    const packed = JSON.parse(execFileSync("npm", ["pack", "--json", "--pack-destination", project], { cwd: root, encoding: "utf8" }));
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "bundled", private: true, type: "module" }));
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--offline", join(project, packed[0].filename)], { cwd: project, stdio: "ignore" });
    writeFileSync(join(project, "entry.mjs"), `
import init, { preview } from "phasebill";
import wasmUrl from "phasebill/phasebill_bg.wasm";
const out = document.getElementById("result");
try {
  await init(new URL(wasmUrl, import.meta.url));
  out.textContent = JSON.stringify(preview(${JSON.stringify(acme.schedule)}, { asOf: "2026-03-15" }));
} catch (e) {
  out.textContent = "failed: " + e.stack;
}
`);
    const site = join(project, "site");
    mkdirSync(site);
    execFileSync(join(root, "node_modules", ".bin", "esbuild"), [
      "entry.mjs", "--bundle", "--format=esm", "--platform=browser", "--loader:.wasm=file",
      `--outfile=${join(site, "page.mjs")}`, "--log-level=warning",
    ], { cwd: project, stdio: "inherit" });
    writeFileSync(join(site, "index.html"), PAGE);
    assert.deepEqual(JSON.parse(await resultOfPage(site)), acme.expected);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});
