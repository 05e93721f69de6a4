// End-to-end tests of issue 9: billing day, payment terms, discounts, saved versions and
// compare, billing by month. Fresh context per test; any page or console error fails it.
// Every expected number is worked out by hand from the spec (docs/billing-rules.md) on the
// Acme example (spec section 8 A: Pilot fee 12,500.00 on Jan 1, 2026; Year 1 from Mar 15,
// 2026, 12 × 1,500.00 monthly in arrears, Apr 15, 2026 … Mar 15, 2027; total 30,500.00).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { appUnderTest, artifacts, grabMarker, phase, price } from './helpers.mjs';

const withPage = appUnderTest();

const total = (page) => page.getByLabel('Contract total');
const invoice = (page, date) => page.getByRole('listitem', { name: new RegExp(`^(Invoice|Credit note) ${date}$`) });
const netChange = (page) => page.getByLabel('Net change');
const changes = (page) => page.getByRole('region', { name: 'Changes' });

/// Replaces a field's text by typing key by key.
async function retype(page, field, text) {
  await field.focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
}

async function waitText(locator, text) {
  await locator.filter({ hasText: text }).first().waitFor();
}

/// Adds a discount to a phase by keyboard, named and valued as given.
async function addDiscount(page, scope, name, value) {
  await scope.getByRole('button', { name: 'Add discount' }).focus();
  await page.keyboard.press('Enter');
  // Focus moves to the new discount's (empty) name.
  await page.waitForFunction(() => document.activeElement?.closest('.discount')
    && document.activeElement.labels?.[0]?.textContent === 'Discount name' && document.activeElement.value === '');
  await page.keyboard.type(name);
  const row = scope.getByRole('group', { name: new RegExp(`^Discount \\d+: ${name}$`) });
  await retype(page, row.getByLabel('Discount value'), value);
  return row;
}

async function saveVersion(page) {
  await page.getByRole('button', { name: 'Save version' }).click();
  await page.getByRole('status').filter({ hasText: /Saved “Version \d+ – / }).waitFor();
}

async function compareWithNewest(page) {
  const select = page.getByLabel('Compare with');
  const options = await select.locator('option').allTextContents();
  assert.equal(options[0], 'Nothing');
  await select.selectOption({ index: 1 });
  await changes(page).waitFor();
}

test('payment terms of 30 days put a due date on every invoice card', async () => {
  await withPage(async (page) => {
    assert.equal(await invoice(page, 'Jan 1, 2026').locator('.due').textContent(), '', 'no terms, no due date');
    await retype(page, page.getByLabel('Payment terms (days)'), '30');
    // Issue date + 30 calendar days: Jan 1 → Jan 31, Apr 15 → May 15, Mar 15, 2027 → Apr 14, 2027.
    await waitText(invoice(page, 'Jan 1, 2026'), 'Due Jan 31, 2026');
    assert.match(await invoice(page, 'Apr 15, 2026').textContent(), /Due May 15, 2026/);
    assert.match(await invoice(page, 'Mar 15, 2027').textContent(), /Due Apr 14, 2027/);
    assert.equal(await total(page).textContent(), '$30,500.00', 'terms change no amount');
    // A value the engine refuses is shown at the field.
    await retype(page, page.getByLabel('Payment terms (days)'), '400');
    await waitText(page.locator('#payment-terms-error'), 'whole number of days from 0 to 365');
    assert.equal(await page.getByLabel('Payment terms (days)').getAttribute('aria-invalid'), 'true');
  });
});

test('billing day 25 on the Acme example bills 535.71 for Mar 15–24', async () => {
  await withPage(async (page) => {
    assert.equal(await page.getByLabel('Billing day').count(), 0, 'only for Day of month');
    await page.getByLabel('Billing anchor').selectOption('dayOfMonth');
    const day = page.getByLabel('Billing day');
    await day.waitFor();
    assert.equal(await day.inputValue(), '1', 'starts at the start date’s day');
    await retype(page, day, '25');
    // Year 1 starts Mar 15; its first billing day is Mar 25. In arrears, the period
    // [Feb 25, Mar 25) has 28 days, 10 of them used: 1,500.00 × 10 / 28 = 535.714… → 535.71.
    const first = invoice(page, 'Mar 25, 2026');
    await first.waitFor();
    assert.match(await first.textContent(), /\$535\.71/);
    assert.match(await first.textContent(), /10 of 28 days/);
    // Then 1,500.00 on every 25th.
    assert.match(await invoice(page, 'Apr 25, 2026').textContent(), /Total \$1,500\.00/);
    await retype(page, day, '32');
    await waitText(page.locator('#billing-day-error'), 'Billing day must be a whole number from 1 to 31');
  });
});

test('a 10% discount on Year 1 makes the total 28,700.00 and shows a discount line', async () => {
  await withPage(async (page) => {
    const year1 = phase(page, 2);
    const row = await addDiscount(page, year1, 'Launch', '10');
    assert.equal(await row.getByLabel('Discount type').inputValue(), 'percent');
    const applies = row.getByLabel('Applies to Platform access');
    assert.equal(await applies.isChecked(), true, 'every price by default');
    // 10 % of each 1,500.00 is 150.00; twelve of them: 1,800.00 off 30,500.00.
    await page.waitForFunction(() => document.querySelector('.contract-total output')?.textContent === '$28,700.00');
    assert.match(await page.locator('.sub-totals').first().textContent(), /Discounted -\$1,800\.00/);
    const april = invoice(page, 'Apr 15, 2026');
    assert.match(await april.textContent(), /Total \$1,350\.00/);
    const rows = april.locator('tbody tr');
    assert.equal(await rows.count(), 2);
    // The discount line comes right under the line it discounts.
    assert.match(await rows.nth(0).textContent(), /Platform access.*\$1,500\.00/);
    assert.match(await rows.nth(1).textContent(), /Launch.*Discount.*-\$150\.00/);
    // Unchecking the only price leaves the discount on nothing.
    await applies.focus();
    await page.keyboard.press('Space');
    await page.waitForFunction(() => document.querySelector('.contract-total output')?.textContent === '$30,500.00');
    await page.keyboard.press('Space');
    await page.waitForFunction(() => document.querySelector('.contract-total output')?.textContent === '$28,700.00');
    // A fixed amount of 100.00 a month instead: 12 × 100.00 = 1,200.00 off.
    await row.getByLabel('Discount type').selectOption('amount');
    await retype(page, row.getByLabel('Discount value'), '100');
    await page.waitForFunction(() => document.querySelector('.contract-total output')?.textContent === '$29,300.00');
    await row.getByRole('button', { name: 'Remove discount' }).click();
    await page.waitForFunction(() => document.querySelector('.contract-total output')?.textContent === '$30,500.00');
  });
});

test('a percent of 150 is flagged at its field; two discounts on one price at the row', async () => {
  await withPage(async (page) => {
    const year1 = phase(page, 2);
    const row = await addDiscount(page, year1, 'Too much', '150');
    const value = row.getByLabel('Discount value');
    await waitText(row.locator('.field .error'), 'Percent must be above 0 and at most 100');
    assert.equal(await value.getAttribute('aria-invalid'), 'true');
    const describedBy = await value.getAttribute('aria-describedby');
    assert.match(await page.locator(`#${describedBy}`).textContent(), /at most 100/);
    await page.getByText('Out of date').first().waitFor();
    // Typed key by key, "15" was valid on the way: 15 % of 18,000.00 = 2,700.00 off.
    assert.equal(await total(page).textContent(), '$27,800.00', 'the last valid preview stays');
    await retype(page, value, '15');
    await page.getByText('Out of date').first().waitFor({ state: 'detached' });
    assert.equal(await total(page).textContent(), '$27,800.00');
    // A second discount on the same price overlaps.
    const second = await addDiscount(page, year1, 'Again', '5');
    await waitText(second.locator('.row-error'), 'another discount of the phase already covers');
    assert.equal(await value.getAttribute('aria-invalid'), 'false');
  });
});

test('a saved version compared with the edited schedule shows Changes and Net change −1,800.00', async () => {
  await withPage(async (page) => {
    await saveVersion(page);
    await compareWithNewest(page);
    await waitText(netChange(page), '$0.00');
    assert.match(await changes(page).textContent(), /No invoice changes/);
    await addDiscount(page, phase(page, 2), 'Launch', '10');
    // Each of the twelve Year 1 invoices loses 150.00: 12 changes, −1,800.00 net.
    await waitText(netChange(page), '\u2212$1,800.00');
    assert.equal(await netChange(page).textContent(), '\u2212$1,800.00');
    const items = changes(page).locator('li.change');
    assert.equal(await items.count(), 12);
    const first = items.first();
    assert.match(await first.textContent(), /Changed.*Apr 15, 2026.*\$1,500\.00 → \$1,350\.00.*\u2212\$150\.00/);
    // On demand: the lines added (the discount line); none removed.
    assert.equal(await first.locator('table').first().isVisible(), false, 'lines on demand');
    await first.getByText('Lines', { exact: true }).click();
    assert.match(await first.locator('table', { hasText: 'Added lines' }).textContent(), /Launch.*-\$150\.00/);
    assert.equal(await first.locator('table', { hasText: 'Removed lines' }).count(), 0);
    // The invoice list marks the changed invoices: the twelve of Year 1, not Jan 1.
    assert.equal(await page.locator('li.invoice.changed').count(), 12);
    assert.match(await invoice(page, 'Apr 15, 2026').textContent(), /Changed since the version/);
    // "Nothing" ends the comparison.
    await page.getByLabel('Compare with').selectOption({ index: 0 });
    await changes(page).waitFor({ state: 'detached' });
    assert.equal(await page.locator('li.invoice.changed').count(), 0);
  });
});

test('dragging the milestone while comparing changes the net change live', async () => {
  await withPage(async (page) => {
    // Example B's pilot support (1,000.00 monthly in advance): a later completion bills more
    // pilot months.
    const pilot = phase(page, 1);
    await pilot.getByRole('button', { name: 'Add price' }).click();
    const support = price(pilot, 2);
    await support.getByLabel('Price name').pressSequentially('Pilot support');
    await support.getByLabel('Amount').pressSequentially('1000');
    await saveVersion(page);
    await compareWithNewest(page);
    await waitText(netChange(page), '$0.00');
    const drag = await grabMarker(page, 'Milestone of Pilot');
    await drag.to(0.05);
    // While the pointer is still down the changes already follow.
    await page.waitForFunction(() => document.querySelectorAll('.change-list li').length > 0);
    const during = await netChange(page).textContent();
    await drag.to(0.15);
    await drag.up();
    const after = await netChange(page).textContent();
    assert.match(during, /^\+\$/, `net change while dragging: ${during}`);
    assert.match(after, /^\+\$/, `net change after dragging: ${after}`);
    assert.notEqual(after, during, 'the further drag changed the net change again');
    assert.ok(await page.locator('li.invoice.changed').count() > 0);
    // By keyboard too: one day later changes it again.
    await drag.marker.focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((old) => document.querySelector('.net-change output')?.textContent !== old, after);
  });
});

test('the billing-by-month chart has a bar per month; hover and focus tell the month', async () => {
  await withPage(async (page) => {
    const chart = page.getByRole('img', { name: 'Billing by month' });
    await chart.waitFor();
    // Jan 2026 … Mar 2027: 15 months; Feb and Mar 2026 bill nothing, the 13 others bill.
    const months = await chart.locator('rect.month').evaluateAll((r) => r.map((e) => e.dataset.month));
    assert.equal(months.length, 15);
    assert.equal(months[0], '2026-01');
    assert.equal(months[14], '2027-03');
    const bars = async (cls) => (await chart.locator(`path.${cls}`).getAttribute('d')).split('M').length - 1;
    assert.equal(await bars('current'), 13);
    assert.equal(await bars('saved'), 0);
    const readout = page.locator('#month-chart-readout');
    await chart.locator('rect.month').first().hover();
    await waitText(readout, 'Jan 2026: $12,500.00');
    // Keyboard: focus the chart, then arrows.
    await chart.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await waitText(readout, 'Feb 2026: $0.00');
    await page.keyboard.press('End');
    await waitText(readout, 'Mar 2027: $1,500.00');
    // Compare mode: the saved version's 13 bars beside the current ones.
    await saveVersion(page);
    await compareWithNewest(page);
    await page.waitForFunction(() => (document.querySelector('path.month-bars.saved')?.getAttribute('d') ?? '').split('M').length - 1 === 13);
    await chart.focus();
    await page.keyboard.press('Home');
    await waitText(readout, 'Jan 2026: $12,500.00 · saved version $12,500.00');
    // Forecast months are drawn apart: a pending milestone expected Apr 1, as of Feb 1.
    await page.getByLabel('Compare with').selectOption({ index: 0 });
    await page.getByLabel('As of').fill('2026-02-01');
    await phase(page, 1).getByRole('button', { name: 'Reopen milestone' }).click();
    await phase(page, 1).getByLabel('Expected date').fill('2026-04-01');
    await page.waitForFunction(() => (document.querySelector('path.month-bars.forecast')?.getAttribute('d') ?? '') !== '');
    // Year 1 from Apr 1: twelve forecast invoices May 1, 2026 … Apr 1, 2027.
    assert.equal(await bars('forecast'), 12);
    assert.equal(await bars('current'), 1);
  });
});

test('terms, discounts and versions survive a reload', async () => {
  await withPage(async (page) => {
    await page.getByLabel('Billing anchor').selectOption('dayOfMonth');
    await retype(page, page.getByLabel('Billing day'), '25');
    await retype(page, page.getByLabel('Payment terms (days)'), '30');
    await saveVersion(page);
    await addDiscount(page, phase(page, 2), 'Launch', '10');
    // Year 1 with billing day 25: 535.71 (Mar 15–24) + 11 × 1,500.00 + 964.29 (Feb 25 –
    // Mar 14, 2027: 18 of 28 days) = 18,000.00; 10 % off each charge: 53.57 + 11 × 150.00
    // + 96.43 = 1,800.00. 30,500.00 − 1,800.00 = 28,700.00.
    await page.waitForFunction(() => document.querySelector('.contract-total output')?.textContent === '$28,700.00');
    await page.waitForTimeout(100);
    await page.getByRole('status').filter({ hasText: 'All changes saved' }).waitFor();
    const totalBefore = await total(page).textContent();
    await page.reload();
    await page.getByLabel('Contract total').waitFor();
    assert.equal(await page.getByLabel('Billing anchor').inputValue(), 'dayOfMonth');
    assert.equal(await page.getByLabel('Billing day').inputValue(), '25');
    assert.equal(await page.getByLabel('Payment terms (days)').inputValue(), '30');
    const row = phase(page, 2).getByRole('group', { name: 'Discount 1: Launch' });
    assert.equal(await row.getByLabel('Discount value').inputValue(), '10');
    assert.equal(await total(page).textContent(), totalBefore);
    const options = await page.getByLabel('Compare with').locator('option').allTextContents();
    assert.equal(options.length, 2);
    assert.match(options[1], /^Version 1 – /);
    // Rename and delete survive too.
    await page.locator('.version-list summary').click();
    await retype(page, page.getByLabel('Version name'), 'Before the discount');
    await page.keyboard.press('Enter');
    await page.getByLabel('Compare with').locator('option', { hasText: 'Before the discount' }).waitFor({ state: 'attached' });
    await saveVersion(page);
    await page.waitForTimeout(200);
    await page.reload();
    await page.getByLabel('Contract total').waitFor();
    const names = await page.getByLabel('Compare with').locator('option').allTextContents();
    assert.equal(names.length, 3);
    assert.match(names[1], /^Version 2 – /, 'newest first');
    assert.equal(names[2], 'Before the discount');
    await page.locator('.version-list summary').click();
    await page.getByRole('button', { name: 'Delete version Before the discount' }).click();
    await page.waitForTimeout(200);
    await page.reload();
    await page.getByLabel('Contract total').waitFor();
    assert.equal(await page.getByLabel('Compare with').locator('option').count(), 2);
  });
});

test('export and import round-trip the terms and discounts; the CSV has due dates and discount lines', async () => {
  await withPage(async (page) => {
    await page.getByLabel('Billing anchor').selectOption('dayOfMonth');
    await retype(page, page.getByLabel('Billing day'), '25');
    await retype(page, page.getByLabel('Payment terms (days)'), '30');
    const pilot = phase(page, 1);
    await pilot.getByRole('button', { name: 'Add price' }).click();
    const support = price(pilot, 2);
    await support.getByLabel('Price name').pressSequentially('Pilot support');
    await support.getByLabel('Amount').pressSequentially('1000');
    const row = await addDiscount(page, pilot, 'Fee off', '500');
    await row.getByLabel('Discount type').selectOption('amount');
    await row.getByLabel('Applies to Pilot support').uncheck();
    await page.getByRole('status').filter({ hasText: 'All changes saved' }).waitFor();
    const shown = await total(page).textContent();

    let download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export JSON' }).click();
    const text = fs.readFileSync(await (await download).path(), 'utf8');
    const schedule = JSON.parse(text);
    assert.deepEqual(schedule.billingAnchor, { dayOfMonth: 25 });
    assert.equal(schedule.paymentTermsDays, 30);
    assert.deepEqual(schedule.phases[0].discounts, [{ name: 'Fee off', amount: '500', prices: [0] }]);

    download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const rows = fs.readFileSync(await (await download).path(), 'utf8').trim().split('\r\n');
    // Jan 1: the pilot fee, 500.00 off it (a discount line), due Jan 31 (30 days).
    const jan1 = rows.filter((r) => r.startsWith('2026-01-01,'));
    assert.ok(jan1.some((r) => /,2026-01-31,/.test(r) && /,charge,/.test(r)), jan1.join('\n'));
    assert.ok(jan1.some((r) => /,discount,/.test(r) && /Fee off/.test(r) && /-500\.00/.test(r)), jan1.join('\n'));

    await page.getByRole('button', { name: 'New schedule' }).click();
    assert.equal(await page.getByLabel('Payment terms (days)').inputValue(), '');
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: 'Import', exact: true }).click(),
    ]);
    await chooser.setFiles({ name: 'terms.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await page.getByRole('status').filter({ hasText: 'Imported terms.json' }).waitFor();
    assert.equal(await page.getByLabel('Billing day').inputValue(), '25');
    assert.equal(await page.getByLabel('Payment terms (days)').inputValue(), '30');
    const back = phase(page, 1).getByRole('group', { name: 'Discount 1: Fee off' });
    assert.equal(await back.getByLabel('Discount type').inputValue(), 'amount');
    assert.equal(await back.getByLabel('Applies to Pilot fee').isChecked(), true);
    assert.equal(await back.getByLabel('Applies to Pilot support').isChecked(), false);
    assert.equal(await total(page).textContent(), shown);
  });
});

test('a list of 50 versions loads, and an edit redraws nothing of it', async () => {
  await withPage(async (page) => {
    for (let i = 0; i < 50; i += 1) {
      await page.getByRole('button', { name: 'Save version' }).click();
    }
    await page.waitForTimeout(300);
    await page.reload();
    await page.getByLabel('Contract total').waitFor();
    const select = page.getByLabel('Compare with');
    assert.equal(await select.locator('option').count(), 51);
    assert.match(await select.locator('option').nth(1).textContent(), /^Version 50 – /);
    await select.selectOption({ index: 1 });
    await changes(page).waitFor();
    // Typing an amount key by key touches neither the versions card nor the select.
    await page.evaluate(() => {
      window.versionMutations = 0;
      new MutationObserver((list) => { window.versionMutations += list.length; })
        .observe(document.querySelector('.versions'), { subtree: true, childList: true, attributes: true, characterData: true });
    });
    const amount = price(phase(page, 2), 1).getByLabel('Amount');
    const started = Date.now();
    await retype(page, amount, '1600.00');
    // 12 × 100.00 more: +1,200.00.
    await waitText(netChange(page), '+$1,200.00');
    const elapsed = Date.now() - started;
    assert.equal(await page.evaluate(() => window.versionMutations), 0);
    console.log(`# 7 keys typed and previewed with 50 versions, comparing: ${elapsed} ms`);
  });
});

test('a 390 px phone shows the new parts without sideways scroll', async () => {
  await withPage(async (page) => {
    await page.getByLabel('Billing anchor').selectOption('dayOfMonth');
    await addDiscount(page, phase(page, 2), 'Launch', '10');
    await saveVersion(page);
    await compareWithNewest(page);
    await retype(page, price(phase(page, 2), 1).getByLabel('Amount'), '1600');
    await changes(page).locator('li.change').first().waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scroll (scrollWidth ${width})`);
    const chart = await page.getByRole('img', { name: 'Billing by month' }).boundingBox();
    assert.ok(chart.width <= 390 && chart.width > 250, JSON.stringify(chart));
    const net = await netChange(page).boundingBox();
    assert.ok(net.x + net.width <= 390, JSON.stringify(net));
    fs.mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, 'phone-390-terms.png'), fullPage: true });
  }, { viewport: { width: 390, height: 844 } });
});

test('compare on: typing an amount key by key updates Net change, and "Compare with" survives a reload', async () => {
  await withPage(async (page) => {
    await saveVersion(page);
    // Chosen by keyboard: focus the select, arrow down to the version.
    const select = page.getByLabel('Compare with');
    await select.focus();
    await page.keyboard.press('ArrowDown');
    await changes(page).waitFor();
    await waitText(netChange(page), '$0.00');
    const amount = price(phase(page, 2), 1).getByLabel('Amount');
    // Year 1's fee 1,500.00 → 1 a month: 12 × −1,499.00 = −17,988.00.
    await retype(page, amount, '1');
    await waitText(netChange(page), '\u2212$17,988.00');
    // … then "1400" (typed on): 12 × −100.00 = −1,200.00, the twelve Year 1 invoices changed.
    await page.keyboard.type('400');
    await waitText(netChange(page), '\u2212$1,200.00');
    assert.equal(await changes(page).locator('li.change').count(), 12);
    assert.equal(await page.locator('li.invoice.changed').count(), 12);
    assert.doesNotMatch(await invoice(page, 'Jan 1, 2026').textContent(), /since the version/);
    await page.getByRole('status').filter({ hasText: 'All changes saved' }).waitFor();
    await page.reload();
    await page.getByLabel('Contract total').waitFor();
    const chosen = await select.evaluate((s) => s.selectedOptions[0].textContent);
    assert.match(chosen, /^Version 1 – /, `"Compare with" after the reload: ${chosen}`);
    await changes(page).waitFor();
    assert.equal(await netChange(page).textContent(), '\u2212$1,200.00');
    assert.equal(await page.locator('li.invoice.changed').count(), 12);
    // "Nothing" is kept too.
    await select.selectOption({ index: 0 });
    await changes(page).waitFor({ state: 'detached' });
    await page.waitForTimeout(200);
    await page.reload();
    await page.getByLabel('Contract total').waitFor();
    assert.equal(await select.inputValue(), '');
    assert.equal(await changes(page).count(), 0);
  });
});

test('the billing-by-month chart has a table with the same month totals, by keyboard', async () => {
  await withPage(async (page) => {
    const chart = page.getByRole('img', { name: 'Billing by month' });
    const toggle = page.getByRole('button', { name: 'Show as table' });
    await toggle.focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.getByRole('button', { name: 'Hide table' }).getAttribute('aria-expanded'), 'true');
    const table = page.getByRole('table', { name: /^Billing by month/ });
    const rows = async () => table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    // Acme: the pilot fee 12,500.00 in Jan 2026, nothing in Feb and Mar 2026, then Year 1's
    // 1,500.00 a month in arrears Apr 15, 2026 … Mar 15, 2027.
    const expected = [['Jan 2026', '$12,500.00'], ['Feb 2026', '$0.00'], ['Mar 2026', '$0.00']];
    for (const m of ['Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']) expected.push([`${m} 2026`, '$1,500.00']);
    for (const m of ['Jan', 'Feb', 'Mar']) expected.push([`${m} 2027`, '$1,500.00']);
    assert.deepEqual(await rows(), expected);
    // The same totals as the bars: the chart's readout, month by month with the arrow keys.
    await chart.focus();
    await page.keyboard.press('Home');
    for (const [month, amount] of expected) {
      await waitText(page.locator('#month-chart-readout'), `${month}: ${amount}`);
      await page.keyboard.press('ArrowRight');
    }
    // An edit updates the table: Year 1 at 1,600.00 a month.
    await retype(page, price(phase(page, 2), 1).getByLabel('Amount'), '1600');
    await page.waitForFunction(() => [...document.querySelectorAll('.month-numbers tbody tr')]
      .filter((tr) => tr.children[1].textContent === '$1,600.00').length === 12);
    // While comparing: the saved version's column beside.
    await saveVersion(page);
    await retype(page, price(phase(page, 2), 1).getByLabel('Amount'), '1500');
    await compareWithNewest(page);
    await table.getByRole('columnheader', { name: 'Saved version' }).waitFor();
    const compared = await rows();
    assert.deepEqual(compared[3], ['Apr 2026', '$1,500.00', '$1,600.00']);
    assert.deepEqual(compared[0], ['Jan 2026', '$12,500.00', '$12,500.00']);
    // Hidden again with the keyboard.
    await page.getByRole('button', { name: 'Hide table' }).focus();
    await page.keyboard.press('Enter');
    await table.waitFor({ state: 'detached' });
  });
});

test('the month table fits a 390 px phone', async () => {
  await withPage(async (page) => {
    await page.getByRole('button', { name: 'Show as table' }).click();
    const table = page.getByRole('table', { name: /^Billing by month/ });
    assert.equal(await table.locator('tbody tr').count(), 15);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scroll (scrollWidth ${width})`);
  }, { viewport: { width: 390, height: 844 } });
});
