// Every `phasebill …` / `npx phasebill …` command shown in README.md's shell blocks runs as
// written from the repository root with the built CLI (dist/cli.cjs), and exits 0; and the
// README's JavaScript examples for Node run against the built package.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const readme = readFileSync(join(root, "README.md"), "utf8");

/** The commands of the README's ```sh blocks that start with `phasebill ` or `npx phasebill `
 *  (a leading `$ ` prompt allowed). */
function commands(text) {
  const found = [];
  for (const block of text.matchAll(/^```(?:sh|bash|shell|console)\n([\s\S]*?)^```/gm)) {
    for (let line of block[1].split("\n")) {
      line = line.replace(/^\$ /, "").trim();
      if (/^(npx )?phasebill( |$)/.test(line)) found.push(line);
    }
  }
  return found;
}

test("the README shows CLI commands, and each runs as written on a fresh clone", () => {
  const list = commands(readme);
  assert.ok(list.length >= 5, `commands found: ${list.length}`);
  assert.ok(list.some((c) => c.startsWith("phasebill compare")), "compare is shown");
  const cli = join(root, "dist", "cli.cjs");
  const failures = [];
  for (const command of list) {
    // `phasebill` and `npx phasebill` are the package's CLI, as installed.
    const script = `phasebill() { node ${JSON.stringify(cli)} "$@"; }\nnpx() { shift; phasebill "$@"; }\nset -o pipefail\n${command}\n`;
    const run = spawnSync("bash", ["-c", script], { cwd: root, encoding: "utf8" });
    if (run.status !== 0 || run.stdout.length === 0) {
      failures.push(`${command}: exit ${run.status}\n${run.stderr.slice(0, 500)}`);
    }
  }
  assert.deepEqual(failures, []);
});

test("the README's links work on npm: no relative links, the rules reference linked absolutely", () => {
  const links = [...readme.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]);
  const relative = links.filter((l) => !/^(https?:|#)/.test(l));
  assert.deepEqual(relative, []);
  assert.ok(links.includes("https://github.com/phasebill/phasebill/blob/main/docs/billing-rules.md"));
  assert.ok(readme.startsWith("# phasebill\n\n```sh\nnpm install phasebill\n```"), "starts with npm install");
  assert.match(readme, /15 significant digits/);
});

test("the README's Node example runs against the built package", () => {
  const block = readme.match(/^## Node\n[\s\S]*?^```js\n([\s\S]*?)^```/m)[1];
  const code = block
    .replace(/^import (\{[^}]*\}) from "phasebill";$/m, `const $1 = require(${JSON.stringify(join(root, "dist", "node.cjs"))});`)
    .replace(/^validate\(anything\);.*$/m, "validate({});")
    .replace(/^isValid\(anything\);.*$/m, "isValid({});");
  const run = spawnSync(process.execPath, ["-e", `${code}\nconsole.log(JSON.stringify({ net: result.totals.net, due: result.invoices[0].dueDate }));`], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  const out = JSON.parse(run.stdout);
  assert.equal(out.due, "2026-01-31");
});
