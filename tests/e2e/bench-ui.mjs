// `npm run bench:ui`: the schedule builder's speed in headless Chromium (not a pass/fail test;
// it prints numbers). Measures
//   - input → next paint of the updated preview, p50 / p95 over 200 edits of an amount, for
//     the Acme example and for a 10-year, 10-phase, 10-price contract;
//   - the app's wasm + JS size, gzip -9;
//   - the time from navigation to the first painted preview (cold: empty cache, no service
//     worker; warm: a reload with the service worker), in a Chromium run as users run it:
//     the edit timings' flags (no frame-rate limit, no vsync) keep the compositor producing
//     frames while the page loads, which on two cores added 150–270 ms to a cold load, so
//     the first preview is also timed with them, as before, and both are printed. Each load
//     starts 500 ms after the last context closed, so that its teardown is not timed too.
// Goals (issue 4): p95 ≤ 16 ms for both contracts; ≤ 250 KB gzip; first preview ≤ 500 ms.
// Issue 9 adds the large contract with compare on against a saved version of the same size.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { build } from '../../scripts/build-web.mjs';
import { root, start } from './helpers.mjs';

const EDITS = Number(process.env.EDITS || 200);

/// 10 phases of one year each, 10 prices per phase (every frequency and timing).
export function bigContract() {
  const kinds = [
    ['monthly', 'inAdvance'], ['monthly', 'inArrears'], ['quarterly', 'inAdvance'], ['quarterly', 'inArrears'],
    ['semiAnnually', 'inAdvance'], ['annually', 'inAdvance'], ['annually', 'inArrears'], ['oneTime', 'inAdvance'],
    ['oneTime', 'inArrears'], ['monthly', 'inAdvance'],
  ];
  return {
    customer: 'Big Contract Inc',
    currency: 'USD',
    startDate: '2026-01-15',
    billingAnchor: 'calendar',
    phases: Array.from({ length: 10 }, (_, i) => ({
      name: `Year ${i + 1}`,
      duration: { type: 'fixed', count: 12, unit: 'months' },
      prices: kinds.map(([frequency, timing], j) => ({
        name: `Price ${j + 1}`,
        amount: `${100 * (j + 1) + i}.50`,
        quantity: String(1 + (j % 3)),
        frequency,
        timing,
      })),
    })),
  };
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1] };
}

const ms = (x) => `${x.toFixed(1)} ms`;

// Runs in the page: `edits` edits of the amount field. Each input event is dispatched at
// the start of a frame (in a requestAnimationFrame callback); the time runs until a message
// posted from that callback arrives, which is after that frame's rendering: so it is the
// time from the input to the paint of the frame that shows the updated preview (the check
// below fails if the update missed that frame). "work" stops once the DOM is updated and
// laid out (forced), before painting.
export async function editLoop({ selector, edits, base }) {
  const input = document.querySelector(selector);
  const total = document.querySelector('.contract-total output');
  const paint = [];
  const work = [];
  for (let i = 0; i < edits; i++) {
    const before = total.textContent;
    const value = `${base + 1 + (i % 97)}.25`;
    const [t0, t1, t2, after] = await new Promise((resolve) => requestAnimationFrame(() => {
      const start = performance.now();
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      queueMicrotask(() => queueMicrotask(() => queueMicrotask(() => {
        void document.body.offsetHeight;
        const laidOut = performance.now();
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve([start, laidOut, performance.now(), total.textContent]);
        channel.port2.postMessage(0);
      })));
    }));
    if (after === before) throw new Error(`edit ${i}: the preview did not change in the next frame`);
    work.push(t1 - t0);
    paint.push(t2 - t0);
    // Let autosave and idle work finish between edits, as between keystrokes.
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  return { paint, work };
}

/** From the next navigation of `page` on (reloads too), `window.__firstPreview` is set to
 *  the time of the frame after the contract total first appears (ms from navigation start). */
async function watchFirstPreview(page) {
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector('.contract-total output')) {
        observer.disconnect();
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => { window.__firstPreview = performance.now(); };
          channel.port2.postMessage(0);
        });
      }
    }).observe(document, { childList: true, subtree: true });
  });
}

/** Milliseconds from navigation to `url` to the frame after the contract total first
 *  appears; a later `page.reload()` sets `window.__firstPreview` the same way. */
export async function timeFirstPreview(page, url) {
  await watchFirstPreview(page);
  await page.goto(url);
  await page.waitForFunction(() => window.__firstPreview);
  return page.evaluate(() => window.__firstPreview);
}

async function firstPreview(app, url, runs) {
  const cold = [];
  const warm = [];
  for (let i = 0; i < runs; i++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const { ctx, page, errors } = await app.open();
    cold.push(await timeFirstPreview(page, url));
    await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === 'activated');
    await page.reload();
    await page.waitForFunction(() => window.__firstPreview);
    warm.push(await page.evaluate(() => window.__firstPreview));
    if (errors.length) throw new Error(errors.join('\n'));
    await ctx.close();
  }
  return { cold: stats(cold), warm: stats(warm) };
}

async function editBench(app, url, selector, base, prepare = async () => {}) {
  const { ctx, page, errors } = await app.open();
  await page.goto(url);
  await page.locator('.contract-total output').waitFor();
  await prepare(page);
  await page.evaluate(editLoop, { selector, edits: 20, base }); // warm-up
  const { paint, work } = await page.evaluate(editLoop, { selector, edits: EDITS, base });
  // Invoices in the preview (the years' summaries count them; a folded year's cards are not
  // drawn) and the invoice lines drawn.
  const drawn = await page.locator('li.invoice').count();
  const counted = await page.locator('.year > details > summary').allTextContents();
  const invoices = counted.length ? counted.reduce((n, t) => n + Number(/· (\d+) invoices?/.exec(t)?.[1] ?? 0), 0) : drawn;
  const lines = `${await page.locator('li.invoice tbody tr').count()} lines drawn`;
  if (errors.length) throw new Error(errors.join('\n'));
  await ctx.close();
  return { paint: stats(paint), work: stats(work), invoices, lines };
}

function sizes() {
  const pkg = path.join(root, 'www', 'pkg');
  const files = fs.readdirSync(pkg, { recursive: true })
    .map((f) => path.join(pkg, f))
    .filter((f) => fs.statSync(f).isFile() && /\.(wasm|js)$/.test(f) && !f.endsWith('precache.js'));
  files.push(path.join(root, 'www', 'app.js'), path.join(root, 'www', 'browser.js'));
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = fs.readFileSync(file);
    raw += bytes.length;
    gzip += zlib.gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip, files: files.length };
}

async function main() {
  build();
  const app = await start({ extraArgs: (process.env.VSYNC ? [] : ['--disable-frame-rate-limit', '--disable-gpu-vsync']) });
  try {
    const size = sizes();
    console.log(`\nwasm + JS: ${(size.raw / 1024).toFixed(1)} KiB raw, ${(size.gzip / 1000).toFixed(1)} KB gzip (${(size.gzip / 1024).toFixed(1)} KiB) in ${size.files} files   goal ≤ 250 KB gzip`);

    const asUsersRun = await start();
    try {
      const first = await firstPreview(asUsersRun, asUsersRun.url, 10);
      console.log(`first painted preview, Acme (10 runs, Chromium as users run it): cold p50 ${ms(first.cold.p50)} max ${ms(first.cold.max)}; warm (service worker) p50 ${ms(first.warm.p50)} max ${ms(first.warm.max)}   goal ≤ 500 ms`);
    } finally {
      await asUsersRun.close();
    }
    const unlimited = await firstPreview(app, app.url, 5);
    console.log(`first painted preview, Acme (5 runs, in the browser the edits are timed in${process.env.VSYNC ? '' : ': no frame-rate limit'}): cold p50 ${ms(unlimited.cold.p50)} max ${ms(unlimited.cold.max)}; warm p50 ${ms(unlimited.warm.p50)} max ${ms(unlimited.warm.max)}`);

    const acme = await editBench(app, app.url, '[id$="-amount"][id^="q4"]', 1500);
    console.log(`Acme (${acme.invoices} invoices, ${acme.lines}), ${EDITS} edits: input → next paint p50 ${ms(acme.paint.p50)} p95 ${ms(acme.paint.p95)} max ${ms(acme.paint.max)}; work (input → DOM updated and laid out) p50 ${ms(acme.work.p50)} p95 ${ms(acme.work.p95)}   goal p95 ≤ 16 ms`);

    const fragment = `#schedule=${Buffer.from(JSON.stringify(bigContract())).toString('base64url')}`;
    const { ctx, page } = await app.open();
    await page.goto(app.url + fragment);
    await page.locator('.contract-total output').waitFor();
    // The draft ids of a share link are assigned in document order: phase 5, price 3.
    // A contract this large opens with its phases folded: open phase 5 (or every phase).
    const phase5 = (page) => page.getByRole('region', { name: /^Phase 5:/ }).getByRole('button', { name: 'Show fields' }).click();
    const everyPhase = async (page) => {
      const show = page.getByRole('button', { name: 'Show fields' });
      while (await show.count()) await show.first().click();
    };
    await phase5(page);
    const selector = await page.evaluate(() => {
      const cards = document.querySelectorAll('section.phase');
      return `#${cards[4].querySelectorAll('[id$="-amount"]')[2].id}`;
    });
    await ctx.close();
    // Compare on (issue 9): the schedule as opened saved as a version and compared with;
    // each edit then runs the engine's compare and redraws the changes.
    const comparing = (open) => async (page) => {
      await open(page);
      await page.getByRole('button', { name: 'Save version' }).click();
      await page.getByLabel('Compare with').selectOption({ index: 1 });
      await page.getByRole('region', { name: 'Changes' }).waitFor();
    };
    for (const [what, open] of [['phase 5 open', phase5], ['every phase open', everyPhase],
      ['phase 5 open, compare on', comparing(phase5)], ['every phase open, compare on', comparing(everyPhase)]]) {
      const big = await editBench(app, app.url + fragment, selector, 402, open);
      console.log(`10-year, 10-phase, 10-price contract (${big.invoices} invoices, ${big.lines}; ${what}), ${EDITS} edits: input → next paint p50 ${ms(big.paint.p50)} p95 ${ms(big.paint.p95)} max ${ms(big.paint.max)}; work p50 ${ms(big.work.p50)} p95 ${ms(big.work.p95)}   goal p95 ≤ 16 ms`);
    }
  } finally {
    await app.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
