import http from 'node:http';
import fs from 'node:fs';
import sirv from 'sirv';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from './helpers.mjs';
const files = sirv('/tmp/prof/www', { dev: true });
const server = http.createServer((q, r) => files(q, r));
await new Promise(r => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
const page = await (await browser.newContext()).newPage();
const big = fs.readFileSync('/tmp/eng/big.json');
await page.goto(url + (process.env.BIG ? '#schedule=' + big.toString('base64url') : ''));
await page.locator('.contract-total output').waitFor();
const sel = process.env.BIG ? await page.evaluate(() => '#' + document.querySelectorAll('section.phase')[4].querySelectorAll('[id$="-amount"]')[2].id) : '#q4-amount';
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
await cdp.send('Profiler.start');
await page.evaluate(async (sel) => {
  const input = document.querySelector(sel);
  for (let i = 0; i < 100; i++) {
    input.value = `${403 + i}.25`;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await Promise.resolve(); await Promise.resolve(); await Promise.resolve();
    void document.body.offsetHeight;
  }
}, sel);
const { profile } = await cdp.send('Profiler.stop');
const byId = new Map(profile.nodes.map(n => [n.id, n]));
const parent = new Map(); for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
const dt = profile.timeDeltas; const self = new Map(); const incl = new Map();
const name = n => (n.callFrame.functionName || n.callFrame.url.split('/').pop() || '(anon)').replace(/::h[0-9a-f]{16}$/, '');
profile.samples.forEach((id, i) => { const t = dt[i] || 0; const n = byId.get(id); self.set(name(n), (self.get(name(n)) || 0) + t);
  const seen = new Set(); let cur = id; while (cur !== undefined) { const k = name(byId.get(cur)); if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) || 0) + t); } cur = parent.get(cur); } });
console.log('SELF'); for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log((t / 1000).toFixed(1).padStart(8), k.slice(0, 150));
console.log('INCLUSIVE'); for (const [k, t] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, 60)) console.log((t / 1000).toFixed(1).padStart(8), k.slice(0, 150));
await browser.close(); server.close();
