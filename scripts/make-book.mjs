#!/usr/bin/env node
// A deterministic book of contracts for `phasebill forecast`: one
// {"id", "schedule", "options"?} per line (JSON Lines), the same bytes for the same
// arguments on every machine.
//
//   node scripts/make-book.mjs [--count N] [--seed S] [--shape mixed|acme] [--invalid-every K] [--out FILE]
//
// --shape mixed (default): the fixtures' shapes — milestone pilots completed on time, recorded
//   late, pending with an expected date or without one; fixed and open-ended phases; monthly,
//   quarterly (from a 31st), semiannual, annual and one-time prices in advance and in
//   arrears; phase-start, calendar and billing-day anchors; percent and fixed discounts on
//   some prices; payment terms; USD, EUR (2 decimals), JPY (0) and KWD (3); a few lines with
//   their own asOf; and one invalid contract in every K (default 997; 0 for none).
// --shape acme: every contract the size of example A (13 invoices), amounts varied.
import { createWriteStream } from "node:fs";

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const count = Number(opt("count", "1000"));
const seed = Number(opt("seed", "1"));
const shape = opt("shape", "mixed");
const invalidEvery = Number(opt("invalid-every", shape === "acme" ? "0" : "997"));
const outPath = opt("out", null);
if (!Number.isInteger(count) || count < 0 || !["mixed", "acme"].includes(shape)) {
  console.error("usage: make-book.mjs [--count N] [--seed S] [--shape mixed|acme] [--invalid-every K] [--out FILE]");
  process.exit(2);
}

// mulberry32: small, fast, and the same everywhere.
let state = seed >>> 0;
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
const pick = (list) => list[Math.floor(random() * list.length)];

const pad = (n, w = 2) => String(n).padStart(w, "0");
const ymd = (d) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const addDays = (text, days) => {
  const d = new Date(`${text}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return ymd(d);
};
const randomDate = (fromText, days) => addDays(fromText, int(0, days));

const CURRENCIES = [
  { code: "USD", digits: 2, scale: 1 },
  { code: "USD", digits: 2, scale: 1 },
  { code: "EUR", digits: 2, scale: 1 },
  { code: "JPY", digits: 0, scale: 150 },
  { code: "KWD", digits: 3, scale: 0.3 },
];
/** A price amount around `base` (in dollars) in the currency, with its minor digits. */
function amount(currency, base) {
  const value = base * currency.scale * (0.5 + random());
  const minor = Math.max(1, Math.round(value * 10 ** currency.digits));
  if (currency.digits === 0) return String(minor);
  const text = String(minor).padStart(currency.digits + 1, "0");
  return `${text.slice(0, -currency.digits)}.${text.slice(-currency.digits)}`;
}
const FREQUENCIES = ["monthly", "monthly", "monthly", "quarterly", "semiAnnually", "annually"];
const TIMINGS = ["inAdvance", "inArrears"];

function price(currency, name, frequency = pick(FREQUENCIES), timing = pick(TIMINGS)) {
  const p = { name, amount: amount(currency, frequency === "oneTime" ? 10000 : 1500), frequency, timing };
  if (random() < 0.15) p.quantity = String(int(2, 40));
  return p;
}

function discounts(currency, prices) {
  if (prices.length === 0 || random() < 0.7) return undefined;
  const covered = prices.length > 1 && random() < 0.5 ? [int(0, prices.length - 1)] : undefined;
  const d = { name: "Discount" };
  if (random() < 0.6) d.percent = pick(["5", "10", "12.5", "20", "33.3333"]);
  else d.amount = amount(currency, 100);
  if (covered) d.prices = covered;
  return [d];
}

/** A milestone duration: completed (on time or recorded late), or pending (expected or not). */
function milestone(start) {
  const completed = addDays(start, int(20, 200));
  const r = random();
  if (r < 0.4) return { type: "milestone", completedOn: completed };
  if (r < 0.55) return { type: "milestone", completedOn: completed, recordedOn: addDays(completed, int(1, 45)) };
  // Expected after the book's usual as-of (2026-06-15) and after the phase's start.
  if (r < 0.85) return { type: "milestone", expectedOn: addDays(start > "2026-06-15" ? start : "2026-06-15", int(1, 300)) };
  return { type: "milestone" };
}

function phase(name, duration, currency, n) {
  const prices = [];
  for (let i = 0; i < n; i++) prices.push(price(currency, `${name} fee ${i + 1}`));
  const p = { name, duration, prices };
  const d = discounts(currency, prices);
  if (d) p.discounts = d;
  return p;
}

function mixedSchedule() {
  const currency = pick(CURRENCIES);
  const startDate = random() < 0.1 ? pick(["2026-01-31", "2026-03-31", "2025-08-31"]) : randomDate("2025-01-01", 900);
  const schedule = { currency: currency.code, startDate };
  const anchor = random();
  if (anchor < 0.2) schedule.billingAnchor = "calendar";
  else if (anchor < 0.4) schedule.billingAnchor = { dayOfMonth: pick([1, 15, 25, 28, 31, int(1, 31)]) };
  if (random() < 0.6) schedule.paymentTermsDays = pick([0, 14, 30, 30, 45, 60]);
  const kind = random();
  let phases;
  if (kind < 0.45) {
    // Acme-like: a pilot until a milestone, then fixed years (example A, B, C).
    const pilot = phase("Pilot", milestone(startDate), currency, 0);
    pilot.prices.push(price(currency, "Pilot fee", "oneTime", pick(TIMINGS)));
    if (random() < 0.5) pilot.prices.push(price(currency, "Pilot support", "monthly", "inAdvance"));
    const d = discounts(currency, pilot.prices);
    if (d) pilot.discounts = d;
    phases = [pilot, phase("Year 1", { type: "fixed", count: pick([6, 12, 12, 24]), unit: "months" }, currency, int(1, 2))];
    if (random() < 0.3) phases.push(phase("Renewal", { type: "openEnded" }, currency, 1));
  } else if (kind < 0.65) {
    // A plain subscription, open-ended or fixed.
    const duration = random() < 0.5 ? { type: "openEnded" } : { type: "fixed", count: int(1, 3), unit: "years" };
    phases = [phase("Subscription", duration, currency, int(1, 3))];
  } else if (kind < 0.8) {
    // Several fixed phases (ramps), weeks and days included.
    phases = [];
    for (let i = 0, n = int(2, 4); i < n; i++) {
      const unit = pick(["months", "months", "weeks", "days", "years"]);
      const count = unit === "days" ? int(10, 90) : unit === "weeks" ? int(2, 20) : unit === "years" ? 1 : int(1, 12);
      phases.push(phase(`Ramp ${i + 1}`, { type: "fixed", count, unit }, currency, int(1, 2)));
    }
  } else {
    // Two milestones: build, then acceptance, then run.
    const build = phase("Build", milestone(startDate), currency, 1);
    const pending = !build.duration.completedOn;
    const accept = pending ? { type: "milestone" } : milestone(build.duration.completedOn);
    phases = [build, phase("Acceptance", accept, currency, 1), phase("Run", { type: "fixed", count: 12, unit: "months" }, currency, 1)];
  }
  schedule.phases = phases;
  if (random() < 0.1) schedule.customer = `Customer ${int(1, 5000)}`;
  return schedule;
}

function acmeSchedule() {
  // Example A: pilot fee, then 12 monthly fees in arrears: 13 invoices.
  const c = CURRENCIES[0];
  return {
    currency: "USD",
    startDate: "2026-01-01",
    phases: [
      { name: "Pilot", duration: { type: "milestone", completedOn: "2026-03-15", recordedOn: "2026-03-15" },
        prices: [{ name: "Pilot fee", amount: amount(c, 12500), frequency: "oneTime", timing: "inAdvance" }] },
      { name: "Year 1", duration: { type: "fixed", count: 12, unit: "months" },
        prices: [{ name: "Platform access", amount: amount(c, 1500), frequency: "monthly", timing: "inArrears" }] },
    ],
  };
}

/** One of a few kinds of broken line. */
function invalidLine(id, schedule) {
  switch (int(0, 5)) {
    case 0: return JSON.stringify({ id, schedule: { ...schedule, currency: "usd" } });
    case 1: { const s = structuredClone(schedule); delete s.phases[0].prices[0]?.amount; s.phases[0].prices[0] ??= { name: "x" }; return JSON.stringify({ id, schedule: s }); }
    case 2: return `{"id": "${id}", "schedule": {"currency": "USD", `;
    case 3: return JSON.stringify({ schedule });
    case 4: return JSON.stringify({ id, schedule: { ...schedule, phases: [] } });
    default: return JSON.stringify({ id, schedule, options: { asOf: "2026-02-30" } });
  }
}

const out = outPath ? createWriteStream(outPath) : process.stdout;
let buffer = "";
for (let i = 1; i <= count; i++) {
  const id = `c-${pad(i, 7)}`;
  const schedule = shape === "acme" ? acmeSchedule() : mixedSchedule();
  let line;
  if (invalidEvery > 0 && i % invalidEvery === 0) line = invalidLine(id, schedule);
  else if (shape === "mixed" && random() < 0.05) line = JSON.stringify({ id, schedule, options: { asOf: randomDate("2026-01-01", 365) } });
  else line = JSON.stringify({ id, schedule });
  buffer += line + "\n";
  if (buffer.length > 1 << 20) {
    if (!out.write(buffer)) await new Promise((resolve) => out.once("drain", resolve));
    buffer = "";
  }
}
out.end(buffer);
