// End-to-end tests of the schedule builder in headless Chromium, against www/ served as
// `npm start` serves it. Each test gets a fresh browser context (empty storage). Any page
// error or console error fails the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { appUnderTest, artifacts, phase, price, ready } from './helpers.mjs';

const withPage = appUnderTest();
const app = withPage.app;

const total = (page) => page.getByLabel('Contract total');
const invoices = (page) => page.getByRole('region', { name: 'Invoice preview' }).locator('li.invoice');

async function saved(page) {
  await page.getByRole('status').filter({ hasText: 'All changes saved' }).waitFor();
}

test('the Acme example loads with its invoices', async () => {
  await withPage(async (page) => {
    const preview = page.getByRole('region', { name: 'Invoice preview' });
    await assert.doesNotReject(preview.waitFor());
    assert.equal(await total(page).textContent(), '$30,500.00');
    assert.equal(await invoices(page).count(), 13);
    const first = invoices(page).first();
    assert.match(await first.textContent(), /Jan 1, 2026.*Total \$12,500\.00/);
    assert.match(await first.textContent(), /Pilot fee.*Jan 1, 2026 – Mar 14, 2026/);
    const last = invoices(page).last();
    assert.match(await last.textContent(), /Mar 15, 2027.*Total \$1,500\.00/);
    assert.equal(await page.getByLabel('Customer').inputValue(), 'Acme Corp');
    assert.equal(await page.getByLabel('Currency').inputValue(), 'USD');
    assert.equal(await page.getByLabel('Start date').inputValue(), '2026-01-01');
    assert.equal(await phase(page, 1).getByLabel('Phase name').inputValue(), 'Pilot');
    assert.equal(await phase(page, 1).getByLabel('Duration type').inputValue(), 'milestone');
    assert.equal(await phase(page, 2).getByLabel('Count').inputValue(), '12');
    assert.equal(await phase(page, 2).getByLabel('Unit').inputValue(), 'months');
    const p = price(phase(page, 2), 1);
    for (const [label, value] of [['Price name', 'Platform access'], ['Amount', '1500.00'], ['Quantity', '1'],
      ['Frequency', 'monthly'], ['Timing', 'inArrears']]) {
      assert.equal(await p.getByLabel(label).inputValue(), value, label);
    }
    // The timeline: two bars, one completed milestone marker, 13 ticks.
    assert.equal(await page.locator('svg rect.bar').count(), 2);
    const ticks = (await page.locator('svg path.ticks').evaluateAll((paths) => paths.map((p) => p.getAttribute('d')).join('')));
    assert.equal(ticks.match(/M/g).length, 13);
    assert.equal(await page.getByRole('slider', { name: 'Milestone of Pilot' }).count(), 1);
    fs.mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, 'acme-example.png'), fullPage: true });
  });
});

test('the page has a CSP without unsafe-inline scripts', async () => {
  const response = await fetch(app.url);
  const csp = response.headers.get('content-security-policy');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  const html = await response.text();
  assert.match(html, /http-equiv="Content-Security-Policy"/);
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
});

test('editing an amount changes the totals', async () => {
  await withPage(async (page) => {
    await price(phase(page, 2), 1).getByLabel('Amount').fill('2000.00');
    await page.waitForFunction(() => document.querySelector('.contract-total output')?.textContent === '$36,500.00');
    assert.equal(await total(page).textContent(), '$36,500.00');
    const year1 = page.locator('.phase-totals tr', { hasText: 'Year 1' });
    assert.match(await year1.textContent(), /\$24,000\.00/);
    assert.match(await invoices(page).nth(1).textContent(), /Total \$2,000\.00/);
  });
});

test('marking the pilot milestone complete with a past date shows the credit and catch-up lines', async () => {
  await withPage(async (page) => {
    await page.getByLabel('As of').fill('2026-04-10');
    const pilot = phase(page, 1);
    await pilot.getByRole('button', { name: 'Reopen milestone' }).click();
    await pilot.getByText('Milestone pending').waitFor();
    await pilot.getByRole('button', { name: 'Add price' }).click();
    const monthly = price(pilot, 2);
    await monthly.getByLabel('Price name').fill('Pilot monthly');
    await monthly.getByLabel('Amount').fill('1000.00');
    await monthly.getByLabel('Frequency').selectOption('monthly');
    await monthly.getByLabel('Timing').selectOption('inAdvance');
    const year1 = phase(page, 2);
    await year1.getByRole('button', { name: 'Add price' }).click();
    const onboarding = price(year1, 2);
    await onboarding.getByLabel('Price name').fill('Onboarding');
    await onboarding.getByLabel('Amount').fill('2000.00');
    await onboarding.getByLabel('Frequency').selectOption('oneTime');
    await onboarding.getByLabel('Timing').selectOption('inAdvance');

    await pilot.getByRole('button', { name: 'Mark milestone complete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Mark milestone complete' });
    const date = dialog.getByLabel('Completion date');
    assert.equal(await date.inputValue(), '2026-04-10', 'defaults to the as-of date');
    await date.fill('2026-03-15');
    await dialog.getByRole('button', { name: 'Confirm completion' }).click();
    await dialog.waitFor({ state: 'hidden' });

    assert.match(await pilot.textContent(), /Completed on Mar 15, 2026, recorded on Apr 10, 2026/);
    assert.equal(await pilot.getByLabel('Completion date').inputValue(), '2026-03-15');
    const recording = page.getByRole('listitem', { name: 'Invoice Apr 10, 2026' });
    const text = await recording.textContent();
    assert.match(text, /Total \$451\.61/);
    const rows = await recording.locator('tbody tr').allTextContents();
    assert.equal(rows.length, 3, rows.join('\n'));
    assert.match(rows[0], /Pilot monthly \(credit\)Credit.*Mar 15, 2026 – Mar 31, 2026.*17 of 31 days.*-\$548\.39/);
    assert.match(rows[1], /Pilot monthly \(credit\)Credit.*Apr 1, 2026 – Apr 30, 2026.*-\$1,000\.00/);
    assert.match(rows[2], /Onboarding \(catch-up\)Catch-up.*\$2,000\.00/);
    assert.match(await recording.textContent(), /Issued/);
    // The pilot's April was billed before the recording; later invoices are upcoming.
    assert.match(await page.getByRole('listitem', { name: 'Invoice Apr 1, 2026' }).textContent(), /Issued.*\$1,000\.00/);
    assert.match(await page.getByRole('listitem', { name: 'Invoice Apr 15, 2026' }).textContent(), /Upcoming/);
  });
});

test('an invalid field shows its error and keeps the last preview', async () => {
  await withPage(async (page) => {
    const amount = price(phase(page, 2), 1).getByLabel('Amount');
    await amount.fill('12.345');
    await page.getByText('Out of date').waitFor();
    assert.equal(await amount.getAttribute('aria-invalid'), 'true');
    const errorId = await amount.getAttribute('aria-describedby');
    const message = await page.locator(`[id="${errorId}"]`).textContent();
    assert.match(message, /amount/i);
    assert.equal(await total(page).textContent(), '$30,500.00', 'last good preview kept');
    assert.equal(await invoices(page).count(), 13);
    // Another field: the error lands there, not on the amount.
    await page.getByLabel('Currency').fill('us');
    await page.waitForFunction(() => document.getElementById('currency').getAttribute('aria-invalid') === 'true');
    assert.match(await page.locator('#currency-error').textContent(), /currency/i);
    await page.getByLabel('Currency').fill('USD');
    await amount.fill('1000');
    await page.getByText('Out of date').waitFor({ state: 'detached' });
    assert.equal(await amount.getAttribute('aria-invalid'), 'false');
    assert.equal(await total(page).textContent(), '$24,500.00');
    // An empty required field.
    await phase(page, 1).getByLabel('Phase name').fill('');
    await page.waitForFunction(() => document.querySelector('[id$="-name"][aria-invalid="true"]'));
    assert.equal(await total(page).textContent(), '$24,500.00');
  });
});

test('reload keeps edits', async () => {
  await withPage(async (page) => {
    await page.getByLabel('Customer').fill('Globex');
    await price(phase(page, 2), 1).getByLabel('Amount').fill('1750');
    await page.getByLabel('As of').fill('2026-05-01');
    await saved(page);
    await page.reload();
    await ready(page);
    assert.equal(await page.getByLabel('Customer').inputValue(), 'Globex');
    assert.equal(await price(phase(page, 2), 1).getByLabel('Amount').inputValue(), '1750');
    assert.equal(await page.getByLabel('As of').inputValue(), '2026-05-01');
    assert.equal(await total(page).textContent(), '$33,500.00');
  });
});

test('undo restores and redo reapplies (buttons and keyboard)', async () => {
  await withPage(async (page) => {
    const amount = price(phase(page, 2), 1).getByLabel('Amount');
    assert.equal(await page.getByRole('button', { name: 'Undo' }).isDisabled(), true);
    await amount.fill('2000.00');
    await page.waitForFunction(() => document.querySelector('.contract-total output')?.textContent === '$36,500.00');
    await page.getByRole('button', { name: 'Add phase' }).click();
    assert.equal(await page.getByRole('region', { name: /^Phase \d:/ }).count(), 3);
    await page.getByRole('button', { name: 'Undo' }).click();
    assert.equal(await page.getByRole('region', { name: /^Phase \d:/ }).count(), 2);
    await page.getByRole('button', { name: 'Undo' }).click();
    assert.equal(await amount.inputValue(), '1500.00');
    assert.equal(await total(page).textContent(), '$30,500.00');
    await page.getByRole('button', { name: 'Redo' }).click();
    assert.equal(await total(page).textContent(), '$36,500.00');
    await amount.focus();
    await page.keyboard.press('Control+z');
    assert.equal(await amount.inputValue(), '1500.00');
    await page.keyboard.press('Control+Shift+z');
    assert.equal(await amount.inputValue(), '2000.00');
    assert.equal(await total(page).textContent(), '$36,500.00');
    // Selects follow undo and redo too.
    const frequency = price(phase(page, 2), 1).getByLabel('Frequency');
    await frequency.selectOption('quarterly');
    assert.equal(await total(page).textContent(), '$20,500.00');
    await page.getByRole('button', { name: 'Undo' }).click();
    assert.equal(await frequency.inputValue(), 'monthly');
    await page.getByRole('button', { name: 'Redo' }).click();
    assert.equal(await frequency.inputValue(), 'quarterly');
  });
});

test('a field typed key by key shows what the draft holds, and changes made elsewhere reach every field', async () => {
  await withPage(async (page) => {
    // Typed: the currency is upper-cased as each key lands (decision 47: the input typed
    // into is compared with the draft right after its edit).
    const currency = page.getByLabel('Currency');
    await currency.click({ clickCount: 3 });
    for (const key of 'eur') await page.keyboard.press(key);
    assert.equal(await currency.inputValue(), 'EUR');
    await page.waitForFunction(() => document.querySelector('.contract-total output')?.textContent === '€30,500.00');
    // Another field typed key by key leaves the currency as it is.
    const amount = price(phase(page, 2), 1).getByLabel('Amount');
    await amount.click({ clickCount: 3 });
    for (const key of '1750') await page.keyboard.press(key);
    assert.equal(await amount.inputValue(), '1750');
    assert.equal(await currency.inputValue(), 'EUR');
    // Not typed (a select, then undo): every field shows the draft again.
    const timing = price(phase(page, 2), 1).getByLabel('Timing');
    await timing.selectOption('inAdvance');
    assert.equal(await amount.inputValue(), '1750');
    const undo = page.getByRole('button', { name: 'Undo' });
    await undo.click();
    assert.equal(await timing.inputValue(), 'inArrears');
    await undo.click();
    assert.equal(await amount.inputValue(), '1500.00');
    await undo.click();
    assert.equal(await currency.inputValue(), 'USD');
    assert.equal(await total(page).textContent(), '$30,500.00');
  });
});

async function importFile(page, name, text) {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'Import', exact: true }).click(),
  ]);
  await chooser.setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

test('a bad import changes nothing; a good one replaces the schedule', async () => {
  await withPage(async (page) => {
    await importFile(page, 'broken.json', '{"currency": "USD", "phases": [');
    await page.getByRole('alert').filter({ hasText: 'Import failed' }).waitFor();
    assert.match(await page.getByRole('alert').textContent(), /not JSON/);
    const bad = { currency: 'usd', startDate: '2026-01-01', phases: [{ name: 'X', duration: { type: 'openEnded' }, prices: [] }] };
    await importFile(page, 'bad.json', JSON.stringify(bad));
    await page.getByRole('alert').filter({ hasText: 'currency' }).waitFor();
    assert.match(await page.getByRole('alert').textContent(), /Nothing was changed/);
    assert.equal(await page.getByLabel('Customer').inputValue(), 'Acme Corp');
    assert.equal(await page.getByLabel('Currency').inputValue(), 'USD');
    assert.equal(await total(page).textContent(), '$30,500.00');
    assert.equal(await page.getByRole('button', { name: 'Undo' }).isDisabled(), true, 'no history entry');

    const good = {
      customer: 'Initech', currency: 'JPY', startDate: '2026-02-01',
      phases: [{ name: 'Trial', duration: { type: 'milestone', completedOn: '2026-02-10' },
        prices: [{ name: 'Seat', amount: 100000, frequency: 'monthly', timing: 'inAdvance' }] },
      { name: 'Term', duration: { type: 'fixed', count: 1, unit: 'months' }, prices: [] }],
    };
    await importFile(page, 'good.json', JSON.stringify(good));
    await page.getByRole('status').filter({ hasText: 'Imported good.json' }).waitFor();
    assert.equal(await page.getByLabel('Customer').inputValue(), 'Initech');
    // Spec example E: February is used 9 of 28 days: ¥32,143.
    assert.match(await total(page).textContent(), /32,143/);
    await page.getByRole('button', { name: 'Undo' }).click();
    assert.equal(await page.getByLabel('Customer').inputValue(), 'Acme Corp');
  });
});

test('export JSON (the package format) and CSV', async () => {
  await withPage(async (page) => {
    let download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export JSON' }).click();
    let file = await download;
    assert.equal(file.suggestedFilename(), 'schedule-acme-corp.json');
    const schedule = JSON.parse(fs.readFileSync(await file.path(), 'utf8'));
    assert.equal(schedule.currency, 'USD');
    assert.equal(schedule.startDate, '2026-01-01');
    assert.deepEqual(schedule.phases[0].duration, { type: 'milestone', completedOn: '2026-03-15', recordedOn: '2026-03-15' });
    assert.deepEqual(schedule.phases[1].duration, { type: 'fixed', count: 12, unit: 'months' });
    assert.equal(schedule.phases[1].prices[0].amount, '1500.00');

    download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    file = await download;
    const rows = fs.readFileSync(await file.path(), 'utf8').trim().split('\r\n');
    assert.equal(rows.length, 14);
    // The one CSV of every front door (the core's renderer): the header of tests/render.
    const shared = fs.readFileSync(new URL('../render/pilot-discount-terms.csv', import.meta.url), 'utf8');
    assert.equal(rows[0], shared.split('\r\n')[0]);
    assert.match(rows[1], /^2026-01-01,invoice,[a-z]+,12500\.00,2026-01-01,0,Pilot,0,Pilot fee,charge,,Pilot fee,2026-01-01,2026-03-14,/);
  });
});

test('a share link carries the schedule', async () => {
  await withPage(async (page) => {
    await page.getByLabel('Customer').fill('Share Co');
    await price(phase(page, 2), 1).getByLabel('Amount').fill('1600');
    await page.getByRole('button', { name: 'Share link' }).click();
    const url = await page.getByLabel('Share URL').inputValue();
    assert.match(url, /#schedule=[A-Za-z0-9_-]+$/);
    const other = await app.open();
    try {
      await other.page.goto(url);
      await ready(other.page);
      assert.equal(await other.page.getByLabel('Customer').inputValue(), 'Share Co');
      assert.equal(await total(other.page).textContent(), '$31,700.00');
      assert.doesNotMatch(other.page.url(), /#/, 'the fragment is dropped once opened');
      assert.deepEqual(other.errors, []);
    } finally {
      await other.ctx.close();
    }
  });
});

test('offline reload works', async () => {
  await withPage(async (page, ctx) => {
    await page.waitForFunction(async () => {
      const registration = await navigator.serviceWorker.ready;
      return registration.active?.state === 'activated' && navigator.serviceWorker.controller !== null;
    });
    await page.getByLabel('Customer').fill('Offline Ltd');
    await saved(page);
    await ctx.setOffline(true);
    await page.reload();
    await ready(page);
    assert.equal(await page.getByLabel('Customer').inputValue(), 'Offline Ltd');
    assert.equal(await invoices(page).count(), 13);
    await price(phase(page, 2), 1).getByLabel('Amount').fill('1000');
    await page.waitForFunction(() => document.querySelector('.contract-total output')?.textContent === '$24,500.00');
    await ctx.setOffline(false);
  });
});

test('a <script> name renders inert', async () => {
  await withPage(async (page) => {
    const hostile = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
    await phase(page, 1).getByLabel('Phase name').fill(hostile);
    await price(phase(page, 2), 1).getByLabel('Price name').fill(hostile);
    await page.locator('.phase-totals').getByText(hostile).waitFor();
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.locator('main img, main script').count(), 0);
    assert.ok((await invoices(page).nth(1).textContent()).includes(hostile));
    assert.equal(await page.locator('svg text.bar-label').first().textContent(), hostile);
  });
});

test('the milestone marker can be dragged and the preview follows', async () => {
  await withPage(async (page) => {
    const marker = page.getByRole('slider', { name: 'Milestone of Pilot' });
    const box = await marker.boundingBox();
    const svg = await page.locator('figure.timeline svg').boundingBox();
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width / 2, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + svg.width * 0.1, y, { steps: 5 });
    await page.mouse.move(box.x + box.width / 2 + svg.width * 0.2, y, { steps: 5 });
    await page.mouse.up();
    const completion = await phase(page, 1).getByLabel('Completion date').inputValue();
    assert.ok(completion > '2026-05-01' && completion < '2026-07-31', completion);
    // Year 1 now starts on the new completion date: its first invoice moves a month after.
    const firstYear1 = await invoices(page).nth(1).getAttribute('aria-label');
    assert.doesNotMatch(firstYear1, /Apr 15, 2026/);
    // One undo step for the whole drag.
    await page.getByRole('button', { name: 'Undo' }).click();
    assert.equal(await phase(page, 1).getByLabel('Completion date').inputValue(), '2026-03-15');
    // Keyboard: one day per arrow.
    await marker.focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await phase(page, 1).getByLabel('Completion date').inputValue(), '2026-03-16');
  });
});

test('phases reorder with buttons and Alt+arrows; prices and phases add and remove', async () => {
  await withPage(async (page) => {
    await phase(page, 1).getByRole('button', { name: 'Move phase down' }).click();
    assert.equal(await phase(page, 1).getByLabel('Phase name').inputValue(), 'Year 1');
    await phase(page, 2).getByLabel('Phase name').focus();
    await page.keyboard.press('Alt+ArrowUp');
    assert.equal(await phase(page, 1).getByLabel('Phase name').inputValue(), 'Pilot');
    assert.equal(await total(page).textContent(), '$30,500.00');
    await phase(page, 2).getByRole('button', { name: 'Remove price' }).click();
    assert.equal(await total(page).textContent(), '$12,500.00');
    await page.getByRole('button', { name: 'Add phase' }).click();
    await phase(page, 3).waitFor();
    await phase(page, 3).getByRole('button', { name: 'Remove phase' }).click();
    assert.equal(await page.getByRole('region', { name: /^Phase \d:/ }).count(), 2);
  });
});

test('the print view shows the preview only', async () => {
  await withPage(async (page) => {
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.editor').isVisible(), false);
    assert.equal(await page.getByRole('button', { name: 'Export CSV' }).isVisible(), false);
    assert.equal(await total(page).isVisible(), true);
    // A header with the schedule's terms and the print date.
    const header = page.locator('.print-header');
    assert.equal(await header.isVisible(), true);
    const text = await header.textContent();
    assert.match(text, /Billing schedule: Acme Corp/);
    assert.match(text, /Currency USD · Start Jan 1, 2026 · Billing anchor: Phase start · Printed /);
    assert.match(text, /2\. Year 112 monthsPlatform access1 × 1500\.00Monthly, in arrears/);
    await page.emulateMedia({ media: 'screen' });
    assert.equal(await header.isVisible(), false);
    assert.equal(await page.locator('.editor').isVisible(), true);
  });
});

test('a large contract opens with its phases folded; a folded phase tells of its errors', async () => {
  await withPage(async (page) => {
    const phases = Array.from({ length: 4 }, (_, i) => ({
      name: `Year ${i + 1}`,
      duration: { type: 'fixed', count: 12, unit: 'months' },
      prices: Array.from({ length: 8 }, (_, j) => ({ name: `Fee ${j + 1}`, amount: '10.00', frequency: 'monthly', timing: 'inAdvance' })),
    }));
    const schedule = { customer: 'Big', currency: 'USD', startDate: '2026-01-01', phases };
    await importFile(page, 'big.json', JSON.stringify(schedule));
    await page.getByRole('status').filter({ hasText: 'Imported big.json' }).waitFor();
    const third = phase(page, 3);
    assert.equal(await third.getByLabel('Phase name').count(), 0, 'folded');
    assert.match(await third.textContent(), /Year 3 · Fixed: 12 months · 8 prices/);
    assert.equal(await total(page).textContent(), '$3,840.00');
    await third.getByRole('button', { name: 'Show fields' }).click();
    await price(third, 2).getByLabel('Amount').fill('oops');
    await third.getByRole('button', { name: 'Hide fields' }).click();
    assert.match(await third.textContent(), /has errors/);
    await third.getByRole('button', { name: 'Show fields' }).click();
    assert.equal(await price(third, 2).getByLabel('Amount').getAttribute('aria-invalid'), 'true');
    // Invoices are grouped by year with their totals, folded but for the as-of's year.
    const years = await page.locator('.year > details > summary').allTextContents();
    assert.deepEqual(years, ['2026 · 12 invoices · $960.00', '2027 · 12 invoices · $960.00',
      '2028 · 12 invoices · $960.00', '2029 · 12 invoices · $960.00']);
    // A phase's totals row jumps to its first invoice (its year unfolds).
    await page.locator('.phase-totals').getByRole('button', { name: 'Year 4' }).click();
    const first = page.getByRole('listitem', { name: 'Invoice Jan 1, 2029' });
    assert.equal(await first.isVisible(), true);
    assert.equal(await first.evaluate((el) => el === document.activeElement), true);
    // Another import: every phase folds or opens by the same rule (no card inherited).
    await page.locator('.notice').getByRole('button', { name: 'Dismiss' }).click();
    await importFile(page, 'big.json', JSON.stringify(schedule));
    await page.getByRole('status').filter({ hasText: 'Imported big.json' }).waitFor();
    assert.equal(await page.getByLabel('Phase name').count(), 0, 'all folded again');
    // A phase added now opens unfolded.
    await page.getByRole('button', { name: 'Add phase' }).click();
    await phase(page, 5).getByLabel('Phase name').waitFor();
  });
});

test('a pending milestone with an expected date forecasts the invoices after it', async () => {
  await withPage(async (page) => {
    await page.getByLabel('As of').fill('2026-02-01');
    const pilot = phase(page, 1);
    await pilot.getByRole('button', { name: 'Reopen milestone' }).click();
    assert.equal(await phase(page, 2).locator('.badge').textContent(), 'Awaiting milestone');
    assert.match(await page.getByRole('slider', { name: 'Milestone of Pilot' }).getAttribute('aria-valuetext'), /^pending$/);
    await pilot.getByLabel('Expected date').fill('2026-04-01');
    const first = page.getByRole('listitem', { name: 'Invoice May 1, 2026' });
    await first.waitFor();
    assert.match(await first.textContent(), /Forecast/);
    assert.match(await page.getByRole('listitem', { name: 'Invoice Jan 1, 2026' }).textContent(), /Issued/);
    assert.match(await page.getByRole('slider', { name: 'Milestone of Pilot' }).getAttribute('aria-valuetext'), /expected Apr 1, 2026/);
  });
});

test('a saved draft of format 1 migrates; a damaged one is kept aside and reported', async () => {
  await withPage(async (page) => {
    const v1 = {
      format: 1,
      customer: 'Legacy LLC',
      schedule: {
        currency: 'EUR', startDate: '2026-01-01',
        phases: [{ name: 'Only', duration: { type: 'fixed', count: 2, unit: 'months' },
          prices: [{ name: 'Fee', amount: '100.00', frequency: 'monthly', timing: 'inAdvance' }] }],
      },
    };
    await page.evaluate(async (text) => (await import('/browser.js')).idbPut('current', text), JSON.stringify(v1));
    await page.reload();
    await ready(page);
    assert.equal(await page.getByLabel('Customer').inputValue(), 'Legacy LLC');
    assert.equal(await page.getByLabel('Currency').inputValue(), 'EUR');
    assert.equal(await total(page).textContent(), '€200.00');

    await page.evaluate(async () => (await import('/browser.js')).idbPut('current', '{"format": 2, "draft": {'));
    await page.reload();
    await ready(page);
    assert.match(await page.getByRole('alert').textContent(), /could not be restored.*copy was kept/);
    assert.equal(await page.getByLabel('Customer').inputValue(), 'Acme Corp');
    const backup = await page.evaluate(async () => (await import('/browser.js')).idbGet('unreadable-backup'));
    assert.equal(backup, '{"format": 2, "draft": {');
  });
});

test('a very long preview is shown in part until asked for', async () => {
  await withPage(async (page) => {
    await phase(page, 2).getByLabel('Count').fill('600');
    const more = page.getByRole('button', { name: /^Show all 601 invoices/ });
    await more.waitFor();
    assert.equal(await invoices(page).count(), 400);
    assert.equal(await total(page).textContent(), '$912,500.00');
    await more.click();
    assert.equal(await invoices(page).count(), 601);
  });
});

test('a full storage quota is shown, not swallowed', async () => {
  const { ctx, page, errors } = await app.open();
  try {
    // Every IndexedDB write fails as a full disk would.
    await page.addInitScript(() => {
      IDBObjectStore.prototype.put = function put() {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    await page.goto(app.url);
    await ready(page);
    await page.getByLabel('Customer').fill('Quota Co');
    await page.getByRole('status').filter({ hasText: 'Not saved: the browser storage is full' }).waitFor();
    assert.equal(await page.getByLabel('Customer').inputValue(), 'Quota Co', 'the edit stays on screen');
    assert.deepEqual(errors, []);
  } finally {
    await ctx.close();
  }
});
