// End-to-end tests of issue 7 ("never corrupt or lose work") in headless Chromium: dates
// typed key by key, share links over an existing draft, two tabs, the timeline drag range,
// focus after structural actions, the phone layout. Like app.test.mjs, each test runs in a
// fresh context and fails on any page error or console error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { appUnderTest, artifacts, phase, price, ready } from './helpers.mjs';

const withPage = appUnderTest();
const app = withPage.app;

const total = (page) => page.getByLabel('Contract total');
const focusedId = (page) => page.evaluate(() => document.activeElement?.id ?? '');
/// Focus moves after the page is updated (a task later): waits for it, then checks.
async function focusIs(page, id, message) {
  await page.waitForFunction((want) => document.activeElement?.id === want, id, { timeout: 3000 }).catch(() => {});
  assert.equal(await focusedId(page), id, message);
}
async function focusWithin(locator, message) {
  await locator.evaluate((el) => new Promise((resolve) => {
    const started = Date.now();
    (function poll() {
      if (el.contains(document.activeElement) || Date.now() - started > 3000) resolve();
      else setTimeout(poll, 20);
    }());
  }));
  assert.ok(await focusedIn(locator), message);
}
const focusedText = (page) => page.evaluate(() => document.activeElement?.textContent ?? '');
const focusedIn = (locator) => locator.evaluate((el) => el.contains(document.activeElement));

async function saved(page) {
  await page.getByRole('status').filter({ hasText: 'All changes saved' }).waitFor();
}

/// The fragment of a share link carrying `schedule` (as the app makes it: base64url JSON).
function shareFragment(schedule) {
  return `#schedule=${Buffer.from(JSON.stringify(schedule)).toString('base64url')}`;
}

const INITECH = {
  customer: 'Initech', currency: 'USD', startDate: '2026-01-01',
  phases: [{ name: 'Support', duration: { type: 'fixed', count: 3, unit: 'months' },
    prices: [{ name: 'Seat', amount: '200.00', frequency: 'monthly', timing: 'inAdvance' }] }],
};

test('a completion date typed digit by digit keeps focus, value and milestone state', async () => {
  await withPage(async (page) => {
    const pilot = phase(page, 1);
    const date = pilot.getByLabel('Completion date');
    const id = await date.getAttribute('id');
    await date.focus();
    await page.keyboard.type('03202026', { delay: 30 });
    await focusIs(page, id, 'focus stays in the date field');
    assert.equal(await date.inputValue(), '2026-03-20');
    await pilot.getByText('Completed on Mar 20, 2026').waitFor();
    assert.equal(await pilot.getByText('Milestone pending').count(), 0);
    // Backspace clears the month: an incomplete date is a field error, not a pending milestone.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Backspace');
    await focusIs(page, id, 'focus stays after Backspace');
    assert.equal(await date.inputValue(), '');
    const error = page.locator(`[id="${id}-error"]`);
    await error.filter({ hasText: 'Enter a complete, real date' }).waitFor();
    assert.equal(await date.getAttribute('aria-invalid'), 'true');
    assert.equal(await pilot.getByText('Milestone pending').count(), 0, 'still completed');
    assert.equal(await pilot.getByRole('button', { name: 'Reopen milestone' }).count(), 1);
    await page.getByText(/^Out of date/).waitFor();
    // Finishing the date clears the error.
    await page.keyboard.type('04');
    assert.equal(await date.inputValue(), '2026-04-20');
    await error.filter({ hasText: /^$/ }).waitFor();
    await page.getByText(/^Out of date/).waitFor({ state: 'detached' });
    await focusIs(page, id);
  });
});

test('an expected date typed digit by digit; Delete and 0 never flip the state', async () => {
  await withPage(async (page) => {
    const pilot = phase(page, 1);
    await pilot.getByRole('button', { name: 'Reopen milestone' }).click();
    const expected = pilot.getByLabel('Expected date');
    const id = await expected.getAttribute('id');
    await expected.focus();
    await page.keyboard.type('04202026', { delay: 30 });
    await focusIs(page, id);
    assert.equal(await expected.inputValue(), '2026-04-20');
    await page.keyboard.press('Delete');
    await page.keyboard.type('0');
    await focusIs(page, id);
    assert.equal(await pilot.getByRole('button', { name: 'Mark milestone complete' }).count(), 1, 'still pending');
  });
});

test('an emptied completion date is shown at its field after a reload, with Undo', async () => {
  await withPage(async (page) => {
    const pilot = phase(page, 1);
    const date = pilot.getByLabel('Completion date');
    await date.focus();
    // Clear every part of the date: the field is empty (not incomplete).
    for (let i = 0; i < 3; i += 1) {
      await page.keyboard.press('Backspace');
      if (i < 2) await page.keyboard.press('Tab');
    }
    assert.equal(await date.inputValue(), '');
    await pilot.getByText(/Enter (a complete, real|the completion) date/).waitFor();
    await saved(page);
    await page.reload();
    await ready(page);
    await page.getByText(/^Out of date/).waitFor();
    assert.equal(await total(page).textContent(), '$30,500.00', 'the last valid state is previewed');
    const again = phase(page, 1).getByLabel('Completion date');
    assert.equal(await again.getAttribute('aria-invalid'), 'true', 'the problem is shown at the field');
    assert.match(await phase(page, 1).textContent(), /Enter the completion date/);
    assert.equal(await phase(page, 1).getByText('Milestone pending').count(), 0);
    const undo = page.getByRole('button', { name: 'Undo' });
    assert.equal(await undo.isDisabled(), false, 'undo history survives the reload');
    await undo.click();
    assert.equal(await again.inputValue(), '2026-03-15');
    assert.equal(await total(page).textContent(), '$30,500.00');
  });
});

test('a share link over an existing draft asks first; Replace is undoable', async () => {
  await withPage(async (page) => {
    await page.getByLabel('Customer').fill('Globex Inc');
    await saved(page);
    await page.goto('about:blank');
    await page.goto(app.url + shareFragment(INITECH));
    const question = page.getByRole('region', { name: 'Share link' });
    await question.getByText('Replace your current draft, Globex Inc?').waitFor();
    assert.equal(await page.getByLabel('Customer').inputValue(), 'Globex Inc', 'nothing replaced yet');
    await question.getByRole('button', { name: 'Replace', exact: true }).click();
    assert.equal(await page.getByLabel('Customer').inputValue(), 'Initech');
    assert.equal(await question.count(), 0);
    await page.getByRole('button', { name: 'Undo' }).click();
    assert.equal(await page.getByLabel('Customer').inputValue(), 'Globex Inc');
  });
});

test('a share link opened as a copy keeps both drafts', async () => {
  await withPage(async (page) => {
    await page.getByLabel('Customer').fill('Globex Inc');
    await saved(page);
    await page.goto('about:blank');
    await page.goto(app.url + shareFragment(INITECH));
    const question = page.getByRole('region', { name: 'Share link' });
    await question.getByRole('button', { name: 'Open as a copy' }).click();
    assert.equal(await page.getByLabel('Customer').inputValue(), 'Initech');
    await saved(page);
    await page.reload();
    await ready(page);
    assert.equal(await page.getByLabel('Customer').inputValue(), 'Initech');
    const others = page.getByRole('region', { name: 'Other drafts' });
    await others.getByText('Globex Inc').waitFor();
    await others.getByRole('button', { name: 'Open Globex Inc' }).click();
    assert.equal(await page.getByLabel('Customer').inputValue(), 'Globex Inc');
    await others.getByText('Initech').waitFor();
  });
});

test('keeping my draft ignores the share link', async () => {
  await withPage(async (page) => {
    await page.getByLabel('Customer').fill('Globex Inc');
    await saved(page);
    await page.goto('about:blank');
    await page.goto(app.url + shareFragment(INITECH));
    const question = page.getByRole('region', { name: 'Share link' });
    await question.getByRole('button', { name: 'Keep my draft' }).click();
    assert.equal(await page.getByLabel('Customer').inputValue(), 'Globex Inc');
    assert.equal(await question.count(), 0);
  });
});

test('a second tab on the same draft is detected and said', async () => {
  await withPage(async (page, ctx, errors) => {
    const other = await ctx.newPage();
    other.on('pageerror', (e) => errors.push(`pageerror (tab 2): ${e.message}`));
    await other.goto(app.url);
    await ready(other);
    await page.getByText(/open in another tab/).waitFor();
    await other.getByText(/open in another tab/).waitFor();
    await other.getByLabel('Customer').fill('Tab Two');
    await page.getByText(/Another tab saved changes/).waitFor();
  });
});

test('the timeline drag stays in the valid range; the marker is a full slider', async () => {
  await withPage(async (page) => {
    const marker = page.getByRole('slider', { name: 'Milestone of Pilot' });
    const box = await marker.boundingBox();
    const svg = await page.locator('figure.timeline svg').boundingBox();
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width / 2, y);
    await page.mouse.down();
    await page.mouse.move(svg.x - 50, y, { steps: 8 });
    await page.mouse.up();
    const completion = phase(page, 1).getByLabel('Completion date');
    assert.equal(await completion.inputValue(), '2026-01-02', 'clamped to the day after the phase start');
    assert.equal(await page.getByText(/^Out of date/).count(), 0);
    assert.equal(await marker.getAttribute('aria-valuemin'), '0');
    assert.equal(await marker.getAttribute('aria-valuenow'), '0');
    assert.ok(Number(await marker.getAttribute('aria-valuemax')) > 300);
    await marker.focus();
    await page.keyboard.press('ArrowLeft');
    assert.equal(await completion.inputValue(), '2026-01-02');
    await page.keyboard.press('PageUp');
    assert.equal(await completion.inputValue(), '2026-02-02');
    await page.keyboard.press('PageDown');
    assert.equal(await completion.inputValue(), '2026-01-02');
    await page.keyboard.press('End');
    assert.ok((await completion.inputValue()) > '2026-12-31');
    await page.keyboard.press('Home');
    assert.equal(await completion.inputValue(), '2026-01-02');
    assert.match(await marker.getAttribute('aria-valuetext'), /completed on Jan 2, 2026/);
  });
});

test('focus stays useful after structural actions', async () => {
  await withPage(async (page) => {
    await page.getByRole('button', { name: 'Add phase' }).click();
    const third = phase(page, 3);
    await third.waitFor();
    await focusIs(page, await third.getByLabel('Phase name').getAttribute('id'), 'new name field');
    // Alt+Down twice from the first phase's name.
    const pilotName = phase(page, 1).getByLabel('Phase name');
    const id = await pilotName.getAttribute('id');
    await pilotName.focus();
    await page.keyboard.press('Alt+ArrowDown');
    await focusIs(page, id);
    await page.keyboard.press('Alt+ArrowDown');
    await focusIs(page, id);
    assert.equal(await phase(page, 3).getByLabel('Phase name').inputValue(), 'Pilot');
    // The Move up button keeps focus on the moved phase.
    await phase(page, 3).getByRole('button', { name: 'Move phase up' }).click();
    await focusWithin(phase(page, 2), 'focus in the moved phase');
    assert.equal(await phase(page, 2).getByLabel('Phase name').inputValue(), 'Pilot');
    await page.keyboard.press('Enter');
    assert.equal(await phase(page, 1).getByLabel('Phase name').inputValue(), 'Pilot', 'Enter again moves it again');
    // Remove price: focus to the next item.
    const year1 = phase(page, 2);
    await year1.getByRole('button', { name: 'Add price' }).click();
    await focusIs(page, await price(year1, 2).getByLabel('Price name').getAttribute('id'), 'new price name');
    await price(year1, 1).getByRole('button', { name: 'Remove price' }).click();
    await focusIs(page, await price(year1, 1).getByLabel('Price name').getAttribute('id'), 'next price');
    await price(year1, 1).getByRole('button', { name: 'Remove price' }).click();
    await focusIs(page, await year1.getByRole('button', { name: 'Add price' }).getAttribute('id'), 'Add price');
    // Remove phase: focus to the next phase.
    await phase(page, 2).getByRole('button', { name: 'Remove phase' }).click();
    await focusWithin(phase(page, 2), 'focus in the phase that took its place');
    // Reopen and confirm.
    const pilot = phase(page, 1);
    await pilot.getByRole('button', { name: 'Reopen milestone' }).click();
    await focusIs(page, await pilot.getByLabel('Expected date').getAttribute('id'));
    await pilot.getByRole('button', { name: 'Mark milestone complete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm completion' }).click();
    await focusIs(page, await pilot.getByLabel('Completion date').getAttribute('id'));
  });
});

test('a Skip to preview link is the first tab stop', async () => {
  await withPage(async (page) => {
    await page.keyboard.press('Tab');
    assert.equal(await focusedText(page), 'Skip to preview');
    await page.keyboard.press('Enter');
    assert.ok(await focusedIn(page.getByRole('region', { name: 'Invoice preview' })));
    await page.keyboard.press('Tab');
    assert.ok(await focusedIn(page.getByRole('region', { name: 'Invoice preview' })), 'the next Tab stays in the preview');
  });
});

test('a 390 px phone: no sideways scroll, money on one line, no nested scroll box, a visible total', async () => {
  await withPage(async (page) => {
    const layout = await page.evaluate(() => {
      const lines = (el) => {
        const range = document.createRange();
        range.selectNodeContents(el);
        return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
      };
      const money = [...document.querySelectorAll('.money, .num, .contract-total output, .invoice-total')];
      const wrapped = money.filter((el) => el.textContent.trim() && lines(el) > 1).map((el) => el.textContent);
      const preview = document.querySelector('.preview');
      const style = getComputedStyle(preview);
      return {
        scrollWidth: document.documentElement.scrollWidth,
        wrapped,
        nested: ['auto', 'scroll'].includes(style.overflowY) && preview.scrollHeight > preview.clientHeight + 1,
        checked: money.length,
      };
    });
    assert.ok(layout.checked > 20, `money elements checked: ${layout.checked}`);
    assert.ok(layout.scrollWidth <= 390, `no sideways scroll (scrollWidth ${layout.scrollWidth})`);
    assert.deepEqual(layout.wrapped, [], 'no amount wraps');
    assert.equal(layout.nested, false, 'the preview is not a nested scroll box');
    // While editing the first field, a total is on screen.
    await page.getByLabel('Customer').focus();
    const bar = page.locator('.total-bar');
    assert.equal(await bar.isVisible(), true);
    const box = await bar.boundingBox();
    assert.ok(box.y >= 0 && box.y + box.height <= 844, JSON.stringify(box));
    assert.match(await bar.textContent(), /\$30,500\.00/);
    // The timeline: labels of at least 11 px, a marker hit area of at least 24 px.
    const labelPx = await page.locator('svg text.bar-label').first().evaluate((el) => {
      const svg = el.ownerSVGElement;
      return parseFloat(getComputedStyle(el).fontSize) * (svg.getBoundingClientRect().width / svg.viewBox.baseVal.width);
    });
    assert.ok(labelPx >= 11, `timeline label ${labelPx.toFixed(1)} px`);
    const marker = await page.getByRole('slider', { name: 'Milestone of Pilot' }).boundingBox();
    assert.ok(marker.width >= 24 && marker.height >= 24, JSON.stringify(marker));
    await page.screenshot({ path: path.join(artifacts, 'phone-390.png') });
  }, { viewport: { width: 390, height: 844 } });
});

test('the as-of date is in the undo history; Today and "(not today)"', async () => {
  await withPage(async (page) => {
    const asOf = page.getByLabel('As of');
    const today = await asOf.inputValue();
    const notToday = page.locator('#as-of-not-today');
    assert.equal(await notToday.textContent(), '');
    assert.equal(await page.getByRole('button', { name: 'Today' }).isDisabled(), true);
    // Passing through the field changes nothing (no undo step, still "today").
    await asOf.focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await page.getByRole('button', { name: 'Undo' }).isDisabled(), true);
    await asOf.fill('2026-04-10');
    assert.equal(await notToday.textContent(), '(not today)');
    // Billing that continues after the window: the commitment is said apart from the total.
    await phase(page, 2).getByLabel('Duration type').selectOption('openEnded');
    await page.getByText(/Committed \(phases that end\): \$12,500\.00\./).waitFor();
    await page.getByRole('button', { name: 'Undo' }).click();
    assert.match(await page.getByText(/^Contract total through/).textContent(), /Contract total through Mar 15, 2027/);
    await page.getByRole('button', { name: 'Undo' }).click();
    assert.equal(await asOf.inputValue(), today, 'undo restores the as-of');
    await page.getByRole('button', { name: 'Redo' }).click();
    assert.equal(await asOf.inputValue(), '2026-04-10');
    await page.getByRole('button', { name: 'Today' }).click();
    assert.equal(await asOf.inputValue(), today);
    assert.equal(await notToday.textContent(), '');
    // While the schedule has errors, phase badges (from the last good preview) are hidden.
    assert.equal(await phase(page, 1).locator('.badge').textContent(), 'Completed');
    await price(phase(page, 2), 1).getByLabel('Amount').fill('oops');
    await page.getByText(/^Out of date/).waitFor();
    assert.equal(await phase(page, 1).locator('.badge').textContent(), '');
  });
});

test('marking a milestone complete says what changed and links to the invoice', async () => {
  await withPage(async (page) => {
    await page.getByLabel('As of').fill('2026-04-10');
    const pilot = phase(page, 1);
    await pilot.getByRole('button', { name: 'Reopen milestone' }).click();
    await pilot.getByRole('button', { name: 'Add price' }).click();
    const monthly = price(pilot, 2);
    await monthly.getByLabel('Price name').fill('Pilot monthly');
    await monthly.getByLabel('Amount').fill('$1,000.00');
    const year1 = phase(page, 2);
    await year1.getByRole('button', { name: 'Add price' }).click();
    const onboarding = price(year1, 2);
    await onboarding.getByLabel('Price name').fill('Onboarding');
    await onboarding.getByLabel('Amount').fill('2000');
    await onboarding.getByLabel('Frequency').selectOption('oneTime');
    await pilot.getByRole('button', { name: 'Mark milestone complete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Mark milestone complete' });
    await dialog.getByLabel('Completion date').fill('2026-03-15');
    await dialog.getByRole('button', { name: 'Confirm completion' }).click();
    const notice = page.locator('.notice');
    await notice.filter({ hasText: 'Apr 10, 2026: credits −$1,548.39, catch-ups +$2,000.00' }).waitFor();
    await notice.getByRole('button', { name: 'Show invoice' }).click();
    const invoice = page.getByRole('listitem', { name: 'Invoice Apr 10, 2026' });
    assert.ok(await focusedIn(invoice), 'the invoice is shown');
    assert.match(await invoice.textContent(), /Adjusts for a milestone recorded on this date/);
    const rows = await invoice.locator('tbody tr').allTextContents();
    assert.match(rows[0], /−1 × \$1,000\.00/, 'the credit shows its sign in the quantity column');
  });
});

test('New schedule (undoable), Open example; new phases and prices start empty', async () => {
  await withPage(async (page) => {
    await page.getByRole('button', { name: 'Add phase' }).click();
    const third = phase(page, 3);
    assert.equal(await third.getByLabel('Phase name').inputValue(), '');
    assert.equal(await third.getByLabel('Phase name').getAttribute('placeholder'), 'e.g. Year 1');
    assert.equal(await price(third, 1).getByLabel('Amount').inputValue(), '');
    await page.getByText(/^Out of date/).waitFor();
    assert.equal(await total(page).textContent(), '$30,500.00', 'nothing counts before it is filled in');
    await page.getByRole('button', { name: 'New schedule' }).click();
    assert.equal(await page.getByLabel('Customer').inputValue(), '');
    await focusIs(page, 'customer');
    assert.equal(await page.getByRole('region', { name: /^Phase \d:/ }).count(), 1);
    await page.getByRole('button', { name: 'Undo' }).click();
    assert.equal(await page.getByLabel('Customer').inputValue(), 'Acme Corp');
    assert.equal(await page.getByRole('region', { name: /^Phase \d:/ }).count(), 3);
    await page.getByRole('button', { name: 'New schedule' }).click();
    await page.getByRole('button', { name: 'Open example' }).click();
    assert.equal(await page.getByLabel('Customer').inputValue(), 'Acme Corp');
    assert.equal(await total(page).textContent(), '$30,500.00');
  });
});

test('random keys in every field never make a page error (seeded)', async () => {
  await withPage(async (page) => {
    let seed = Number(process.env.MONKEY_SEED || 7);
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const keys = ['0', '1', '2', '3', '9', 'Backspace', 'Delete', 'Tab', 'Shift+Tab', 'ArrowUp', 'ArrowDown',
      'ArrowLeft', 'ArrowRight', 'a', '-', '.', ',', 'Alt+ArrowDown', 'Alt+ArrowUp', 'Control+z', 'Control+Shift+z'];
    const fields = page.locator('.editor input, .editor select');
    for (let round = 0; round < 40; round += 1) {
      const count = await fields.count();
      const field = fields.nth(Math.floor(random() * count));
      if (!(await field.isVisible())) continue;
      await field.focus();
      for (let k = 0; k < 8; k += 1) {
        await page.keyboard.press(keys[Math.floor(random() * keys.length)]);
      }
      if (round % 10 === 9) {
        // A structural action now and then.
        const buttons = page.locator('.editor').getByRole('button', { name: /^(Add price|Remove price|Move phase (up|down)|Reopen milestone)$/ });
        const n = await buttons.count();
        const button = buttons.nth(Math.floor(random() * n));
        if (n && await button.isEnabled()) await button.click();
      }
    }
    // Still alive: an edit reaches the draft and the page answers.
    await page.getByLabel('Customer').fill('Still here');
    assert.equal(await page.getByLabel('Customer').inputValue(), 'Still here');
    await page.getByRole('button', { name: 'Open example' }).click();
    // (The keys may have changed the as-of date, which moves the preview window.)
    const today = page.getByRole('button', { name: 'Today' });
    if (await today.isEnabled()) await today.click();
    assert.equal(await total(page).textContent(), '$30,500.00');
  });
});

test('a timeline tick tells its invoice on hover and shows it on click', async () => {
  await withPage(async (page) => {
    const svg = page.locator('figure.timeline svg');
    const d = await page.locator('svg path.ticks').first().getAttribute('d');
    const xs = [...d.matchAll(/M([\d.]+) 100/g)].map((m) => Number(m[1]));
    const box = await svg.boundingBox();
    const scale = box.width / 1020;
    // The second invoice: Apr 15, 2026 (the first of Year 1).
    await page.mouse.move(box.x + (xs[1] + 10) * scale + 1, box.y + 95 * scale);
    const tip = page.locator('.tick-tip text');
    await tip.waitFor();
    assert.equal(await tip.textContent(), 'Apr 15, 2026 · $1,500.00');
    await page.mouse.down();
    await page.mouse.up();
    const invoice = page.getByRole('listitem', { name: 'Invoice Apr 15, 2026' });
    assert.equal(await invoice.evaluate((el) => el === document.activeElement), true);
    assert.equal(await phase(page, 1).getByLabel('Completion date').inputValue(), '2026-03-15', 'no drag happened');
  });
});
