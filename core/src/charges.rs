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
    /// `(usedDays, periodDays)`: the service period's length in days and the full billing
    /// period's (`None` for a one-time fee).
    pub days: Option<(i64, i64)>,
    /// Charge in minor units, rounded half-up once.
    pub amount: i128,
    pub due: Date,
}

impl Charge {
    /// `(usedDays, periodDays)` when the service period is shorter than its billing period.
    pub fn proration(&self) -> Option<(i64, i64)> {
        self.days.filter(|(used, period)| used < period)
    }
}

/// A billing period `[from, to)` and its length in days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BillingPeriod {
    pub from: Date,
    pub to: Date,
    pub days: i64,
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
/// bill on them (a date from year, month and day is the dearest step of a period), with
/// its day number, so that a period's length is one subtraction.
#[derive(Debug, Clone)]
pub struct Boundaries {
    periods: Periods,
    /// `periods.start(k)` and its day number for every k asked so far.
    starts: Vec<Option<(Date, i64)>>,
}

impl Boundaries {
    pub fn new(periods: Periods) -> Boundaries {
        Boundaries {
            periods,
            starts: Vec::new(),
        }
    }

    /// Billing period `k`, `[start(k), start(k + 1))`; `None` past the calendar's range.
    pub fn period(&mut self, k: u32) -> Option<BillingPeriod> {
        let k = k as usize;
        while self.starts.len() <= k + 1 {
            let next = self.periods.start(self.starts.len() as u32);
            self.starts
                .push(next.map(|d| (d, i64::from(d.num_days_from_ce()))));
        }
        let ((from, first), (to, last)) = (self.starts[k]?, self.starts[k + 1]?);
        Some(BillingPeriod {
            from,
            to,
            days: last - first,
        })
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
            days: None,
            amount: self.rate.full(),
            due,
        })
    }

    /// The charge for billing period `period` of the phase `phase`; `None` when the
    /// period lies outside the phase.
    pub fn recurring(&self, phase: ServicePeriod, period: BillingPeriod) -> Option<Charge> {
        let BillingPeriod { from, to, days } = period;
        let start = from.max(phase.start);
        let end = phase.end.map_or(to, |end| end.min(to));
        if start >= end {
            return None;
        }
        // Most periods lie wholly inside their phase.
        let used = if (start, end) == (from, to) {
            days
        } else {
            calendar::days_between(start, end)
        };
        let due = match self.timing {
            Timing::InAdvance => start,
            Timing::InArrears => end,
        };
        Some(Charge {
            service: ServicePeriod {
                start,
                end: Some(end),
            },
            days: Some((used, days)),
            amount: self.rate.prorate(used, days),
            due,
        })
    }
}
