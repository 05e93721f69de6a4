// Shared setup for the end-to-end tests and the UI benchmark: www/ served exactly as
// `npm start` serves it (scripts/start.mjs), Debian's Chromium driven by playwright-core.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
