//! Ideal charges: what a price ought to bill for each service period of a phase whose
//! span is `[start, end)` (spec section 4). Knowledge is not considered here.

use crate::calendar::{self, Date};
use crate::money::Rate;
use crate::schedule::{BillingAnchor, DayOfMonth, Price, Timing};
use chrono::Datelike;

/// A half-open date range `[start, end)`: what a line bills (or takes back); `end` is
/// `None` (JSON null) when never known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct ServicePeriod {
    pub start: Date,
    pub end: Option<Date>,
}

/// What a price ought to bill for one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Charge {
    /// The service period: the billing period clipped to the phase (the phase span for
    /// a one-time fee).
    pub service: ServicePeriod,
    /// The full billing period's length in days (`None` for a one-time fee).
    pub period_days: Option<i64>,
    /// Charge in minor units, rounded half-up once.
    pub amount: i128,
    pub due: Date,
}

impl Charge {
    /// `(usedDays, periodDays)` when the service period is shorter than its billing period.
    pub fn proration(&self) -> Option<(i64, i64)> {
        let period = self.period_days?;
        let used = calendar::days_between(self.service.start, self.service.end?);
        (used < period).then_some((used, period))
    }
}

/// The billing periods of a recurring price in a phase starting on `phase_start`: period k
/// is `[b(k), b(k + 1))` with `b(j)` = day `day` (clamped to the month's last day) of the
/// month `first + j × step`, always computed from the first month, never chained. Period 0
/// contains the phase start.
#[derive(Debug, Clone, Copy)]
pub struct Periods {
    /// Months since year 0 (`year × 12 + month0`) of period 0's start.
    first: i64,
    /// Day of the month of every boundary, before clamping.
    day: u32,
    step: u32,
}

impl Periods {
    pub fn new(anchor: BillingAnchor, months: u32, phase_start: Date) -> Periods {
        let month_of = |d: Date| i64::from(d.year()) * 12 + i64::from(d.month0());
        let (first, day) = match anchor {
            BillingAnchor::PhaseStart => (month_of(phase_start), phase_start.day()),
            BillingAnchor::Calendar => (
                month_of(calendar::calendar_boundary(phase_start, months)),
                1,
            ),
            // Spec 10.1: A is the first billing day on or after the start; when A is later,
            // period 0 is the whole period before it, `[b(-1), b(0))`.
            BillingAnchor::DayOfMonth(DayOfMonth { day_of_month: n }) => {
                let month = month_of(phase_start);
                let a = match day_in(month, n) {
                    Some(a) if a >= phase_start => month,
                    _ => month + 1,
                };
                let first = if day_in(a, n) == Some(phase_start) {
                    a
                } else {
                    a - i64::from(months)
                };
                (first, n)
            }
        };
        Periods {
            first,
            day,
            step: months,
        }
    }

    /// The start of billing period `k` (the end of period `k − 1`), or `None` past the
    /// calendar's range: period `k` is `[start(k), start(k + 1))`.
    pub fn start(&self, k: u32) -> Option<Date> {
        day_in(self.first + i64::from(k) * i64::from(self.step), self.day)
    }
}

/// The boundaries of one [`Periods`], each worked out once however many of a phase's prices
/// bill on them (a date from year, month and day is the dearest step of a period).
#[derive(Debug, Clone)]
pub struct Boundaries {
    periods: Periods,
    /// `periods.start(k)` for every k asked so far.
    starts: Vec<Option<Date>>,
}

impl Boundaries {
    pub fn new(periods: Periods) -> Boundaries {
        Boundaries {
            periods,
            starts: Vec::new(),
        }
    }

    /// [`Periods::start`], remembered.
    pub fn start(&mut self, k: u32) -> Option<Date> {
        let k = k as usize;
        while self.starts.len() <= k {
            let next = self.periods.start(self.starts.len() as u32);
            self.starts.push(next);
        }
        self.starts[k]
    }
}

/// Day `day` of the month `month` (months since year 0), or the month's last day when it
/// is shorter; `None` past the calendar's range.
fn day_in(month: i64, day: u32) -> Option<Date> {
    let year = i32::try_from(month.div_euclid(12)).ok()?;
    let month = u32::try_from(month.rem_euclid(12)).ok()? + 1;
    Date::from_ymd_opt(
        year,
        month,
        day.clamp(1, calendar::days_in_month(year, month)),
    )
}

/// A price as billed inside phases: its rate, timing and period layout.
#[derive(Debug, Clone, Copy)]
pub struct PriceRule {
    pub rate: Rate,
    pub timing: Timing,
    pub anchor: BillingAnchor,
}

impl PriceRule {
    pub fn new(price: &Price, rate: Rate, anchor: BillingAnchor) -> PriceRule {
        PriceRule {
            rate,
            timing: price.timing,
            anchor,
        }
    }

    /// A one-time fee for the phase `phase`: `None` while its due date is unknown
    /// (in arrears, phase end unknown).
    pub fn one_time(&self, phase: ServicePeriod) -> Option<Charge> {
        let due = match self.timing {
            Timing::InAdvance => phase.start,
            Timing::InArrears => phase.end?,
        };
        Some(Charge {
            service: phase,
            period_days: None,
            amount: self.rate.full(),
            due,
        })
    }

    /// The charge for billing period `(from, to)` of the phase `phase`; `None` when the
    /// period lies outside the phase.
    pub fn recurring(&self, phase: ServicePeriod, (from, to): (Date, Date)) -> Option<Charge> {
        let start = from.max(phase.start);
        let end = phase.end.map_or(to, |end| end.min(to));
        if start >= end {
            return None;
        }
        let period_days = calendar::days_between(from, to);
        let used = calendar::days_between(start, end);
        let due = match self.timing {
            Timing::InAdvance => start,
            Timing::InArrears => end,
        };
        Some(Charge {
            service: ServicePeriod {
                start,
                end: Some(end),
            },
            period_days: Some(period_days),
            amount: self.rate.prorate(used, period_days),
            due,
        })
    }
}
