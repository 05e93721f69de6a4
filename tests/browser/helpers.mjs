// Shared by the browser tests: a static site served on 127.0.0.1 and opened in a fresh
// headless Chromium (Debian's, driven by playwright-core); a consumer project with the
// packed package installed.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** A fresh project (package.json with `type: module`) with the packed package installed. */
export function packedProject(prefix) {
  const project = mkdtempSync(join(tmpdir(), prefix));
  const packed = JSON.parse(execFileSync("npm", ["pack", "--json", "--pack-destination", project], { cwd: root, encoding: "utf8" }));
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "bundled", private: true, type: "module" }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--offline", join(project, packed[0].filename)], { cwd: project, stdio: "ignore" });
  return project;
}

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
export async function resultOfPage(site) {
  const port = await freePort();
  const server = spawn("python3", ["-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", site], { stdio: "ignore" });
  try {
    await waitForServer(`http://127.0.0.1:${port}/index.html`);
    return await resultOfUrl(`http://127.0.0.1:${port}/index.html`);
  } finally {
    server.kill();
  }
}

/** Opens `url` in a fresh headless Chromium and returns the text of `#result` once it is no
 *  longer "loading", failing on any page error, console error or failed request. */
export async function resultOfUrl(url) {
  const profile = mkdtempSync(join(tmpdir(), "phasebill-chromium-"));
  let browser;
  const problems = [];
  try {
    // A fresh user-data dir per run.
    browser = await chromium.launchPersistentContext(profile, { executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
    page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
    await page.goto(url);
    await page.waitForFunction(() => document.getElementById("result").textContent !== "loading", null, { timeout: 20000 });
    const text = await page.textContent("#result");
    assert.deepEqual(problems, []);
    assert.ok(!text.startsWith("failed"), text);
    return text;
  } finally {
    await browser?.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

export const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>phasebill in a page</title>
<script type="module" src="./page.mjs"></script></head><body><output id="result">loading</output></body></html>`;

