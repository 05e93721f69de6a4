//! The schedule: a validated contract of phases and prices (spec sections 3 and 4).
//!
//! Values of these types are only built by [`crate::validate`], so every field already
//! satisfies the input rules. They serialize to the JSON contract of spec section 7.

use crate::calendar::Date;
use crate::currency::Currency;
use crate::money::Rate;
use rust_decimal::Decimal;
use serde::Serialize;

/// One customer contract.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Schedule {
    /// Who the contract is with; carried, never used by billing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    pub currency: Currency,
    pub start_date: Date,
    pub billing_anchor: BillingAnchor,
    /// Days from an invoice's issue date to its due date (spec section 10.2).
    pub payment_terms_days: u16,
    pub phases: Vec<Phase>,
}

/// How billing periods are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum BillingAnchor {
    /// Period k starts at `phaseStart + k × step`.
    #[default]
    PhaseStart,
    /// Periods align to calendar months, quarters, halves or years.
    Calendar,
    /// Periods start on this day of the month (1–31, the month's last day when shorter):
    /// the billing cycle day of spec section 10.1. Serializes as `{"dayOfMonth": N}`.
    #[serde(untagged)]
    DayOfMonth(DayOfMonth),
}

/// `{"dayOfMonth": N}`, N in 1..=31.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DayOfMonth {
    pub day_of_month: u32,
}

/// A stretch of the contract with its own prices.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Phase {
    pub name: String,
    pub duration: Duration,
    pub prices: Vec<Price>,
    /// At most one per price (spec section 10.3).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub discounts: Vec<Discount>,
}

/// How a phase ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Duration {
    /// `end = start + count × unit`.
    Fixed { count: u64, unit: Unit },
    /// Ends when its milestone is completed.
    Milestone(Milestone),
    /// Never ends; the last phase only.
    OpenEnded,
}

/// The event that ends a milestone phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Milestone {
    /// The phase's end, once completed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completed_on: Option<Date>,
    /// When the completion was recorded (default: `completed_on`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recorded_on: Option<Date>,
    /// A forecast completion for a pending milestone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_on: Option<Date>,
}

impl Milestone {
    /// `(completedOn, recordedOn)` once completed.
    pub fn completion(&self) -> Option<(Date, Date)> {
        self.completed_on
            .map(|done| (done, self.recorded_on.unwrap_or(done)))
    }
}

/// Unit of a fixed duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Unit {
    Days,
    Weeks,
    Months,
    Years,
}

/// What is billed in a phase.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Price {
    pub name: String,
    /// Per period, or once; with exactly the currency's minor digits.
    pub amount: Decimal,
    /// Canonical decimal, default 1.
    pub quantity: Decimal,
    pub frequency: Frequency,
    pub timing: Timing,
    /// `amount × quantity` in minor units, worked out once by validation (`None` only while
    /// the currency is unknown, so never in a valid schedule).
    #[serde(skip)]
    pub(crate) rate: Option<Rate>,
}

/// How often a price bills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Frequency {
    OneTime,
    Monthly,
    Quarterly,
    SemiAnnually,
    Annually,
}

impl Frequency {
    /// Months in one billing period; `None` for one-time fees.
    pub fn months(self) -> Option<u32> {
        match self {
            Frequency::OneTime => None,
            Frequency::Monthly => Some(1),
            Frequency::Quarterly => Some(3),
            Frequency::SemiAnnually => Some(6),
            Frequency::Annually => Some(12),
        }
    }
}

/// When a charge is due relative to its service period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Timing {
    InAdvance,
    InArrears,
}

/// A reduction of some prices of a phase (spec section 10.3).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Discount {
    pub name: String,
    #[serde(flatten)]
    pub off: Off,
    /// Indices into the phase's prices; `None` covers all of them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prices: Option<Vec<usize>>,
}

impl Discount {
    /// Whether the discount covers price `index` of its phase.
    pub fn covers(&self, index: usize) -> bool {
        self.prices.as_ref().is_none_or(|p| p.contains(&index))
    }
}

/// What a discount takes off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Off {
    /// A share of each charge, `0 < percent ≤ 100`, at most 4 decimals.
    Percent(Decimal),
    /// A fixed amount off each billing period (or the one-time fee), never prorated.
    Amount(Decimal),
}

/// How a preview is looked at (spec section 6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PreviewOptions {
    /// "Today": splits issued from upcoming invoices.
    pub as_of: Date,
    /// Last day of the window (inclusive); `None` for the default window.
    pub until: Option<Date>,
}
