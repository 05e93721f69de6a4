// Types of the npm package `phasebill`: the JSON contract of the billing spec, section 7.
// Written in one place, next to the Rust types they mirror (core/src/schedule.rs,
// preview.rs, error.rs); core/tests/typescript_types.rs checks that every enum value and
// error code of the engine appears here.

/** A calendar date `YYYY-MM-DD` (1900-01-01 to 2999-12-31). */
export type IsoDate = string;
/** A decimal as text, e.g. `"1500.00"`, `"1.5"`. */
export type DecimalString = string;

export type BillingAnchor = "phaseStart" | "calendar";
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

export interface Phase {
  name: string;
  duration: Duration;
  prices: Price[];
}

export interface Schedule {
  /** An active ISO 4217 code, e.g. `"USD"`. */
  currency: string;
  startDate: IsoDate;
  /** Default `"phaseStart"`. */
  billingAnchor?: BillingAnchor | null;
  phases: Phase[];
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
export type LineKind = "charge" | "catchUp" | "credit";

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
}

export interface Invoice {
  issueDate: IsoDate;
  kind: InvoiceKind;
  status: InvoiceStatus;
  total: DecimalString;
  lines: InvoiceLine[];
}

export interface Totals {
  charged: DecimalString;
  /** ≤ 0. */
  credited: DecimalString;
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
  | "previewTooLarge";

export type WarningCode = "expectedOnIgnored";

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

/** Invalid input. `issues` holds every problem found. */
export declare class PhasebillError extends Error {
  readonly name: "PhasebillError";
  readonly issues: Issue[];
}

/** Every invoice, credit and proration of `schedule`. Throws `PhasebillError`. */
export declare function preview(schedule: Schedule, options?: PreviewOptions): Preview;

/** Every issue of an input; empty when it previews. Never throws on bad input. */
export declare function validate(schedule: unknown, options?: unknown): Issue[];

/** The package version. */
export declare const version: string;

/** Browsers: loads the wasm module (from next to the package's JS, or from `input`).
 *  Node: already loaded; resolves at once. */
export declare function init(
  input?: string | URL | Request | Response | BufferSource | WebAssembly.Module,
): Promise<void>;

/** Synchronous init from wasm bytes already at hand (no-op in Node). */
export declare function initSync(bytes: BufferSource | WebAssembly.Module): void;
