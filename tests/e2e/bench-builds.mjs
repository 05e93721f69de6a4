// Two or more builds of the app timed in turns (not a test; it prints numbers), so that the
// machine's load falls on all of them alike:
//   node tests/e2e/bench-builds.mjs <www-dir> <www-dir> ... [--modes folded,open,compare,compare-open,acme,cold]
// Each www-dir is served as www/ is (e.g. a copy of www/ with another build in pkg/). For
// each round, mode and build: a fresh context opens the 10-year contract (or, mode "acme",
// the example; mode "cold": the first painted preview of a fresh load, no edits), prepares the mode
// and times EDITS edits as `npm run bench:ui` does (input → next paint; work = until the
// DOM is updated and laid out). Prints p50 / p95 per build and mode over all rounds.
import http from 'node:http';
import path from 'node:path';
import sirv from 'sirv';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, prepareBenchMode as prepare } from './helpers.mjs';
import { bigContract, editLoop, stats, timeFirstPreview } from './bench-ui.mjs';

const EDITS = Number(process.env.EDITS || 100);
const ROUNDS = Number(process.env.ROUNDS || 3);
const args = process.argv.slice(2);
const modesAt = args.indexOf('--modes');
const modes = modesAt >= 0 ? args[modesAt + 1].split(',') : ['folded', 'open', 'compare', 'compare-open'];
const dirs = args.filter((a, i) => modesAt < 0 || (i !== modesAt && i !== modesAt + 1)).map((d) => path.resolve(d));

async function serveDir(dir) {
  const files = sirv(dir, { dev: false });
  const server = http.createServer((req, res) => files(req, res, () => { res.statusCode = 404; res.end(); }));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}

async function main() {
  const servers = await Promise.all(dirs.map(serveDir));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: [...CHROMIUM_ARGS, '--disable-frame-rate-limit', '--disable-gpu-vsync'],
  });
  // Cold loads in a Chromium as users run it (bench-ui.mjs says why).
  const plain = modes.includes('cold')
    ? await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS })
    : null;
  const fragment = `#schedule=${Buffer.from(JSON.stringify(bigContract())).toString('base64url')}`;
  const samples = new Map();
  for (let round = 0; round < ROUNDS; round++) {
    for (const mode of modes) {
      for (const [k, { url }] of servers.entries()) {
        if (mode === 'cold') await new Promise((resolve) => setTimeout(resolve, 500));
        const ctx = await (mode === 'cold' ? plain : browser).newContext({ locale: 'en-US', viewport: { width: 1400, height: 1000 } });
        const page = await ctx.newPage();
        const errors = [];
        page.on('pageerror', (e) => errors.push(e.message));
        if (mode === 'cold') {
          // The first painted preview of the example in a fresh context, as bench:ui times it.
          const first = await timeFirstPreview(page, url);
          if (errors.length) throw new Error(errors.join('\n'));
          await ctx.close();
          const s = samples.get(`${mode}|${k}`) || { paint: [], work: [] };
          s.paint.push(first);
          samples.set(`${mode}|${k}`, s);
          continue;
        }
        // "acme": the example the app opens with (13 invoices), its Year 1 amount edited.
        await page.goto(mode === 'acme' ? url : url + fragment);
        await page.locator('.contract-total output').waitFor();
        await prepare(page, mode);
        const selector = mode === 'acme' ? '[id$="-amount"][id^="q4"]'
          : await page.evaluate(() => `#${document.querySelectorAll('section.phase')[4].querySelectorAll('[id$="-amount"]')[2].id}`);
        const base = mode === 'acme' ? 1500 : 402;
        await page.evaluate(editLoop, { selector, edits: 20, base });
        const { paint, work } = await page.evaluate(editLoop, { selector, edits: EDITS, base });
        if (errors.length) throw new Error(errors.join('\n'));
        await ctx.close();
        const key = `${mode}|${k}`;
        const s = samples.get(key) || { paint: [], work: [] };
        s.paint.push(...paint);
        s.work.push(...work);
        samples.set(key, s);
      }
    }
  }
  for (const mode of modes) {
    for (const [k, dir] of dirs.entries()) {
      const s = samples.get(`${mode}|${k}`);
      if (mode === 'cold') {
        const p = stats(s.paint);
        console.log(`${mode.padEnd(13)} ${path.basename(dir).padEnd(18)} first painted preview p50 ${p.p50.toFixed(0)} p95 ${p.p95.toFixed(0)} max ${p.max.toFixed(0)} ms (${s.paint.length} loads)`);
        continue;
      }
      const p = stats(s.paint);
      const w = stats(s.work);
      console.log(`${mode.padEnd(13)} ${path.basename(dir).padEnd(18)} paint p50 ${p.p50.toFixed(1)} p95 ${p.p95.toFixed(1)} ms; work p50 ${w.p50.toFixed(1)} p95 ${w.p95.toFixed(1)} ms (${s.paint.length} edits)`);
    }
  }
  await browser.close();
  await plain?.close();
  for (const { server } of servers) server.close();
}

main().catch((e) => { console.error(e); process.exit(1); });
