// The package built into a page by Vite 5, 6 and 8 and by webpack 5 (from npm, with no
// phasebill-specific configuration: no optimizeDeps.exclude, default targets), then run in
// headless Chromium: init(), preview and compare. Also loaded with no bundler at all, by a
// plain `<script type="module">` and an import map.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { PAGE, packedProject, resultOfPage, resultOfUrl, root } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const acme = JSON.parse(readFileSync(join(root, "tests", "fixtures", "spec-examples", "example-a-acme-contract.json"), "utf8"));

// No top-level await: it runs under every bundler's default target.
const ENTRY = `
import init, { preview, compare } from "phasebill";
const out = document.getElementById("result");
init().then(() => {
  const schedule = ${JSON.stringify(acme.schedule)};
  const result = preview(schedule, { asOf: "2026-03-15" });
  const same = compare(schedule, schedule, { asOf: "2026-03-15" });
  out.textContent = JSON.stringify({ result, changes: same.invoices.length });
}).catch((e) => { out.textContent = "failed: " + e.stack; });
`;

function check(text) {
  const got = JSON.parse(text);
  assert.deepEqual(got.result, acme.expected);
  assert.equal(got.changes, 0);
}

for (const [name, module] of [["Vite 5", "vite5"], ["Vite 6", "vite6"], ["Vite 8", "vite"]]) {
  test(`${name}: production build and dev server, default config, in headless Chromium`, async () => {
    const project = packedProject("phasebill-vite-");
    const { build, createServer, version } = await import(module);
    let server;
    try {
      writeFileSync(join(project, "index.html"), PAGE.replace('src="./page.mjs"', 'src="./main.js"'));
      writeFileSync(join(project, "main.js"), ENTRY);
      await build({ root: project, logLevel: "warn", configFile: false, build: { outDir: join(project, "site") } });
      check(await resultOfPage(join(project, "site")));
      server = await createServer({ root: project, logLevel: "warn", configFile: false, server: { host: "127.0.0.1", port: 0 } });
      await server.listen();
      const { port } = server.httpServer.address();
      check(await resultOfUrl(`http://127.0.0.1:${port}/index.html`));
      assert.ok(version, `vite ${version}`);
    } finally {
      await server?.close();
      rmSync(project, { recursive: true, force: true });
    }
  });
}

test("webpack 5 (production, default asset handling) in headless Chromium", async () => {
  const project = packedProject("phasebill-webpack-");
  try {
    writeFileSync(join(project, "main.js"), ENTRY);
    const webpack = require("webpack");
    const site = join(project, "site");
    const stats = await new Promise((resolve, reject) => webpack({
      mode: "production", context: project, entry: "./main.js", target: "web",
      output: { path: site, filename: "page.mjs", publicPath: "auto" },
      resolve: { modules: [join(project, "node_modules")] },
      performance: { hints: false },
    }, (error, result) => (error ? reject(error) : resolve(result))));
    assert.ok(!stats.hasErrors(), stats.toString("errors-only"));
    writeFileSync(join(site, "index.html"), PAGE.replace('type="module" ', "defer "));
    check(await resultOfPage(site));
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});

test("no bundler: a plain <script type=\"module\"> with an import map, in headless Chromium", async () => {
  const project = packedProject("phasebill-importmap-");
  try {
    const importMap = { imports: { phasebill: "./node_modules/phasebill/dist/browser.mjs" } };
    writeFileSync(join(project, "index.html"), PAGE.replace(
      '<script type="module" src="./page.mjs"></script>',
      `<script type="importmap">${JSON.stringify(importMap)}</script>\n<script type="module" src="./main.js"></script>`,
    ));
    writeFileSync(join(project, "main.js"), ENTRY);
    check(await resultOfPage(project));
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});
