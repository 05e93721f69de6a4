// The package as published: publint (package.json, exports, files) and arethetypeswrong
// (types resolve for import and require under node16 and bundlers), both from npm.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const bin = (name) => join(root, "node_modules", ".bin", name);

test("publint finds nothing to report", () => {
  const run = spawnSync(bin("publint"), ["--strict"], { cwd: root, encoding: "utf8" });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /All good/);
});

test("arethetypeswrong: types resolve for import and require (node16, bundler)", () => {
  const dir = mkdtempSync(join(tmpdir(), "phasebill-attw-"));
  try {
    const packed = JSON.parse(execFileSync("npm", ["pack", "--json", "--pack-destination", dir], { cwd: root, encoding: "utf8" }));
    // node10 predates package exports: the wasm subpath cannot resolve there.
    const run = spawnSync(bin("attw"), [join(dir, packed[0].filename), "--profile", "node16", "--format", "ascii"], { cwd: root, encoding: "utf8" });
    assert.equal(run.status, 0, run.stdout + run.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
