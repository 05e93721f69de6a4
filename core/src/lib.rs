//! Phasebill: every invoice, credit and proration of a phased billing contract.
//!
//! The engine implements the rules of `docs/billing-rules.md`. It is pure: no IO, no clock
//! (callers pass "today"), no floats for money, and no input makes it panic.
//!
//! ```
//! use serde_json::json;
//! let schedule = json!({
//!     "currency": "USD",
//!     "startDate": "2026-01-01",
//!     "phases": [
//!         { "name": "Pilot",
//!           "duration": { "type": "milestone", "completedOn": "2026-03-15" },
//!           "prices": [{ "name": "Pilot fee", "amount": "12500.00",
//!                        "frequency": "oneTime", "timing": "inAdvance" }] },
//!         { "name": "Year 1",
//!           "duration": { "type": "fixed", "count": 12, "unit": "months" },
//!           "prices": [{ "name": "Platform access", "amount": "1500.00",
//!                        "frequency": "monthly", "timing": "inArrears" }] }
//!     ]
//! });
//! let today = phasebill::parse_date("2026-03-15").unwrap();
//! let preview = phasebill::preview(&schedule, &json!(null), today).unwrap();
//! assert_eq!(preview.invoices.len(), 13);
//! assert_eq!(preview.totals.net.to_string(), "30500.00");
//! ```
//!
//! Layers, each using only the ones above it: `calendar`, `currency`, `money`, `error`;
//! `schedule`, `timeline`; `charges`, `validate`; `invoicing`; `billing`; `preview`. The front doors
//! (the `phasebill` binary, the wasm module, the web app) sit on top.

// The engine's layers are internal; the contract's types are re-exported below, so that
// callers name `phasebill::Preview`, never a module path that may move.
mod billing;
mod calendar;
mod charges;
mod compare;
mod currency;
mod discounts;
mod error;
pub mod forecast;
mod invoicing;
mod json;
mod money;
mod preview;
pub mod render;
mod schedule;
mod terms;
mod timeline;
mod validate;

pub use billing::{Billing, Description, InvoiceHead, LineTexts, PriceSlots};
pub use calendar::{parse_date, Date, DateError, FIRST_DATE, LAST_DATE};
pub use charges::ServicePeriod;
pub use compare::{Change, Comparison, InvoiceChange, InvoiceSummary, Side};
pub use currency::Currency;
pub use error::{Code, Error, Issue, Warning, WarningCode};
pub use invoicing::{Line, LineKind, MAX_LINES};
pub use json::{Json, Object};
pub use money::Money;
pub use preview::{
    Invoice, InvoiceKind, InvoiceLine, InvoiceStatus, PhaseStatus, PhaseView, Preview, Proration,
    Totals, MAX_INVOICES,
};
pub use schedule::{
    BillingAnchor, DayOfMonth, Discount, Duration, Frequency, Milestone, Off, Phase,
    PreviewOptions, Price, Schedule, Timing, Unit,
};

use serde_json::Value;

/// The preview of a schedule (JSON per spec section 7) with options (`{asOf?, until?}`,
/// or null). `today` is the default as-of.
pub fn preview(schedule: &Value, options: &Value, today: Date) -> Result<Preview, Error> {
    validated(schedule, options, today)?.preview()
}

/// What changes between two versions of a schedule previewed with the same options (spec
/// section 11). Issues of either schedule come with their paths prefixed `before.` or
/// `after.`; issues of the options once, at their own paths.
pub fn compare(
    before: &Value,
    after: &Value,
    options: &Value,
    today: Date,
) -> Result<Comparison, Error> {
    let options = Json::from(options);
    compare_json(&Json::from(before), &Json::from(after), &options, today)
}

/// [`compare`] of JSON read as [`Json`] (e.g. parsed with [`Json::parse`]).
pub fn compare_json(
    before: &Json,
    after: &Json,
    options: &Json,
    today: Date,
) -> Result<Comparison, Error> {
    let (before, after) = compare::both_valid(
        validate::validate(before, options, today),
        validate::validate(after, options, today),
    )?;
    compare::compare(before, after)
}

/// A schedule with options that passed validation, to bill or preview (as often as needed).
pub struct Validated(validate::Valid);

impl Validated {
    /// The invoices of the window as numbers, each line's texts on demand (what the npm
    /// package packs without building named lines).
    pub fn billing(&self) -> Result<Billing<'_>, Error> {
        billing::billing(&self.0)
    }

    /// The preview (spec section 7).
    pub fn preview(&self) -> Result<Preview, Error> {
        preview::preview(&self.0)
    }

    /// The last day of the window when the options give no `until` (spec section 9).
    pub fn default_until(&self) -> Date {
        self.0
            .options
            .until
            .unwrap_or_else(|| billing::default_until(&self.0))
    }

    /// The preview over a window ending on `until` (whatever the options say): two versions
    /// previewed to the same `until` compare with [`compare_previews`].
    pub fn preview_until(&self, until: Date) -> Result<Preview, Error> {
        preview::preview_to(&self.0, until)
    }
}

/// What changed between two previews of one window (spec section 11), for a caller that
/// keeps one side's preview: the same answer as [`compare`] when both were previewed to the
/// later of their [`Validated::default_until`]s. `None` when the currencies, as-of dates or
/// windows differ.
pub fn compare_previews(before: &Preview, after: &Preview) -> Option<Comparison> {
    compare::between(before, after)
}

/// Validates a schedule (JSON per spec section 7) with options; `today` is the default as-of.
pub fn validated(schedule: &Value, options: &Value, today: Date) -> Result<Validated, Error> {
    validated_json(&Json::from(schedule), &Json::from(options), today)
}

/// [`validated`] of JSON read as [`Json`]: [`Json::parse`] of a text borrows its strings
/// instead of building a `serde_json::Value`, the quicker way from text.
pub fn validated_json(schedule: &Json, options: &Json, today: Date) -> Result<Validated, Error> {
    validate::validate(schedule, options, today)
        .map(Validated)
        .map_err(Error::new)
}

/// Every issue of a schedule with options; empty when a preview can be made.
pub fn validate(schedule: &Value, options: &Value, today: Date) -> Vec<Issue> {
    match preview(schedule, options, today) {
        Ok(_) => Vec::new(),
        Err(error) => error.issues,
    }
}

/// The preview of one JSON text holding a schedule; unparsable text is `invalidJson`.
pub fn preview_json(schedule: &str, options: &Value, today: Date) -> Result<Preview, Error> {
    let schedule = Json::parse(schedule).map_err(Error::invalid_json)?;
    validated_json(&schedule, &Json::from(options), today)?.preview()
}

/// The preview's stages one at a time, for the per-stage split of `cargo bench`
/// (`core/benches/stages.rs`). Not part of the API: it may change with the engine.
#[doc(hidden)]
#[cfg(not(target_arch = "wasm32"))]
pub mod stages {
    use super::*;

    /// Stage 1: parsed JSON → validated schedule and timeline.
    pub fn validate(schedule: &Json, options: &Json, today: Date) -> Option<Validated> {
        validate::validate(schedule, options, today)
            .ok()
            .map(Validated)
    }

    /// Stage 2: the billing periods and ideal charges of every key, without the diff; how
    /// many keys.
    pub fn ideals(valid: &Validated) -> usize {
        let v = &valid.0;
        let until = v.options.until.unwrap_or_else(|| billing::default_until(v));
        let mut keys = 0;
        let walked = invoicing::ideals(&v.schedule, &v.forecast, until, |_, ideals, _| {
            keys += 1;
            // As the diff would tell for a final charge: past `until` once due after it.
            let beyond = ideals.last.is_some_and(|c| c.due > until);
            Ok::<bool, ()>(beyond)
        });
        walked.map_or(0, |()| keys)
    }

    /// Stages 2 and 3: periods, ideals and the knowledge diff: the lines, unordered.
    pub fn lines(valid: &Validated) -> usize {
        let v = &valid.0;
        let until = v.options.until.unwrap_or_else(|| billing::default_until(v));
        invoicing::lines(&v.schedule, &v.forecast, until).map_or(0, |l| l.lines.len())
    }

    /// Stages 2 to 4: the lines in issue-date order.
    pub fn ordered(valid: &Validated) -> usize {
        let v = &valid.0;
        let until = v.options.until.unwrap_or_else(|| billing::default_until(v));
        invoicing::lines(&v.schedule, &v.forecast, until)
            .map_or(0, |l| billing::by_date(&l.lines).len())
    }

    /// Stages 2 to 5: the invoices and totals as numbers; how many lines.
    pub fn billing(valid: &Validated) -> usize {
        valid.billing().map_or(0, |b| b.lines.len())
    }

    /// Stages 2 to 6: the whole preview from a validated input.
    pub fn preview(valid: &Validated) -> Option<Preview> {
        preview::preview(&valid.0).ok()
    }
}

/// The README's Rust examples run as doctests.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
