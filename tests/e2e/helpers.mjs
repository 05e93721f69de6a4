// Shared setup for the end-to-end tests and the UI benchmark: www/ served exactly as
// `npm start` serves it (scripts/start.mjs), Debian's Chromium driven by playwright-core.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/start.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const artifacts = path.join(root, 'tests', 'artifacts');

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];

/// Starts the server and a browser (playwright gives each launch a fresh profile directory).
export async function start({ extraArgs = [] } = {}) {
  if (!fs.existsSync(path.join(root, 'www', 'pkg', 'phasebill_web_bg.wasm'))) {
    throw new Error('www/pkg is missing: build first (node scripts/build-web.mjs)');
  }
  const { server, url } = await serve({ port: 0 });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
  return {
    url,
    browser,
    /// A new isolated context (own storage, own service worker) and a page in it; every
    /// page error and console error is collected in `errors`.
    async open(options = {}) {
      const ctx = await browser.newContext({
        locale: 'en-US', viewport: { width: 1400, height: 1000 }, acceptDownloads: true, ...options,
      });
      ctx.setDefaultTimeout(15000);
      const page = await ctx.newPage();
      const errors = [];
      watch(page, errors);
      return { ctx, page, errors };
    },
    async close() {
      await browser.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export function watch(page, errors) {
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
}

/// Waits for the app to show its preview.
export async function ready(page) {
  await page.getByLabel('Contract total').waitFor();
}

export function phase(page, n) {
  return page.getByRole('region', { name: new RegExp(`^Phase ${n}:`) });
}

export function price(scope, n) {
  return scope.getByRole('group', { name: new RegExp(`^Price ${n}:`) });
}

/// For a test file: starts the app before its tests and closes it after, and returns
/// `withPage(body, options)`, which opens the app in a fresh context, runs
/// `body(page, ctx, errors)` and then checks that no page or console error happened.
/// `withPage.app` gives the started app's `url` and `open()` to tests that need more.
export function appUnderTest() {
  let app;
  before(async () => {
    app = await start();
  });
  after(async () => {
    await app?.close();
  });
  const withPage = async (body, options) => {
    const { ctx, page, errors } = await app.open(options);
    try {
      await page.goto(app.url);
      await ready(page);
      await body(page, ctx, errors);
      assert.deepEqual(errors, [], 'no page or console errors');
    } finally {
      await ctx.close();
    }
  };
  withPage.app = { get url() { return app.url; }, open: (options) => app.open(options) };
  return withPage;
}

/// Presses the mouse on the timeline marker named `name`; `to(fraction)` moves the pointer
/// by that fraction of the timeline's width from where it was pressed, `up()` releases it.
export async function grabMarker(page, name) {
  const marker = page.getByRole('slider', { name });
  const box = await marker.boundingBox();
  const svg = await page.locator('figure.timeline svg').boundingBox();
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  return {
    marker,
    to: (fraction) => page.mouse.move(x + svg.width * fraction, y, { steps: 3 }),
    up: () => page.mouse.up(),
  };
}

/** The bench tools' set-up of the 10-year contract (tests/e2e/bench-builds.mjs,
 *  profile-ui.mjs): "folded" opens phase 5's fields, "open" every phase's; "compare…" then
 *  saves a version and compares with it. "acme" leaves the example as it opens. */
export async function prepareBenchMode(page, mode) {
  if (mode === 'acme') return;
  if (mode.endsWith('open')) {
    const show = page.getByRole('button', { name: 'Show fields' });
    while (await show.count()) await show.first().click();
  } else {
    await page.getByRole('region', { name: /^Phase 5:/ }).getByRole('button', { name: 'Show fields' }).click();
  }
  if (mode.startsWith('compare')) {
    await page.getByRole('button', { name: 'Save version' }).click();
    await page.getByLabel('Compare with').selectOption({ index: 1 });
    await page.getByRole('region', { name: 'Changes' }).waitFor();
  }
}
