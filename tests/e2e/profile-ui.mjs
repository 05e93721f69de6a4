// Where an edit's time goes on the large contract (not a test; it prints a profile):
//   node tests/e2e/profile-ui.mjs [www-dir] [mode...]
// modes: folded (phase 5 open), open (every phase open), compare (phase 5 open, compare on),
// compare-open. Runs EDITS edits of an amount as bench-ui.mjs does, under Chrome's CPU
// profiler and a trace, and prints the self time per function (wasm functions by name when
// the build keeps them: build with names as in web/README.md "Profile") and the renderer's
// main-thread time per trace event (style, layout, paint, ...), both per edit.
// `www-dir` defaults to www/ (the build as served); a copy with a named wasm is served the
// same way.
import http from 'node:http';
import path from 'node:path';
import sirv from 'sirv';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, prepareBenchMode, root } from './helpers.mjs';
import { bigContract } from './bench-ui.mjs';

const EDITS = Number(process.env.EDITS || 60);
const dir = process.argv[2] && !['folded', 'open', 'compare', 'compare-open'].includes(process.argv[2])
  ? path.resolve(process.argv[2]) : path.join(root, 'www');
const modes = process.argv.slice(2).filter((a) => ['folded', 'open', 'compare', 'compare-open'].includes(a));

async function editLoop({ selector, edits, base }) {
  const input = document.querySelector(selector);
  const total = document.querySelector('.contract-total output');
  for (let i = 0; i < edits; i++) {
    const before = total.textContent;
    await new Promise((resolve) => requestAnimationFrame(() => {
      input.value = `${base + 1 + (i % 97)}.25`;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      const channel = new MessageChannel();
      channel.port1.onmessage = resolve;
      requestAnimationFrame(() => channel.port2.postMessage(0));
    }));
    if (total.textContent === before) throw new Error(`edit ${i}: no change`);
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
}

function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    const f = node.callFrame;
    const name = `${f.functionName || '(anonymous)'} ${f.url ? path.basename(f.url) : ''}`.trim();
    self.set(name, (self.get(name) || 0) + (dt[i] || 0) / 1000);
  }
  return [...self.entries()].sort((a, b) => b[1] - a[1]);
}

/// Inclusive time of the functions whose name matches `focus` (each sample counted once per
/// function on its stack).
function inclusive(profile, focus) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const total = new Map();
  const dt = profile.timeDeltas;
  const within = process.env.WITHIN && new RegExp(process.env.WITHIN);
  for (let i = 0; i < profile.samples.length; i++) {
    if (within) {
      let inside = false;
      for (let id = profile.samples[i]; id !== undefined && !inside; id = parent.get(id)) {
        inside = within.test(byId.get(id).callFrame.functionName);
      }
      if (!inside) continue;
    }
    const seen = new Set();
    for (let id = profile.samples[i]; id !== undefined; id = parent.get(id)) {
      const name = byId.get(id).callFrame.functionName.replace(/::h[0-9a-f]{16}$/, '');
      if (focus.test(name) && !seen.has(name)) {
        seen.add(name);
        total.set(name, (total.get(name) || 0) + (dt[i] || 0) / 1000);
      }
    }
  }
  return [...total.entries()].sort((a, b) => b[1] - a[1]);
}

/// The callers (up to `depth` frames up) of the functions whose name matches `focus`, by
/// self time of the matched function.
function callers(profile, focus, depth = Number(process.env.DEPTH || 6), keep = process.env.KEEP && new RegExp(process.env.KEEP)) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const stacks = new Map();
  const dt = profile.timeDeltas;
  const short = (n) => (n.callFrame.functionName || '(anon)').replace(/::h[0-9a-f]{16}$/, '').slice(0, 90);
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    if (!focus.test(node.callFrame.functionName)) continue;
    const chain = [];
    let id = parent.get(node.id);
    for (let up = 0; id !== undefined && chain.length < depth && up < 200; up++) {
      const n = byId.get(id);
      const f = n.callFrame.functionName;
      if (keep ? keep.test(f) : !/^(dlmalloc|alloc::|core::ptr|<alloc|__rust|<core::)/.test(f)) chain.push(short(n));
      id = parent.get(id);
    }
    const key = `${short(node)}\n      <- ${chain.join('\n      <- ')}`;
    stacks.set(key, (stacks.get(key) || 0) + (dt[i] || 0) / 1000);
  }
  return [...stacks.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6);
}

async function main() {
  const files = sirv(dir, { dev: false });
  const server = http.createServer((req, res) => files(req, res, () => { res.statusCode = 404; res.end(); }));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: [...CHROMIUM_ARGS, '--disable-frame-rate-limit', '--disable-gpu-vsync'],
  });
  const fragment = `#schedule=${Buffer.from(JSON.stringify(bigContract())).toString('base64url')}`;
  for (const mode of modes.length ? modes : ['folded', 'open', 'compare', 'compare-open']) {
    const ctx = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 1000 } });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => console.error('pageerror', e.message));
    await page.goto(url + fragment);
    await page.locator('.contract-total output').waitFor();
    await prepareBenchMode(page, mode);
    const selector = await page.evaluate(() => `#${document.querySelectorAll('section.phase')[4].querySelectorAll('[id$="-amount"]')[2].id}`);
    await page.evaluate(editLoop, { selector, edits: 10, base: 402 });
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    const events = [];
    cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
    const traced = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
    await cdp.send('Profiler.start');
    await page.evaluate(editLoop, { selector, edits: EDITS, base: 402 });
    const { profile } = await cdp.send('Profiler.stop');
    await cdp.send('Tracing.end');
    await traced;
    console.log(`\n== ${mode}: ${EDITS} edits, ms per edit`);
    const top = selfTimes(profile).filter(([n]) => !['(idle)', '(program)'].includes(n)).slice(0, 25);
    for (const [name, t] of top) console.log(`${(t / EDITS).toFixed(3).padStart(8)}  ${name.slice(0, 140)}`);
    if (process.env.INCLUSIVE) {
      console.log('-- inclusive:');
      for (const [name, t] of inclusive(profile, new RegExp(process.env.INCLUSIVE)).slice(0, 40)) {
        console.log(`${(t / EDITS).toFixed(3).padStart(8)}  ${name.slice(0, 150)}`);
      }
    }
    if (process.env.FOCUS) {
      for (const [stack, t] of callers(profile, new RegExp(process.env.FOCUS))) {
        console.log(`${(t / EDITS).toFixed(3).padStart(8)}  ${stack}`);
      }
    }
    if (process.env.PAINTS) {
      const rects = new Map();
      for (const e of events.filter((e) => e.name === 'Paint' && e.args?.data?.clip)) {
        const c = e.args.data.clip;
        const key = `x ${Math.round(c[0])} y ${Math.round(c[1])} w ${Math.round(c[2] - c[0])} h ${Math.round(c[5] - c[1])} node ${e.args.data.nodeId}`;
        const r = rects.get(key) || { n: 0, t: 0 };
        r.n += 1;
        r.t += (e.dur || 0) / 1000;
        rects.set(key, r);
      }
      console.log('-- paints (count per edit, ms per edit):');
      for (const [k, r] of [...rects.entries()].sort((a, b) => b[1].t - a[1].t).slice(0, 12)) {
        console.log(`${(r.n / EDITS).toFixed(2).padStart(6)} ${(r.t / EDITS).toFixed(3).padStart(7)}  ${k}`);
      }
    }
    if (process.env.LAYOUTS) {
      const layouts = events.filter((e) => e.name === 'Layout');
      console.log(`-- layouts: ${(layouts.length / EDITS).toFixed(2)} per edit`);
      for (const e of layouts.slice(-6)) {
        console.log(`   ${((e.dur || 0) / 1000).toFixed(2)} ms dirty ${e.args?.beginData?.dirtyObjects} of ${e.args?.beginData?.totalObjects} partial ${e.args?.beginData?.partialLayout} roots ${JSON.stringify((e.args?.endData?.layoutRoots || []).map((r) => r.nodeName || r.nodeId)).slice(0, 200)}`);
      }
    }
    const main = events.filter((e) => e.ph === 'X' && e.name !== 'RunTask' && e.name !== 'ThreadControllerImpl::RunTask');
    const byName = new Map();
    for (const e of main) byName.set(e.name, (byName.get(e.name) || 0) + (e.dur || 0) / 1000);
    console.log('-- trace events (inclusive, ms per edit):');
    for (const [n, t] of [...byName.entries()].sort((a, b) => b[1] - a[1]).slice(0, 14)) {
      console.log(`${(t / EDITS).toFixed(3).padStart(8)}  ${n}`);
    }
    await ctx.close();
  }
  await browser.close();
  server.close();
}

main().catch((e) => { console.error(e); process.exit(1); });
