//! Knowledge-based invoicing (spec section 5): for every charge key, the line on day `d` is
//! `ideal_d(key) − ideal_{d−1}(key)`, where `ideal_d` uses the schedule as known on `d`.
//!
//! Knowledge only grows, one phase boundary at a time, so each phase has at most two
//! versions: *open* (start known, end not yet known) from the day its start becomes known,
//! and *final* from the day its end becomes known. A key's ideal therefore changes only on
//! four days: the day the phase start becomes known, the key's due date under the open
//! version, the day the end becomes known, and its due date under the final version.
//!
//! Kill Bill's generator shape, in two steps: [`ideals`] gives, per key, what is owed under
//! each state of knowledge ([`Ideals`]); [`diff`], a pure function of one key's ideals (and
//! the discount covering it), gives the key's non-zero changes, which always sum to its
//! final ideal amount. [`lines`] runs both over every key, inside the window and the line
//! limit.

use crate::calendar::{self, Date};
use crate::charges::{BillingPeriod, Boundaries, Charge, Periods, PriceRule, ServicePeriod};
use crate::discounts::DiscountRule;
use crate::schedule::Schedule;
use crate::timeline::{Known, PhaseSpan, Timeline};

/// Most lines a preview may hold.
pub const MAX_LINES: usize = 100_000;

/// What a line does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum LineKind {
    /// Positive, billed on its due date.
    Charge,
    /// Positive, billed after its due date because it became known later.
    CatchUp,
    /// Negative: takes back what was billed.
    Credit,
    /// A discount key's change, right after its charge key's line (spec section 10.3).
    Discount,
}

/// One non-zero difference for one key on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    pub date: Date,
    pub phase_index: usize,
    pub price_index: usize,
    /// Billing-period index (0 for one-time fees).
    pub period_index: u32,
    pub kind: LineKind,
    /// The discount's index in its phase, on discount lines only.
    pub discount_index: Option<usize>,
    /// What the line bills, or, for a credit, what it takes back.
    pub service: ServicePeriod,
    /// `(usedDays, periodDays)` when the line covers fewer days than its billing period.
    pub proration: Option<(i64, i64)>,
    /// Minor units; negative for credits.
    pub amount: i128,
}

/// The preview holds more than [`MAX_LINES`] lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge;

/// Every line dated on or before `until`, in key order (phase, price, period).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lines {
    pub lines: Vec<Line>,
    /// Whether some non-zero line falls after `until`.
    pub beyond: bool,
}

/// A charge key: one billing period of one price of one phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub phase_index: usize,
    pub price_index: usize,
    /// Billing-period index (0 for one-time fees).
    pub period_index: u32,
}

/// What one key is owed under each state of knowledge of its phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ideals {
    /// The charge under the open version (end not yet known), only when it falls due
    /// before the end becomes known.
    pub open: Option<Charge>,
    /// The charge under the final version (end known).
    pub last: Option<Charge>,
    /// When the phase start becomes known.
    pub start_known: Known,
    /// When the phase end becomes known.
    pub end_known: Known,
}

/// One non-zero change of a key's ideal (or of its discount key's) on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    pub date: Date,
    pub kind: LineKind,
    /// What the change bills, or, for a credit, what it takes back.
    pub service: ServicePeriod,
    /// `(usedDays, periodDays)` when it covers fewer days than its billing period.
    pub proration: Option<(i64, i64)>,
    /// Minor units; negative for credits and discounts.
    pub amount: i128,
}

/// Where [`diff`] puts a key's changes, in the order they are billed: each change of the
/// charge key followed by its discount key's change.
struct Changes<'a, F: FnMut(Change)> {
    discount: Option<DiscountRule>,
    /// The key's ideal so far: the sum of its changes.
    billed: i128,
    out: &'a mut F,
}

impl<F: FnMut(Change)> Changes<'_, F> {
    /// A change of the charge key, then the same-day change of its discount key: the
    /// discount's ideal follows the charge key's ideal, `ideal_d − ideal_{d−1}`.
    fn charge(&mut self, change: Change) {
        let before = self.billed;
        self.billed += change.amount;
        // Non-zero changes only.
        if change.amount != 0 {
            (self.out)(change);
        }
        if let Some(rule) = self.discount {
            let amount = rule.ideal(self.billed) - rule.ideal(before);
            if amount != 0 {
                (self.out)(Change {
                    kind: LineKind::Discount,
                    amount,
                    ..change
                });
            }
        }
    }
}

/// A change of `amount` for `charge`, dated `date`.
fn change(date: Date, kind: LineKind, charge: &Charge, amount: i128) -> Change {
    Change {
        date,
        kind,
        service: charge.service,
        proration: charge.proration(),
        amount,
    }
}

/// A positive change for `charge` on `date`: a charge on its due date, else a catch-up.
fn positive(date: Date, charge: &Charge, amount: i128) -> Change {
    let kind = if date == charge.due {
        LineKind::Charge
    } else {
        LineKind::CatchUp
    };
    change(date, kind, charge, amount)
}

/// The lines of one key from its ideals: the non-zero differences of its ideal (and of its
/// discount key's ideal, under `discount`) from one day to the next, which add up to the
/// final ideal, given to `out` in billing order (at most three changes of the charge key,
/// each followed by its discount key's). Pure: knows nothing of the window or of other keys.
pub fn diff(ideals: &Ideals, discount: Option<DiscountRule>, mut out: impl FnMut(Change)) {
    let Ideals {
        open,
        last,
        start_known,
        end_known,
    } = *ideals;
    let mut out = Changes {
        discount,
        billed: 0,
        out: &mut out,
    };
    // What the key is owed on `day` under a version: its charge once due.
    let owed = |c: &Option<Charge>, day: Date| c.filter(|c| c.due <= day).map_or(0, |c| c.amount);
    if let Some(o) = &open {
        let first = match start_known {
            // The open version's charges due by the day the start becomes known.
            Known::On(s) if o.due <= s => positive(s, o, o.amount),
            _ => change(o.due, LineKind::Charge, o, o.amount),
        };
        out.charge(first);
    }
    match end_known {
        Known::On(e) => {
            let before = owed(&open, e.pred_opt().unwrap_or(e));
            let now = owed(&last, e);
            let delta = now - before;
            let at_end = match (last, open) {
                (Some(l), _) if delta > 0 => Some(positive(e, &l, delta)),
                // Cut short: the credit takes back the days after the new end.
                (Some(l), Some(o)) if delta < 0 && now != 0 => {
                    let service = ServicePeriod {
                        start: l.service.end.unwrap_or(o.service.start),
                        end: o.service.end,
                    };
                    let taken = Charge {
                        service,
                        // The days taken back, of the same billing period.
                        days: o.days.zip(service.end).map(|((_, period), end)| {
                            (calendar::days_between(service.start, end), period)
                        }),
                        ..o
                    };
                    Some(change(e, LineKind::Credit, &taken, delta))
                }
                (_, Some(o)) if delta < 0 => Some(change(e, LineKind::Credit, &o, delta)),
                _ => None,
            };
            if let Some(c) = at_end {
                out.charge(c);
            }
            if let Some(l) = last.filter(|l| l.due > e) {
                out.charge(change(l.due, LineKind::Charge, &l, l.amount));
            }
        }
        Known::Always => {
            if let Some(l) = &last {
                out.charge(change(l.due, LineKind::Charge, l, l.amount));
            }
        }
        Known::Never => {}
    }
}

/// One price of one phase as billed: what every key of it shares.
#[derive(Clone, Copy)]
struct Billed<'a> {
    span: &'a PhaseSpan,
    rule: PriceRule,
    /// The phase's start (known, or the price bills nothing).
    start: Date,
}

impl Billed<'_> {
    /// The open version exists while the start is known and the end is not yet.
    fn has_open(&self) -> bool {
        self.span.start_known < self.span.end_known
    }

    fn open_span(&self) -> ServicePeriod {
        ServicePeriod {
            start: self.start,
            end: None,
        }
    }

    fn final_span(&self) -> Option<ServicePeriod> {
        self.span.end.map(|end| ServicePeriod {
            start: self.start,
            end: Some(end),
        })
    }

    /// Open-version charges matter only when due before the end becomes known.
    fn before_end(&self, charge: &Charge) -> bool {
        Known::On(charge.due) < self.span.end_known
    }

    fn ideals(&self, open: Option<Charge>, last: Option<Charge>) -> Ideals {
        Ideals {
            open: open.filter(|c| self.before_end(c)),
            last,
            start_known: self.span.start_known,
            end_known: self.span.end_known,
        }
    }

    /// A one-time fee's single key: its service period is the phase as finally known.
    fn one_time(&self) -> Ideals {
        let shown = ServicePeriod {
            start: self.start,
            end: self.span.end,
        };
        let with_span = |c: Charge| Charge {
            service: shown,
            ..c
        };
        let open = self
            .has_open()
            .then(|| self.rule.one_time(self.open_span()));
        let last = self.final_span().and_then(|s| self.rule.one_time(s));
        self.ideals(open.flatten().map(with_span), last.map(with_span))
    }

    /// The key of billing period `period`; `None` once the period is past the phase.
    fn recurring(&self, period: BillingPeriod) -> Option<Ideals> {
        let open = self
            .has_open()
            .then(|| self.rule.recurring(self.open_span(), period));
        let open = open.flatten().filter(|c| self.before_end(c));
        let last = self
            .final_span()
            .and_then(|s| self.rule.recurring(s, period));
        (open.is_some() || last.is_some()).then(|| self.ideals(open, last))
    }
}

/// Walks every key of `schedule` in key order (phase, price, period), giving its ideals
/// and the discount covering its price to `each`, which answers whether some line so far
/// falls after `until`: from then on a recurring price stops at its first period starting
/// after `until` (an open-ended phase has periods up to 2999). Prices whose full-period
/// charge rounds to 0 bill nothing.
pub fn ideals<E>(
    schedule: &Schedule,
    timeline: &Timeline,
    until: Date,
    mut each: impl FnMut(Key, &Ideals, Option<(usize, DiscountRule)>) -> Result<bool, E>,
) -> Result<(), E> {
    let mut beyond = false;
    for (phase_index, (phase, span)) in schedule.phases.iter().zip(&timeline.spans).enumerate() {
        let Some(start) = span.start else {
            continue;
        };
        // The phase's billing periods per length in months, shared by its prices.
        let mut shared: Vec<(u32, Boundaries)> = Vec::new();
        for (price_index, price) in phase.prices.iter().enumerate() {
            let Some(rate) = price.rate else {
                continue;
            };
            if rate.full() == 0 {
                continue;
            }
            let billed = Billed {
                span,
                rule: PriceRule::new(price, rate, schedule.billing_anchor),
                start,
            };
            // Validated: at most one discount covers a price.
            let discount = phase
                .discounts
                .iter()
                .position(|d| d.covers(price_index))
                .map(|i| (i, DiscountRule::new(&phase.discounts[i], schedule.currency)));
            let mut key = Key {
                phase_index,
                price_index,
                period_index: 0,
            };
            let Some(months) = price.frequency.months() else {
                beyond = each(key, &billed.one_time(), discount)?;
                continue;
            };
            let at = match shared.iter().position(|(m, _)| *m == months) {
                Some(at) => at,
                None => {
                    let periods = Periods::new(billed.rule.anchor, months, start);
                    shared.push((months, Boundaries::new(periods)));
                    shared.len() - 1
                }
            };
            let periods = &mut shared[at].1;
            for k in 0u32.. {
                let Some(period) = periods.period(k) else {
                    break;
                };
                // Every line of key k is dated on or after its period start.
                if period.from > until && beyond {
                    break;
                }
                let Some(ideals) = billed.recurring(period) else {
                    break;
                };
                key.period_index = k;
                beyond = each(key, &ideals, discount)?;
            }
        }
    }
    Ok(())
}

impl Lines {
    /// Adds the lines of one key inside the window; whether some line so far falls after
    /// `until`. Out of line: one copy of the diff in the module, whichever kind of key.
    #[inline(never)]
    fn key(
        &mut self,
        key: Key,
        ideals: &Ideals,
        discount: Option<(usize, DiscountRule)>,
        until: Date,
    ) -> Result<bool, TooLarge> {
        let mut too_large = false;
        diff(ideals, discount.map(|(_, rule)| rule), |change| {
            if change.date > until {
                self.beyond = true;
            } else if self.lines.len() >= MAX_LINES {
                too_large = true;
            } else {
                let is_discount = change.kind == LineKind::Discount;
                self.lines.push(Line {
                    date: change.date,
                    phase_index: key.phase_index,
                    price_index: key.price_index,
                    period_index: key.period_index,
                    kind: change.kind,
                    discount_index: discount.map(|(i, _)| i).filter(|_| is_discount),
                    service: change.service,
                    proration: change.proration,
                    amount: change.amount,
                });
            }
        });
        if too_large {
            return Err(TooLarge);
        }
        Ok(self.beyond)
    }
}

/// All lines of `schedule` under the knowledge of `timeline`, up to `until` inclusive.
pub fn lines(schedule: &Schedule, timeline: &Timeline, until: Date) -> Result<Lines, TooLarge> {
    let mut out = Lines {
        lines: Vec::new(),
        beyond: false,
    };
    ideals(schedule, timeline, until, |key, ideals, discount| {
        out.key(key, ideals, discount, until)
    })?;
    Ok(out)
}

#[cfg(test)]
mod tests;
