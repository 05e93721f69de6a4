// The JavaScript reference of `npm run bench`: a straightforward implementation of the
// billing rules of docs/billing-rules.md in plain JavaScript, written for the benchmark,
// that `preview()` is timed against. Money is BigInt minor units, dates are integer day
// numbers, a charge is one exact fraction rounded half-up once, and billing is the same
// knowledge-based diff (ideal charges under each state of knowledge, then the differences).
//
// It covers what the benchmark contracts use and refuses the rest (throws): phases fixed
// or ended by a recorded milestone; one-time and recurring prices (monthly, quarterly,
// semiannual, annual) in advance or in arrears, with quantities; periods from the phase
// start; as-of and until. Not covered: expected (forecast) milestones, pending milestones,
// open-ended phases, billing anchors, payment terms, discounts, warnings.
// scripts/bench.mjs checks that its answer equals preview()'s on every contract it times.

const EXPONENTS = { USD: 2, EUR: 2, GBP: 2, JPY: 0, KWD: 3 };
const MONTHS = { monthly: 1, quarterly: 3, semiAnnually: 6, annually: 12 };
const MAX_LINES = 100_000;

// ---- dates: day numbers since 1970-01-01 (H. Hinnant's civil-calendar algorithms) ----

function daysFromCivil(y, m, d) {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z) {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const daysInMonth = (y, m) => (m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [31, 0, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]);

function parseDate(text, field) {
  const match = typeof text === "string" && /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) throw new Error(`${field} ${JSON.stringify(text)} is not a date`);
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) || y < 1900 || y > 2999) throw new Error(`${field} ${text} is not a supported date`);
  return daysFromCivil(y, m, d);
}

const pad = (n, w) => String(n).padStart(w, "0");
function formatDate(day) {
  const [y, m, d] = civilFromDays(day);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** Months since year 0 of a day, and its day of month. */
function monthOf(day) {
  const [y, m, d] = civilFromDays(day);
  return [y * 12 + m - 1, d];
}

/** Day `d` of month `month` (months since year 0), clamped to the month's last day. */
function dayIn(month, d) {
  const y = Math.floor(month / 12);
  const m = month - y * 12 + 1;
  return daysFromCivil(y, m, Math.min(d, daysInMonth(y, m)));
}

const addMonths = (day, n) => {
  const [month, d] = monthOf(day);
  return dayIn(month + n, d);
};

// ---- money: BigInt minor units ----

function parseDecimal(text, field) {
  const value = typeof text === "number" ? String(text) : text;
  const match = typeof value === "string" && /^(\d+)(?:\.(\d+))?$/.exec(value);
  if (!match) throw new Error(`${field} ${JSON.stringify(text)} is not a decimal`);
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  return { mantissa: BigInt(match[1] + fraction), scale: fraction.length };
}

const TEN = 10n;
/** `n ÷ d` rounded half away from zero, for n ≥ 0, d > 0. */
function roundHalfUp(n, d) {
  const q = n / d;
  const r = n % d;
  return r >= d - r ? q + 1n : q;
}

function formatMoney(minor, exponent) {
  const sign = minor < 0n ? "-" : "";
  const abs = minor < 0n ? -minor : minor;
  if (exponent === 0) return `${sign}${abs}`;
  const unit = TEN ** BigInt(exponent);
  return `${sign}${abs / unit}.${String(abs % unit).padStart(exponent, "0")}`;
}

function canonical({ mantissa, scale }) {
  const digits = String(mantissa).padStart(scale + 1, "0");
  return scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

// ---- the schedule ----

const ALWAYS = -Infinity;
const NEVER = Infinity;

/** Every phase's span and the days its boundaries become known; every recording day. */
function phasesOf(schedule, start) {
  let at = start;
  let knownFrom = ALWAYS; // when the current phase's start becomes known
  const recordings = [];
  const phases = schedule.phases.map((phase, index) => {
    const duration = phase.duration;
    let end;
    let endKnown;
    if (duration.type === "fixed") {
      const count = duration.count;
      end = { days: at + count, weeks: at + 7 * count, months: addMonths(at, count), years: addMonths(at, 12 * count) }[duration.unit];
      if (end === undefined) throw new Error(`phases[${index}] unit ${duration.unit} is not covered`);
      endKnown = knownFrom;
    } else if (duration.type === "milestone" && duration.completedOn) {
      end = parseDate(duration.completedOn, "completedOn");
      const recorded = duration.recordedOn ? parseDate(duration.recordedOn, "recordedOn") : end;
      recordings.push(recorded);
      endKnown = Math.max(knownFrom, recorded);
    } else {
      throw new Error(`phases[${index}]: only fixed phases and completed milestones are covered`);
    }
    if (phase.discounts?.length) throw new Error("discounts are not covered");
    const span = { index, name: phase.name, start: at, end, startKnown: knownFrom, endKnown, prices: phase.prices };
    at = end;
    knownFrom = endKnown;
    return span;
  });
  return { phases, recordings };
}

// ---- ideal charges and the knowledge diff (spec sections 4 and 5) ----

function recurring(rate, timing, phaseStart, phaseEnd, from, to) {
  const start = Math.max(from, phaseStart);
  const end = phaseEnd === null ? to : Math.min(phaseEnd, to);
  if (start >= end) return null;
  const periodDays = to - from;
  const used = end - start;
  return {
    start, end, periodDays, used,
    amount: roundHalfUp(rate.numerator * BigInt(used), rate.denominator * BigInt(periodDays)),
    due: timing === "inAdvance" ? start : end,
  };
}

function oneTime(rate, timing, phaseStart, phaseEnd, shownEnd) {
  const due = timing === "inAdvance" ? phaseStart : phaseEnd;
  if (due === null) return null;
  return { start: phaseStart, end: shownEnd, periodDays: null, used: null, amount: roundHalfUp(rate.numerator, rate.denominator), due };
}

/** A key's changes from its ideals under the open and final versions of its phase. */
function diff(open, last, startKnown, endKnown, emit) {
  const owed = (c, day) => (c !== null && c.due <= day ? c.amount : 0n);
  if (open !== null) {
    if (startKnown !== ALWAYS && open.due <= startKnown) emit(startKnown, open.due === startKnown ? "charge" : "catchUp", open, open.amount);
    else emit(open.due, "charge", open, open.amount);
  }
  if (endKnown === NEVER) return;
  if (endKnown === ALWAYS) {
    if (last !== null) emit(last.due, "charge", last, last.amount);
    return;
  }
  const e = endKnown;
  const before = owed(open, e - 1);
  const now = owed(last, e);
  const change = now - before;
  if (last !== null && change > 0n) {
    emit(e, e === last.due ? "charge" : "catchUp", last, change);
  } else if (last !== null && open !== null && change < 0n && now !== 0n) {
    // Cut short: the credit takes back the days after the new end.
    const start = last.end ?? open.start;
    const end = open.end;
    const used = end === null ? null : end - start;
    emit(e, "credit", { ...open, start, end, used }, change);
  } else if (open !== null && change < 0n) {
    emit(e, "credit", open, change);
  }
  if (last !== null && last.due > e) emit(last.due, "charge", last, last.amount);
}

/** The preview (spec section 7) of `schedule` with `options`, as `preview()` answers it. */
export function preview(schedule, options, today) {
  const exponent = EXPONENTS[schedule.currency];
  if (exponent === undefined) throw new Error(`currency ${schedule.currency} is not covered`);
  if (schedule.billingAnchor !== undefined || schedule.paymentTermsDays) throw new Error("billing anchors and payment terms are not covered");
  const start = parseDate(schedule.startDate, "startDate");
  const asOf = options?.asOf ? parseDate(options.asOf, "asOf") : parseDate(today, "today");
  const { phases, recordings } = phasesOf(schedule, start);
  const until = options?.until ? parseDate(options.until, "until") : recordings.reduce((a, b) => Math.max(a, b), phases.at(-1).end);

  const lines = [];
  let beyond = false;
  for (const phase of phases) {
    const hasOpen = phase.startKnown < phase.endKnown;
    const beforeEnd = (c) => c !== null && c.due < phase.endKnown;
    phase.prices.forEach((price, priceIndex) => {
      const amount = parseDecimal(price.amount, "amount");
      if (amount.scale > exponent) throw new Error(`amount ${price.amount} has too many decimals`);
      const quantity = price.quantity === undefined ? { mantissa: 1n, scale: 0 } : parseDecimal(price.quantity, "quantity");
      const rate = {
        numerator: amount.mantissa * quantity.mantissa * TEN ** BigInt(exponent),
        denominator: TEN ** BigInt(amount.scale + quantity.scale),
      };
      if (roundHalfUp(rate.numerator, rate.denominator) === 0n) return;
      if (price.timing !== "inAdvance" && price.timing !== "inArrears") throw new Error(`timing ${price.timing} is not covered`);
      const texts = {
        name: price.name,
        quantity: canonical(quantity),
        unitAmount: formatMoney(amount.mantissa * TEN ** BigInt(exponent - amount.scale), exponent),
      };
      const emit = (date, kind, charge, minor) => {
        if (minor === 0n) return;
        if (date > until) {
          beyond = true;
          return;
        }
        if (lines.length >= MAX_LINES) throw new Error("preview too large");
        const proration = charge.periodDays !== null && charge.end !== null && charge.used < charge.periodDays ? { usedDays: charge.used, periodDays: charge.periodDays } : null;
        lines.push({ date, phaseIndex: phase.index, priceIndex, texts, kind, start: charge.start, end: charge.end, proration, minor });
      };
      if (price.frequency === "oneTime") {
        const open = hasOpen ? oneTime(rate, price.timing, phase.start, null, phase.end) : null;
        const last = oneTime(rate, price.timing, phase.start, phase.end, phase.end);
        diff(beforeEnd(open) ? open : null, last, phase.startKnown, phase.endKnown, emit);
        return;
      }
      const months = MONTHS[price.frequency];
      if (months === undefined) throw new Error(`frequency ${price.frequency} is not covered`);
      const [first, d] = monthOf(phase.start);
      for (let k = 0; ; k++) {
        const from = dayIn(first + k * months, d);
        const to = dayIn(first + (k + 1) * months, d);
        if (from > until && beyond) break;
        let open = hasOpen ? recurring(rate, price.timing, phase.start, null, from, to) : null;
        if (!beforeEnd(open)) open = null;
        const last = recurring(rate, price.timing, phase.start, phase.end, from, to);
        if (open === null && last === null) break;
        diff(open, last, phase.startKnown, phase.endKnown, emit);
      }
    });
  }

  // Invoices: the lines of each date, in key order (a stable sort).
  lines.sort((a, b) => a.date - b.date);
  const invoices = [];
  let charged = 0n;
  let credited = 0n;
  for (let i = 0; i < lines.length; ) {
    const date = lines[i].date;
    let total = 0n;
    const out = [];
    for (; i < lines.length && lines[i].date === date; i++) {
      const l = lines[i];
      total += l.minor;
      if (l.minor < 0n) credited += l.minor;
      else charged += l.minor;
      out.push({
        phaseIndex: l.phaseIndex,
        priceIndex: l.priceIndex,
        priceName: l.texts.name,
        kind: l.kind,
        description: l.kind === "charge" ? l.texts.name : `${l.texts.name} (${l.kind === "catchUp" ? "catch-up" : "credit"})`,
        servicePeriod: { start: formatDate(l.start), end: l.end === null ? null : formatDate(l.end) },
        quantity: l.texts.quantity,
        unitAmount: l.texts.unitAmount,
        amount: formatMoney(l.minor, exponent),
        proration: l.proration,
        discountIndex: null,
      });
    }
    const credit = total < 0n;
    invoices.push({
      issueDate: formatDate(date),
      kind: credit ? "creditNote" : "invoice",
      status: date <= asOf ? "issued" : "upcoming",
      total: formatMoney(total, exponent),
      dueDate: credit ? null : formatDate(date),
      lines: out,
    });
  }
  const status = (p) => (asOf < p.start ? "upcoming" : asOf >= p.end ? "completed" : "active");
  return {
    currency: schedule.currency,
    asOf: formatDate(asOf),
    until: formatDate(until),
    truncated: beyond,
    phases: phases.map((p) => ({ index: p.index, name: p.name, start: formatDate(p.start), end: formatDate(p.end), status: status(p) })),
    invoices,
    totals: {
      charged: formatMoney(charged, exponent),
      credited: formatMoney(credited, exponent),
      discounted: formatMoney(0n, exponent),
      net: formatMoney(charged + credited, exponent),
    },
    warnings: [],
  };
}
