import fs from 'node:fs';
import { start } from './helpers.mjs';
const app = await start();
const { ctx, page } = await app.open();
await page.goto(app.url + (process.env.BIG ? '#schedule=' + fs.readFileSync('/tmp/eng/big.json').toString('base64url') : ''));
await page.locator('.contract-total output').waitFor();
const sel = process.env.BIG ? await page.evaluate(() => '#' + document.querySelectorAll('section.phase')[4].querySelectorAll('[id$="-amount"]')[2].id) : '#q4-amount';
const cdp = await ctx.newCDPSession(page);
const events = [];
cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
await page.evaluate(async (sel) => {
  const input = document.querySelector(sel);
  for (let i = 0; i < 30; i++) {
    await new Promise((r) => requestAnimationFrame(() => { input.value = `${403 + i}.25`; input.dispatchEvent(new Event('input', { bubbles: true })); setTimeout(r, 40); }));
  }
}, sel);
await cdp.send('Tracing.end');
await done;
for (const e of events.filter((e) => e.name === "Layout").slice(0, 8)) console.log(JSON.stringify(e.args).slice(0, 300), (e.dur/1000).toFixed(2));
const agg = new Map();
for (const e of events) if (e.ph === 'X' && e.dur) { agg.set(e.name, (agg.get(e.name) || 0) + e.dur); }
for (const [k, v] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log((v / 1000 / 30).toFixed(2).padStart(8), 'ms/edit', k);
await ctx.close(); await app.close();
