// The npm package in headless Chromium (Debian's, driven by playwright-core): a plain HTML
// page served on 127.0.0.1 imports the package's browser entry, calls `init()`, previews
// spec example A, and also initializes a second copy synchronously from fetched bytes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PAGE, packedProject, resultOfPage, root } from "./helpers.mjs";
const acme = JSON.parse(readFileSync(join(root, "tests", "fixtures", "spec-examples", "example-a-acme-contract.json"), "utf8"));

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
  const project = packedProject("phasebill-bundled-");
  try {
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
