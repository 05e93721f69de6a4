// The npm package in headless Chromium (Debian's, driven by playwright-core): a plain HTML
// page served on 127.0.0.1 imports the package's browser entry, calls `init()`, previews
// spec example A, and also initializes a second copy synchronously from fetched bytes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
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

test("the package previews spec example A in headless Chromium", async () => {
  const site = mkdtempSync(join(tmpdir(), "phasebill-page-"));
  const profile = mkdtempSync(join(tmpdir(), "phasebill-chromium-"));
  cpSync(join(root, "dist"), join(site, "phasebill"), { recursive: true });
  writeFileSync(join(site, "index.html"), `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>phasebill in a page</title>
<script type="module" src="./page.mjs"></script></head><body><output id="result">loading</output></body></html>`);
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
  const bytes = await (await fetch("./phasebill/web/phasebill_bg.wasm")).arrayBuffer();
  initSync2(bytes);
  const again = preview2(${JSON.stringify(acme.schedule)}, { asOf: "2026-03-15" });
  out.textContent = JSON.stringify({ early, result, error, sync: again.totals.net, issues: validate(null), version });
} catch (e) {
  out.textContent = "failed: " + e.stack;
}
`);
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
    assert.ok(!text.startsWith("failed"), text);
    const got = JSON.parse(text);
    assert.match(got.early, /call `await init\(\)`/);
    assert.deepEqual(got.result, acme.expected);
    assert.deepEqual(got.error, { isPhasebillError: true, codes: ["invalidCurrency", "required", "required"] });
    assert.equal(got.sync, "30500.00");
    assert.equal(got.issues[0].code, "invalidType");
    assert.deepEqual(problems, []);
  } finally {
    await browser?.close();
    server.kill();
    rmSync(site, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
});
