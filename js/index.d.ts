// Types of the npm package `phasebill`: the JSON contract of docs/billing-rules.md. The
// build ships this file twice, as `index.d.mts` (import) and `index.d.cts` (require).
// Written in one place, next to the Rust types they mirror (core/src/schedule.rs,
// preview.rs, error.rs); core/tests/typescript_types.rs checks that every enum value and
// error code of the engine appears here.

/** A calendar date `YYYY-MM-DD` (1900-01-01 to 2999-12-31). */
export type IsoDate = string;
/** A decimal as text, e.g. `"1500.00"`, `"1.5"`. */
export type DecimalString = string;

/** Bill on this day of the month (1–31; the month's last day when shorter). */
export interface BillingDayOfMonth {
  /** A whole number 1–31. */
  dayOfMonth: number;
}
export type BillingAnchor = "phaseStart" | "calendar" | BillingDayOfMonth;
export type DurationUnit = "days" | "weeks" | "months" | "years";
export type Frequency = "oneTime" | "monthly" | "quarterly" | "semiAnnually" | "annually";
export type Timing = "inAdvance" | "inArrears";

export interface FixedDuration {
  type: "fixed";
  /** A whole number ≥ 1. */
  count: number;
  unit: DurationUnit;
}

export interface MilestoneDuration {
  type: "milestone";
  /** The phase's end, once completed. */
  completedOn?: IsoDate | null;
  /** When the completion was recorded (default: `completedOn`). */
  recordedOn?: IsoDate | null;
  /** Forecast completion of a pending milestone (after as-of). */
  expectedOn?: IsoDate | null;
}

export interface OpenEndedDuration {
  type: "openEnded";
}

export type Duration = FixedDuration | MilestoneDuration | OpenEndedDuration;

export interface Price {
  /** 1 to 200 characters. */
  name: string;
  /** Per period, or once: ≥ 0, < 10^15, within the currency's minor digits. */
  amount: DecimalString | number;
  /** Default 1; ≥ 0, < 10^15, at most 9 decimals. */
  quantity?: DecimalString | number | null;
  frequency: Frequency;
  timing: Timing;
}

/** A percent off each charge of the covered prices: `0 < percent ≤ 100`, ≤ 4 decimals. */
export interface PercentDiscount {
  name: string;
  percent: DecimalString | number;
  amount?: never;
  /** Indices into the phase's prices; absent or null covers every price. */
  prices?: readonly number[] | null;
}

/** A fixed amount off each billing period (or one-time fee), never prorated, never below 0. */
export interface AmountDiscount {
  name: string;
  amount: DecimalString | number;
  percent?: never;
  /** Indices into the phase's prices; absent or null covers every price. */
  prices?: readonly number[] | null;
}

export type Discount = PercentDiscount | AmountDiscount;

export interface Phase {
  name: string;
  duration: Duration;
  prices: readonly Price[];
  /** At most one discount per price. */
  discounts?: readonly Discount[] | null;
}

export interface Schedule {
  /** Who the contract is with; carried, never used by billing. */
  customer?: string | null;
  /** An active ISO 4217 code, e.g. `"USD"`. */
  currency: string;
  startDate: IsoDate;
  /** Default `"phaseStart"`. */
  billingAnchor?: BillingAnchor | null;
  /** Days from an invoice's issue date to its due date, 0–365 (default 0). */
  paymentTermsDays?: number | null;
  phases: readonly Phase[];
}

export interface PreviewOptions {
  /** "Today": splits issued from upcoming invoices. Default: today's UTC date. */
  asOf?: IsoDate | null;
  /** Last day of the window, inclusive. Default: spec section 9. */
  until?: IsoDate | null;
}

export type PhaseStatus = "completed" | "active" | "upcoming" | "awaitingMilestone";
export type InvoiceKind = "invoice" | "creditNote";
export type InvoiceStatus = "issued" | "upcoming" | "forecast";
export type LineKind = "charge" | "catchUp" | "credit" | "discount";

export interface PhaseView {
  index: number;
  name: string;
  /** Null while the phase awaits an earlier milestone. */
  start: IsoDate | null;
  /** Null while unknown or never (open-ended). */
  end: IsoDate | null;
  status: PhaseStatus;
}

/** A half-open range `[start, end)`. */
export interface ServicePeriod {
  start: IsoDate;
  end: IsoDate | null;
}

export interface Proration {
  usedDays: number;
  periodDays: number;
}

export interface InvoiceLine {
  phaseIndex: number;
  priceIndex: number;
  priceName: string;
  kind: LineKind;
  description: string;
  servicePeriod: ServicePeriod;
  /** Canonical decimal, e.g. `"1"`, `"1.5"`. */
  quantity: DecimalString;
  /** Always positive, with the currency's minor digits. */
  unitAmount: DecimalString;
  /** Negative for credits, with the currency's minor digits. */
  amount: DecimalString;
  /** Set exactly when a recurring line covers fewer days than its period. */
  proration: Proration | null;
  /** The phase's discount of a `"discount"` line; null on every other line. */
  discountIndex: number | null;
}

/** A line of kind `"discount"` (its amount is ≤ 0 when taken, > 0 when given back). */
export interface DiscountLine extends InvoiceLine {
  kind: "discount";
  discountIndex: number;
}

export interface Invoice {
  issueDate: IsoDate;
  kind: InvoiceKind;
  status: InvoiceStatus;
  total: DecimalString;
  /** Issue date + `paymentTermsDays` on an invoice; null on a credit note. */
  dueDate: IsoDate | null;
  lines: InvoiceLine[];
}

export interface Totals {
  charged: DecimalString;
  /** ≤ 0. */
  credited: DecimalString;
  /** ≤ 0 in total: discounts taken, less those given back. */
  discounted: DecimalString;
  /** `charged + credited + discounted`. */
  net: DecimalString;
}

export type ErrorCode =
  | "invalidJson"
  | "required"
  | "invalidType"
  | "invalidDate"
  | "dateOutOfRange"
  | "invalidCurrency"
  | "invalidBillingAnchor"
  | "emptyPhases"
  | "invalidName"
  | "invalidDuration"
  | "invalidDurationType"
  | "invalidCount"
  | "invalidUnit"
  | "openEndedNotLast"
  | "recordedWithoutCompletion"
  | "completedBeforeStart"
  | "completedAfterPending"
  | "expectedBeforeStart"
  | "invalidAmount"
  | "invalidQuantity"
  | "invalidFrequency"
  | "invalidTiming"
  | "invalidPaymentTerms"
  | "invalidDiscount"
  | "invalidPercent"
  | "invalidDiscountPrices"
  | "overlappingDiscounts"
  | "previewTooLarge"
  | "currencyMismatch";

export type WarningCode = "expectedOnIgnored" | "unknownField";

export interface Issue {
  /** `""` for the schedule, e.g. `"phases[1].prices[0].amount"`, `"options.asOf"`. */
  path: string;
  code: ErrorCode;
  /** Lowercase; names the bad value. */
  message: string;
}

export interface Warning {
  path: string;
  code: WarningCode;
  message: string;
}

export interface Preview {
  currency: string;
  asOf: IsoDate;
  until: IsoDate;
  /** Whether billing goes on after `until`. */
  truncated: boolean;
  phases: PhaseView[];
  invoices: Invoice[];
  totals: Totals;
  warnings: Warning[];
}

/** How a compared invoice changed. */
export type InvoiceChangeKind = "added" | "removed" | "changed";

/** An invoice of one side of a comparison, without its lines. */
export interface InvoiceSummary {
  kind: InvoiceKind;
  status: InvoiceStatus;
  total: DecimalString;
  dueDate: IsoDate | null;
}

/** One changed invoice, matched by issue date. */
export interface InvoiceChange {
  issueDate: IsoDate;
  change: InvoiceChangeKind;
  /** Null when the invoice was added. */
  before: InvoiceSummary | null;
  /** Null when the invoice was removed. */
  after: InvoiceSummary | null;
  /** After's total minus before's (a missing side counts 0). */
  delta: DecimalString;
  /** Before's lines that after does not have (as a multiset). */
  removedLines: InvoiceLine[];
  /** After's lines that before does not have. */
  addedLines: InvoiceLine[];
}

/** One version's preview, summed up. */
export interface CompareSide {
  truncated: boolean;
  totals: Totals;
}

/** What changes between two versions of a schedule over one window. */
export interface CompareResult {
  currency: string;
  asOf: IsoDate;
  until: IsoDate;
  before: CompareSide;
  after: CompareSide;
  /** `after − before`, per total. */
  delta: Totals;
  /** The changed invoices only, by issue date. */
  invoices: InvoiceChange[];
}

/** Invalid input. `issues` holds every problem found. */
export declare class PhasebillError extends Error {
  constructor(message: string, issues?: Issue[]);
  readonly name: "PhasebillError";
  readonly issues: Issue[];
}

/** Every invoice, credit and proration of `schedule`. Throws `PhasebillError`. */
export declare function preview(schedule: Schedule, options?: PreviewOptions): Preview;

/** Every issue of an input; empty when it previews. Never throws on bad input. */
export declare function validate(schedule: unknown, options?: unknown): Issue[];

/** Whether `schedule` previews with `options`. */
export declare function isValid(schedule: unknown, options?: unknown): schedule is Schedule;

/** What changes between two versions of a schedule, previewed with the same options over
 *  one window. Throws `PhasebillError` (schedule issue paths prefixed `before.`/`after.`). */
export declare function compare(before: Schedule, after: Schedule, options?: PreviewOptions): CompareResult;

/** The package version. */
export declare const version: string;

/** A URL, as a string or a `URL` object (typed structurally: projects without the DOM
 *  library compile). */
export type UrlLike = string | { readonly href: string };

/** What `init` takes: the wasm file's URL, a `Response` or a promise of one, the bytes
 *  (`ArrayBuffer`, typed array) or a compiled `WebAssembly.Module`. */
export type InitInput = UrlLike | ArrayBuffer | ArrayBufferView | PromiseLike<unknown> | object;

/** Browsers: loads the wasm module (from next to the package's JS, or from `input`).
 *  Node: loads it on first use; resolves at once. */
export declare function init(input?: InitInput): Promise<void>;

/** Synchronous init from wasm bytes already at hand (`ArrayBuffer`, typed array) or a
 *  `WebAssembly.Module` (no-op in Node). */
export declare function initSync(bytes: ArrayBuffer | ArrayBufferView | object): void;

/** `init`, so that `import init, { preview } from "phasebill"; await init();` runs everywhere. */
export default init;
