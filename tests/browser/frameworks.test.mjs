// The package used the way application frameworks use it, from the packed tarball, each
// framework installed from npm as a dev dependency of this repository and run with no
// phasebill-specific configuration:
// - Vitest: a test file that imports the package (Node environment);
// - Next.js (App Router, production build): a server component and a route handler that
//   preview on the server, and a client component that calls `init()` then previews in
//   headless Chromium after hydration.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { packedProject, resultOfUrl, root } from "./helpers.mjs";

const run = promisify(execFile);
const acme = JSON.parse(readFileSync(join(root, "tests", "fixtures", "spec-examples", "example-a-acme-contract.json"), "utf8"));
const SCHEDULE = JSON.stringify(acme.schedule);
const NET = acme.expected.totals.net;

/** Makes the framework packages of this repository's node_modules visible to `project`
 *  (which has only phasebill installed), as if they were installed there. */
function linkFromRoot(project, names) {
  for (const name of names) {
    const target = join(project, "node_modules", name);
    mkdirSync(join(target, ".."), { recursive: true });
    symlinkSync(join(root, "node_modules", name), target, "dir");
  }
}

test("Vitest: a test file imports the package and previews (Node environment)", async () => {
  const project = packedProject("phasebill-vitest-");
  try {
    linkFromRoot(project, ["vitest"]);
    writeFileSync(join(project, "acme.test.js"), `
import { expect, test } from "vitest";
import init, { preview, validate, PhasebillError } from "phasebill";

test("previews spec example A", async () => {
  await init();
  const result = preview(${SCHEDULE}, { asOf: "2026-03-15" });
  expect(result).toEqual(${JSON.stringify(acme.expected)});
});

test("reports bad input as a PhasebillError", () => {
  expect(() => preview({ currency: "usd" })).toThrow(PhasebillError);
  expect(validate({ currency: "usd" }).map((i) => i.code)).toContain("invalidCurrency");
});
`);
    const { stdout } = await run(process.execPath, [join(project, "node_modules", "vitest", "vitest.mjs"), "run", "--reporter=verbose"], {
      cwd: project, env: { ...process.env, CI: "1", NO_COLOR: "1" },
    });
    assert.match(stdout, /previews spec example A/);
    assert.match(stdout, /Tests\s+2 passed/);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});

test("Next.js: server component, route handler and client component (production build, headless Chromium)", { timeout: 300_000 }, async () => {
  const project = packedProject("phasebill-next-");
  let server;
  try {
    // Turbopack compiles nothing outside the project, so the framework is installed into it
    // (the versions this repository pins, from npm's cache when it has them).
    const versions = ["next", "react", "react-dom"].map((name) => `${name}@${JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")).version}`);
    await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", ...versions], { cwd: project });
    mkdirSync(join(project, "app", "api", "preview"), { recursive: true });
    writeFileSync(join(project, "app", "layout.js"), `
export default function RootLayout({ children }) {
  return <html lang="en"><head><link rel="icon" href="data:," /></head><body>{children}</body></html>;
}
`);
    writeFileSync(join(project, "app", "page.js"), `
import { preview } from "phasebill";
import Client from "./client";
export const dynamic = "force-dynamic";
export default function Page() {
  const result = preview(${SCHEDULE}, { asOf: "2026-03-15" });
  return <main><p id="server">{result.totals.net}</p><Client /></main>;
}
`);
    writeFileSync(join(project, "app", "client.js"), `"use client";
import { useEffect, useState } from "react";
import init, { preview } from "phasebill";
export default function Client() {
  const [text, setText] = useState("loading");
  useEffect(() => {
    init()
      .then(() => setText(JSON.stringify(preview(${SCHEDULE}, { asOf: "2026-03-15" }))))
      .catch((e) => setText("failed: " + e.stack));
  }, []);
  return <output id="result">{text}</output>;
}
`);
    writeFileSync(join(project, "app", "api", "preview", "route.js"), `
import { preview } from "phasebill";
export const dynamic = "force-dynamic";
export async function POST(request) {
  const { schedule, asOf } = await request.json();
  return Response.json(preview(schedule, { asOf }));
}
`);
    const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" };
    const next = join(project, "node_modules", "next", "dist", "bin", "next");
    await run(process.execPath, [next, "build"], { cwd: project, env, maxBuffer: 1 << 24 }).catch((e) => {
      throw new Error(`next build failed:\n${e.stdout}\n${e.stderr}`);
    });
    server = spawn(process.execPath, [next, "start", "--hostname", "127.0.0.1", "--port", "0"], { cwd: project, env, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    const url = await new Promise((resolve, reject) => {
      const seen = (chunk) => {
        log += chunk;
        const found = /http:\/\/127\.0\.0\.1:(\d+)/.exec(log);
        if (found) resolve(found[0]);
      };
      server.stdout.on("data", seen);
      server.stderr.on("data", seen);
      server.on("exit", (code) => reject(new Error(`next start exited ${code}:\n${log}`)));
      const timer = setTimeout(() => reject(new Error(`next start did not say where it listens:\n${log}`)), 60_000);
      timer.unref();
    });

    const html = await (await fetch(url)).text();
    assert.match(html, new RegExp(`<p id="server">${NET.replace(".", "\\.")}</p>`), "the server component's preview is in the HTML");
    const api = await fetch(`${url}/api/preview`, {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ schedule: acme.schedule, asOf: "2026-03-15" }),
    });
    assert.equal(api.status, 200);
    assert.deepEqual(await api.json(), acme.expected);
    assert.deepEqual(JSON.parse(await resultOfUrl(url)), acme.expected);
    assert.doesNotMatch(log, /error/i, log);
  } finally {
    server?.kill();
    rmSync(project, { recursive: true, force: true });
  }
});
